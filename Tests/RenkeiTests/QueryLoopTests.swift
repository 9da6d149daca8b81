import Foundation
import RenkeiRun
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// The season's loop end to end (issue 14): run → a prefecture fills its 疑義照会票 (saved by
    /// openpyxl, not libxlsxwriter) → the reply goes into the inbox → the next run applies it.
    @Suite struct QueryLoop {
        let cb = Codebook.r5
        static let prefecture = "32_島根県"
        static let script = Paths.root.appendingPathComponent("Fixtures/scripts/fill_query_reply.py").path

        /// One query row as the reader sees it, by header.
        struct Query { let row: Int; let fields: [String: String]
            var respondent: String { fields["respondent"] ?? "" }
            var question: String { fields["question_id"] ?? "" }
            var rule: String { fields["rule_id"] ?? "" }
        }

        static func queries(_ path: String) throws -> [Query] {
            let ws = try Workbook(path: path).worksheet(named: QueryForm.sheetName)
            let top = QueryForm.headerRow
            var header: [Int: String] = [:]
            for c in ws.cells where c.ref.row == top { header[c.ref.column] = c.text }
            var rows: [Int: [String: String]] = [:]
            for c in ws.cells where c.ref.row > top { if let h = header[c.ref.column] { rows[c.ref.row, default: [:]][h] = c.text } }
            return rows.keys.sorted().compactMap { r in rows[r]!["respondent"] == nil ? nil : Query(row: r + 1, fields: rows[r]!) }
        }

        /// python3 with openpyxl, installed with pip when missing; a clear failure when impossible.
        static func python() throws {
            if try Run.shell("python3 -c 'import openpyxl'").status == 0 { return }
            _ = try Run.shell("python3 -m pip install --quiet openpyxl")
            guard try Run.shell("python3 -c 'import openpyxl'").status == 0 else {
                throw TestFailure("this test needs python3 with openpyxl (pip install openpyxl) to write the reply as another producer would")
            }
        }

        @Test func repliesAreAppliedWithAnAuditTrail() throws {
            try Self.python()
            let inbox = Temp.dir("query-inbox"), out = Temp.dir("query-out")
            #expect(try Run.shell("cp -R \(shellQuote(Inboxes.faulty.inbox))/. \(shellQuote(inbox))/").status == 0)
            let first = try InProcess.run(inbox: inbox, out: out)
            #expect(first.status == .inputErrors, "\(first.text)")
            let run1 = try #require(latestFolder(out))
            let queryPath = run1 + "/\(QueryForm.folder)/\(Self.prefecture).xlsx"
            let queries = try Self.queries(queryPath)
            #expect(queries.count >= 4, "\(queries.map(\.fields))")
            let rec1 = try RunJSON.load(run1)

            // Four different respondents: a correction, an invalid correction, a confirmation, a stale reply.
            var used: Set<String> = []
            func pick(_ what: String, _ ok: (Query) -> Bool) throws -> Query {
                let q = try #require(queries.first { !used.contains($0.respondent) && ok($0) }, "no query to \(what)")
                used.insert(q.respondent)
                return q
            }
            func question(_ q: Query) -> Question? {
                Respondent(key: q.respondent).flatMap { cb.form($0.form)?.question(q.question) }
            }
            let fix = try pick("correct") { $0.rule == "required" && question($0)?.type == .single }
            let bad = try pick("correct wrongly") { question($0)?.type == .integer }
            let confirm = try pick("confirm") { $0.fields["重要度"] == "確認" }
            let plainFile: (Query) -> String? = { q in rec1.inputs.first { $0.respondent == q.respondent && $0.member == nil && $0.state.hasPrefix("accepted") }?.path }
            let stale = try pick("answer before a resubmission") { plainFile($0) != nil }
            let fixQuestion = try #require(question(fix))
            let fixLabel = fixQuestion.options[0].label
            let fixWho = try #require(Respondent(key: fix.respondent))

            // The 集計 count the correction should move, before.
            let prefBook = "/prefectures/\(Self.prefecture).xlsx"
            let before = try Sheet(run1 + prefBook, "集計")
            let countRow = try #require(before.questionRow(fix.question, fixLabel))
            let countBefore = try #require(before.number(countRow, 2))

            // The prefecture fills its workbook (openpyxl) and the stale respondent resubmits.
            let replyName = "疑義照会回答/\(Self.prefecture)_回答.xlsx"
            try FileManager.default.createDirectory(atPath: inbox + "/疑義照会回答", withIntermediateDirectories: true)
            let stalePath = try #require(plainFile(stale))
            let resent = stalePath.replacingOccurrences(of: ".xlsx", with: "_再送.xlsx")
            let spec: [String: Any] = [
                "query": queryPath, "out": inbox + "/" + replyName,
                "rows": [
                    ["row": fix.row, "action": "修正する", "value": fixLabel, "by": "島根 花子", "on": "2026-11-30"],
                    ["row": bad.row, "action": "修正する", "value": "たくさん", "by": "島根 花子", "on": "2026-11-30"],
                    ["row": confirm.row, "action": "このままで正しい", "by": "島根 花子", "on": "2026-11-30"],
                    ["row": stale.row, "action": "修正する", "value": "1", "by": "島根 花子", "on": "2026-11-30"],
                ],
                "resave": [[inbox + "/" + stalePath, inbox + "/" + resent]],
            ]
            let specPath = Temp.dir("query-spec") + "/spec.json"
            try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: specPath))
            let py = try Run.shell("python3 \(shellQuote(Self.script)) \(shellQuote(specPath))")
            try #require(py.status == 0, "fill_query_reply.py: \(py.stderr)")
            let replyBytes = try Data(contentsOf: URL(fileURLWithPath: inbox + "/" + replyName))

            let second = try InProcess.run(inbox: inbox, out: out)
            #expect(second.status == .inputErrors, "\(second.text)")
            let run2 = try #require(latestFolder(out))
            #expect(run2 != run1)

            // The reply is an input of its own, accepted as 照会回答; the original stays as it came.
            let ledger = try CSVFile.rows(run2 + "/ledger.csv")
            let replyRow = try #require(ledger.first { $0["ファイル"] == replyName })
            #expect(replyRow["状態コード"] == "accepted" && replyRow["理由コード"] == "query-reply", "\(replyRow)")
            #expect(replyRow["理由"]?.contains("修正1件、確認済み1件、修正値に疑義1件、再照会1件") == true, "\(replyRow["理由"] ?? "")")
            #expect(try Data(contentsOf: URL(fileURLWithPath: inbox + "/" + replyName)) == replyBytes)

            // The corrected value is counted and marked in answers.csv.
            let answers = try CSVFile.rows(run2 + "/answers.csv")
            let answer = try #require(answers.first { $0["団体コード"] == fixWho.code && $0["form"] == fixWho.form.rawValue && $0["設問ID"] == fix.question })
            #expect(answer["回答"] == fixLabel && answer["状態"] == "回答" && answer["修正"] == "照会回答", "\(answer)")
            let after = try Sheet(run2 + prefBook, "集計")
            #expect(after.number(try #require(after.questionRow(fix.question, fixLabel)), 2) == countBefore + 1)

            // Issues: corrected, confirmed, a new one on the invalid correction; the stale one still open.
            let issues = try CSVFile.rows(run2 + "/issues.csv")
            func issue(_ q: Query) -> [String: String]? {
                let who = Respondent(key: q.respondent)!
                return issues.first { $0["団体コード"] == who.code && $0["調査票ID"] == who.form.rawValue
                    && $0["設問ID"] == q.question && $0["ルールID"] == q.rule && !($0["ファイル"] ?? "").hasPrefix("疑義照会回答") }
            }
            #expect(issue(fix)?["状態"] == "修正済み")
            #expect(issue(confirm)?["状態"] == "確認済み")
            #expect(issue(bad)?["状態"] == "修正済み")
            #expect(issue(stale)?["状態"] == "照会中")
            let raisedOnReply = issues.filter { $0["ファイル"] == replyName }
            #expect(raisedOnReply.count == 1 && raisedOnReply.first?["設問ID"] == bad.question
                    && raisedOnReply.first?["状態"] == "照会中" && raisedOnReply.first?["記入値"] == "たくさん", "\(raisedOnReply)")

            // The next query workbook asks the new issue and the stale one, not the answered ones.
            let next = try Self.queries(run2 + "/\(QueryForm.folder)/\(Self.prefecture).xlsx")
            let keys = Set(next.map { "\($0.respondent) \($0.question) \($0.rule)" })
            #expect(!keys.contains("\(fix.respondent) \(fix.question) \(fix.rule)"))
            #expect(!keys.contains("\(confirm.respondent) \(confirm.question) \(confirm.rule)"))
            #expect(keys.contains("\(stale.respondent) \(stale.question) \(stale.rule)"))
            #expect(next.contains { $0.respondent == bad.respondent && $0.question == bad.question && $0.fields["記入値"] == "たくさん" })

            // corrections.csv and 修正履歴 list each reply row with its outcome.
            let corrections = try CSVFile.rows(run2 + "/corrections.csv")
            func outcome(_ q: Query) -> [String: String]? { corrections.first { $0["respondent"] == q.respondent && $0["question_id"] == q.question } }
            #expect(outcome(fix)?["outcome"] == "applied" && outcome(fix)?["修正後の値"] == fixLabel && outcome(fix)?["行"] == String(fix.row))
            #expect(outcome(bad)?["outcome"] == "invalid")
            #expect(outcome(confirm)?["outcome"] == "confirmed")
            #expect(outcome(stale)?["outcome"] == "stale" && outcome(stale)?["理由"]?.contains("新しいファイル") == true, "\(outcome(stale) ?? [:])")
            #expect(corrections.count == 4)
            #expect(!corrections.contains { ($0["回答者名"] ?? "").contains("島根 花子") }, "the replier's name stays out of the national CSV")
            let history = try Workbook(path: run2 + prefBook).worksheet(named: "修正履歴")
            let results = history.cells.filter { $0.ref.column == 8 && $0.ref.row > 3 }.map(\.text).sorted()
            #expect(results == ["修正", "修正値に疑義", "再照会", "確認済み"], "\(results)")
            #expect(history.cells.contains { $0.text == "島根 花子" })

            // Counts reconcile, and the change report lists each change.
            let rec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run2 + "/run.json"))) as? [String: Any])
            let states = try #require(rec["issue_states"] as? [String: Int])
            #expect((states["open"] ?? 0) + (states["corrected"] ?? 0) + (states["confirmed"] ?? 0) == states["raised"])
            #expect(states["raised"] == issues.count && states["confirmed"] == 1 && states["corrected"] == 2, "\(states)")
            let changes = try #require(rec["changes"] as? [String: Int])
            #expect(changes["corrections_applied"] == 1 && changes["issues_confirmed"] == 1 && changes["new_files"] == 2, "\(changes)")
            #expect((changes["issues_closed"] ?? 0) >= 2 && (changes["issues_opened"] ?? 0) >= 1, "\(changes)")
            let summary = try #require(try JSONSerialization.jsonObject(with: second.json) as? [String: Any])
            #expect((summary["changes"] as? [String: Int]) == changes)
            let national = try Workbook(path: run2 + "/全国集計.xlsx").worksheet(named: "前回からの変更").cells.map(\.text)
            for label in ["反映した修正", "確認済みになった疑義", "解消した疑義", "新たな疑義", "新しいファイル"] {
                #expect(national.contains(label), "national change sheet lacks \(label)")
            }
            #expect(!national.contains("たくさん") && !national.contains("島根 花子"), "values and names stay out of the national sheet")
            let local = try Workbook(path: run2 + prefBook).worksheet(named: "前回からの変更").cells.map(\.text)
            #expect(local.contains("反映した修正") && local.contains("確認済みになった疑義"))
        }
    }
}
