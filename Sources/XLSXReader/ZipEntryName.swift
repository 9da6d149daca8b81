import CZlib
import Foundation

/// How a ZIP entry's name bytes were turned into text.
public enum ZipNameEncoding: String, Sendable, Equatable {
    /// Only ASCII bytes: the same in every encoding.
    case ascii
    /// General purpose bit 11 set: the writer declared UTF-8.
    case utf8Flag
    /// Info-ZIP Unicode Path extra field (0x7075) whose CRC matches the raw name.
    case unicodePathField
    /// Bit 11 clear and the bytes are valid CP932 (Windows "compressed folder" on Japanese Windows).
    case cp932
    /// Bit 11 clear, not CP932, but valid UTF-8 (macOS and Linux tools that omit the flag).
    case utf8Unflagged
    /// Neither: bytes at or above 0x80 (and control bytes) shown as `\xNN`.
    case escaped
}

/// Entry names as Windows, 7-Zip and Info-ZIP on Japanese systems read them. Runs once per
/// entry; an ASCII name (every part of every workbook) never leaves the first loop.
enum ZipEntryName {
    static func decode(_ raw: ArraySlice<UInt8>, utf8Flag: Bool, unicodePath: ArraySlice<UInt8>? = nil)
        -> (name: String, encoding: ZipNameEncoding) {
        if let field = unicodePath, let name = fromUnicodePathField(field, raw: raw) {
            return (name, .unicodePathField)
        }
        if !raw.contains(where: { $0 >= 0x80 }) { return (String(decoding: raw, as: UTF8.self), .ascii) }
        if utf8Flag {
            if let s = String(validating: raw, as: UTF8.self) { return (s, .utf8Flag) }
            return (escaped(raw), .escaped)
        }
        if let s = cp932(raw) { return (s, .cp932) }
        if let s = String(validating: raw, as: UTF8.self) { return (s, .utf8Unflagged) }
        return (escaped(raw), .escaped)
    }

    /// CP932 (Windows-31J): JIS X 0208 plus NEC specials (①, ㈱), NEC-selected and IBM
    /// extensions (髙), user-defined area. Foundation's `.shiftJIS` decodes exactly this table
    /// on Linux (checked code by code against CP932.TXT; see ZipEntryNameTests) and nil on
    /// any byte sequence outside it.
    static func cp932(_ bytes: ArraySlice<UInt8>) -> String? {
        String(data: Data(bytes), encoding: .shiftJIS)
    }

    /// Version 1, CRC-32 of the header's name, UTF-8 name. A stale field (the name was renamed by
    /// a tool that kept the extra field) has a CRC that no longer matches, and is ignored.
    static func fromUnicodePathField(_ field: ArraySlice<UInt8>, raw: ArraySlice<UInt8>) -> String? {
        guard field.count > 5, field.first == 1 else { return nil }
        let s = field.startIndex
        let crc = UInt32(field[s + 1]) | UInt32(field[s + 2]) << 8 | UInt32(field[s + 3]) << 16 | UInt32(field[s + 4]) << 24
        let actual = Array(raw).withUnsafeBufferPointer {
            UInt32(truncatingIfNeeded: CZlib.crc32(0, $0.baseAddress, UInt32(clamping: $0.count)))
        }
        guard crc == actual else { return nil }
        return String(validating: field[(s + 5)...], as: UTF8.self)
    }

    /// Printable ASCII kept, every other byte as `\xNN`: names stay distinct and readable.
    static func escaped(_ raw: ArraySlice<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(raw.count * 2)
        for b in raw {
            if b >= 0x20 && b < 0x7F { out.append(b); continue }
            out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
