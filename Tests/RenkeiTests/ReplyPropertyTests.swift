import Foundation
import Ingest
import RenkeiRun
import Simulate
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// Issue 19's property: whatever an office does to its 疑義照会票 in Excel, a reply never corrupts
    /// the publication. A seeded generator (Fixtures/scripts/fuzz_query_replies.py, openpyxl) fills the
    /// published query workbooks night after night — random rows answered with valid and invalid values
    /// and every 対応, rows sorted with the ▼ or only the visible columns, deleted, duplicated, copied in
    /// from the other prefecture, keys and visible 団体コード/問番号/記入値 edited, files duplicated,
    /// renamed and answered again, arriving over several nights, a form resent midway — and after every night the invariants
    /// are checked against the run's outputs and a fresh run on forms with the applied values written in.
    /// `RENKEI_FUZZ_SEEDS=N` (make fuzz) tries N seeds instead of the default few.
    @Suite struct ReplyProperties {
        static let script = Paths.root.appendingPathComponent("Fixtures/scripts/fuzz_query_replies.py").path
        static let replyFolder = "疑義照会回答"
        static let nights = 3

        static let seeds: [UInt64] = {
            let n = ProcessInfo.processInfo.environment["RENKEI_FUZZ_SEEDS"].flatMap(Int.init) ?? 2
            let base = ProcessInfo.processInfo.environment["RENKEI_FUZZ_SEED_BASE"].flatMap(UInt64.init) ?? 19_000
            return (0..<UInt64(max(1, n))).map { base + $0 }
        }()

        /// A query as its workbook showed it when it was sent: what a reply row must still show to be applied.
        struct Sent: Equatable { var code, number, written, prefecture, respondent, question: String }

        /// One generated reply file and the truth about it.
        struct Pending: Decodable { var file: String; var origin: String; var arrive: Int; var rows: [Int] }

        @Test(arguments: seeds) func repliesNeverCorruptThePublication(seed: UInt64) throws {
            try E2E.QueryLoop.python()
            let cb = Codebook.r5
            let pairs = [["31", "32"], ["18", "31"], ["18", "32"]]
            let prefectures = pairs[Int(seed % 3)]
            let sim = Temp.dir("reply-fuzz-\(seed)")
            // Many more answer faults than a real season: many queries per prefecture to reply to.
            var rates = FaultRates()
            rates.requiredBlank = 0.3; rates.outOfRange = 0.08; rates.sumMismatch = 0.3; rates.answeredThoughSkipped = 0.15
            rates.exclusiveWithOthers = 0.1; rates.invalidMark = 0.05; rates.approximate = 0.05
            _ = try Simulation.write(Simulation.plan(SimulationOptions(seed: seed, prefectures: Set(prefectures), scale: 0.5, rates: rates,
                                                                       codebook: cb)), to: URL(fileURLWithPath: sim))
            let inbox = sim + "/inbox", out = Temp.dir("reply-fuzz-out")
            let pristine = Temp.dir("reply-fuzz-pristine")
            #expect(try Run.shell("cp -Rp \(shellQuote(inbox))/. \(shellQuote(pristine))/").status == 0)
            _ = try InProcess.run(inbox: inbox, out: out)
            var run = try #require(latestFolder(out))
            let baseline = try Self.answers(run)
            var sent: [String: Sent] = [:]
            var pool: [(Pending, String)] = []
            var arrived: [Pending] = []
            var everApplied = 0, everRefused = 0

            for night in 1...Self.nights {
                // The prefectures fill tonight's workbooks; their files arrive tonight or later.
                let published = try Self.workbooks(run).filter { prefectures.contains($0.key) }
                for (pref, path) in published {
                    for q in try E2E.QueryLoop.queries(path) {
                        let id = q.fields[QueryForm.Column.queryID.header] ?? ""
                        sent[id] = Sent(code: q.fields["団体コード"] ?? "", number: q.fields["問番号"] ?? "",
                                        written: q.fields["記入値"] ?? "", prefecture: pref, respondent: q.respondent, question: q.question)
                    }
                }
                let made = Temp.dir("reply-fuzz-n\(night)")
                var values: [String: [String: [Any]]] = [:]
                for (id, s) in sent { values[id] = Self.values(s, cb) }
                let spec: [String: Any] = ["seed": Int(seed), "night": night, "workbooks": published, "values": values, "out": made]
                try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: made + "/spec.json"))
                let py = try Run.shell("python3 \(shellQuote(Self.script)) \(shellQuote(made + "/spec.json"))")
                try #require(py.status == 0, "fuzz_query_replies.py: \(py.stderr)")
                let manifest = try JSONDecoder().decode([Pending].self, from: Data(contentsOf: URL(fileURLWithPath: made + "/manifest.json")))
                pool += manifest.map { var p = $0; p.arrive += night; return (p, made + "/" + $0.file) }
                try FileManager.default.createDirectory(atPath: inbox + "/" + Self.replyFolder, withIntermediateDirectories: true)
                if night == 2 {
                    // A respondent with queries resends its form (new bytes, newer save time): replies
                    // raised on the old file are refused from now on; the fresh run gets the same file.
                    var rng = SplitMix64(seed: seed, key: "resubmit")
                    let inputs = try RunJSON.load(run).inputs
                    let files: [String] = Set(sent.values.map(\.respondent)).sorted().compactMap { who -> String? in
                        inputs.first { $0.respondent?.description == who && $0.input.member == nil && $0.state.isAccepted }?.input.path
                    }
                    if !files.isEmpty {
                        let old = rng.pick(files), new = old.replacingOccurrences(of: ".xlsx", with: "_再送.xlsx")
                        let py = try Run.shell("python3 -c 'import openpyxl, sys; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])' "
                                               + "\(shellQuote(inbox + "/" + old)) \(shellQuote(inbox + "/" + new))")
                        try #require(py.status == 0, "resave: \(py.stderr)")
                        try FileManager.default.copyItem(atPath: inbox + "/" + new, toPath: pristine + "/" + new)
                    }
                }
                for (p, path) in pool where p.arrive == night {
                    try FileManager.default.copyItem(atPath: path, toPath: inbox + "/\(Self.replyFolder)/" + p.file)
                    arrived.append(p)
                }
                _ = try InProcess.run(inbox: inbox, out: out)
                let next = try #require(latestFolder(out))
                try #require(next != run, "night \(night) published nothing")
                run = next
                let context = "seed \(seed) night \(night)"
                let (applied, refused) = try Self.checkInvariants(run: run, inbox: inbox, arrived: arrived, sent: sent,
                                                                  baseline: baseline, codebook: cb, context: context)
                everApplied += applied; everRefused += refused
                try Self.checkFreshRun(run: run, pristine: pristine, prefectures: prefectures, codebook: cb, context: context)
            }
            // The generator must have exercised both sides, or the invariants proved nothing.
            #expect(everApplied > 0 && everRefused > 0, "seed \(seed): \(everApplied) applied, \(everRefused) refused")
        }

        /// Values a reply may write for a query: valid ones by the question's kind, and invalid ones.
        /// None for identity and contact questions (nobody corrects those through a query row here).
        static func values(_ s: Sent, _ cb: Codebook) -> [String: [Any]] {
            guard let who = Respondent(key: s.respondent), let q = cb.form(who.form)?.question(s.question), q.isTabulated
            else { return [:] }
            switch q.type {
            case .single:
                return ["valid": q.options.prefix(3).map(\.label) + [" " + q.options.last!.label + " "], "invalid": ["たくさん", "どちらとも"]]
            case .multi:
                let codes = q.options.filter { !$0.exclusive }.map(\.code)
                return ["valid": [String(codes[0]), codes.prefix(2).map(String.init).joined(separator: "、")],
                        "invalid": ["99", "たくさん"]]
            case .integer:
                let r = q.range ?? 0...100
                return ["valid": [r.lowerBound, min(r.upperBound, r.lowerBound + 2), "３"], "invalid": ["たくさん", r.upperBound + 100, "-"]]
            default:
                return ["valid": ["照会により修正した記述"], "invalid": []]
            }
        }

        /// Tonight's query workbooks by 2-digit prefecture code.
        static func workbooks(_ run: String) throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: listing(run + "/" + QueryForm.folder).map { (String($0.prefix(2)), run + "/\(QueryForm.folder)/" + $0) })
        }

        /// answers.csv by respondent and question: 状態 and the answer.
        static func answers(_ run: String) throws -> [String: (state: String, answer: String, respondent: String)] {
            var out: [String: (state: String, answer: String, respondent: String)] = [:]
            for r in try CSVFile.rows(run + "/answers.csv") {
                guard let form = FormID(rawValue: r["form"] ?? "") else { continue }
                let who = Respondent(form: form, code: r["団体コード"] ?? "", coordinatorNumber: Int(r["コーディネーター番号"] ?? ""))
                out[who.description + " " + (r["設問ID"] ?? "")] = (r["状態"] ?? "", (r["選択肢コード"] ?? "") + "|" + (r["回答"] ?? ""), who.description)
            }
            return out
        }

        /// What a reply row shows in the file, read back by header (団体コード, 問番号, 記入値, the hidden query id).
        static func shown(_ path: String) throws -> [Int: [String: String]] {
            let ws = try Workbook(path: path).worksheet(named: QueryForm.sheetName)
            var header: [Int: String] = [:]
            // A heading may break between words (団体／コード): read as one.
            for c in ws.cells where c.ref.row == QueryForm.headerRow { header[c.ref.column] = c.text.replacingOccurrences(of: "\n", with: "") }
            var rows: [Int: [String: String]] = [:]
            for c in ws.cells where c.ref.row > QueryForm.headerRow { if let h = header[c.ref.column] { rows[c.ref.row + 1, default: [:]][h] = c.text } }
            return rows
        }

        /// The invariants on one night's outputs; returns how many rows were applied and refused.
        static func checkInvariants(run: String, inbox: String, arrived: [Pending], sent: [String: Sent],
                                    baseline: [String: (state: String, answer: String, respondent: String)],
                                    codebook cb: Codebook, context: String) throws -> (Int, Int) {
            let corrections = try CSVFile.rows(run + "/corrections.csv").filter { $0["種別"] == "照会回答" }
            let ledger = try CSVFile.rows(run + "/ledger.csv")
            // Every reply row has exactly one fate (a file the ledger set aside has none, and says why).
            var fates: [String: [String]] = [:]
            for c in corrections { fates[(c["ファイル"] ?? "") + " " + (c["行"] ?? ""), default: []].append(c["outcome"] ?? "") }
            var expected: Set<String> = []
            for p in arrived {
                let name = Self.replyFolder + "/" + p.file
                let entry = try #require(ledger.first { $0["ファイル"] == name }, "\(context): \(name) not in the ledger")
                guard entry["状態コード"] == "accepted" else {
                    #expect(!(entry["理由"] ?? "").isEmpty, "\(context): \(name) set aside without a reason")
                    continue
                }
                for r in p.rows { expected.insert(name + " " + String(r)) }
            }
            #expect(Set(fates.keys) == expected, "\(context): rows without a fate \(expected.subtracting(fates.keys).sorted()), fates of no row \(Set(fates.keys).subtracting(expected).sorted())")
            let outcomes = Set(Correction.Outcome.allCases.map(\.rawValue))
            for (row, f) in fates { #expect(f.count == 1 && outcomes.contains(f[0]), "\(context): \(row) has fates \(f)") }

            // open + corrected + confirmed = raised.
            let record = try RunJSON.load(run)
            let states = try #require(record.issueStates)
            #expect((states["open"] ?? 0) + (states["corrected"] ?? 0) + (states["confirmed"] ?? 0) == states["raised"], "\(context): \(states)")

            // A row applied or confirmed is one whose file came from the query's own prefecture and whose
            // visible 団体コード/問番号/記入値 are those the query was sent with.
            let origin = Dictionary(arrived.map { (Self.replyFolder + "/" + $0.file, $0.origin) }, uniquingKeysWith: { a, _ in a })
            var shownCache: [String: [Int: [String: String]]] = [:]
            var correctedRespondents: Set<String> = []
            var applied = 0
            for c in corrections where c["outcome"] == "applied" || c["outcome"] == "confirmed" {
                let file = c["ファイル"] ?? "", row = Int(c["行"] ?? "") ?? 0
                if shownCache[file] == nil { shownCache[file] = try Self.shown(inbox + "/" + file) }
                let fields = shownCache[file]?[row] ?? [:]
                let id = fields[QueryForm.Column.queryID.header] ?? ""
                let query = try #require(sent[id], "\(context): \(file) row \(row) applied with an unknown query id \(id)")
                let code = IdentifyRespondentCode.normalise(fields["団体コード"] ?? "")
                #expect(code == query.code && Normalize.trim(fields["問番号"] ?? "") == query.number
                        && Normalize.trim(fields["記入値"] ?? "") == Normalize.trim(query.written),
                        "\(context): \(file) row \(row) applied though it shows \(fields) for \(query)")
                #expect(query.prefecture == origin[file], "\(context): \(file) (from \(origin[file] ?? "?")) applied to \(query.prefecture)'s \(query.respondent)")
                #expect(c["respondent"] == query.respondent && c["question_id"] == query.question, "\(context): \(c) is not \(query)")
                if c["outcome"] == "applied" { correctedRespondents.insert(query.respondent + " " + (origin[file] ?? "")); applied += 1 }
            }
            let refused = corrections.filter { $0["outcome"] == "refused" }.count

            // Each reply row is in the 修正履歴 of the prefecture its file came from, and in no other.
            for name in listing(run + "/prefectures") where Set(origin.values).union(sent.values.map(\.prefecture)).contains(String(name.prefix(2))) {
                let ws = try Workbook(path: run + "/prefectures/" + name).worksheet(named: "修正履歴")
                let header = try #require(ws.cells.first { $0.text == "ファイル" }, "\(context): 修正履歴 without ファイル")
                let files = ws.cells.filter { $0.ref.column == header.ref.column && $0.ref.row > header.ref.row }.map(\.text)
                let mine = corrections.filter { origin[$0["ファイル"] ?? ""] == String(name.prefix(2)) }.map { $0["ファイル"] ?? "" }
                #expect(files.sorted() == mine.sorted(), "\(context): \(name) 修正履歴 lists \(Set(files).subtracting(mine).sorted()) not its own, misses \(Set(mine).subtracting(files).sorted())")
            }

            // An answer differs from the night before any reply only for a respondent with an applied
            // correction from its own prefecture; a valid answer never becomes 無回答.
            let now = try Self.answers(run)
            #expect(Set(now.keys) == Set(baseline.keys), "\(context): answers.csv rows changed")
            for (key, was) in baseline {
                guard let is_ = now[key], is_.state != was.state || is_.answer != was.answer else { continue }
                let pref = Respondent(key: was.respondent)?.prefectureCode ?? ""
                #expect(correctedRespondents.contains(was.respondent + " " + pref),
                        "\(context): \(key) changed \(was) → \(is_) with no applied reply of its prefecture")
                #expect(!(was.state == "回答" && is_.state == "無回答"), "\(context): \(key) was answered, now 無回答 (\(was.answer) → \(is_.answer))")
            }
            return (applied, refused)
        }

        /// The published tables equal a fresh run, without replies, on the inbox with each applied
        /// value written into a copy of its form (openpyxl, at the form's anchor).
        static func checkFreshRun(run: String, pristine: String, prefectures: [String], codebook cb: Codebook, context: String) throws {
            let fresh = Temp.dir("reply-fuzz-fresh"), freshOut = Temp.dir("reply-fuzz-fresh-out")
            #expect(try Run.shell("cp -Rp \(shellQuote(pristine))/. \(shellQuote(fresh))/").status == 0)
            let record = try RunJSON.load(run)
            var edits: [String: (path: String, member: String?, cells: [String: Any])] = [:]
            for c in try CSVFile.rows(run + "/corrections.csv") where c["outcome"] == "applied" {
                let key = c["respondent"] ?? "", qid = c["question_id"] ?? ""
                guard let who = Respondent(key: key), let q = cb.form(who.form)?.question(qid), q.isTabulated else { continue }
                let entry = try #require(record.inputs.first { $0.respondent?.description == key && $0.state.isAccepted },
                                         "\(context): no accepted form of \(key)")
                let input = entry.input
                let id = input.description
                var e = edits[id] ?? (fresh + "/" + input.path, input.member, [:])
                let value = c["修正後の値"] ?? ""
                if q.type == .multi {
                    let items = value.split(whereSeparator: { "、,，/／・ ".contains($0) }).map { Normalize.trim(String($0)) }
                    let chosen = Set(items.compactMap { item in Int(item) ?? q.options.first { $0.label == item }?.code })
                    for o in q.options { e.cells[Anchor.columnKey(question: q.id, option: o.code)] = chosen.contains(o.code) ? "○" as Any : NSNull() as Any }
                } else {
                    e.cells[q.id] = value
                }
                edits[id] = e
            }
            if !edits.isEmpty {
                let spec = edits.keys.sorted().map { k -> [String: Any] in
                    let e = edits[k]!
                    return ["path": e.path, "member": e.member as Any? ?? NSNull(), "cells": e.cells]
                }
                let path = Temp.dir("reply-fuzz-edits") + "/edits.json"
                try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: path))
                let py = try Run.shell("python3 \(shellQuote(Self.script)) --rewrite \(shellQuote(path))")
                try #require(py.status == 0, "\(context): fuzz_query_replies.py --rewrite: \(py.stderr)")
            }
            _ = try InProcess.run(inbox: fresh, out: freshOut)
            let other = try #require(latestFolder(freshOut))
            let (a, b) = (try Self.answers(run), try Self.answers(other))
            let differ = a.keys.filter { a[$0]?.state != b[$0]?.state || a[$0]?.answer != b[$0]?.answer }.sorted()
            #expect(differ.isEmpty && a.count == b.count,
                    "\(context): answers.csv differs from the fresh run at \(differ.prefix(5).map { "\($0): \(a[$0].map { "\($0.state) \($0.answer)" } ?? "-") vs \(b[$0].map { "\($0.state) \($0.answer)" } ?? "-")" })")
            // The tabulated cells, national and of the simulated prefectures, cell for cell (the headings' 集計基準日時 aside).
            var sheets = ["都道府県票", "市町村票", "コーディネーター票", "場面・テーマ別", "都道府県別一覧"].map { ("全国集計.xlsx", $0) }
            for name in listing(run + "/prefectures") where prefectures.contains(String(name.prefix(2))) {
                sheets += ["集計", "場面・テーマ別", "市町村別回答一覧", "コーディネーター"].map { ("prefectures/" + name, $0) }
            }
            for (book, sheet) in sheets {
                let x = try Self.tableCells(run + "/" + book, sheet), y = try Self.tableCells(other + "/" + book, sheet)
                let diff = Set(x.keys).union(y.keys).filter { x[$0] != y[$0] }.sorted()
                #expect(diff.isEmpty, "\(context): \(book) \(sheet) differs from the fresh run at \(diff.prefix(5).map { "\($0): \(x[$0] ?? "-") vs \(y[$0] ?? "-")" })")
            }
        }

        static func tableCells(_ path: String, _ sheet: String) throws -> [String: String] {
            let ws = try Workbook(path: path).worksheet(named: sheet)
            var out: [String: String] = [:]
            for c in ws.cells where !c.text.contains("集計基準日時") { out[c.ref.description] = c.text }
            return out
        }
    }
}

/// 団体コード as typed in a reply row (a number cell loses a leading zero; a check digit may follow).
enum IdentifyRespondentCode {
    static func normalise(_ s: String) -> String {
        let digits = Normalize.trim(s).filter(\.isNumber)
        if digits.count == 5 { return "0" + digits }
        return String(digits.prefix(6))
    }
}
