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
            // By the column each heading names, however a narrow column breaks it into lines.
            for c in ws.cells where c.ref.row == top { header[c.ref.column] = QueryForm.Column(header: c.text)?.header ?? c.text }
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
            let plainFile: (Query) -> String? = { q in rec1.inputs.first { $0.respondent?.description == q.respondent && $0.input.member == nil && $0.state.isAccepted }?.input.path }
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
            #expect(replyRow["理由"]?.contains("修正1件、確認済み1件、反映せず2件、後の回答で置換0件、照会継続0件") == true, "\(replyRow["理由"] ?? "")")
            #expect(try Data(contentsOf: URL(fileURLWithPath: inbox + "/" + replyName)) == replyBytes)

            // The corrected value is counted and marked in answers.csv.
            let answers = try CSVFile.rows(run2 + "/answers.csv")
            let answer = try #require(answers.first { $0["団体コード"] == fixWho.code && $0["form"] == fixWho.form.rawValue && $0["設問ID"] == fix.question })
            #expect(answer["回答"] == fixLabel && answer["状態"] == "回答" && answer["修正"] == "照会回答", "\(answer)")
            let after = try Sheet(run2 + prefBook, "集計")
            #expect(after.number(try #require(after.questionRow(fix.question, fixLabel)), 2) == countBefore + 1)

            // Issues: corrected, confirmed; the invalid correction changes nothing (its issue stays open); the stale one still open.
            let issues = try CSVFile.rows(run2 + "/issues.csv")
            func issue(_ q: Query) -> [String: String]? {
                let who = Respondent(key: q.respondent)!
                return issues.first { $0["団体コード"] == who.code && $0["調査票ID"] == who.form.rawValue
                    && $0["設問ID"] == q.question && $0["ルールID"] == q.rule && !($0["ファイル"] ?? "").hasPrefix("疑義照会回答") }
            }
            #expect(issue(fix)?["状態"] == "修正済み")
            #expect(issue(confirm)?["状態"] == "確認済み")
            #expect(issue(bad)?["状態"] == "照会中")
            #expect(issue(stale)?["状態"] == "照会中")
            let raisedOnReply = issues.filter { $0["ファイル"] == replyName }
            #expect(raisedOnReply.isEmpty, "\(raisedOnReply)")

            // The next query workbook asks the new issue and the stale one, not the answered ones.
            let next = try Self.queries(run2 + "/\(QueryForm.folder)/\(Self.prefecture).xlsx")
            let keys = Set(next.map { "\($0.respondent) \($0.question) \($0.rule)" })
            #expect(!keys.contains("\(fix.respondent) \(fix.question) \(fix.rule)"))
            #expect(!keys.contains("\(confirm.respondent) \(confirm.question) \(confirm.rule)"))
            #expect(keys.contains("\(stale.respondent) \(stale.question) \(stale.rule)"))
            // The refused reply comes back to be answered again, with what was written and why it was not used.
            let again = try #require(next.first { $0.respondent == bad.respondent && $0.question == bad.question && $0.rule == bad.rule })
            #expect(again.fields[QueryForm.Column.previousReply.header]?.contains("たくさん") == true
                    && again.fields[QueryForm.Column.previousReply.header]?.hasPrefix("反映せず") == true, "\(again.fields)")

            // corrections.csv and 修正履歴 list each reply row with its outcome.
            let corrections = try CSVFile.rows(run2 + "/corrections.csv")
            func outcome(_ q: Query) -> [String: String]? { corrections.first { $0["respondent"] == q.respondent && $0["question_id"] == q.question } }
            #expect(outcome(fix)?["outcome"] == "applied" && outcome(fix)?["修正後の値"] == fixLabel && outcome(fix)?["行"] == String(fix.row))
            #expect(outcome(bad)?["outcome"] == "refused" && outcome(bad)?["理由"]?.contains("そのまま") == true, "\(outcome(bad) ?? [:])")
            #expect(outcome(confirm)?["outcome"] == "confirmed")
            #expect(outcome(stale)?["outcome"] == "refused" && outcome(stale)?["理由"]?.contains("新しいファイル") == true, "\(outcome(stale) ?? [:])")
            #expect(corrections.count == 4, "\(corrections.map { [$0["行"] ?? "", $0["outcome"] ?? "", $0["理由"] ?? ""] })")
            #expect(!corrections.contains { ($0["記入者"] ?? "").contains("島根 花子") }, "the replier's name stays out of the national CSV")
            let history = try Workbook(path: run2 + prefBook).worksheet(named: "修正履歴")
            let results = history.cells.filter { $0.ref.column == 8 && $0.ref.row > 3 }.map(\.text).sorted()
            #expect(results == ["修正", "反映せず", "反映せず", "確認済み"], "\(results)")
            #expect(history.cells.contains { $0.text == "島根 花子" })

            // Counts reconcile, and the change report lists each change.
            let rec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run2 + "/run.json"))) as? [String: Any])
            let states = try #require(rec["issue_states"] as? [String: Int])
            #expect((states["open"] ?? 0) + (states["corrected"] ?? 0) + (states["confirmed"] ?? 0) == states["raised"])
            #expect(states["raised"] == issues.count && states["confirmed"] == 1 && states["corrected"] == 1, "\(states)")
            let changes = try #require(rec["changes"] as? [String: Int])
            #expect(changes["corrections_applied"] == 1 && changes["issues_confirmed"] == 1 && changes["new_files"] == 2, "\(changes)")
            #expect((changes["issues_closed"] ?? 0) >= 1 && changes["issues_opened"] == 0, "\(changes)")
            let summary = try #require(try JSONSerialization.jsonObject(with: second.json) as? [String: Any])
            #expect((summary["changes"] as? [String: Int]) == changes)
            // The reply file is listed under its prefecture, not as 都道府県不明.
            let replyChange = try Workbook(path: run2 + "/全国集計.xlsx").worksheet(named: "前回公開からの変更").cells
            let replyCell = try #require(replyChange.first { $0.text == "32_島根県_回答.xlsx" })
            #expect(replyChange.contains { $0.ref.row == replyCell.ref.row && $0.text == "島根県" })
            let national = try Workbook(path: run2 + "/全国集計.xlsx").worksheet(named: "前回公開からの変更").cells.map(\.text)
            for label in ["反映した修正", "確認済みになった疑義", "解消した疑義", "新しいファイル"] {
                #expect(national.contains(label), "national change sheet lacks \(label)")
            }
            #expect(!national.contains("たくさん") && !national.contains("島根 花子"), "values and names stay out of the national sheet")
            let local = try Workbook(path: run2 + prefBook).worksheet(named: "前回公開からの変更").cells.map(\.text)
            #expect(local.contains("反映した修正") && local.contains("確認済みになった疑義"))
        }

        /// Excel editing a prefecture office does (issue 19): a ▼ sort keeps each reply on its query;
        /// a sort that left the keys behind, a row copied from another prefecture and a row added by
        /// hand are refused with why and change nobody's answer.
        @Test func sortedCopiedAndAddedRowsNeverReachAnotherRespondent() throws {
            try Self.python()
            let inbox = Temp.dir("query-sort-inbox"), out = Temp.dir("query-sort-out")
            #expect(try Run.shell("cp -R \(shellQuote(Inboxes.faulty.inbox))/. \(shellQuote(inbox))/").status == 0)
            _ = try Run.renkei(["run", "--inbox", inbox, "--out", out])
            let run1 = try #require(latestFolder(out))
            let mine = run1 + "/\(QueryForm.folder)/\(Self.prefecture).xlsx"
            let queries = try Self.queries(mine)
            func question(_ q: Query) -> Question? { Respondent(key: q.respondent).flatMap { cb.form($0.form)?.question(q.question) } }
            let required = queries.filter { $0.rule == "required" && question($0)?.type == .single }
            try #require(!required.isEmpty && queries.count >= 3, "\(queries.count) queries")
            // The middle row of an odd table stays in place when reversed: never the one that must move.
            let (low, high) = (queries.map(\.row).min()!, queries.map(\.row).max()!)
            let a = required[0]
            let b = try #require(queries.first { $0.row != a.row && $0.row * 2 != low + high })
            let labelA = try #require(question(a)?.options.first?.label)
            let foreignPath = try FileManager.default.contentsOfDirectory(atPath: run1 + "/\(QueryForm.folder)").sorted()
                .map { run1 + "/\(QueryForm.folder)/" + $0 }
                .first { $0 != mine && ((try? Self.queries($0).count) ?? 0) > 0 }
            let foreign = try Self.queries(try #require(foreignPath)).first!
            try FileManager.default.createDirectory(atPath: inbox + "/回答", withIntermediateDirectories: true)
            func fill(_ spec: [String: Any], _ name: String) throws {
                var s = spec; s["query"] = mine; s["out"] = inbox + "/回答/" + name
                let path = Temp.dir("query-sort-spec") + "/spec.json"
                try JSONSerialization.data(withJSONObject: s).write(to: URL(fileURLWithPath: path))
                let py = try Run.shell("python3 \(shellQuote(Self.script)) \(shellQuote(path))")
                try #require(py.status == 0, "fill_query_reply.py: \(py.stderr)")
            }
            // Sorted with the ▼ (whole rows): applied to the right respondent.
            try fill(["rows": [["row": a.row, "action": "修正する", "value": labelA, "on": "2026-12-01"]], "sort": "all"], "sorted.xlsx")
            // Only the visible columns moved: the keys no longer agree with 団体コード/問番号/記入値.
            try fill(["rows": [["row": b.row, "action": "修正する", "value": "1", "on": "2026-12-01"]], "sort": "visible",
                      "foreign": [["query": foreignPath!, "row": foreign.row, "action": "修正する", "value": "1"]],
                      "added": [["code": "322016", "action": "修正する", "value": "1"]]], "shifted.xlsx")
            _ = try Run.renkei(["run", "--inbox", inbox, "--out", out])
            let run2 = try #require(latestFolder(out))
            let corrections = try CSVFile.rows(run2 + "/corrections.csv")
            let sorted = corrections.filter { $0["ファイル"]?.hasSuffix("sorted.xlsx") == true }
            #expect(sorted.count == 1 && sorted.first?["outcome"] == "applied" && sorted.first?["respondent"] == a.respondent
                    && sorted.first?["question_id"] == a.question, "\(sorted)")
            let shifted = corrections.filter { $0["ファイル"]?.hasSuffix("shifted.xlsx") == true }
            #expect(shifted.count == 3 && shifted.allSatisfy { $0["outcome"] == "refused" }, "\(shifted)")
            #expect(shifted.contains { $0["理由"]?.contains("一致しません") == true })
            #expect(shifted.contains { $0["理由"]?.contains("別の都道府県") == true && $0["respondent"] == "" })
            #expect(shifted.contains { $0["理由"]?.contains("手で追加") == true })
            // No answer of the other prefecture changed, and its 修正履歴 shows nothing of this reply.
            let otherPref = URL(fileURLWithPath: foreignPath!).lastPathComponent
            let before = try CSVFile.rows(run1 + "/answers.csv").filter { $0["都道府県コード"] == String(otherPref.prefix(2)) }
            let after = try CSVFile.rows(run2 + "/answers.csv").filter { $0["都道府県コード"] == String(otherPref.prefix(2)) }
            #expect(before.map { $0["回答"] ?? "" } == after.map { $0["回答"] ?? "" } && before.count == after.count)
            let history = try Workbook(path: run2 + "/prefectures/" + otherPref).worksheet(named: "修正履歴").cells.map(\.text)
            #expect(!history.contains { $0.contains("shifted.xlsx") || $0.contains("sorted.xlsx") })
        }
    }
}
