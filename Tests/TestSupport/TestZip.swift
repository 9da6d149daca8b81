import Foundation
import Simulate

/// Stored-entry archives member by member, as a particular tool writes them (names, flags, times, extra fields).
public enum TestZip {
    public static func make(_ entries: [(String, [UInt8])]) -> [UInt8] {
        make(entries: entries.map { Entry(name: Array($0.0.utf8), data: $0.1, flags: 0x0800) })
    }

    /// One member as a particular tool writes it: the name's bytes, flags, DOS time, extra fields.
    public struct Entry {
        public var name: [UInt8]
        public var data: [UInt8]
        /// 0: bit 11 clear (Windows' compressed folder with a CP932 name); 0x0800 UTF-8; bit 0 ZipCrypto.
        public var flags: Int = 0
        public var method = 0
        public var dosDate = 0x21, dosTime = 0
        public var extra: [UInt8] = []

        public init(name: [UInt8], data: [UInt8], flags: Int = 0, method: Int = 0, dosDate: Int = 0x21, dosTime: Int = 0, extra: [UInt8] = []) {
            self.name = name; self.data = data; self.flags = flags; self.method = method
            self.dosDate = dosDate; self.dosTime = dosTime; self.extra = extra
        }

        /// MS-DOS date and time fields from a wall-clock time (no zone).
        public mutating func wallClock(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int = 0) {
            dosDate = ((y - 1980) << 9) | (mo << 5) | d
            dosTime = (h << 11) | (mi << 5) | (s / 2)
        }

        /// Extended timestamp (0x5455): mtime in Unix seconds, UTC.
        public mutating func extendedTimestamp(_ unix: Int) {
            let v = UInt32(truncatingIfNeeded: unix)
            extra += [0x55, 0x54, 5, 0, 1] + [0, 8, 16, 24].map { UInt8((v >> UInt32($0)) & 0xFF) }
        }

        /// Password-protected: ZipCrypto, or WinZip AES (method 99 with its 0x9901 field).
        public mutating func encrypt(aes: Bool) {
            flags |= 1
            if aes { method = 99; extra += [0x01, 0x99, 7, 0, 2, 0, 0x41, 0x45, 3, 8, 0] }
        }
    }

    /// The archive, written by the package's one ZIP writer (Simulate's).
    public static func make(entries: [Entry]) -> [UInt8] {
        var w = ZipWriter()
        for e in entries {
            var m = ZipWriter.Member(name: e.name, bytes: e.data, flags: UInt16(e.flags), wallClock: (1980, 1, 1, 0, 0, 0))
            (m.dosDate, m.dosTime) = (UInt16(e.dosDate), UInt16(e.dosTime))
            m.method = UInt16(e.method)
            m.extra = e.extra
            w.add(m)
        }
        return w.finish()
    }
}
