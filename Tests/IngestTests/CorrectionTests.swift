import Foundation
import Testing
@testable import Ingest
import SurveyModel

/// The contractor's corrections (`corrections/*.csv`): applied like a reply, validated by the kind.
@Suite struct CorrectionTests {
    static let header = "respondent,question_id,rule_id,対応,修正後の値,回答者,回答日,備考\r\n"

    /// A form with M2_2 out of range (120), then a corrections file with one row.
    func run(_ row: String, file: String = "corrections/2023-10-02.csv") -> IngestResult {
        var a = TestData.validMuni()
        a["M2_2"] = .n(120)
        let form = TestWorkbook(.muni, code: "131016", a)
        return Ingestion.ingest(inputs: [(InputID(path: "m.xlsx"), form.bytes, nil),
                                         (InputID(path: file), Array((Self.header + row + "\r\n").utf8), nil)],
                                options: TestData.options)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let row: String
        let outcome: Correction.Outcome
        let answer: AnswerValue?
        let status: IssueStatus
        var testDescription: String { row }
    }

    @Test(arguments: [
        Case(row: "MUNI:131016,M2_2,range,修正する,12,事務局 山田,2023-10-02,電話で確認", outcome: .applied, answer: .integer(12), status: .corrected),
        Case(row: "MUNI:131016,M2_2,,修正する,１２回,事務局 山田,2023-10-02,", outcome: .applied, answer: .integer(12), status: .corrected),
        Case(row: "MUNI:131016,M2_2,range,修正する,200,事務局 山田,2023-10-02,", outcome: .refused, answer: nil, status: .open),
        // An エラー cannot be confirmed as right (the codebook marks no rule confirmable).
        Case(row: "MUNI:131016,M2_2,range,このままで正しい,,事務局 山田,2023-10-02,", outcome: .refused, answer: nil, status: .open),
        Case(row: "MUNI:131016,M2_2,range,その他,,事務局 山田,2023-10-02,確認中", outcome: .pending, answer: nil, status: .open),
        Case(row: "MUNI:999999,M2_2,range,修正する,12,事務局 山田,2023-10-02,", outcome: .refused, answer: nil, status: .open),
    ])
    func correctionIsAppliedLikeAReturnedCell(_ c: Case) throws {
        let r = run(c.row)
        let correction = try #require(r.corrections.first)
        #expect(r.corrections.count == 1)
        #expect(correction.outcome == c.outcome, "\(correction.reason)")
        #expect(correction.kind == .contractor && correction.by == "事務局 山田" && correction.row == 2)
        #expect(r.responses.first?.answers["M2_2"] == c.answer)
        let original = try #require(r.issues.first { $0.rule == .range && $0.input.path == "m.xlsx" })
        #expect(original.status == c.status)
        // The corrections file is an accepted input of its own.
        let entry = try #require(r.ledger.first { $0.input.path.hasPrefix("corrections/") })
        #expect(entry.state == .accepted && entry.reason.code == "query-reply")
        // An invalid corrected value changes nothing: no answer, no issue moves, the row says why.
        #expect(!r.issues.contains { $0.input.path.hasPrefix("corrections/") })
        if c.row.contains(",200,") { #expect(correction.reason.contains("200") && correction.reason.contains("そのまま")) }
    }

    /// What Excel on Japanese Windows saves as "CSV": CP932, read like UTF-8 with or without BOM.
    @Test(arguments: ["utf8", "bom", "cp932"])
    func encodings(_ encoding: String) throws {
        let text = Self.header + "MUNI:131016,M2_2,range,修正する,１２,事務局 山田,2023-10-02,電話で確認\r\n"
        let bytes: [UInt8] = switch encoding {
        case "bom": [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case "cp932": Array(try #require(text.data(using: .shiftJIS)))
        default: Array(text.utf8)
        }
        var a = TestData.validMuni()
        a["M2_2"] = .n(120)
        let r = Ingestion.ingest(inputs: [(InputID(path: "m.xlsx"), TestWorkbook(.muni, code: "131016", a).bytes, nil),
                                          (InputID(path: "corrections/x.csv"), bytes, nil)], options: TestData.options)
        let c = try #require(r.corrections.first)
        #expect(c.outcome == .applied && c.note == "電話で確認" && c.by == "事務局 山田", "\(c)")
        #expect(r.responses.first?.answers["M2_2"] == .integer(12))
    }

    @Test func anotherEncodingIsRefusedNamingTheAcceptedOnes() {
        let utf16: [UInt8] = [0xFF, 0xFE] + Self.header.utf16.flatMap { u -> [UInt8] in [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let r = Ingestion.ingest(inputs: [(InputID(path: "corrections/x.csv"), utf16, nil)], options: TestData.options)
        #expect(r.ledger.first?.state == .rejected && r.ledger.first?.reason.code == "corrections-encoding")
        #expect(r.ledger.first?.reason.message.contains("UTF-8") == true && r.ledger.first?.reason.message.contains("CP932") == true)
    }

    /// Two rows of one file on the same question saying different things: neither wins, both name each other.
    @Test func conflictingRowsInOneFileAreBothRefusedNamingBoth() throws {
        let r = run("MUNI:131016,M2_2,range,修正する,12,事務局 山田,2023-10-02,\r\nMUNI:131016,M2_2,range,修正する,15,事務局 山田,2023-10-02,")
        #expect(r.corrections.count == 2)
        for c in r.corrections { #expect(c.outcome == .refused && c.reason.contains("2行目と3行目"), "\(c.reason)") }
        #expect(r.responses.first?.answers["M2_2"] == nil)
        // An identical copy is no conflict: one applied, the other superseded as a duplicate.
        let d = run("MUNI:131016,M2_2,range,修正する,12,事務局 山田,2023-10-02,\r\nMUNI:131016,M2_2,range,修正する,12,事務局 山田,2023-10-02,")
        #expect(d.corrections.map(\.outcome) == [.superseded, .applied], "\(d.corrections.map(\.reason))")
        #expect(d.responses.first?.answers["M2_2"] == .integer(12))
    }

    /// With `confirmable_rules: [range]` the same confirmation closes the error as 確認済み.
    @Test func aConfirmableRuleCanBeConfirmed() throws {
        var options = TestData.options
        options.codebook.confirmableRules = ["range"]
        var a = TestData.validMuni()
        a["M2_2"] = .n(120)
        let csv = Self.header + "MUNI:131016,M2_2,range,このままで正しい,,事務局 山田,2023-10-02,\r\n"
        let r = Ingestion.ingest(inputs: [(InputID(path: "m.xlsx"), TestWorkbook(.muni, code: "131016", a).bytes, nil),
                                          (InputID(path: "corrections/x.csv"), Array(csv.utf8), nil)], options: options)
        #expect(r.corrections.first?.outcome == .confirmed)
        #expect(r.issues.first { $0.rule == .range }?.status == .confirmed)
    }

    @Test func aCSVWithoutTheColumnsIsRejectedWithWhatToDo() {
        let r = Ingestion.ingest(inputs: [(InputID(path: "corrections/x.csv"), Array("a,b\r\n1,2\r\n".utf8), nil)], options: TestData.options)
        #expect(r.ledger.first?.state == .rejected)
        #expect(r.ledger.first?.reason.code == "corrections-without-header")
    }
}

/// A correction is an answer: the whole form is checked again with it (issue 19).
@Suite struct CorrectionRecheckTests {
    func run(_ a: [String: TestWorkbook.V], _ rows: String, _ form: FormID = .muni) -> IngestResult {
        Ingestion.ingest(inputs: [(InputID(path: "f.xlsx"), TestWorkbook(form, code: "131016", a).bytes, nil),
                                  (InputID(path: "corrections/c.csv"), Array((CorrectionTests.header + rows + "\r\n").utf8), nil)],
                         options: TestData.options)
    }

    @Test func aCorrectedGuardMakesItsFollowUpCount() throws {
        var a = TestData.validMuni()
        a["M2"] = .s("設置していない")          // M2_2 = 4 is then 対象外 (not counted, a warning)
        let r = run(a, "MUNI:131016,M2,,修正する,設置している,事務局,2023-10-02,")
        #expect(r.corrections.first?.outcome == .applied)
        #expect(r.responses.first?.answers["M2_2"] == .integer(4))
        #expect(r.issues.first { $0.question == "M2_2" && $0.rule == .notAsked }?.status == .corrected)
    }

    @Test func aCorrectedGuardOpensTheFollowUpsRequiredWarning() throws {
        let r = run(TestData.validMuni(), "MUNI:131016,M8,,修正する,配置している,事務局,2023-10-02,")
        #expect(r.corrections.first?.outcome == .applied)
        let opened = r.issues.first { $0.question == "M8_1" && $0.rule == .required }
        #expect(opened?.status == .open, "\(r.issues.map { "\($0.question ?? "") \($0.rule) \($0.status)" })")
    }

    @Test func aCorrectionToAQuestionNotAskedIsRefused() throws {
        let r = run(TestData.validMuni(), "MUNI:131016,M8_1,,修正する,3,事務局,2023-10-02,")
        let c = try #require(r.corrections.first)
        #expect(c.outcome == .refused && c.reason.contains("非該当"), "\(c.reason)")
        #expect(r.responses.first?.answers["M8_1"] == nil)
    }

    @Test func aCorrectedTotalThatNoLongerAddsUpIsAskedAgain() throws {
        var a = TestData.validCoord()
        a["COORD_code"] = .s("131016")
        let r = Ingestion.ingest(inputs: [(InputID(path: "f.xlsx"), TestWorkbook(.coord, code: "131016", a).bytes, nil),
                                          (InputID(path: "corrections/c.csv"),
                                           Array((CorrectionTests.header + "COORD:131016#1,C5,,修正する,12,事務局,2023-10-02,\r\n").utf8), nil)],
                                 options: TestData.options)
        #expect(r.corrections.first?.outcome == .applied, "\(r.corrections.map(\.reason))")
        #expect(r.responses.first?.answers["C5"] == .integer(12))
        #expect(r.issues.contains { $0.question == "C5" && $0.rule == .sum && $0.status == .open })
    }
}
