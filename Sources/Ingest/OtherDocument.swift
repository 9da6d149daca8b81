import XLSXReader

/// The documents that travel with a return but are not one: 送付状 in Word, PDFs, photos of a
/// form, forwarded mail. Recognised by content (names lie), the extension only as a tie-breaker.
enum OtherDocument {
    static func kind(_ bytes: [UInt8], archive: ZipArchive?, name: String) -> SkipReason? {
        let ext = fileExtension(name)
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if bytes.starts(with: ContainerKind.ole2Magic) { return ole2(bytes) }
        if let zip = archive { return zipDocument(zip) }
        if isImage(bytes) { return .image }
        if ext == "eml" || ext == "msg" || looksLikeMail(bytes) { return .mail }
        return nil
    }

    static func isZipName(_ name: String) -> Bool { fileExtension(name) == "zip" }

    private static func fileExtension(_ name: String) -> String {
        guard let last = name.split(separator: "/").last, let dot = last.lastIndex(of: ".") else { return "" }
        return last[last.index(after: dot)...].lowercased()
    }

    /// Old binary Office files share the OLE2 container: the stream names tell them apart.
    private static func ole2(_ bytes: [UInt8]) -> SkipReason? {
        func has(_ stream: String) -> Bool {
            ContainerKind.contains(bytes, Array(stream.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        }
        if has("WordDocument") { return .officeDocument("Word文書") }
        if has("PowerPoint Document") { return .officeDocument("PowerPoint資料") }
        if has("__substg1.0_") { return .mail }
        return nil
    }

    /// OOXML and OpenDocument files other than spreadsheets (the caller has ruled those out).
    private static func zipDocument(_ zip: ZipArchive) -> SkipReason? {
        let names = zip.entries.map(\.name)
        if names.contains(where: { $0.hasPrefix("word/") }) { return .officeDocument("Word文書") }
        if names.contains(where: { $0.hasPrefix("ppt/") }) { return .officeDocument("PowerPoint資料") }
        if names.contains("[Content_Types].xml") { return .officeDocument("Office文書") }
        if names.contains("mimetype"), let m = try? zip.extract("mimetype"),
           m.starts(with: Array("application/vnd.oasis.opendocument.".utf8)),
           !m.starts(with: Array("application/vnd.oasis.opendocument.spreadsheet".utf8)) {
            return .officeDocument("OpenDocument文書")
        }
        return nil
    }

    private static func isImage(_ b: [UInt8]) -> Bool {
        if b.starts(with: [0xFF, 0xD8, 0xFF]) || b.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return true }  // JPEG, PNG
        if b.starts(with: Array("GIF8".utf8)) || b.starts(with: [0x49, 0x49, 0x2A, 0x00]) || b.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return true }
        if b.count >= 12, b[4..<8].elementsEqual("ftyp".utf8),
           ["heic", "heix", "mif1", "avif"].contains(String(decoding: b[8..<12], as: UTF8.self)) { return true }
        return b.count >= 12 && b.starts(with: Array("RIFF".utf8)) && b[8..<12].elementsEqual("WEBP".utf8)
    }

    /// An RFC 822 message saved from a mail program: header lines from the first byte.
    private static func looksLikeMail(_ b: [UInt8]) -> Bool {
        let head = String(decoding: b.prefix(2048), as: UTF8.self).lowercased()
        let starts = ["return-path:", "received:", "from:", "mime-version:", "delivered-to:", "message-id:", "date:", "x-"]
        guard starts.contains(where: head.hasPrefix) else { return false }
        return head.contains("\nfrom:") || head.hasPrefix("from:") ? head.contains("\nsubject:") || head.contains("\nto:") : false
    }
}
