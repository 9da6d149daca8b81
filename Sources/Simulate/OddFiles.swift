/// Files that are not readable survey workbooks but turn up in every real inbox.
enum OddFiles {
    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// An Excel 97-2003 .xls: an OLE2 compound-file header, then a BIFF-ish `Workbook` stream name.
    static func legacyXLS(seedByte: UInt8) -> [UInt8] {
        compoundFile(streamName: "Workbook", filler: seedByte)
    }

    /// A password-protected .xlsx: Excel wraps it in an OLE2 file holding `EncryptionInfo`
    /// and `EncryptedPackage` streams, so it no longer starts with a zip signature.
    static func encrypted(seedByte: UInt8) -> [UInt8] {
        compoundFile(streamName: "EncryptionInfo", filler: seedByte, second: "EncryptedPackage")
    }

    /// Excel's owner file `~$name.xlsx`: 165 bytes, the user name first (length-prefixed), space-padded.
    static func lockFile(user: String) -> [UInt8] {
        let name = Array(user.utf8.prefix(50))
        var b: [UInt8] = [UInt8(name.count)] + name
        b += [UInt8](repeating: 0x20, count: 54 - b.count)
        b += [UInt8(name.count), 0]
        b += user.utf16.prefix(50).flatMap { u -> [UInt8] in [UInt8(u & 0xFF), UInt8(u >> 8)] }
        b += [UInt8](repeating: 0x20, count: max(0, 165 - b.count))
        return Array(b.prefix(165))
    }

    private static func compoundFile(streamName: String, filler: UInt8, second: String? = nil) -> [UInt8] {
        // Header sector (512 bytes): magic, minor/major version 3, byte order FFFE, sector shift 9.
        var b = oleMagic + [UInt8](repeating: 0, count: 16) + [0x3E, 0x00, 0x03, 0x00, 0xFE, 0xFF, 0x09, 0x00, 0x06, 0x00]
        b += [UInt8](repeating: 0, count: 512 - b.count)
        // A directory sector whose entries name the streams in UTF-16LE (64 bytes per name field).
        for name in ["Root Entry", streamName] + (second.map { [$0] } ?? []) {
            var entry: [UInt8] = name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0]
            entry += [UInt8](repeating: 0, count: 64 - entry.count)
            entry += [UInt8((name.utf16.count + 1) * 2), 0]
            entry += [UInt8](repeating: 0, count: 128 - entry.count)
            b += entry
        }
        b += [UInt8](repeating: 0, count: 1024 - b.count)
        // Stream content: arbitrary bytes (a real BIFF record or ciphertext would be here).
        var x = filler | 1
        for _ in 0..<1024 { x = x &* 73 &+ 41; b.append(x) }
        return b
    }
}
