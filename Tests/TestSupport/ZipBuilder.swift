import CZlib
import Foundation
import Simulate

/// Builds small ZIP archives in memory so tests can state every XML quirk exactly.
public struct ZipBuilder {
    public struct Member {
        public var name: String
        public var data: [UInt8]
        public var deflate = false
        /// Overrides the uncompressed size written to the headers (to make sizes lie).
        public var declaredSize: Int?
        /// The name as stored (CP932 bytes from a Japanese Windows, …); nil: `name` in UTF-8.
        public var nameBytes: [UInt8]? = nil
        /// General purpose flags; nil: bit 11 (UTF-8) when the name is not ASCII, as Excel writes.
        public var flags: UInt16? = nil
        public var method: Int? = nil
        public var dosDate = 0x21, dosTime = 0
        /// Central directory extra fields.
        public var extra: [UInt8] = []

        public init(name: String, data: [UInt8], deflate: Bool = false, declaredSize: Int? = nil, nameBytes: [UInt8]? = nil,
                    flags: UInt16? = nil, method: Int? = nil, dosDate: Int = 0x21, dosTime: Int = 0, extra: [UInt8] = []) {
            self.name = name; self.data = data; self.deflate = deflate; self.declaredSize = declaredSize; self.nameBytes = nameBytes
            self.flags = flags; self.method = method; self.dosDate = dosDate; self.dosTime = dosTime; self.extra = extra
        }

        var storedName: [UInt8] { nameBytes ?? Array(name.utf8) }
        var storedFlags: Int { Int(flags ?? (storedName.allSatisfy { $0 < 0x80 } ? 0 : 0x0800)) }
    }

    public var members: [Member] = []

    public init() {}

    public init(_ parts: [String: String], order: [String]? = nil) {
        for name in order ?? parts.keys.sorted() { add(name, parts[name]!) }
    }

    public mutating func add(_ name: String, _ text: String, deflate: Bool = false) {
        members.append(Member(name: name, data: Array(text.utf8), deflate: deflate))
    }

    public mutating func add(_ name: String, bytes: [UInt8], deflate: Bool = false, declaredSize: Int? = nil) {
        members.append(Member(name: name, data: bytes, deflate: deflate, declaredSize: declaredSize))
    }

    public static func crc(_ d: [UInt8]) -> UInt32 {
        d.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress, UInt32($0.count))) }
    }

    /// Raw deflate (no zlib header), as ZIP stores it.
    public static func deflateRaw(_ input: [UInt8]) -> [UInt8] {
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

    /// The archive, written by the package's one ZIP writer (Simulate's).
    public func build() -> [UInt8] {
        var w = ZipWriter()
        for m in members {
            var z = ZipWriter.Member(name: m.storedName, bytes: m.data, flags: UInt16(m.storedFlags), wallClock: (1980, 1, 1, 0, 0, 0))
            (z.dosDate, z.dosTime) = (UInt16(m.dosDate), UInt16(m.dosTime))
            z.method = UInt16(m.method ?? (m.deflate ? 8 : 0))
            if m.deflate { z.stored = ZipBuilder.deflateRaw(m.data) }
            z.declaredSize = m.declaredSize
            z.extra = m.extra
            z.extraInLocalHeader = false
            w.add(z)
        }
        return w.finish()
    }

    /// A minimal valid workbook: one sheet per entry of `sheets` (name → sheet XML body
    /// inside `<sheetData>`), plus optional shared strings and styles.
    public static func workbook(sheets: [(String, String)], sharedStrings: String? = nil, styles: String? = nil,
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
