import Foundation

/// A tiny ZIP writer (stored entries only) so tests can build workbooks and bundles byte by byte.
enum TestZip {
    static func make(_ entries: [(String, [UInt8])]) -> [UInt8] {
        make(entries: entries.map { Entry(name: Array($0.0.utf8), data: $0.1, flags: 0x0800) })
    }

    /// One member as a particular tool writes it: the name's bytes, flags, DOS time, extra fields.
    struct Entry {
        var name: [UInt8]
        var data: [UInt8]
        /// 0: bit 11 clear (Windows' compressed folder with a CP932 name); 0x0800 UTF-8; bit 0 ZipCrypto.
        var flags: Int = 0
        var method = 0
        var dosDate = 0x21, dosTime = 0
        var extra: [UInt8] = []

        /// MS-DOS date and time fields from a wall-clock time (no zone).
        mutating func wallClock(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int = 0) {
            dosDate = ((y - 1980) << 9) | (mo << 5) | d
            dosTime = (h << 11) | (mi << 5) | (s / 2)
        }

        /// Extended timestamp (0x5455): mtime in Unix seconds, UTC.
        mutating func extendedTimestamp(_ unix: Int) {
            let v = UInt32(truncatingIfNeeded: unix)
            extra += [0x55, 0x54, 5, 0, 1] + [0, 8, 16, 24].map { UInt8((v >> UInt32($0)) & 0xFF) }
        }

        /// Password-protected: ZipCrypto, or WinZip AES (method 99 with its 0x9901 field).
        mutating func encrypt(aes: Bool) {
            flags |= 1
            if aes { method = 99; extra += [0x01, 0x99, 7, 0, 2, 0, 0x41, 0x45, 3, 8, 0] }
        }
    }

    static func make(entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        func u16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: UInt32, _ a: inout [UInt8]) { for s in [0, 8, 16, 24] { a.append(UInt8((v >> UInt32(s)) & 0xFF)) } }
        for e in entries {
            let n = e.name, data = e.data, crc = crc32(data), offset = out.count
            u32(0x0403_4b50, &out); u16(20, &out); u16(e.flags, &out); u16(e.method, &out); u16(e.dosTime, &out); u16(e.dosDate, &out)
            u32(crc, &out); u32(UInt32(data.count), &out); u32(UInt32(data.count), &out)
            u16(n.count, &out); u16(e.extra.count, &out); out += n; out += e.extra; out += data
            u32(0x0201_4b50, &central); u16(20, &central); u16(20, &central); u16(e.flags, &central); u16(e.method, &central)
            u16(e.dosTime, &central); u16(e.dosDate, &central); u32(crc, &central); u32(UInt32(data.count), &central)
            u32(UInt32(data.count), &central); u16(n.count, &central); u16(e.extra.count, &central); u16(0, &central)
            u16(0, &central); u16(0, &central); u32(0, &central); u32(UInt32(offset), &central); central += n; central += e.extra
        }
        let cdOffset = out.count
        out += central
        u32(0x0605_4b50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(central.count), &out); u32(UInt32(cdOffset), &out); u16(0, &out)
        return out
    }

    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
