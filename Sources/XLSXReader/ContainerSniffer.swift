/// What a file is, judged by content rather than by its extension (returned files are
/// often renamed). Cheap: looks at magic bytes and, for ZIPs, at entry names.
public enum ContainerKind: String, Sendable, Equatable {
    /// A ZIP holding an OOXML spreadsheet (`xl/` parts).
    case xlsxZip
    /// Any other ZIP: a bundle of several workbooks, a .docx, …
    case otherZip
    /// Excel 97–2003 `.xls` (OLE2 compound file without encryption).
    case ole2Legacy
    /// OLE2 compound file with an `EncryptionInfo` stream: a password-protected OOXML file.
    case ole2Encrypted
    /// OpenDocument spreadsheet.
    case ods
    case pdf
    case unknown

    public static let ole2Magic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let encryptionInfoUTF16: [UInt8] = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    static let odsMime: [UInt8] = Array("application/vnd.oasis.opendocument.spreadsheet".utf8)

    /// Classifies a whole file or just its first bytes (then ZIPs are judged by the
    /// first local header's name, and OLE2 encryption only if the directory is included).
    public static func sniff(_ bytes: [UInt8]) -> ContainerKind { sniff(bytes, archive: nil) }

    /// The same, reusing the archive when the caller has already opened the bytes as a ZIP.
    public static func sniff(_ bytes: [UInt8], archive: ZipArchive?) -> ContainerKind {
        if bytes.starts(with: ole2Magic) {
            return contains(bytes, encryptionInfoUTF16) ? .ole2Encrypted : .ole2Legacy
        }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            return .unknown
        }
        // ODF puts an uncompressed `mimetype` entry first.
        if bytes.count > 38, String(decoding: bytes[30 ..< 38], as: UTF8.self) == "mimetype",
           contains(Array(bytes.prefix(200)), odsMime) {
            return .ods
        }
        if let zip = archive ?? (try? ZipArchive(bytes: bytes)) {
            if zip.entries.contains(where: { $0.name == "mimetype" }),
               let m = try? zip.extract("mimetype"), m.starts(with: odsMime) {
                return .ods
            }
            let isXLSX = zip.entries.contains { $0.name.hasPrefix("xl/") && ($0.name.hasSuffix("workbook.xml") || $0.name.hasSuffix(".bin")) }
                || zip.entries.contains { $0.name == "_rels/.rels" } && zip.entries.contains { $0.name.hasPrefix("xl/") }
            return isXLSX ? .xlsxZip : .otherZip
        }
        // Only a prefix (or a damaged archive): look at the names that are there.
        return contains(bytes, Array("xl/".utf8)) ? .xlsxZip : .otherZip
    }

    public static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count, let first = needle.first else { return false }
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
