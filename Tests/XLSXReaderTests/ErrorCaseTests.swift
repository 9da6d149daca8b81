import Foundation
import TestSupport
import Testing
@testable import XLSXReader

/// Every way a returned file can be unreadable gives a typed error, quickly.
@Suite struct ErrorCaseTests {
    static let corpus = packageRoot().appendingPathComponent("Fixtures/corpus/calamine")
    static let fixtures = packageRoot().appendingPathComponent("Fixtures/reader")

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// A minimal OLE2 compound file header: what an `.xls` starts with.
    static func ole2(withEncryptionInfo: Bool) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 1536)
        b.replaceSubrange(0 ..< 8, with: ContainerKind.ole2Magic)
        let entry = withEncryptionInfo ? "EncryptionInfo" : "Workbook"
        let utf16 = entry.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
        b.replaceSubrange(1024 ..< 1024 + utf16.count, with: utf16)
        return b
    }

    @Test func legacyXLSFixture() throws {
        let b = try Self.bytes(Self.fixtures.appendingPathComponent("legacy-biff.xls"))
        #expect(ContainerKind.sniff(b) == .ole2Legacy)
        #expect(throws: XLSXError.legacyXLS) { try Workbook(bytes: b) }
        #expect(throws: XLSXError.legacyXLS) { try Workbook(bytes: Self.ole2(withEncryptionInfo: false)) }
    }

    @Test func encryptedWorkbook() throws {
        let b = try Self.bytes(Self.corpus.appendingPathComponent("pass_protected.xlsx"))
        #expect(ContainerKind.sniff(b) == .ole2Encrypted)
        #expect(throws: XLSXError.encrypted) { try Workbook(bytes: b) }
        #expect(throws: XLSXError.encrypted) { try Workbook(bytes: Self.ole2(withEncryptionInfo: true)) }
    }

    @Test func zipBombIsStoppedByRatio() throws {
        let zeros = [UInt8](repeating: 0x20, count: 20 << 20)
        var z = ZipBuilder(["_rels/.rels": "<Relationships/>"])
        z.add("xl/worksheets/sheet1.xml", bytes: zeros, deflate: true)
        let zip = try ZipArchive(bytes: z.build())
        let start = Date()
        #expect(throws: XLSXError.limitExceeded(which: "maxCompressionRatio", limit: 200)) {
            try zip.extract("xl/worksheets/sheet1.xml")
        }
        #expect(Date().timeIntervalSince(start) < 2)
        // With a higher ratio allowed, the entry size limit stops it instead.
        var limits = ReaderLimits(maxEntrySize: 4 << 20)
        limits.maxCompressionRatio = 1_000_000
        let lenient = try ZipArchive(bytes: z.build(), limits: limits)
        #expect(throws: XLSXError.limitExceeded(which: "maxEntrySize", limit: 4 << 20)) {
            try lenient.extract("xl/worksheets/sheet1.xml")
        }
    }

    @Test func zipBombWithLyingSizes() throws {
        let zeros = [UInt8](repeating: 0, count: 20 << 20)
        var z = ZipBuilder()
        z.add("big.xml", bytes: zeros, deflate: true, declaredSize: 100)
        let limits = ReaderLimits(maxEntrySize: 1 << 20, maxTotalInflated: 2 << 20)
        let zip = try ZipArchive(bytes: z.build(), limits: limits)
        #expect(throws: XLSXError.limitExceeded(which: "maxEntrySize", limit: 1 << 20)) { try zip.extract("big.xml") }
        // Total budget across parts.
        let tight = try ZipArchive(bytes: z.build(), limits: ReaderLimits(maxEntrySize: 8 << 20, maxTotalInflated: 512 << 10))
        #expect(throws: XLSXError.limitExceeded(which: "maxTotalInflated", limit: 512 << 10)) { try tight.extract("big.xml") }
    }

    @Test func lyingSizesButGoodDataStillReads() throws {
        // Some writers get the declared size wrong; the data (and CRC) are still good.
        var z = ZipBuilder()
        z.add("a.xml", bytes: Array(String(repeating: "<a/>", count: 1000).utf8), deflate: true, declaredSize: 10)
        let zip = try ZipArchive(bytes: z.build())
        #expect(try zip.extract("a.xml").count == 4000)
    }

    @Test func truncatedFile() throws {
        let b = try Self.bytes(Self.corpus.appendingPathComponent("issue_174.xlsx"))
        #expect(throws: XLSXError.truncated) { try Workbook(bytes: Array(b.prefix(b.count / 2))) }
        #expect(throws: XLSXError.truncated) { try Workbook(bytes: Array(b.prefix(10))) }
    }

    @Test func randomBytes() {
        var rng = SystemRandomNumberGenerator()
        for size in [0, 1, 21, 22, 100, 5000] {
            let b = (0 ..< size).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
            #expect(throws: XLSXError.self) { try Workbook(bytes: b) }
        }
        #expect(throws: XLSXError.notAZip) { try Workbook(bytes: Array(repeating: 0x41, count: 1000)) }
        #expect(ContainerKind.sniff(Array("%PDF-1.7 ...".utf8)) == .pdf)
        #expect(ContainerKind.sniff(Array(repeating: 0x41, count: 100)) == .unknown)
    }

    @Test func odsIsNamed() throws {
        var z = ZipBuilder()
        z.add("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.add("content.xml", "<office:document-content/>")
        let b = z.build()
        #expect(ContainerKind.sniff(b) == .ods)
        #expect(throws: XLSXError.ods) { try Workbook(bytes: b) }
    }

    @Test func zipWithoutWorkbook() throws {
        let b = ZipBuilder(["word/document.xml": "<w:document/>", "readme.txt": "hi"]).build()
        #expect(ContainerKind.sniff(b) == .otherZip)
        #expect(throws: XLSXError.notASpreadsheet) { try Workbook(bytes: b) }
        #expect(ContainerKind.sniff(ZipBuilder.workbook(sheets: [("S", "")])) == .xlsxZip)
    }

    @Test func malformedXML() throws {
        let b = ZipBuilder.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")],
                                    sheetXML: { body in "<worksheet><sheetData>\(body)<row <c></sheetData>" })
        let wb = try Workbook(bytes: b)
        #expect {
            try wb.worksheet(at: 0)
        } throws: { error in
            guard case .malformedXML(let part, _, _) = error as? XLSXError else { return false }
            return part == "xl/worksheets/sheet1.xml"
        }
        let unterminated = ZipBuilder.workbook(sheets: [("S", "")], sheetXML: { _ in "<worksheet><sheetData><!-- never ends" })
        #expect(throws: XLSXError.self) { try Workbook(bytes: unterminated).worksheet(at: 0) }
    }

    @Test func billionLaughsIsNotExpanded() throws {
        var doctype = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        doctype += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        for i in 2 ... 9 { doctype += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">" }
        doctype += "<!ENTITY ext SYSTEM \"file:///etc/passwd\">]>"
        let b = ZipBuilder.workbook(sheets: [("S", "")], sheetXML: { _ in
            "<?xml version=\"1.0\"?>\(doctype)<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;&ext;</t></is></c></row></sheetData></worksheet>"
        })
        let start = Date()
        let ws = try Workbook(bytes: b).worksheet(at: 0)
        #expect(ws.cell("A1")?.value == .string("&lol9;&ext;"))  // read literally, nothing expanded
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func depthBomb() throws {
        let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        let b = ZipBuilder.workbook(sheets: [("S", "")], sheetXML: { _ in "<worksheet>\(deep)</worksheet>" })
        #expect(throws: XLSXError.limitExceeded(which: "maxXMLDepth", limit: 256)) { try Workbook(bytes: b).worksheet(at: 0) }
    }

    @Test func cellLimit() throws {
        let row = "<row>" + String(repeating: "<c><v>1</v></c>", count: 50) + "</row>"
        let b = ZipBuilder.workbook(sheets: [("S", String(repeating: row, count: 10))])
        var limits = ReaderLimits.default
        limits.maxCellsPerSheet = 100
        #expect(throws: XLSXError.limitExceeded(which: "maxCellsPerSheet", limit: 100)) {
            try Workbook(bytes: b, limits: limits).worksheet(at: 0)
        }
        #expect(try Workbook(bytes: b).worksheet(at: 0).cells.count == 500)
    }

    @Test func missingSheetPart() throws {
        var z = ZipBuilder()
        for m in try ZipArchive(bytes: ZipBuilder.workbook(sheets: [("S", "")])).entries where !m.name.contains("worksheets") {
            z.add(m.name, bytes: try ZipArchive(bytes: ZipBuilder.workbook(sheets: [("S", "")])).extract(m.name))
        }
        let wb = try Workbook(bytes: z.build())
        #expect(throws: XLSXError.missingPart("xl/worksheets/sheet1.xml")) { try wb.worksheet(at: 0) }
        #expect(throws: XLSXError.sheetNotFound("nope")) { try wb.worksheet(named: "nope") }
    }

    @Test func messagesSayWhatToDo() {
        #expect(XLSXError.legacyXLS.description.contains(".xlsx"))
        #expect(XLSXError.encrypted.description.contains("password"))
        #expect(XLSXError.truncated.kind == "truncated")
    }
}

