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
        #expect(r.forms.first?.answers["M1"]?.cells.first?.ref == "D\(5 + 7 + 7)")
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

    @Test func definedNameResolution() {
        #expect(Extract.resolve(refersTo: "'回答 (2)'!$D$12")! == ("回答 (2)", "D12"))
        #expect(Extract.resolve(refersTo: "=回答!$D$12:$D$12")! == ("回答", "D12"))
        #expect(Extract.resolve(refersTo: "'it''s'!D3")! == ("it's", "D3"))
        #expect(Extract.resolve(refersTo: "回答!#REF!") == nil)
        #expect(Extract.resolve(refersTo: "[1]回答!$D$1") == nil)
        #expect(Extract.resolve(refersTo: "回答!$D$1:$D$5") == nil)
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

/// The byte-level resolver of the fast path, at the edges a respondent's office software reaches.
@Suite struct CellResolverTests {
    @Test func resolvesToZeroBasedPositions() {
        var r = Extract.CellResolver()
        #expect(r.resolve("'回答'!$D$12")! == ("回答", 11, 3))
        #expect(r.resolve(" =回答!d12 ")! == ("回答", 11, 3))
        #expect(r.resolve("'it''s'!$XFD$1048576")! == ("it's", 1_048_575, 16_383))
    }

    @Test func refusesWhatIsNotOneCellOnTheGrid() {
        var r = Extract.CellResolver()
        for text in ["回答!$XFE$1", "回答!A1048577", "回答!A0", "#REF!", "回答!#REF!", "[1]回答!A1",
                     "回答!A1:B2", "回答", "回答!", "回答!1A", "回答!$A$1+1"] {
            #expect(r.resolve(text) == nil, "\(text)")
        }
    }

    @Test func aSheetNameIsReusedOnlyWhileItIsTheSame() {
        var r = Extract.CellResolver()
        #expect(r.resolve("'回答'!A1")!.sheet == "回答")
        #expect(r.resolve("'回答 (2)'!A1")!.sheet == "回答 (2)")
        #expect(r.resolve("回答!A1")!.sheet == "回答")
    }
}
