import Foundation
import TestSupport
import Testing
@testable import XLSXReader

/// Reading a few cells (`worksheet(at:selecting:)`) must give exactly the cells a full read
/// gives at those positions: same values, same types, nothing else. Checked over the whole
/// calamine corpus (files from Excel, LibreOffice, Google Sheets, generators) and on hand-made
/// parts that would trip a shortcut: CDATA hiding `</c>`, comments, prefixed elements.
@Suite struct SelectiveReadTests {
    static func workbooks() -> [String] { CorpusDifferentialTests.files() }

    @Test(arguments: workbooks())
    func everyCellSelectionReadsWhatAFullReadReads(_ name: String) throws {
        let path = CorpusDifferentialTests.corpus.appendingPathComponent(name).path
        guard let wb = try? Workbook(path: path) else { return }  // refused files are the error tests' business
        for info in wb.sheets {
            guard let full = try? wb.worksheet(at: info.index) else { continue }
            let every = try Workbook(path: path).worksheet(at: info.index, selecting: .everyCell)
            #expect(every.cells == full.cells, "\(name) / \(info.name): \(every.cells.count) vs \(full.cells.count) cells")
        }
    }

    @Test(arguments: workbooks())
    func aFewSelectedCellsReadAsInAFullRead(_ name: String) throws {
        let path = CorpusDifferentialTests.corpus.appendingPathComponent(name).path
        guard let wb = try? Workbook(path: path) else { return }
        for info in wb.sheets {
            guard let full = try? wb.worksheet(at: info.index), !full.cells.isEmpty else { continue }
            // Every third cell, plus positions that hold nothing (they must stay absent).
            let picked = full.cells.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
            let empty = [CellRef(row: 1_048_575, column: 16_383), CellRef(row: full.cells.last!.ref.row + 1, column: 0)]
            let selection = CellSelection(picked.map(\.ref) + empty)
            let some = try Workbook(path: path).worksheet(at: info.index, selecting: selection)
            #expect(some.cells == picked, "\(name) / \(info.name)")
        }
    }

