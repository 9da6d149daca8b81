/// Decodes XML character data to UTF-8: the five predefined entities, decimal and hex
/// character references, and optionally OOXML's `_xHHHH_` escapes (used for control
/// characters such as `_x000D_`). Any other `&name;` is kept literally: entities
/// declared in a DOCTYPE are never expanded (billion laughs).
enum TextDecoder {
    static func appendDecoded(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, cdata: Bool, xEscapes: Bool,
                              into out: inout [UInt8]) {
        if cdata {
            if xEscapes { appendXUnescaped(b, r, into: &out) } else { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[r])) }
            return
        }
        var i = r.lowerBound
        let end = r.upperBound
        // Fast path: copy runs without '&' or '_' in one go.
        while i < end {
            var j = i
            while j < end && b[j] != UInt8(ascii: "&") && b[j] != 0x0D && !(xEscapes && b[j] == UInt8(ascii: "_")) { j += 1 }
            if j > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i ..< j])) }
            i = j
            guard i < end else { break }
            if b[i] == 0x0D {
                // XML end-of-line handling: CR LF and lone CR read as LF (a real CR is `_x000D_`).
                out.append(0x0A)
                i += (i + 1 < end && b[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            if b[i] == UInt8(ascii: "_") {
                if let (scalar, len) = xEscape(b, i, end) { appendScalar(scalar, into: &out); i += len } else { out.append(b[i]); i += 1 }
                continue
            }
            // '&'
            var semi = i + 1
            while semi < end && semi - i <= 12 && b[semi] != UInt8(ascii: ";") { semi += 1 }
            guard semi < end && b[semi] == UInt8(ascii: ";") else { out.append(b[i]); i += 1; continue }
            let name = UnsafeBufferPointer(rebasing: b[(i + 1) ..< semi])
            if let ch = predefined(name) {
                out.append(ch)
            } else if name.count >= 2 && name[0] == UInt8(ascii: "#"), let v = charRef(name), let s = Unicode.Scalar(v) {
                appendScalar(s, into: &out)
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i ... semi]))
            }
            i = semi + 1
        }
    }

    private static func appendXUnescaped(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, into out: inout [UInt8]) {
        var i = r.lowerBound
        while i < r.upperBound {
            if b[i] == UInt8(ascii: "_"), let (s, len) = xEscape(b, i, r.upperBound) { appendScalar(s, into: &out); i += len; continue }
            out.append(b[i]); i += 1
        }
    }

    /// `_xHHHH_` at `i` → (scalar, 7).
    @inline(__always) private static func xEscape(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (Unicode.Scalar, Int)? {
        guard i + 7 <= end, b[i + 1] == UInt8(ascii: "x"), b[i + 6] == UInt8(ascii: "_") else { return nil }
        var v: UInt32 = 0
        for k in 2 ..< 6 {
            guard let d = hexDigit(b[i + k]) else { return nil }
            v = v << 4 | d
        }
        guard let s = Unicode.Scalar(v) else { return nil }
        return (s, 7)
    }

    @inline(__always) static func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: UInt32(c - 0x30)
        case 0x41...0x46: UInt32(c - 0x41 + 10)
        case 0x61...0x66: UInt32(c - 0x61 + 10)
        default: nil
        }
    }

    private static func predefined(_ n: UnsafeBufferPointer<UInt8>) -> UInt8? {
        switch n.count {
        case 2 where n[1] == UInt8(ascii: "t"):
            if n[0] == UInt8(ascii: "l") { return UInt8(ascii: "<") }
            if n[0] == UInt8(ascii: "g") { return UInt8(ascii: ">") }
        case 3 where n[0] == UInt8(ascii: "a") && n[1] == UInt8(ascii: "m") && n[2] == UInt8(ascii: "p"):
            return UInt8(ascii: "&")
        case 4:
            if n[0] == UInt8(ascii: "q") && n[1] == UInt8(ascii: "u") && n[2] == UInt8(ascii: "o") && n[3] == UInt8(ascii: "t") { return UInt8(ascii: "\"") }
            if n[0] == UInt8(ascii: "a") && n[1] == UInt8(ascii: "p") && n[2] == UInt8(ascii: "o") && n[3] == UInt8(ascii: "s") { return UInt8(ascii: "'") }
        default: break
        }
        return nil
    }

    private static func charRef(_ n: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var v: UInt32 = 0
        if n[1] == UInt8(ascii: "x") || n[1] == UInt8(ascii: "X") {
            guard n.count > 2, n.count <= 8 else { return nil }
            for c in n[2...] { guard let d = hexDigit(c) else { return nil }; v = v << 4 | d }
        } else {
            guard n.count <= 8 else { return nil }
            for c in n[1...] { guard c >= 0x30 && c <= 0x39 else { return nil }; v = v * 10 + UInt32(c - 0x30) }
        }
        return v
    }

    /// Strips XML white space appended since `from`: `<t>` without `xml:space="preserve"`
    /// does not keep leading and trailing blanks (as Excel and calamine read it).
    static func trimWhitespace(_ buf: inout [UInt8], from: Int) {
        func isWS(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        var e = buf.count
        while e > from && isWS(buf[e - 1]) { e -= 1 }
        var s = from
        while s < e && isWS(buf[s]) { s += 1 }
        if e < buf.count { buf.removeSubrange(e...) }
        if s > from { buf.removeSubrange(from ..< s) }
    }

    @inline(__always) static func appendScalar(_ s: Unicode.Scalar, into out: inout [UInt8]) {
        let v = s.value
        switch v {
        case 0 ..< 0x80: out.append(UInt8(v))
        case 0x80 ..< 0x800:
            out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
        case 0x800 ..< 0x10000:
            out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        default:
            out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