@Suite struct ZipStructureTests {
    /// Rewrites a plain archive's end records into ZIP64 form (as large-file writers do).
    static func zip64(_ plain: [UInt8]) -> [UInt8] {
        let eocd = plain.count - 22
        func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0 ..< n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
        let count = UInt64(plain[eocd + 10]) | UInt64(plain[eocd + 11]) << 8
        let cdSize = plain[eocd + 12 ..< eocd + 16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let cdOffset = plain[eocd + 16 ..< eocd + 20].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var out = Array(plain[0 ..< eocd])
        let z64 = UInt64(out.count)
        out += le(0x0606_4b50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4)
        out += le(count, 8) + le(count, 8) + le(cdSize, 8) + le(cdOffset, 8)
        out += le(0x0706_4b50, 4) + le(0, 4) + le(z64, 8) + le(1, 4)
        out += le(0x0605_4b50, 4) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF, 2)
        out += le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(0, 2)
        return out
    }

    @Test func zip64EndRecordIsRead() throws {
        let b = Self.zip64(ZipBuilder.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><v>7</v></c></row>")]))
        #expect(try Workbook(bytes: b).worksheet(at: 0).cell("A1")?.value == .number(7))
    }

    @Test func prefixedArchiveIsRead() throws {
        // Self-extractors and some gateways put bytes before the archive; offsets shift.
        let b = Array("junk header ".utf8) + ZipBuilder.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><v>7</v></c></row>")])
        #expect(try Workbook(bytes: b).worksheet(at: 0).cell("A1")?.value == .number(7))
    }

    @Test func commentAfterEndRecord() throws {
        var b = ZipBuilder.workbook(sheets: [("S", "")])
        let comment = Array(String(repeating: "c", count: 1000).utf8)
        b[b.count - 2] = UInt8(comment.count & 0xff)
        b[b.count - 1] = UInt8(comment.count >> 8)
        b += comment
        #expect(try Workbook(bytes: b).sheets.count == 1)
    }
}
