import Testing
@testable import Ingest
import SurveyModel
import XLSXReader

/// Every reference and defined-name form the reader accepts (or refuses), through the fast path
/// (only the cells the `RK_` names point to) and the full read (every cell of every sheet): both
/// find the same cell for the answer, or both find none.
@Suite struct AnchorNotationTests {
    /// One definition of `RK_M1` as written in workbook.xml; `{M1}`, `{M2}` stand for the rows of
    /// those answers on the answer sheet.
    struct Name: Sendable, CustomTestStringConvertible {
        var refersTo: String
        var localSheetId: Int? = nil
        var hidden = false
        var testDescription: String {
            refersTo + (localSheetId.map { " (local to sheet \($0))" } ?? "") + (hidden ? " (hidden)" : "")
        }
    }
    static func global(_ r: String) -> Name { Name(refersTo: r) }
    static func local(_ sheet: Int, _ r: String) -> Name { Name(refersTo: r, localSheetId: sheet) }
    static func hidden(_ r: String) -> Name { Name(refersTo: r, hidden: true) }

    // (answer sheet's name, the definitions of RK_M1, whose answer cell they lead to; nil: none)
    @Test(arguments: [
        ("回答", [global("回答!$D${M1}")], "M1"),
        ("回答", [global("'回答'!$D${M1}")], "M1"),
        ("回答", [global("回答!D{M1}")], "M1"),
        ("回答", [global("回答!$D{M1}")], "M1"),
        ("回答", [global("回答!D${M1}")], "M1"),
        ("回答", [global("回答!$d${M1}")], "M1"),
        ("回答", [global("回答!$D$0{M1}")], "M1"),
        ("回答", [global("=回答!$D${M1}")], "M1"),
        ("回答", [global(" 回答!$D${M1} ")], "M1"),
        ("回答", [global("回答!$D${M1}:$D${M1}")], "M1"),
        ("回答", [global("回答!$D${M1}:$D${M2}")], nil),
        ("回答", [global("回答!$D${M1},回答!$D${M2}")], nil),
        ("My Sheet", [global("'My Sheet'!$D${M1}")], "M1"),
        ("My Sheet", [global("My Sheet!$D${M1}")], nil),
        ("回答 (2)", [global("'回答 (2)'!$D${M1}")], "M1"),
        ("It's", [global("'It''s'!$D${M1}")], "M1"),
        ("It's", [global("'It's'!$D${M1}")], nil),
        ("Answer", [global("answer!$D${M1}")], "M1"),
        ("回答", [global("#REF!")], nil),
        ("回答", [global("回答!#REF!")], nil),
        ("回答", [global("'回答'!#REF!")], nil),
        ("回答", [global("[1]回答!$D${M1}")], nil),
        ("回答", [global("'[外部.xlsx]回答'!$D${M1}")], nil),
        ("回答", [global("回答:回答!$D${M1}")], nil),
        ("回答", [global("他!$D${M1}")], nil),
        ("回答", [global("SUM(回答!$D${M1})")], nil),
        ("回答", [global("回答!$D$0")], nil),
        ("回答", [global("回答!$XFE${M1}")], nil),
        ("回答", [global("回答!$D${M2}"), local(0, "回答!$D${M1}")], "M2"),
        ("回答", [local(0, "回答!$D${M1}"), global("回答!$D${M2}")], "M2"),
        ("回答", [local(1, "回答!$D${M2}"), local(0, "回答!$D${M1}")], "M1"),
        ("回答", [local(0, "回答!$D${M1}"), local(0, "回答!$D${M2}")], "M1"),
        ("回答", [global("回答!#REF!"), local(0, "回答!$D${M1}")], nil),
        ("回答", [global("回答!$D${M1}"), global("回答!$D${M2}")], "M1"),
        ("回答", [hidden("回答!$D${M1}")], "M1"),
        ("回答", [hidden("回答!$D${M2}"), local(0, "回答!$D${M1}")], "M2"),
    ] as [(String, [Name], String?)])
    func fastPathAndFullReadFindTheSameCell(_ sheet: String, _ names: [Name], _ marks: String?) throws {
        var wb = TestWorkbook(.muni, code: "131016", TestData.validMuni())
        wb.sheetName = sheet
        // Only the names under test lead anywhere: no template names, no id column to fall back on.
        wb.definedNames = false
        wb.idColumn = false
        let rows = ["{M1}": String(wb.row("M1")), "{M2}": String(wb.row("M2"))]
        wb.scopedNames = names.map { n in
            (Anchor.definedName(question: "M1"), rows.reduce(n.refersTo) { $0.replacingOccurrences(of: $1.key, with: $1.value) },
             n.localSheetId, n.hidden)
        }
        let bytes = wb.bytes
        let fast = try WorkbookLoading.snapshot(bytes: bytes, limits: .default, complete: false)
        let full = try WorkbookLoading.snapshot(bytes: bytes, limits: .default)
        let meta = try Identify.meta(of: full, codebook: TestData.codebook).get()
        let fastCell = Extract.answers(of: wb.form, in: fast, meta: meta).cell("M1")
        let fullCell = Extract.answers(of: wb.form, in: full, meta: meta).cell("M1")
        #expect(fastCell == fullCell)
        if let marks {
            guard case .s(let text)? = wb.answers[marks] else { Issue.record("no text answer for \(marks)"); return }
            #expect(fullCell == ExtractedCell(sheet: sheet, ref: CellRef("D\(wb.row(marks))")!, raw: .text(text)))
        } else {
            #expect(fullCell == nil)
        }
    }
}
