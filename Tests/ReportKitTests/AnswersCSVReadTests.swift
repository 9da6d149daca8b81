import Foundation
import Ingest
import ReportKit
import SurveyModel
import Tabulate
import Testing

/// answers.csv is written and read back (`--previous`) through one definition of its columns and states.
@Suite struct AnswersCSVRead {
    @Test func whatIsWrittenReadsBackRowForRow() throws {
        let text = AnswersCSV.render(codebook: Fixture.codebook, responses: Fixture.responses)
        let rows = try AnswersCSV.read(text)
        var expected: [(String, String, PreviousAnswer.State, [Int])] = []
        for r in Fixture.responses.sorted(by: { $0.respondent < $1.respondent }) {
            guard let form = Fixture.codebook.form(r.respondent.form) else { continue }
            for q in form.questions where q.isTabulated && !q.pii {
                let a = r.answers[q.id]
                let codes: [Int] = switch a {
                case .single(let c)?: [c]
                case .multi(let cs)?: cs
                default: []
                }
                expected.append((r.respondent.code, q.id, a != nil ? .answered : r.isAsked(q) ? .blank : .notAsked, codes))
            }
        }
        #expect(rows.count == expected.count && !rows.isEmpty)
        for (row, e) in zip(rows, expected) {
            #expect(row.code == e.0 && row.questionID == e.1 && row.state == e.2 && row.codes == e.3, "\(row) vs \(e)")
        }
    }

    @Test func anOlderFileWithoutTheCorrectionColumnStillReads() throws {
        let text = "form,団体コード,都道府県コード,コーディネーター番号,設問ID,状態,選択肢コード,回答\r\nMUNI,131016,13,,M2,回答,1,はい\r\n"
        let rows = try AnswersCSV.read(text)
        #expect(rows.count == 1 && rows[0].state == .answered && rows[0].codes == [1] && rows[0].labels == ["はい"])
    }

    @Test func anUnknownStateOrMissingColumnIsSaidInWords() {
        #expect(throws: AnswersCSV.ReadFailure.self) { try AnswersCSV.read("form,団体コード\r\nMUNI,131016\r\n") }
        let bad = "form,団体コード,都道府県コード,コーディネーター番号,設問ID,状態,選択肢コード,回答\r\nMUNI,131016,13,,M2,たぶん,1,はい\r\n"
        do { _ = try AnswersCSV.read(bad); Issue.record("an unknown 状態 was accepted") }
        catch { #expect(error.description.contains("たぶん")) }
    }
}
