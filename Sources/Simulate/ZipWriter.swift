import CZlib
import Foundation

/// A stored (uncompressed) zip: what a prefecture's mail client makes when several municipalities'
/// files are forwarded as one attachment. UTF-8 names (flag bit 11), as modern zip tools write.
struct ZipWriter {
    private var data: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0
    /// MS-DOS date and time of every entry: the fixed submission day keeps the bundle deterministic.
    let dosTime: UInt16
    let dosDate: UInt16

    init(modified: Date) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        dosTime = UInt16((c.hour! << 11) | (c.minute! << 5) | (c.second! / 2))
        dosDate = UInt16(((c.year! - 1980) << 9) | (c.month! << 5) | c.day!)
    }

    mutating func add(name: String, bytes: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        let offset = UInt32(data.count)
        func header(_ sig: UInt32, central: Bool) -> [UInt8] {
            var h: [UInt8] = []
            h += le32(sig)
            if central { h += le16(20) }               // version made by
            h += le16(20) + le16(0x0800) + le16(0)       // version needed, UTF-8 flag, stored
            h += le16(dosTime) + le16(dosDate) + le32(crc)
            h += le32(UInt32(bytes.count)) + le32(UInt32(bytes.count))
            h += le16(UInt16(nameBytes.count)) + le16(0)
            if central { h += le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) }
            return h + nameBytes
        }
        data += header(0x0403_4b50, central: false) + bytes
        central += header(0x0201_4b50, central: true)
        count += 1
    }

    func finish() -> [UInt8] {
        var end = le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
        end += le32(UInt32(central.count)) + le32(UInt32(data.count)) + le16(0)
        return data + central + end
    }

    private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
}
