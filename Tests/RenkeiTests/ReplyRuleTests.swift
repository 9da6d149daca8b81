import Foundation
import RenkeiRun
import Simulate
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// The reply rules of issue 19 through the built `renkei` binary, night after night: the latest
    /// reply wins whatever the file names, a formula without its result is refused saying so, the
    /// contractor's CP932 CSV is read (another encoding refused naming the accepted ones), and a
    /// corrected guard question re-validates its follow-up.
    @Suite struct ReplyRules {
        typealias Query = E2E.QueryLoop.Query
        let cb = Codebook.r5
        static let script = E2E.QueryLoop.script

        func question(_ q: Query) -> Question? { Respondent(key: q.respondent).flatMap { cb.form($0.form)?.question(q.question) } }

        /// One night through the binary; the published folder.
        static func night(_ inbox: String, _ out: String) throws -> String {
            let o = try Run.renkei(["run", "--inbox", inbox, "--out", out])
            try #require(o.status == 0 || o.status == 1, "renkei run exited \(o.status): \(o.stderr)")
            return try #require(latestFolder(out))
        }

        /// A reply written with openpyxl from a published query workbook (fill_query_reply.py).
        static func fill(_ query: String, _ out: String, _ rows: [[String: Any]]) throws {
            try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let spec = Temp.dir("reply-rule-spec") + "/spec.json"
            try JSONSerialization.data(withJSONObject: ["query": query, "out": out, "rows": rows]).write(to: URL(fileURLWithPath: spec))
            let py = try Run.shell("python3 \(shellQuote(E2E.QueryLoop.script)) \(shellQuote(spec))")
            try #require(py.status == 0, "fill_query_reply.py: \(py.stderr)")
        }

        static func answer(_ run: String, _ who: Respondent, _ question: String) throws -> [String: String]? {
            try CSVFile.rows(run + "/answers.csv").first {
                $0["団体コード"] == who.code && $0["form"] == who.form.rawValue && $0["設問ID"] == question
                    && ($0["コーディネーター番号"] ?? "") == (who.coordinatorNumber.map(String.init) ?? "")
            }
        }

        /// Night 1 answers a query; night 2 the office changes its mind in a file whose name sorts
        /// first (…_再回答 before …_回答) and that was made from night 1's workbook: the later reply
        /// replaces the applied one, both stay in the audit trail. A formula saved without its result
        /// is refused saying so.
        @Test func latestReplyWinsAcrossNightsAndAFormulaWithoutResultIsRefused() throws {
            try E2E.QueryLoop.python()
            let inbox = Temp.dir("reply-latest-inbox"), out = Temp.dir("reply-latest-out")
            #expect(try Run.shell("cp -R \(shellQuote(Inboxes.faulty.inbox))/. \(shellQuote(inbox))/").status == 0)
            let run1 = try Self.night(inbox, out)
            let pref = E2E.QueryLoop.prefecture
            let workbook = run1 + "/\(QueryForm.folder)/\(pref).xlsx"
            let queries = try E2E.QueryLoop.queries(workbook)
            let q = try #require(queries.first { $0.rule == "required" && question($0)?.type == .single && (question($0)?.options.count ?? 0) >= 2 })
            let f = try #require(queries.first { $0.respondent != q.respondent && question($0)?.type == .integer })
            let options = try #require(question(q)?.options)
            let who = try #require(Respondent(key: q.respondent))

            try Self.fill(workbook, inbox + "/疑義照会回答/\(pref)_回答.xlsx", [
                ["row": q.row, "action": "修正する", "value": options[0].label, "by": "島根 花子", "on": "2026-12-01"],
                ["row": f.row, "action": "修正する", "value": "=2+3", "by": "島根 花子", "on": "2026-12-01"],
            ])
            let run2 = try Self.night(inbox, out)
            #expect(try Self.answer(run2, who, q.question)?["回答"] == options[0].label)
            let c2 = try CSVFile.rows(run2 + "/corrections.csv")
            #expect(c2.first { $0["respondent"] == q.respondent && $0["question_id"] == q.question }?["outcome"] == "applied")
            let formula = try #require(c2.first { $0["respondent"] == f.respondent && $0["question_id"] == f.question })
            #expect(formula["outcome"] == "refused" && formula["理由"]?.contains("数式") == true
                    && formula["理由"]?.contains("計算結果が保存されていません") == true, "\(formula)")
            #expect(try Self.answer(run2, try #require(Respondent(key: f.respondent)), f.question)?["修正"] == "")

            // The next night: second thoughts, on night 1's workbook, in a file whose name sorts first.
            try Self.fill(workbook, inbox + "/疑義照会回答/\(pref)_再回答.xlsx", [
                ["row": q.row, "action": "修正する", "value": options[1].label, "by": "島根 花子", "on": "2026-12-02"],
            ])
            let run3 = try Self.night(inbox, out)
            let now = try #require(try Self.answer(run3, who, q.question))
            #expect(now["回答"] == options[1].label && now["修正"] == "照会回答", "\(now)")
            let c3 = try CSVFile.rows(run3 + "/corrections.csv").filter { $0["respondent"] == q.respondent && $0["question_id"] == q.question }
            let first = try #require(c3.first { $0["ファイル"]?.hasSuffix("_回答.xlsx") == true })
            let second = try #require(c3.first { $0["ファイル"]?.hasSuffix("_再回答.xlsx") == true })
            #expect(c3.count == 2)
            #expect(second["outcome"] == "applied" && second["修正後の値"] == options[1].label, "\(second)")
            #expect(first["outcome"] == "superseded" && first["理由"]?.contains("後の回答") == true
                    && first["理由"]?.contains("_再回答.xlsx") == true, "\(first)")
            // Both in the prefecture's 修正履歴; the change report counts the new correction.
            let history = try Workbook(path: run3 + "/prefectures/\(pref).xlsx").worksheet(named: "修正履歴").cells.map(\.text)
            #expect(history.contains(options[0].label) && history.contains(options[1].label) && history.contains("後の回答で置換"))
            #expect(try RunJSON.load(run3).changes?["corrections_applied"] == 1)
        }

        /// The contractor's corrections saved by Excel on Japanese Windows (CP932) are read, 備考 and all;
        /// a UTF-16 file is refused naming the accepted encodings.
        @Test func contractorCSVInCP932IsReadAndUTF16Refused() throws {
            let inbox = Temp.dir("reply-cp932-inbox"), out = Temp.dir("reply-cp932-out")
            #expect(try Run.shell("cp -R \(shellQuote(Inboxes.faulty.inbox))/. \(shellQuote(inbox))/").status == 0)
            let run1 = try Self.night(inbox, out)
            let queries = try E2E.QueryLoop.queries(run1 + "/\(QueryForm.folder)/\(E2E.QueryLoop.prefecture).xlsx")
            let q = try #require(queries.first { $0.rule == "required" && question($0)?.type == .single })
            let label = try #require(question(q)?.options.last?.label)
            let who = try #require(Respondent(key: q.respondent))
            let csv = "respondent,question_id,rule_id,対応,修正後の値,回答者,回答日,備考\r\n"
                + "\(q.respondent),\(q.question),\(q.rule),修正する,\(label),事務局 山田,2026-12-01,電話で確認（担当：松江）\r\n"
            try FileManager.default.createDirectory(atPath: inbox + "/corrections", withIntermediateDirectories: true)
            let cp932 = try #require(csv.data(using: .shiftJIS))
            #expect(String(data: cp932, encoding: .utf8) == nil, "the fixture must not be valid UTF-8")
            try cp932.write(to: URL(fileURLWithPath: inbox + "/corrections/2026-12-01.csv"))
            var utf16 = Data([0xFF, 0xFE])
            utf16.append(try #require(csv.data(using: .utf16LittleEndian)))
            try utf16.write(to: URL(fileURLWithPath: inbox + "/corrections/2026-12-01_utf16.csv"))

            let run2 = try Self.night(inbox, out)
            let row = try #require(try CSVFile.rows(run2 + "/corrections.csv").first { $0["ファイル"] == "corrections/2026-12-01.csv" })
            #expect(row["種別"] == "事務局修正" && row["outcome"] == "applied" && row["修正後の値"] == label, "\(row)")
            #expect(try Self.answer(run2, who, q.question).map { [$0["回答"], $0["修正"]] } == [label, "事務局修正"])
            let note = try Workbook(path: run2 + "/prefectures/\(E2E.QueryLoop.prefecture).xlsx").worksheet(named: "修正履歴").cells.map(\.text)
            #expect(note.contains("電話で確認（担当：松江）"))
            let ledger = try CSVFile.rows(run2 + "/ledger.csv")
            let refused = try #require(ledger.first { $0["ファイル"] == "corrections/2026-12-01_utf16.csv" })
            #expect(refused["状態コード"] == "rejected" && refused["理由"]?.contains("UTF-8") == true
                    && refused["理由"]?.contains("CP932") == true, "\(refused)")
        }

        /// A guard question corrected through a reply re-validates its follow-up. Three municipalities
        /// sent their guard blank (written out of clean forms here): corrected to the answer that asks the
        /// follow-up, a blank follow-up becomes 無回答 with its own query, a written one is counted; corrected
        /// to another answer, the follow-up stays 非該当.
        @Test func correctingAGuardQuestionReValidatesItsFollowUp() throws {
            try E2E.QueryLoop.python()
            let sim = Temp.dir("reply-guard-sim")
            let key = try Simulation.write(Simulation.plan(SimulationOptions(seed: 11, prefectures: ["31", "32"], scale: 1, rates: .none, codebook: cb)),
                                           to: URL(fileURLWithPath: sim))
            let inbox = sim + "/inbox", out = Temp.dir("reply-guard-out")
            let form = try #require(cb.municipalityForm)
            let munis = key.respondents.filter { $0.form == form.id.rawValue }
            func holds(_ r: AnswerKey.RespondentKey, _ f: Question) -> Bool { f.condition?.holds(in: r.truth.mapValues(\.answerValue)) ?? false }
            // A required single-choice guard with a required follow-up it asks on one answer, held by two municipalities.
            let pair = form.questions.lazy.compactMap { g -> (Question, Question)? in
                guard g.type == .single, g.required, g.isTabulated,
                      let f = form.questions.first(where: { $0.condition?.question == g.id && $0.condition?.op == .equals
                          && $0.required && $0.isTabulated && $0.type != .multi }),
                      munis.filter({ holds($0, f) }).count >= 2, munis.contains(where: { !holds($0, f) }) else { return nil }
                return (g, f)
            }.first
            let (g, f) = try #require(pair, "no guard with a follow-up asked of two municipalities")
            let asks = try #require(g.options.first { $0.code == f.condition?.option })
            let other = try #require(g.options.first { $0.code != asks.code })
            let asked = munis.filter { holds($0, f) }
            let (blankFollowUp, writtenFollowUp) = (asked[0], asked[1])
            let notAsked = try #require(munis.first { !holds($0, f) })
            // The guard left blank (and, for the first, the follow-up too), as a municipality might send it.
            let edits: [[String: Any]] = [(blankFollowUp, [g.id, f.id]), (writtenFollowUp, [g.id]), (notAsked, [g.id])].map { r, blank in
                ["path": inbox + "/" + r.file, "member": NSNull(), "cells": Dictionary(uniqueKeysWithValues: blank.map { ($0, NSNull()) })]
            }
            let spec = Temp.dir("reply-guard-edits") + "/edits.json"
            try JSONSerialization.data(withJSONObject: edits).write(to: URL(fileURLWithPath: spec))
            let py = try Run.shell("python3 \(shellQuote(E2E.ReplyProperties.script)) --rewrite \(shellQuote(spec))")
            try #require(py.status == 0, "fuzz_query_replies.py --rewrite: \(py.stderr)")

            let run1 = try Self.night(inbox, out)
            let workbook = run1 + "/\(QueryForm.folder)/" + (try #require(listing(run1 + "/" + QueryForm.folder).first { $0.hasPrefix("31_") }))
            let queries = try E2E.QueryLoop.queries(workbook)
            func query(_ r: AnswerKey.RespondentKey) throws -> Query {
                try #require(queries.first { $0.respondent == r.respondent && $0.question == g.id && $0.rule == "required" }, "no query on \(r.respondent)'s blank \(g.id)")
            }
            for r in [blankFollowUp, writtenFollowUp, notAsked] {
                let who = try #require(Respondent(key: r.respondent))
                #expect(try Self.answer(run1, who, f.id)?["状態"] == "非該当", "\(r.respondent) \(f.id) before the reply")
            }
            try Self.fill(workbook, inbox + "/疑義照会回答/31_回答.xlsx", [
                ["row": try query(blankFollowUp).row, "action": "修正する", "value": asks.label, "on": "2026-12-01"],
                ["row": try query(writtenFollowUp).row, "action": "修正する", "value": asks.label, "on": "2026-12-01"],
                ["row": try query(notAsked).row, "action": "修正する", "value": other.label, "on": "2026-12-01"],
            ])
            let run2 = try Self.night(inbox, out)
            let corrections = try CSVFile.rows(run2 + "/corrections.csv")
            #expect(corrections.count == 3 && corrections.allSatisfy { $0["outcome"] == "applied" }, "\(corrections.map { [$0["outcome"] ?? "", $0["理由"] ?? ""] })")
            let issues = try CSVFile.rows(run2 + "/issues.csv")
            func issue(_ r: AnswerKey.RespondentKey, _ q: Question, _ rule: String) -> [String: String]? {
                issues.first { $0["団体コード"] == r.code && $0["調査票ID"] == r.form && $0["設問ID"] == q.id && $0["ルールID"] == rule }
            }
            // Asked now and blank: 無回答, its blank asked about tonight and in the next query workbook.
            let a = try #require(Respondent(key: blankFollowUp.respondent))
            #expect(try Self.answer(run2, a, f.id)?["状態"] == "無回答")
            #expect(issue(blankFollowUp, f, "required")?["状態"] == "照会中", "\(String(describing: issue(blankFollowUp, f, "required")))")
            let next = try E2E.QueryLoop.queries(run2 + "/\(QueryForm.folder)/" + URL(fileURLWithPath: workbook).lastPathComponent)
            #expect(next.contains { $0.respondent == blankFollowUp.respondent && $0.question == f.id && $0.rule == "required" })
            // Asked now and written: counted as written (it was 非該当 while the guard was blank).
            let b = try #require(Respondent(key: writtenFollowUp.respondent))
            let counted = try #require(try Self.answer(run2, b, f.id))
            #expect(counted["状態"] == "回答" && issue(writtenFollowUp, f, "not-asked")?["状態"] != "照会中", "\(counted)")
            // Not asked: stays 非該当, nothing asked about it.
            let c = try #require(Respondent(key: notAsked.respondent))
            #expect(try Self.answer(run2, c, f.id)?["状態"] == "非該当")
            #expect(try Self.answer(run2, c, g.id)?["回答"] == other.label)
            #expect(issue(notAsked, f, "required") == nil)
        }
    }
}
