#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pull scanner over the bytes of one XML part. It tokenises just enough XML for
/// SpreadsheetML: start/end tags (self-closing ones yield both), text and CDATA.
/// Comments and processing instructions are skipped; a DOCTYPE is skipped without
/// reading its internal subset, so no entity or external resource is ever expanded.
/// Names are matched by local name, so `<x:c>` and `<c>` are the same (strict and
/// odd-prefix producers).
struct XMLScanner {
    enum Token { case start, end, text, eof }

    let b: UnsafeBufferPointer<UInt8>
    let part: String
    let maxDepth: Int
    private(set) var pos = 0
    private(set) var depth = 0
    /// Local name of the current start/end tag.
    private(set) var nameStart = 0, nameEnd = 0
    /// Attribute region of the current start tag.
    private(set) var attrStart = 0, attrEnd = 0
    /// Text region of the current text token; CDATA is never decoded.
    private(set) var textStart = 0, textEnd = 0, textIsCDATA = false
    private var pendingEnd = false
    /// `r`, `s`, `t` of the current start tag when `plainCellTag` read them on the way.
    private var cellAttrs: (r: Range<Int>?, s: Range<Int>?, t: Range<Int>?)?

    init(_ b: UnsafeBufferPointer<UInt8>, part: String, maxDepth: Int) {
        self.b = b
        self.part = part
        self.maxDepth = maxDepth
        // A UTF-8 byte order mark is not markup.
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { pos = 3 }
    }

    func malformed(_ reason: String, at: Int? = nil) -> XLSXError {
        .malformedXML(part: part, offset: at ?? pos, reason: reason)
    }

    mutating func next() throws -> Token {
        if pendingEnd {
            pendingEnd = false
            depth -= 1
            return .end
        }
        let n = b.count
        while pos < n {
            if b[pos] != UInt8(ascii: "<") {
                textStart = pos
                textIsCDATA = false
                pos = find(UInt8(ascii: "<"), from: pos) ?? n
                textEnd = pos
                return .text
            }
            guard pos + 1 < n else { throw malformed("unexpected end after '<'") }
            let c = b[pos + 1]
            if c == UInt8(ascii: "/") {
                // End tags are almost always `</name>`: no need to scan for quotes.
                readName(from: pos + 2, limit: n)
                let gt = nameEnd < n && b[nameEnd] == UInt8(ascii: ">") ? nameEnd : try tagEnd(from: nameEnd)
                if nameStart == nameEnd { throw malformed("empty end tag name") }
                if depth == 0 { throw malformed("end tag without start tag") }
                depth -= 1
                pos = gt + 1
                return .end
            }
            if c == UInt8(ascii: "?") {
                pos = try skipPast("?>", from: pos + 2)
                continue
            }
            if c == UInt8(ascii: "!") {
                if hasPrefix("<!--", at: pos) {
                    pos = try skipPast("-->", from: pos + 4)
                } else if hasPrefix("<![CDATA[", at: pos) {
                    let s = pos + 9
                    let e = try skipPast("]]>", from: s)
                    textStart = s
                    textEnd = e - 3
                    textIsCDATA = true
                    pos = e
                    return .text
                } else if hasPrefix("<!DOCTYPE", at: pos) {
                    try skipDoctype()
                } else {
                    throw malformed("unknown markup declaration")
                }
                continue
            }
            // `<c r="A1" s="3" t="s">`, the commonest tag of a sheet: its end and its attributes in one pass.
            cellAttrs = nil
            let gt: Int
            if pos + 2 < n && c == UInt8(ascii: "c") && b[pos + 2] == 0x20, let (end, attrs) = plainCellTag(from: pos + 2) {
                gt = end
                cellAttrs = attrs
                nameStart = pos + 1
                nameEnd = pos + 2
            } else if c == UInt8(ascii: "r") && pos + 4 < n && b[pos + 2] == UInt8(ascii: "o") && b[pos + 3] == UInt8(ascii: "w")
                        && b[pos + 4] == 0x20, let (end, attrs) = plainCellTag(from: pos + 4, firstWins: true) {
                // `<row r="12" spans="1:5" ht="20">`, once per row: its `r` read on the way too.
                gt = end
                cellAttrs = attrs
                nameStart = pos + 1
                nameEnd = pos + 4
            } else {
                gt = try tagEnd(from: pos + 1)
                readName(from: pos + 1, limit: gt)
            }
            if nameStart == nameEnd { throw malformed("empty tag name") }
            attrStart = nameEnd
            let selfClosing = b[gt - 1] == UInt8(ascii: "/") && gt - 1 >= attrStart
            attrEnd = selfClosing ? gt - 1 : gt
            depth += 1
            if depth > maxDepth { throw XLSXError.limitExceeded(which: "maxXMLDepth", limit: maxDepth) }
            pendingEnd = selfClosing
            pos = gt + 1
            return .start
        }
        return .eof
    }

