/// The shared string table (`sharedStrings.xml`): one String per `<si>`, rich-text runs
/// concatenated, phonetic runs (`<rPh>`, furigana) left out, `_xHHHH_` decoded.
enum SharedStrings {
    static func parse(_ bytes: [UInt8], part: String, limits: ReaderLimits) throws -> [String] {
        try bytes.withUnsafeBufferPointer { buf in
            var x = XMLScanner(buf, part: part, maxDepth: limits.maxXMLDepth)
            var strings: [String] = []
            if let r = try? countHint(buf) { strings.reserveCapacity(min(r, limits.maxSharedStrings)) }
            var text: [UInt8] = []
            text.reserveCapacity(256)
            var inSI = false, inT = false, preserve = false
            var tStart = 0
            var phonetic = 0
            while true {
                switch try x.next() {
                case .start:
                    if x.isName("t") {
                        inT = inSI && phonetic == 0
                        tStart = text.count
                        preserve = x.attribute("space").map { $0.count == 8 } ?? false  // "preserve"
                    } else if x.isName("si") {
                        inSI = true
                        text.removeAll(keepingCapacity: true)
                    } else if x.isName("rPh") {
                        phonetic += 1
                    }
                case .end:
                    if x.isName("t") {
                        if inT && !preserve { TextDecoder.trimWhitespace(&text, from: tStart) }
                        inT = false
                    } else if x.isName("si") {
                        if strings.count >= limits.maxSharedStrings {
                            throw XLSXError.limitExceeded(which: "maxSharedStrings", limit: limits.maxSharedStrings)
                        }
                        strings.append(String(decoding: text, as: UTF8.self))
                        inSI = false
                    } else if x.isName("rPh") {
                        phonetic = max(0, phonetic - 1)
                    }
                case .text:
                    if inT { x.appendText(into: &text, xEscapes: true) }
                case .eof:
                    return strings
                }
            }
        }
    }

    /// `uniqueCount` from the root element, to size the array once.
    private static func countHint(_ buf: UnsafeBufferPointer<UInt8>) throws -> Int? {
        var x = XMLScanner(UnsafeBufferPointer(rebasing: buf[0 ..< min(buf.count, 1024)]), part: "", maxDepth: 8)
        while true {
            switch try x.next() {
            case .start where x.isName("sst"):
                return x.attribute("uniqueCount").flatMap { NumberParser.parseInt(x.b, $0) }
            case .eof: return nil
            default: continue
            }
        }
    }
}
