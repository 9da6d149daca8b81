import Foundation
import TestSupport
import Testing
@testable import XLSXReader

@Suite struct CellReferenceTests {
    @Test(arguments: [("A1", 0, 0), ("Z1", 0, 25), ("AA1", 0, 26), ("AZ10", 9, 51), ("XFD1048576", 1_048_575, 16_383),
                      ("$B$7", 6, 1), ("$B7", 6, 1), ("B$7", 6, 1), ("b7", 6, 1), ("xfd1", 0, 16_383), ("B07", 6, 1),
                      ("$b$007", 6, 1), ("A0001048576", 1_048_575, 0)])
    func parses(_ text: String, _ row: Int, _ column: Int) {
        let ref = CellRef(text)
        #expect(ref == CellRef(row: row, column: column))
        #expect(ref.map { CellRef($0.a1) } == ref)
    }

    @Test(arguments: ["", "A", "1", "A0", "A00", "XFE1", "A1048577", "1A", "A1B", "AAAA1", "A-1", "A 1", " A1", "A1 ",
                      "$$A1", "A$$1", "$A", "A$", "$", "A1:B2", "Sheet1!A1", "#REF!", "Ａ1", "A１"])
    func rejects(_ text: String) {
        #expect(CellRef(text) == nil)
    }

    @Test(arguments: [("A", 0), ("d", 3), ("$D", 3), ("XFD", 16_383)])
    func columnLetters(_ text: String, _ column: Int) {
        #expect(CellRef.column(letters: text) == column)
    }

    @Test(arguments: ["", "$", "D1", "XFE", "D$", "Ｄ"])
    func notColumnLetters(_ text: String) {
        #expect(CellRef.column(letters: text) == nil)
    }

    @Test func columnLettersRoundTrip() {
        for c in [0, 25, 26, 51, 52, 701, 702, 16_383] {
            #expect(CellRef("\(CellRef.columnLetters(c))1")?.column == c)
        }
    }

    @Test func ranges() {
        let r = CellRange("$A$1:$C$3")
        #expect(r?.start == CellRef(row: 0, column: 0) && r?.end == CellRef(row: 2, column: 2))
        #expect(r?.contains(CellRef("B2")!) == true)
        #expect(CellRange("C3:A1")?.a1 == "A1:C3")
        #expect(CellRange("b02:$c$3")?.a1 == "B2:C3")
        #expect(CellRange("B7")?.single == CellRef("B7") && CellRange("B7:B8")?.single == nil)
        for text in ["A1:", ":A1", "A1:B2:C3", "A:A", "1:3", "A1 :B2"] { #expect(CellRange(text) == nil, "\(text)") }
    }
}

@Suite struct SharedStringTests {
    static func read(_ sst: String) throws -> [String] {
        try SharedStrings.parse(Array(sst.utf8), part: "sst", limits: .default)
    }

    @Test func phoneticRunsAreExcluded() throws {
        let s = try Self.read("<sst><si><r><t>東京</t></r><r><t>都</t></r><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si></sst>")
        #expect(s == ["東京都"])
    }

    @Test func escapesEntitiesAndCDATA() throws {
        let s = try Self.read("""
            <x:sst xmlns:x="ns"><x:si><x:t>a_x000D_b</x:t></x:si><x:si><x:t>&lt;&amp;&gt;&quot;&apos;&#65;&#x3042;&unknown;</x:t></x:si>\
            <x:si><x:t><![CDATA[<raw & text>]]></x:t></x:si><x:si/><x:si><x:t xml:space="preserve">  keep  </x:t></x:si>\
            <x:si><x:t>  trim  </x:t></x:si><x:si><x:t>_x005F_x000D_</x:t></x:si><x:si><x:t>l1\r\nl2</x:t></x:si></x:sst>
            """)
        #expect(s == ["a\rb", "<&>\"'Aあ&unknown;", "<raw & text>", "", "  keep  ", "trim", "_x000D_", "l1\nl2"])
    }

