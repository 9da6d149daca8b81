#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number parsing straight from bytes: integers exactly by hand, the rest through strtod.
enum NumberParser {
    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        var s = r.lowerBound, e = r.upperBound
        while s < e && b[s] <= 0x20 { s += 1 }
        while e > s && b[e - 1] <= 0x20 { e -= 1 }
        guard s < e else { return nil }
        var i = s
        var neg = false
        if b[i] == UInt8(ascii: "-") { neg = true; i += 1 }
        if e - i <= 15 && i < e {
            var v: Int64 = 0
            var ok = true
            for k in i ..< e {
                let c = b[k]
                guard c >= 0x30 && c <= 0x39 else { ok = false; break }
                v = v * 10 + Int64(c - 0x30)
            }
            if ok { return neg ? -Double(v) : Double(v) }
        }
        let len = e - s
        guard len < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: len + 1) { buf -> Double? in
            for k in 0 ..< len { buf[k] = CChar(bitPattern: b[s + k]) }
            buf[len] = 0
            var endp: UnsafeMutablePointer<CChar>?
            let v = strtod(buf.baseAddress!, &endp)
            guard let endp, buf.baseAddress!.distance(to: endp) == len else { return nil }
            return v
        }
    }

    static func parseInt(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        var v = 0
        var any = false
        for k in r {
            let c = b[k]
            if c <= 0x20 { continue }
            guard c >= 0x30 && c <= 0x39, v < Int.max / 10 - 10 else { return nil }
            v = v * 10 + Int(c - 0x30)
            any = true
        }
        return any ? v : nil
    }
}
