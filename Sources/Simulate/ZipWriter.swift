import CZlib
import Foundation

/// A stored (uncompressed) zip: what a prefecture's mail client makes when several municipalities'
/// files are forwarded as one attachment. UTF-8 names (flag bit 11), as modern zip tools write;
/// `add(_:)` writes a member as another tool would (CP932 name, no flag, its own time, a password).
/// The one ZIP writer of the package: the tests' builders (TestSupport) write through it too.
public struct ZipWriter {
    private var data: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0
    /// MS-DOS date and time of every entry: the fixed submission day keeps the bundle deterministic.
    let dosTime: UInt16
    let dosDate: UInt16

    public init(modified: Date) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        (dosDate, dosTime) = Member.dos(c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// A writer whose members all carry their own times (`add(_:)` only).
    public init() { (dosDate, dosTime) = (0x21, 0) }

    /// One member exactly as some zip tool stores it.
    public struct Member: Sendable {
        /// The name's bytes as stored: CP932 from Japanese Windows, UTF-8 from newer tools.
        public var name: [UInt8]
        public var bytes: [UInt8]
        /// General purpose flags: bit 11 UTF-8 name, bit 0 encrypted (ZipCrypto).
        public var flags: UInt16
        /// 0 stored; 99 WinZip AES (with its 0x9901 extra field).
        public var method: UInt16 = 0
        public var dosDate: UInt16, dosTime: UInt16
        /// Extra fields, written in both headers.
        public var extra: [UInt8] = []
        /// Whether the extra fields are in the local header too (some tools put them in the central directory only).
        public var extraInLocalHeader = true
        /// The bytes as stored when they are not `bytes` itself (deflated, method 8); the CRC is of `bytes`.
        public var stored: [UInt8]? = nil
        /// The uncompressed size the headers claim, when a test makes it lie.
        public var declaredSize: Int? = nil

        /// `flags` 0: what Windows' "send to compressed (zipped) folder" writes for a CP932 name.
        public init(name: [UInt8], bytes: [UInt8], flags: UInt16 = 0,
                    wallClock: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)) {
            self.name = name; self.bytes = bytes; self.flags = flags
            let w = wallClock
            (dosDate, dosTime) = Self.dos(w.year, w.month, w.day, w.hour, w.minute, w.second)
        }

        static func dos(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> (date: UInt16, time: UInt16) {
            (UInt16(((y - 1980) << 9) | (mo << 5) | d), UInt16((h << 11) | (mi << 5) | (s / 2)))
        }

        /// Info-ZIP's extended timestamp (0x5455): the modification instant in UTC.
        public mutating func addExtendedTimestamp(_ date: Date) {
            let v = UInt32(truncatingIfNeeded: Int(date.timeIntervalSince1970))
            extra += le16(0x5455) + le16(5) + [1] + le32(v)
        }

        /// Info-ZIP's Unicode Path (0x7075): the real name in UTF-8 beside a stored name that
        /// could not hold it (the CRC ties the field to the stored name).
        public mutating func addUnicodePath(_ name: String) {
            let crc = self.name.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            let body = [1] + le32(crc) + Array(name.utf8)
            extra += le16(0x7075) + le16(UInt16(body.count)) + body
        }

        /// Password-protected. The bytes stay as given: a reader must refuse them unread.
        public mutating func encrypt(aes: Bool) {
            flags |= 1
            guard aes else { return }
            method = 99
            extra += le16(0x9901) + le16(7) + le16(2) + Array("AE".utf8) + [3] + le16(0)
        }
    }

    mutating func add(name: String, bytes: [UInt8]) {
        var m = Member(name: Array(name.utf8), bytes: bytes, flags: 0x0800, wallClock: (1980, 1, 1, 0, 0, 0))
        m.dosDate = dosDate; m.dosTime = dosTime
        add(m)
    }

    public mutating func add(_ m: Member) {
        let crc = m.bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        let offset = UInt32(data.count)
        let stored = m.stored ?? m.bytes
        func header(_ sig: UInt32, central: Bool) -> [UInt8] {
            let extra = central || m.extraInLocalHeader ? m.extra : []
            var h: [UInt8] = []
            h += le32(sig)
            if central { h += le16(20) }               // version made by
            h += le16(20) + le16(m.flags) + le16(m.method)  // version needed
            h += le16(m.dosTime) + le16(m.dosDate) + le32(crc)
            h += le32(UInt32(stored.count)) + le32(UInt32(m.declaredSize ?? m.bytes.count))
            h += le16(UInt16(m.name.count)) + le16(UInt16(extra.count))
            if central { h += le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) }
            return h + m.name + extra
        }
        data += header(0x0403_4b50, central: false) + stored
        central += header(0x0201_4b50, central: true)
        count += 1
    }

    public func finish() -> [UInt8] {
        var end = le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
        end += le32(UInt32(central.count)) + le32(UInt32(data.count)) + le16(0)
        return data + central + end
    }
}

private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