    /// Steps over the rest of the element whose start tag was just returned, without
    /// decoding anything in it (nothing to do for a self-closing one).
    mutating func skipElement() throws {
        if pendingEnd {
            pendingEnd = false
            depth -= 1
            return
        }
        let level = depth
        // A cell cannot contain another cell, so its end is the first `</c>` (or `</x:c>`):
        // jump from '<' to '<' instead of tokenising `<v>`, `<f>`, `<is>`. A comment or CDATA
        // (which could hide a `</c>`) sends the whole cell through the tokeniser instead.
        // Rows do not nest either: the same for a `<row>` and its `</row>`.
        let isCell = nameEnd - nameStart == 1 && b[nameStart] == UInt8(ascii: "c")
        if isCell || isName("row") {
            let n = b.count
            let name = nameStart ..< nameEnd
            var i = pos
            while let lt = find(UInt8(ascii: "<"), from: i), lt + 1 < n {
                let c = b[lt + 1]
                if c == UInt8(ascii: "!") { break }  // tokenise the whole cell from its start instead
                i = lt + 1
                guard c == UInt8(ascii: "/") else { continue }
                readName(from: lt + 2, limit: n)
                guard nameEnd - nameStart == name.count && sameBytes(nameStart, name.lowerBound, name.count) else { continue }
                let gt = nameEnd < n && b[nameEnd] == UInt8(ascii: ">") ? nameEnd : try tagEnd(from: nameEnd)
                depth -= 1
                pos = gt + 1
                return
            }
        }
        while true {
            switch try next() {
            case .end where depth < level: return
            case .eof: throw malformed("unterminated element")
            default: continue
            }
        }
    }

    /// Just after a cell's start tag: when its body is exactly `<v>text</v></c>` (nearly every
    /// cell with a value), the text is made the current text token and the scanner moved past
    /// `</c>`, as the five tokens would leave it; nil, with nothing consumed, for anything else.
    mutating func plainValueBody() -> Bool {
        let n = b.count
        guard !pendingEnd, depth < maxDepth, pos + 3 <= n, b[pos] == UInt8(ascii: "<"), b[pos + 1] == UInt8(ascii: "v"),
              b[pos + 2] == UInt8(ascii: ">"), let lt = find(UInt8(ascii: "<"), from: pos + 3), lt + 8 <= n,
              b[lt + 1] == UInt8(ascii: "/"), b[lt + 2] == UInt8(ascii: "v"), b[lt + 3] == UInt8(ascii: ">"),
              b[lt + 4] == UInt8(ascii: "<"), b[lt + 5] == UInt8(ascii: "/"), b[lt + 6] == UInt8(ascii: "c"),
              b[lt + 7] == UInt8(ascii: ">") else { return false }
        textStart = pos + 3
        textEnd = lt
        textIsCDATA = false
        depth -= 1  // the cell's
        pos = lt + 8
        return true
    }

    // MARK: Names and attributes