    @Test func emptyTable() throws {
        #expect(try Self.read("<sst count=\"0\"/>") == [])
    }
}

@Suite struct DateFormatTests {
    @Test func builtIns() {
        #expect(DateFormatKind.builtIn(14) == .date)
        #expect(DateFormatKind.builtIn(22) == .dateTime)
        #expect(DateFormatKind.builtIn(20) == .time)
        #expect(DateFormatKind.builtIn(46) == .duration)
        #expect(DateFormatKind.builtIn(57) == .date)
        for id in [0, 1, 2, 9, 10, 11, 12, 13, 37, 44, 48, 49, 59] { #expect(DateFormatKind.builtIn(id) == nil) }
    }

    @Test(arguments: [("yyyy-mm-dd", DateFormatKind.date), ("yyyy/m/d h:mm", .dateTime), ("h:mm:ss", .time),
                      ("[h]:mm:ss", .duration), ("[mm]:ss", .duration), ("[Red]yyyy/m/d", .date),
                      ("[$-411]ggge\"年\"m\"月\"d\"日\"", .date), ("mmm-yy", .date), ("d-mmm", .date),
                      ("\\y\\e\\s 0", nil), ("0.00E+00", nil), ("General", nil), ("\"days\" 0", nil),
                      ("#,##0;[Red]-#,##0", nil), ("0.0_);(0.0)", nil), ("[<=9999999]###-####", nil),
                      ("mm:ss", .time), ("hh:mm AM/PM", .time)] as [(String, DateFormatKind?)])
    func custom(_ code: String, _ kind: DateFormatKind?) {
        #expect(DateFormatKind.classify(code) == kind, "\(code)")
    }

    @Test func serials() {
        #expect(ExcelDate.iso(serial: 45161, uses1904: false) == "2023-08-23T00:00:00")
        #expect(ExcelDate.iso(serial: 45161.5, uses1904: false) == "2023-08-23T12:00:00")
        #expect(ExcelDate.iso(serial: 1, uses1904: false) == "1900-01-01T00:00:00")
        #expect(ExcelDate.iso(serial: 61, uses1904: false) == "1900-03-01T00:00:00")
        #expect(ExcelDate.iso(serial: 0, uses1904: true) == "1904-01-01T00:00:00")
        #expect(ExcelDate.parseISO("2023-08-23T01:02:03Z") == Date(timeIntervalSince1970: 1_692_752_523))
        #expect(ExcelDate.parseISO("2023-08-23T10:02:03+09:00") == Date(timeIntervalSince1970: 1_692_752_523))
        #expect(ExcelDate.parseISO("garbage") == nil)
    }
}

@Suite struct WorksheetTests {
    @Test func inlineStringsRowsWithoutRAndTypes() throws {
        let body = """
            <row><c t="inlineStr"><is><r><t xml:space="preserve">Rich </t></r><r><rPr/><t>text</t></r><rPh><t>ふり</t></rPh></is></c>\
            <c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row>\
            <x:row><x:c t="str"><x:f>A1</x:f><x:v>calc_x000D_</x:v></x:c><x:c s="1"><x:v>45161</x:v></x:c>\
            <x:c t="d"><x:v>2023-08-23T10:00:00</x:v></x:c><x:c><x:v>-1.5e3</x:v></x:c><x:c t="s"><x:v>0</x:v></x:c></x:row>\
            <row r="5"><c r="C5" s="2"><v>0.5</v></c><c><v/></c><c t="s"><v>1</v></c></row>
            """
        let styles = """
            <numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts>\
            <cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>
            """
        let b = ZipBuilder.workbook(sheets: [("Data", body)], sharedStrings: "<si><t>shared</t></si><si/>", styles: styles,
                                    workbookExtra: "<workbookPr date1904=\"0\"/>",
                                    sheetXML: { body in "<x:worksheet xmlns:x=\"ns\"><x:dimension ref=\"A1:E5\"/><x:sheetData>\(body)</x:sheetData><x:mergeCells><x:mergeCell ref=\"A1:B1\"/></x:mergeCells></x:worksheet>" })
        let wb = try Workbook(bytes: b)
        let ws = try wb.worksheet(named: "Data")
        #expect(ws.cell("A1")?.value == .string("Rich text"))
        #expect(ws.cell("B1")?.value == .bool(true))
        #expect(ws.cell("C1")?.value == .error("#N/A"))
        #expect(ws.cell("A2")?.value == .string("calc\r"))
        #expect(ws.cell("B2")?.value == .number(45161))
        #expect(ws.cell("B2")?.dateFormat == .date)
        #expect(ws.cell("B2")?.date(uses1904: false) == ExcelDate.parseISO("2023-08-23"))
        #expect(ws.cell("C2")?.value == .date("2023-08-23T10:00:00"))
        #expect(ws.cell("D2")?.value == .number(-1500))
        #expect(ws.cell("E2")?.value == .string("shared"))
        #expect(ws.cell(row: 4, column: 2)?.dateFormat == .duration)
        #expect(ws.cell("D5") == nil && ws.cell("E5") == nil)  // empty <v/> and empty shared string
        #expect(ws.cells.map(\.ref.a1) == ["A1", "B1", "C1", "A2", "B2", "C2", "D2", "E2", "C5"])
        #expect(ws.mergedRanges == [CellRange("A1:B1")!])
        #expect(ws.dimension == CellRange("A1:E5"))
        #expect(ws.mergedRange(containing: CellRef("B1")!) == CellRange("A1:B1"))
    }

