import Foundation
import Simulate
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// Over a whole simulated run: what leaves the prefectures holds no contact, and no message a
    /// person reads carries an internal id (issue 14, item 6).
    @Suite struct CleanOutputs {
        var folder: String { EndToEnd.faulty.folder }
        var key: AnswerKey { Inboxes.faulty.key }
        let cb = Codebook.r5

        /// Every contact value and personal name written into the simulated inbox's workbooks
        /// (read at their `RK_` anchors; the key holds answers, not contacts).
        static let contacts: Set<String> = {
            var pii = Set<String>()
            for f in Codebook.r5.forms { for q in f.questions where q.pii { pii.insert(q.id) } }
            var out = Set<String>()
            let files = FileManager.default.enumerator(atPath: Inboxes.faulty.inbox)?.compactMap { $0 as? String } ?? []
            for f in files where f.hasSuffix(".xlsx") {
                guard let wb = try? Workbook(path: Inboxes.faulty.inbox + "/" + f) else { continue }
                for n in wb.namedCells(prefix: "RK_") where pii.contains(String(n.name.dropFirst(3))) {
                    guard let ws = try? wb.worksheet(at: n.sheetIndex),
                          let t = ws.cell(row: n.range.start.row, column: n.range.start.column)?.text, t.count >= 3 else { continue }
                    out.insert(t)
                    // A name is also looked for without its space.
                    if t.contains(" ") { out.insert(t.replacingOccurrences(of: " ", with: "")) }
                }
            }
            return out
        }()

        /// Every text cell of a workbook, every sheet.
        static func allText(_ path: String) throws -> [String] {
            let wb = try Workbook(path: path)
            return try wb.worksheets().flatMap { $0.cells.map(\.text) }
        }

        /// Whole-word occurrences of any codebook id, form id or English severity.
        func internalIDs(in text: String) -> [String] {
            var words = Set(cb.forms.flatMap { $0.questions.map(\.id) })
            words.formUnion(["MUNI", "PREF", "COORD", "error", "warning"])
            var found: [String] = []
            let wordChar: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            var token = ""
            for c in text + " " {
                if wordChar(c) { token.append(c) } else { if words.contains(token) { found.append(token) }; token = "" }
            }
            return found
        }

        @Test func noContactValueInAnyNationalOutput() throws {
            let secrets = Self.contacts
            #expect(secrets.count > 20, "the simulation should give contacts to look for: \(secrets.count)")
            var texts: [(String, String)] = try Self.allText(folder + "/全国集計.xlsx").map { ("全国集計.xlsx", $0) }
            for name in ["answers.csv", "issues.csv", "summary.json", "ledger.csv"] {
                texts.append((name, try String(contentsOfFile: folder + "/" + name, encoding: .utf8)))
            }
            for extra in ["changes.csv"] where fileExists(folder + "/" + extra) {
                texts.append((extra, try String(contentsOfFile: folder + "/" + extra, encoding: .utf8)))
            }
            var leaks: [String] = []
            for (file, text) in texts { for s in secrets where text.contains(s) { leaks.append("\(file): \(s)") } }
            #expect(leaks.isEmpty, "\(leaks.prefix(10))")
        }

        @Test func noInternalIDInAnyMessage() throws {
            var messages: [(String, String)] = []
            for row in try CSVFile.rows(folder + "/issues.csv") {
                for col in ["重要度", "ルール", "調査票", "問番号", "内容"] { messages.append(("issues.csv \(col)", row[col] ?? "")) }
            }
            for row in try CSVFile.rows(folder + "/ledger.csv") { messages.append(("ledger.csv", row["理由"] ?? "")) }
            #expect(messages.count > 100)
            // The prefecture workbooks' 疑義一覧: 問番号, 内容, 重要度, ルール columns.
            for name in listing(folder + "/prefectures") {
                let ws = try Workbook(path: folder + "/prefectures/" + name).worksheet(named: "疑義一覧")
                for c in ws.cells where [2, 7, 10, 11, 12].contains(c.ref.column) && c.ref.row > 3 {
                    messages.append((name, c.text))
                }
            }
            // The query workbooks: 調査票, 問番号, 設問, 重要度 and 内容 of every query.
            for name in listing(folder + "/" + QueryForm.folder) {
                let ws = try Workbook(path: folder + "/\(QueryForm.folder)/" + name).worksheet(named: QueryForm.sheetName)
                let shown: [QueryForm.Column] = [.form, .questionNumber, .question, .severity, .message]
                for c in ws.cells where c.ref.row > QueryForm.headerRow && shown.map(\.rawValue).contains(c.ref.column) {
                    messages.append((name, c.text))
                }
            }
            var bad: [String] = []
            for (where_, m) in messages { let ids = internalIDs(in: m); if !ids.isEmpty { bad.append("\(where_): \(ids) in 「\(m)」") } }
            #expect(bad.isEmpty, "\(bad.prefix(8))")
            // Japanese severities and rule names are what a reader sees.
            let issues = try CSVFile.rows(folder + "/issues.csv")
            #expect(Set(issues.map { $0["重要度"] ?? "" }).isSubset(of: ["エラー", "確認"]))
            #expect(issues.allSatisfy { ($0["ルール"] ?? "").unicodeScalars.allSatisfy { !$0.isASCII } }, "\(Set(issues.map { $0["ルール"] ?? "" }))")
        }
    }
}