    /// Reads a qualified name starting at `from`; keeps only the local part.
    private mutating func readName(from: Int, limit: Int) {
        var i = from
        var local = from
        while i < limit {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "/") || c == UInt8(ascii: ">") { break }
            if c == UInt8(ascii: ":") { local = i + 1 }
            i += 1
        }
        nameStart = local
        nameEnd = i
    }

    /// Whether `count` bytes at `i` and at `j` are equal; names are short, so no call to memcmp.
    @inline(__always) private func sameBytes(_ i: Int, _ j: Int, _ count: Int) -> Bool {
        for k in 0 ..< count where b[i + k] != b[j + k] { return false }
        return true
    }

    @inline(__always) func isName(_ s: StaticString) -> Bool {
        let len = s.utf8CodeUnitCount
        guard nameEnd - nameStart == len else { return false }
        // Names are short: a plain loop beats a call to memcmp.
        let p = s.utf8Start
        for k in 0 ..< len where b[nameStart + k] != p[k] { return false }
        return true
    }

    /// The raw value range of the current `<row>` tag's `r`: as `attribute("r")` gives it, read
    /// with the tag when its attributes are plain (then no prefixed name can be an `r`).
    @inline(__always) func rowAttribute() -> Range<Int>? {
        if let cellAttrs { return cellAttrs.r }
        return attribute("r")
    }

    /// The value ranges of the one-letter attributes `r`, `s` and `t` of a `<c>` in a
    /// single pass (the sheet parser's hottest path). Inlined: a call copied the whole scanner.
    @inline(__always) func cellAttributes() -> (r: Range<Int>?, s: Range<Int>?, t: Range<Int>?) {
        if let cellAttrs { return cellAttrs }
        var r: Range<Int>?, s: Range<Int>?, t: Range<Int>?
        var i = attrStart
        while i < attrEnd {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            let qStart = i
            var local = i
            while i < attrEnd && b[i] != UInt8(ascii: "=") && b[i] > 0x20 {
                if b[i] == UInt8(ascii: ":") { local = i + 1 }
                i += 1
            }
            let localEnd = i
            while i < attrEnd && b[i] != UInt8(ascii: "\"") && b[i] != UInt8(ascii: "'") { i += 1 }
            guard i < attrEnd else { break }
            let quote = b[i]
            let vStart = i + 1
            i = vStart
            while i < attrEnd && b[i] != quote { i += 1 }
            let value = vStart ..< i
            i += 1
            if localEnd - local == 1 && local == qStart {
                switch b[local] {
                case UInt8(ascii: "r"): r = value
                case UInt8(ascii: "s"): s = value
                case UInt8(ascii: "t"): t = value
                default: break
                }
            }
        }
        return (r, s, t)
    }

    /// The end (`>`) of a start tag `<c` whose attributes, from `from` on, are all plain
    /// (` name="value"`, letters only in the name), with `r`, `s`, `t` found on the way; nil
    /// for anything else, which goes through `tagEnd` and `cellAttributes` (the same result
    /// on plain tags: this only saves scanning them twice). `firstWins`: a repeated name keeps
    /// its first value, as `attribute(_:)` finds it (`cellAttributes` keeps the last).
    @inline(__always) private func plainCellTag(from: Int, firstWins: Bool = false)
        -> (Int, (r: Range<Int>?, s: Range<Int>?, t: Range<Int>?))? {
        let n = b.count
        var r: Range<Int>?, s: Range<Int>?, t: Range<Int>?
        var i = from
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: ">") { return (i, (r, s, t)) }
            if c == UInt8(ascii: "/") {
                guard i + 1 < n && b[i + 1] == UInt8(ascii: ">") else { return nil }
                return (i + 1, (r, s, t))
            }
            guard c == 0x20 else { return nil }
            i += 1
            let nameStart = i
            while i < n {
                let l = b[i] | 0x20
                guard l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z") else { break }
                i += 1
            }
            let nameLength = i - nameStart
            guard nameLength > 0, i + 1 < n, b[i] == UInt8(ascii: "="), b[i + 1] == UInt8(ascii: "\"") else { return nil }
            let vStart = i + 2
            guard let close = find(UInt8(ascii: "\""), from: vStart) else { return nil }
            if nameLength == 1 {
                switch b[nameStart] {
                case UInt8(ascii: "r"): if !firstWins || r == nil { r = vStart ..< close }
                case UInt8(ascii: "s"): s = vStart ..< close
                case UInt8(ascii: "t"): t = vStart ..< close
                default: break
                }
            }
            i = close + 1
        }
        return nil
    }

    /// Every attribute of the current start tag in one pass: (local name, raw value) ranges,
    /// until `body` returns true. Namespace declarations (`xmlns:p`) are left out.
    func forEachAttribute(_ body: (_ name: Range<Int>, _ value: Range<Int>) -> Bool) {
        var i = attrStart
        while i < attrEnd {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            let qStart = i
            var local = i
            while i < attrEnd && b[i] != UInt8(ascii: "=") && b[i] > 0x20 {
                if b[i] == UInt8(ascii: ":") { local = i + 1 }
                i += 1
            }
            let localEnd = i
            while i < attrEnd && b[i] != UInt8(ascii: "=") { i += 1 }
            i += 1
            while i < attrEnd && b[i] != UInt8(ascii: "\"") && b[i] != UInt8(ascii: "'") { i += 1 }
            guard i < attrEnd else { return }
            let quote = b[i]
            let vStart = i + 1
            i = vStart
            while i < attrEnd && b[i] != quote { i += 1 }
            let vEnd = i
            i += 1
            let isXmlns = local - qStart == 6 && memcmp(b.baseAddress! + qStart, "xmlns", 5) == 0
            if !isXmlns && body(local ..< localEnd, vStart ..< vEnd) { return }
        }
    }

    /// Whether the bytes in `r` spell `s`.
    func bytes(_ r: Range<Int>, equal s: StaticString) -> Bool {
        r.count == s.utf8CodeUnitCount && memcmp(b.baseAddress! + r.lowerBound, s.utf8Start, r.count) == 0
    }

    /// An attribute value decoded (entities, character references).
    func decodedString(_ r: Range<Int>) -> String {
        var buf: [UInt8] = []
        buf.reserveCapacity(r.count)
        TextDecoder.appendDecoded(b, r, cdata: false, xEscapes: false, into: &buf)
        return String(decoding: buf, as: UTF8.self)
    }

    /// The raw (undecoded) value range of the attribute with this local name;
    /// namespace declarations are never matched.
    func attribute(_ s: StaticString) -> Range<Int>? {
        var found: Range<Int>?
        forEachAttribute { name, value in
            guard bytes(name, equal: s) else { return false }
            found = value
            return true
        }
        return found
    }

    func attributeString(_ s: StaticString) -> String? {
        guard let r = attribute(s) else { return nil }
        var buf: [UInt8] = []
        buf.reserveCapacity(r.count)
        TextDecoder.appendDecoded(b, r, cdata: false, xEscapes: false, into: &buf)
        return String(decoding: buf, as: UTF8.self)
    }

    /// Appends the current text token, decoded, to `buf`.
    func appendText(into buf: inout [UInt8], xEscapes: Bool = false) {
        TextDecoder.appendDecoded(b, textStart ..< textEnd, cdata: textIsCDATA, xEscapes: xEscapes, into: &buf)
    }

    // MARK: Skipping

    @inline(__always) private func find(_ byte: UInt8, from: Int) -> Int? {
        // Most searches end within a few bytes (a quoted "12", `27</v>`): looked at in line
        // first, since a call to memchr costs more than that.
        let n = b.count
        var i = from
        let near = Swift.min(n, from &+ 16)
        while i < near {
            if b[i] == byte { return i }
            i &+= 1
        }
        guard i < n, let p = memchr(b.baseAddress! + i, Int32(byte), n - i) else { return nil }
        return b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    private func hasPrefix(_ s: StaticString, at i: Int) -> Bool {
        let len = s.utf8CodeUnitCount
        return i + len <= b.count && memcmp(b.baseAddress! + i, s.utf8Start, len) == 0
    }

    /// Index just past the terminator `s`, searched from `from`.
    private func skipPast(_ s: StaticString, from: Int) throws -> Int {
        let first = s.utf8Start.pointee
        var i = from
        while let j = find(first, from: i) {
            if hasPrefix(s, at: j) { return j + s.utf8CodeUnitCount }
            i = j + 1
        }
        throw malformed("unterminated construct, expected '\(s)'")
    }

    /// Index of the `>` closing a tag, honouring quoted attribute values. Inlined: a call copied the whole scanner.
    @inline(__always) private func tagEnd(from: Int) throws -> Int {
        var i = from
        let n = b.count
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                // Skip the quoted value in one go; it may contain '>'.
                guard let close = find(c, from: i + 1) else { break }
                i = close + 1
                continue
            } else if c == UInt8(ascii: ">") {
                return i
            } else if c == UInt8(ascii: "<") {
                throw malformed("'<' inside a tag", at: i)
            }
            i += 1
        }
        throw malformed("unterminated tag")
    }

    /// Skips `<!DOCTYPE ... [ internal subset ] >` without interpreting any declaration.
    private mutating func skipDoctype() throws {
        var i = pos + 9
        var quote: UInt8 = 0
        var bracket = 0
        while i < b.count {
            let c = b[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: "[") {
                bracket += 1
            } else if c == UInt8(ascii: "]") {
                bracket -= 1
            } else if c == UInt8(ascii: ">") && bracket <= 0 {
                pos = i + 1
                return
            }
            i += 1
        }
        throw malformed("unterminated DOCTYPE")
    }
}
