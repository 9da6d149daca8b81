#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// One `<si>` entry decoded from `range` (which starts at its `<si` and ends before the next
    /// entry): the same rules as `parse`, for a table read on demand.
    static func decodeOne(_ bytes: [UInt8], _ range: Range<Int>, part: String, limits: ReaderLimits) throws -> String {
        try bytes.withUnsafeBufferPointer { whole in
            if let plain = plainEntry(whole, range) { return plain }
            let buf = UnsafeBufferPointer(rebasing: whole[range])
            var x = XMLScanner(buf, part: part, maxDepth: limits.maxXMLDepth)
            var text: [UInt8] = []
            var inT = false, preserve = false, tStart = 0, phonetic = 0
            while true {
                switch try x.next() {
                case .start:
                    if x.isName("t") {
                        inT = phonetic == 0
                        tStart = text.count
                        preserve = x.attribute("space").map { $0.count == 8 } ?? false  // "preserve"
                    } else if x.isName("rPh") {
                        phonetic += 1
                    }
                case .end:
                    if x.isName("t") {
                        if inT && !preserve { TextDecoder.trimWhitespace(&text, from: tStart) }
                        inT = false
                    } else if x.isName("si") {
                        return String(decoding: text, as: UTF8.self)
                    } else if x.isName("rPh") {
                        phonetic = max(0, phonetic - 1)
                    }
                case .text:
                    if inT { x.appendText(into: &text, xEscapes: true) }
                case .eof:
                    throw x.malformed("unterminated <si>")
                }
            }
        }
    }

    /// `<si><t>text</t></si>` with nothing to decode or trim in the text (most entries): its
    /// String without a scanner; nil for any other entry, which `decodeOne` scans (same result).
    @inline(__always) private static func plainEntry(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        let open: StaticString = "<si><t>", close: StaticString = "</t></si>"
        let start = range.lowerBound + open.utf8CodeUnitCount
        guard start <= range.upperBound, memcmp(b.baseAddress! + range.lowerBound, open.utf8Start, open.utf8CodeUnitCount) == 0
        else { return nil }
        var j = start
        while j < range.upperBound {
            let c = b[j]
            if c == UInt8(ascii: "<") || c == UInt8(ascii: "&") || c == UInt8(ascii: "_") || c == 0x0D { break }
            j += 1
        }
        guard j + close.utf8CodeUnitCount <= range.upperBound,
              memcmp(b.baseAddress! + j, close.utf8Start, close.utf8CodeUnitCount) == 0 else { return nil }
        // Leading or trailing white space is trimmed by the full path.
        func isWS(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        if j > start && (isWS(b[start]) || isWS(b[j - 1])) { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: b[start ..< j]), as: UTF8.self)
    }

    /// Where each `<si>` starts, by a byte search; nil when a byte search cannot be trusted:
    /// a comment, CDATA section or DOCTYPE (`<!`) could hide `<si` outside markup, and a
    /// namespace prefix (`<x:si>`) would not be found. Those parts are decoded in full instead.
    static func elementStarts(_ bytes: [UInt8], limits: ReaderLimits) throws -> [Int]? {
        try bytes.withUnsafeBufferPointer { buf -> [Int]? in
            guard let base = buf.baseAddress else { return nil }
            let n = buf.count
            var starts: [Int] = []
            var sawRoot = false
            var i = 0
            // Every '<' is looked at once: markup declarations give up, `<sst` and `<si` count.
            while i < n, let p = memchr(base + i, Int32(UInt8(ascii: "<")), n - i) {
                let at = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                i = at + 1
                guard at + 3 < n else { break }
                let c1 = buf[at + 1]
                if c1 == UInt8(ascii: "!") { return nil }
                guard c1 == UInt8(ascii: "s") else { continue }
                if buf[at + 2] == UInt8(ascii: "s") && buf[at + 3] == UInt8(ascii: "t") { sawRoot = true; continue }
                guard buf[at + 2] == UInt8(ascii: "i") else { continue }
                let c = buf[at + 3]
                guard c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D else { continue }
                if starts.count >= limits.maxSharedStrings {
                    throw XLSXError.limitExceeded(which: "maxSharedStrings", limit: limits.maxSharedStrings)
                }
                starts.append(at)
            }
            // No entry found in a part of some size: perhaps `<x:si>` under an unprefixed root.
            return sawRoot && (!starts.isEmpty || n < 256) ? starts : nil
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
