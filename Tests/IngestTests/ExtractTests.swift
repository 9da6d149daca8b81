import Foundation
import Testing
@testable import Ingest
import SurveyModel

/// Anchors survive what respondents do to a form: inserted rows, renamed sheets, tools that drop
/// defined names, inline strings instead of shared strings.
@Suite struct ExtractTests {
    func answers(_ wb: TestWorkbook) -> [String: AnswerValue]? {
        TestData.ingest([("m.xlsx", wb)]).responses.first?.answers
    }

    var base: TestWorkbook { TestWorkbook(.muni, code: "131016", TestData.validMuni()) }
    var expected: [String: AnswerValue]? { answers(base) }

    @Test func insertedRowsShiftAnchors() throws {
        var wb = base; wb.rowsInsertedAbove = 7
        let r = TestData.ingest([("m.xlsx", wb)])
        #expect(r.issues.isEmpty)
        #expect(r.responses.first?.answers == expected)
        #expect(r.forms.first?.cell("M1", codebook: .r5)?.ref.a1 == "D\(5 + 7 + 7)")
    }

    @Test func renamedSheetsAreFollowedThroughDefinedNames() {
        var wb = base; wb.sheetName = "回答 (2)"; wb.metaSheetName = "Sheet9"
        #expect(answers(wb) == expected)
    }

    @Test func missingDefinedNamesFallBackToTheIdColumn() {
        var wb = base; wb.definedNames = false; wb.rowsInsertedAbove = 3; wb.sheetName = "記入"
        #expect(answers(wb) == expected)
    }

    @Test func refErrorNameFallsBackToTheIdColumn() {
        var wb = base; wb.definedNames = false; wb.extraNames = [("RK_M1", "#REF!")]
        #expect(answers(wb)?["M1"] == .single(2))
    }

    @Test func inlineStringsReadTheSame() {
        var wb = base; wb.inlineStrings = true
        #expect(answers(wb) == expected)
    }

    @Test func metaSheetFoundByMarkerWhenRenamed() throws {
        let snapshot = WorkbookSnapshot(sheets: [.init(name: "xyz", cells: [
            "A1": .text("renkei:meta"), "A2": .text("form_id"), "B2": .text("COORD"), "A3": .text("codebook_id"),
            "B3": .text("zaitaku-renkei"), "A4": .text("codebook_version"), "B4": .text("R5.1"),
            "A5": .text("answer_column"), "B5": .text("d"), "A6": .text("coordinator_number"), "B6": .number(3)])])
        let meta = try Identify.meta(of: snapshot, codebook: TestData.codebook).get()
        #expect(meta.formID == .coord); #expect(meta.answerColumn == "D"); #expect(meta.coordinatorNumber == 3)
        #expect(meta.sheetName == "xyz"); #expect(meta.code == nil)
    }

    @Test func noMetaIsNotASurveyForm() {
        let s = WorkbookSnapshot(sheets: [.init(name: "Sheet1", cells: ["A1": .text("hello")])])
        #expect(throws: RejectReason.notASurveyForm) { try Identify.meta(of: s, codebook: TestData.codebook).get() }
    }

    @Test func otherCodebookVersionIsRejectedWithWhatToDo() throws {
        var wb = base; wb.codebookVersion = "R4.1"
        let r = TestData.ingest([("old.xlsx", wb)])
        #expect(r.ledger.first?.state == .rejected)
        #expect(r.ledger.first?.reason.code == "other-version")
        #expect(r.ledger.first?.reason.message.hasPrefix("この調査票は別の版（zaitaku-renkei R4.1") == true)
    }
}
