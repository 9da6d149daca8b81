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
        Case(row: "MUNI:131016,M2_2,range,修正する,200,事務局 山田,2023-10-02,", outcome: .invalid, answer: nil, status: .corrected),
        Case(row: "MUNI:131016,M2_2,range,このままで正しい,,事務局 山田,2023-10-02,", outcome: .confirmed, answer: nil, status: .confirmed),
        Case(row: "MUNI:131016,M2_2,range,その他,,事務局 山田,2023-10-02,確認中", outcome: .pending, answer: nil, status: .open),
        Case(row: "MUNI:999999,M2_2,range,修正する,12,事務局 山田,2023-10-02,", outcome: .stale, answer: nil, status: .open),
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
        if c.outcome == .invalid {
            let raised = try #require(r.issues.first { $0.input.path.hasPrefix("corrections/") })
            #expect(raised.rule == .range && raised.value == "200" && raised.status == .open)
        }
    }

    @Test func aCSVWithoutTheColumnsIsRejectedWithWhatToDo() {
        let r = Ingestion.ingest(inputs: [(InputID(path: "corrections/x.csv"), Array("a,b\r\n1,2\r\n".utf8), nil)], options: TestData.options)
        #expect(r.ledger.first?.state == .rejected)
        #expect(r.ledger.first?.reason.code == "corrections-without-header")
    }
}