    @Test func sharedStringsOnDemandMatchTheFullTable() throws {
        let sst = """
            <?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5">\
            <si><t>回答</t></si><si/><si><r><t xml:space="preserve">rich </t></r><r><rPr><b/></rPr><t>text</t></r>\
            <rPh sb="0" eb="1"><t>ふりがな</t></rPh></si><si><t>line_x000D_break &amp; more</t></si><si>\n<t>  trimmed  </t></si></sst>
            """
        let bytes = Array(sst.utf8)
        let full = try SharedStrings.parse(bytes, part: "sst", limits: .default)
        let table = try #require(try SharedStringTable(indexing: bytes, part: "sst", limits: .default))
        #expect(table.count == full.count)
        for i in full.indices { #expect(try table.string(at: i) == full[i], "entry \(i)") }
        #expect(try table.string(at: full.count) == nil)
    }

    @Test func partsABytesSearchCannotTrustAreDecodedInFull() throws {
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let comment = "<sst xmlns=\"\(ns)\"><!-- <si><t>x</t></si> --><si><t>a</t></si></sst>"
        let cdata = "<sst xmlns=\"\(ns)\"><si><t><![CDATA[<si>]]></t></si></sst>"
        let prefixed = "<x:sst xmlns:x=\"\(ns)\"><x:si><x:t>a</x:t></x:si></x:sst>"
        for part in [comment, cdata, prefixed] {
            #expect(try SharedStrings.elementStarts(Array(part.utf8), limits: .default) == nil, "\(part)")
        }
    }

    @Test func aSkippedCellHidingEndTagsInCDATAStillEndsWhereItEnds() throws {
        // B1 is skipped; its CDATA text contains `</c>` and a fake cell. D1 must read as 7, and
        // the fake Z9 must not appear.
        let body = """
            <row r="1"><c r="B1" t="inlineStr"><is><t><![CDATA[</c><c r="Z9"><v>1</v></c>]]></t></is></c>\
            <c r="C1"><!-- </c> --><v>3</v></c><c r="D1"><v>7</v></c></row>
            """
        let wb = try Workbook(bytes: ZipBuilder.workbook(sheets: [("S", body)]))
        let ws = try wb.worksheet(at: 0, selecting: CellSelection([CellRef(row: 0, column: 3), CellRef(row: 8, column: 25)]))
        #expect(ws.cells == [Cell(ref: CellRef(row: 0, column: 3), value: .number(7))])
        let full = try wb.worksheet(at: 0)
        #expect(full.cells.map(\.ref) == [CellRef(row: 0, column: 1), CellRef(row: 0, column: 2), CellRef(row: 0, column: 3)])
    }

    @Test func rowsWithoutASelectedCellAreSteppedOverWhole() throws {
        // Row 1 holds no selected cell: skipped whole, even with a comment hiding `</row>` in it;
        // row 3 is unnumbered and read cell by cell. Cell tags in every spelling read alike.
        let body = """
            <row r="1"><c r="A1"><v>1</v></c><c r="B1"><!-- </row><row r="2"><c r="A2"><v>9</v></c> --><v>2</v></c></row>\
            <row r="2"><c r="A2" s="0" t="s"><v>0</v></c><c\tr="B2"\tt="s"><v>1</v></c><c r='C2'><v>4</v></c>\
            <c r="D2" t="str"/><c r="E2" t="b" ><v>1</v></c></row><row><c r="A3"><v>6</v></c></row>
            """
        let wb = try Workbook(bytes: ZipBuilder.workbook(sheets: [("S", body)], sharedStrings: "<si><t>一</t></si><si><t>二</t></si>"))
        let wanted = [(1, 0), (1, 1), (1, 2), (1, 4), (2, 0)].map { CellRef(row: $0.0, column: $0.1) }
        let ws = try wb.worksheet(at: 0, selecting: CellSelection(wanted))
        #expect(ws.cells == [Cell(ref: wanted[0], value: .string("一")), Cell(ref: wanted[1], value: .string("二")),
                             Cell(ref: wanted[2], value: .number(4)), Cell(ref: wanted[3], value: .bool(true)),
                             Cell(ref: wanted[4], value: .number(6))])
        let full = try wb.worksheet(at: 0)
        #expect(full.cells.filter { wanted.contains($0.ref) } == ws.cells)
        #expect(full.cells.map(\.ref).contains(CellRef(row: 0, column: 1)))
    }

    @Test func prefixedCellsAreSkippedAndReadLikeUnprefixedOnes() throws {
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let wb = try Workbook(bytes: ZipBuilder.workbook(sheets: [("S", "")], sheetXML: { _ in
            "<x:worksheet xmlns:x=\"\(ns)\"><x:sheetData><x:row r=\"2\"><x:c r=\"A2\"><x:v>1</x:v></x:c>"
                + "<x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>kept</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"
        }))
        let ws = try wb.worksheet(at: 0, selecting: CellSelection([CellRef(row: 1, column: 1)]))
        #expect(ws.cells == [Cell(ref: CellRef(row: 1, column: 1), value: .string("kept"))])
    }

    @Test func aSelectionStopsAtTheEndOfTheCellData() throws {
        // Past </sheetData> a selective read parses nothing: not even broken markup there stops it.
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let wb = try Workbook(bytes: ZipBuilder.workbook(sheets: [("S", "")], sheetXML: { _ in
            "<worksheet xmlns=\"\(ns)\"><sheetData><row r=\"1\"><c r=\"A1\"><v>5</v></c></row></sheetData><dataValidations <<<"
        }))
        let ws = try wb.worksheet(at: 0, selecting: .everyCell)
        #expect(ws.cells == [Cell(ref: CellRef(row: 0, column: 0), value: .number(5))])
        #expect(throws: XLSXError.self) { try wb.worksheet(at: 0) }
    }
}