    @Test func workbookMetadata() throws {
        let rns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var z = ZipBuilder()
        z.add("_rels/.rels", """
            <Relationships><Relationship Id="a" Type="\(rns)/officeDocument" Target="/custom/book.xml"/>\
            <Relationship Id="b" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
            """)
        z.add("docProps/core.xml", """
            <cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t"><dc:creator>山田</dc:creator>\
            <cp:lastModifiedBy>佐藤</cp:lastModifiedBy><dcterms:modified xsi:type="dcterms:W3CDTF">2023-08-23T01:02:03Z</dcterms:modified></cp:coreProperties>
            """)
        z.add("custom/book.xml", """
            <workbook><workbookPr date1904="1"/><sheets><sheet name="表 1" sheetId="1" r:id="r1"/>\
            <sheet name="隠し" sheetId="2" state="hidden" r:id="r2"/><sheet name="VH" sheetId="3" state="veryHidden" r:id="r3"/></sheets>\
            <definedNames><definedName name="回答者">'表 1'!$B$7</definedName><definedName name="local" localSheetId="1">隠し!$A$1:$C$3</definedName></definedNames></workbook>
            """)
        z.add("custom/_rels/book.xml.rels", """
            <Relationships><Relationship Id="r1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="sheets/one.xml"/>\
            <Relationship Id="r2" Type="\(rns)/worksheet" Target="/custom/sheets/two.xml"/>\
            <Relationship Id="r3" Type="\(rns)/worksheet" Target="../custom/sheets/./two.xml"/></Relationships>
            """)
        z.add("custom/sheets/one.xml", "<worksheet><sheetData><row r=\"7\"><c r=\"B7\"><v>1</v></c></row></sheetData></worksheet>")
        z.add("custom/sheets/two.xml", "<worksheet><sheetData/></worksheet>")
        let wb = try Workbook(bytes: z.build())
        #expect(wb.workbookPath == "custom/book.xml")
        #expect(wb.sheets.map(\.name) == ["表 1", "隠し", "VH"])
        #expect(wb.sheets.map(\.visibility) == [.visible, .hidden, .veryHidden])
        #expect(wb.sheets.map(\.partPath) == ["custom/sheets/one.xml", "custom/sheets/two.xml", "custom/sheets/two.xml"])
        #expect(wb.uses1904Dates)
        #expect(wb.properties.creator == "山田" && wb.properties.lastModifiedBy == "佐藤")
        #expect(wb.properties.modifiedText == "2023-08-23T01:02:03Z")
        #expect(wb.properties.modified == Date(timeIntervalSince1970: 1_692_752_523))
        #expect(wb.definedNames.count == 2 && wb.definedNames[1].localSheetId == 1)
        let ref = try #require(wb.definedNameReference("回答者"))
        #expect(ref.sheet == "表 1" && ref.range.a1 == "B7")
        #expect(try wb.worksheet(named: ref.sheet).cell(ref.range.start)?.value == .number(1))
    }

    @Test func zipArchiveListsEntries() throws {
        let zip = try ZipArchive(bytes: ZipBuilder.workbook(sheets: [("S", "")]))
        #expect(zip.entries.contains { $0.name == "xl/workbook.xml" && $0.method == 0 })
        #expect(zip.entries.contains { $0.name == "xl/worksheets/sheet1.xml" && $0.method == 8 })
        #expect(zip.entries.first?.dosModified?.description == "1980-01-01 00:00:00")
    }

    @Test func concurrentReading() async throws {
        let url = packageRoot().appendingPathComponent("Fixtures/corpus/calamine/issue_174.xlsx")
        let wb = try Workbook(path: url.path)
        let expected = try wb.worksheet(at: 0).cells.count
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0 ..< 8 { group.addTask { try wb.worksheet(at: 0).cells.count } }
            for try await n in group { #expect(n == expected) }
        }
    }
}
