import CZlib
import Foundation

/// Builds small ZIP archives in memory so tests can state every XML quirk exactly.
struct ZipBuilder {
    struct Member {
        var name: String
        var data: [UInt8]
        var deflate = false
        /// Overrides the uncompressed size written to the headers (to make sizes lie).
        var declaredSize: Int?
        /// The name as stored (CP932 bytes from a Japanese Windows, …); nil: `name` in UTF-8.
        var nameBytes: [UInt8]? = nil
        /// General purpose flags; nil: bit 11 (UTF-8) when the name is not ASCII, as Excel writes.
        var flags: UInt16? = nil
        var method: Int? = nil
        var dosDate = 0x21, dosTime = 0
        /// Central directory extra fields.
        var extra: [UInt8] = []

        var storedName: [UInt8] { nameBytes ?? Array(name.utf8) }
        var storedFlags: Int { Int(flags ?? (storedName.allSatisfy { $0 < 0x80 } ? 0 : 0x0800)) }
    }

    var members: [Member] = []

    init() {}

    init(_ parts: [String: String], order: [String]? = nil) {
        for name in order ?? parts.keys.sorted() { add(name, parts[name]!) }
    }

    mutating func add(_ name: String, _ text: String, deflate: Bool = false) {
        members.append(Member(name: name, data: Array(text.utf8), deflate: deflate))
    }

    mutating func add(_ name: String, bytes: [UInt8], deflate: Bool = false, declaredSize: Int? = nil) {
        members.append(Member(name: name, data: bytes, deflate: deflate, declaredSize: declaredSize))
    }

    static func crc(_ d: [UInt8]) -> UInt32 {
        d.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress, UInt32($0.count))) }
    }

    /// Raw deflate (no zlib header), as ZIP stores it.
    static func deflateRaw(_ input: [UInt8]) -> [UInt8] {
        var s = z_stream()
        deflateInit2_(&s, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&s) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&s, UInt(input.count))) + 64)
        var input = input
        let produced: Int = input.withUnsafeMutableBufferPointer { inp in
            out.withUnsafeMutableBufferPointer { o in
                s.next_in = inp.baseAddress
                s.avail_in = UInt32(inp.count)
                s.next_out = o.baseAddress
                s.avail_out = UInt32(o.count)
                _ = deflate(&s, Z_FINISH)
                return o.count - Int(s.avail_out)
            }
        }
        return Array(out[0 ..< produced])
    }

    func build() -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
        func le32(_ v: UInt32, _ a: inout [UInt8]) { for k in 0 ..< 4 { a.append(UInt8(v >> (8 * UInt32(k)) & 0xff)) } }
        for m in members {
            let name = m.storedName
            let payload = m.deflate ? ZipBuilder.deflateRaw(m.data) : m.data
            let crc = ZipBuilder.crc(m.data)
            let usize = m.declaredSize ?? m.data.count
            let offset = out.count
            let method = m.method ?? (m.deflate ? 8 : 0)
            le32(0x0403_4b50, &out); le16(20, &out); le16(m.storedFlags, &out); le16(method, &out)
            le16(m.dosTime, &out); le16(m.dosDate, &out)
            le32(crc, &out); le32(UInt32(payload.count), &out); le32(UInt32(usize), &out)
            le16(name.count, &out); le16(0, &out); out += name; out += payload
            le32(0x0201_4b50, &central); le16(20, &central); le16(20, &central); le16(m.storedFlags, &central)
            le16(method, &central); le16(m.dosTime, &central); le16(m.dosDate, &central)
            le32(crc, &central); le32(UInt32(payload.count), &central); le32(UInt32(usize), &central)
            le16(name.count, &central); le16(m.extra.count, &central); le16(0, &central); le16(0, &central); le16(0, &central)
            le32(0, &central); le32(UInt32(offset), &central); central += name; central += m.extra
        }
        let cdOffset = out.count
        out += central
        le32(0x0605_4b50, &out); le16(0, &out); le16(0, &out); le16(members.count, &out); le16(members.count, &out)
        le32(UInt32(central.count), &out); le32(UInt32(cdOffset), &out); le16(0, &out)
        return out
    }

    /// A minimal valid workbook: one sheet per entry of `sheets` (name → sheet XML body
    /// inside `<sheetData>`), plus optional shared strings and styles.
    static func workbook(sheets: [(String, String)], sharedStrings: String? = nil, styles: String? = nil,
                         workbookExtra: String = "", sheetXML: ((String) -> String)? = nil) -> [UInt8] {
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var z = ZipBuilder()
        z.add("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
        z.add("_rels/.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(rns)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        var sheetList = "", rels = ""
        for (i, (name, _)) in sheets.enumerated() {
            sheetList += "<sheet name=\"\(name)\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            rels += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(rns)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        if sharedStrings != nil { rels += "<Relationship Id=\"rS\" Type=\"\(rns)/sharedStrings\" Target=\"sharedStrings.xml\"/>" }
        if styles != nil { rels += "<Relationship Id=\"rT\" Type=\"\(rns)/styles\" Target=\"styles.xml\"/>" }
        z.add("xl/workbook.xml", "<workbook xmlns=\"\(ns)\" xmlns:r=\"\(rns)\">\(workbookExtra)<sheets>\(sheetList)</sheets></workbook>")
        z.add("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>")
        for (i, (_, body)) in sheets.enumerated() {
            let xml = sheetXML?(body) ?? "<worksheet xmlns=\"\(ns)\"><sheetData>\(body)</sheetData></worksheet>"
            z.add("xl/worksheets/sheet\(i + 1).xml", xml, deflate: true)
        }
        if let sharedStrings { z.add("xl/sharedStrings.xml", "<sst xmlns=\"\(ns)\">\(sharedStrings)</sst>") }
        if let styles { z.add("xl/styles.xml", "<styleSheet xmlns=\"\(ns)\">\(styles)</styleSheet>") }
        return z.build()
    }
}

/// The package root, found by walking up from this file.
func packageRoot(_ file: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        url.deleteLastPathComponent()
    }
    fatalError("Package.swift not found above \(file)")
}
