import Foundation
import RenkeiRun
import ReportKit
import Simulate
import SurveyModel
import TestSupport
import Testing
import XLSXReader

/// The job's tests, one at a time, so timings (kill points, "exits at once") are not distorted by
/// the other suites on a small machine. Runs whose outputs are checked go through the library
/// (`InProcess`); statuses, signals and options through the real binary.
@Suite(.serialized) enum E2E {}

extension E2E {
    /// `renkei simulate` three small prefectures with faults, `renkei run` them, and check the
    /// outputs against the answer key.
    @Suite struct EndToEnd {
        struct Published: Sendable {
            let out: String
            let folder: String
            let outcome: NightlyRun.Outcome
        }

        static let faulty: Published = run(Inboxes.faulty)
        static let clean: Published = run(Inboxes.clean)

        static func run(_ sim: Inboxes.Simulated) -> Published {
            let out = Temp.dir("e2e-out")
            let o = try! InProcess.run(inbox: sim.inbox, out: out)
            return Published(out: out, folder: latestFolder(out) ?? "(no latest)", outcome: o)
        }

        var key: AnswerKey { Inboxes.faulty.key }
        var folder: String { Self.faulty.folder }
        let cb = Codebook.r5
        let master = MasterList.embedded

        // MARK: (d) exit statuses and publishing

        @Test func faultyInboxExitsOneCleanInboxExitsZero() throws {
            let f = Self.faulty.outcome
            #expect(f.status == .inputErrors, "faulty inbox: \(f.status) \(f.text)")
            let c = Self.clean.outcome
            #expect(c.status == .clean, "clean inbox: \(c.status) \(c.text)")
            // The summary (--json) names the published folder and latest.
            let json = try #require(try JSONSerialization.jsonObject(with: f.json) as? [String: Any])
            #expect((json["reports"] as? String).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                    == URL(fileURLWithPath: folder).resolvingSymlinksInPath().path)
            #expect((json["issues"] as? [String: Int])?["error"].map { $0 > 0 } == true)
            let files = try #require(json["files"] as? [String: Int])
            #expect(files.values.reduce(0, +) == key.files.count)
            // The published folder is runs/<stamp in the configured zone, Japan by default>, and
            // latest is relative (the tree can move).
            let dest = try FileManager.default.destinationOfSymbolicLink(atPath: Self.faulty.out + "/latest")
            #expect(dest.range(of: #"^runs/\d{8}T\d{6}\+0900(-\d+)?$"#, options: .regularExpression) != nil, "\(dest)")
            let visible = listing(Self.faulty.out + "/runs").filter { !$0.hasPrefix(".") }
            #expect(visible.count == 1)
            #expect(listing(Self.faulty.out + "/runs").allSatisfy { !$0.hasPrefix(".staging-") })
        }

        @Test func cleanInboxEveryFileAccepted() throws {
            let rec = try RunJSON.load(Self.clean.folder)
            let k = Inboxes.clean.key
            #expect(rec.inputs.count == k.files.count)
            #expect(rec.inputs.allSatisfy { $0.state == .accepted }, "\(rec.inputs.filter { $0.state != .accepted }.map { "\($0.input) \($0.state) \($0.reason.code)" }.prefix(5))")
            #expect(rec.issues["error"] == 0)
            let issues = try CSVFile.rows(Self.clean.folder + "/issues.csv")
            #expect(issues.filter { $0["重要度コード"] == "error" }.isEmpty)
        }

        // MARK: (a) the ledger

        @Test func everyFileEndsInTheKeysState() throws {
            let rec = try RunJSON.load(folder)
            func id(_ path: String, _ member: String?) -> String { member.map { "\(path)!\($0)" } ?? path }
            let got = Dictionary(rec.inputs.map { ($0.input.description, $0) }, uniquingKeysWith: { a, _ in a })
            #expect(rec.inputs.count == key.files.count, "run.json has \(rec.inputs.count) inputs, key \(key.files.count)")
            var mismatches: [String] = []
            for f in key.files {
                let name = id(f.path, f.member)
                guard let g = got[name] else { mismatches.append("\(name): missing from run.json"); continue }
                if g.state.rawValue != f.state || g.reason.code != f.reason {
                    mismatches.append("\(name): run \(g.state)/\(g.reason.code), key \(f.state)/\(f.reason)")
                }
                if let r = f.respondent, g.respondent?.description != r, f.state != "rejected" {
                    mismatches.append("\(name): respondent \(g.respondent?.description ?? "nil"), key \(r)")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
            // Every kind of file fault and every ledger state is exercised.
            #expect(Set(key.files.map(\.state)).isSuperset(of: ["accepted", "superseded", "rejected", "skipped"]))
            #expect(Set(key.files.flatMap(\.faults)).isSuperset(of: ["zip-bundle", "resubmitted", "legacy-xls", "encrypted", "lock-file"]))

            // ledger.csv says the same as run.json.
            let ledger = try CSVFile.rows(folder + "/ledger.csv")
            #expect(ledger.count == key.files.count)
            let byFile = Dictionary(ledger.map { ($0["ファイル"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            for f in key.files {
                let row = byFile[id(f.path, f.member)]
                #expect(row?["状態コード"] == f.state && row?["理由コード"] == f.reason, "ledger.csv \(id(f.path, f.member))")
                // The same row: run.json's input holds the reason a reader sees in ledger.csv.
                #expect(row?["理由"] == got[id(f.path, f.member)]?.reasonText && row?["理由"]?.isEmpty == false, "\(id(f.path, f.member))")
            }
            // Counts by state in run.json.
            var byState: [String: Int] = [:]
            for f in key.files { byState[f.state, default: 0] += 1 }
            for (state, n) in byState { #expect(rec.counts[state] == n, "\(state)") }
        }

        // MARK: (b) issues

        static let tabulatedRules: Set<String> = ["range", "exclusive", "invalid-mark", "not-asked", "required", "sum", "approximate"]

        @Test func everyInjectedFaultIsFoundAsTheRightIssue() throws {
            let rows = try CSVFile.rows(folder + "/issues.csv")
            struct Found: Hashable { let file, rule, severity, question: String }
            let found = Set(rows.map { Found(file: $0["ファイル"] ?? "", rule: $0["ルールID"] ?? "",
                                             severity: $0["重要度コード"] ?? "", question: $0["設問ID"] ?? "") })
            var missing: [String] = []
            var faultsChecked = 0
            for r in key.respondents {
                for fault in r.faults {
                    guard let rule = fault.rule, let q = fault.question else { continue }
                    faultsChecked += 1
                    // The severity the key gives the issue this fault raises.
                    let sev = r.issues.first { $0.rule == rule && $0.question == q }?.severity
                    guard let sev else { missing.append("\(r.respondent) \(fault.kind) \(q): no expected issue in key"); continue }
                    if !found.contains(Found(file: r.file, rule: rule, severity: sev, question: q)) {
                        missing.append("\(r.respondent) \(fault.kind) → \(rule)/\(sev)/\(q) in \(r.file)")
                    }
                }
                // And the key's expected issues for the counted file, exactly (for the value rules).
                let got = Set(found.filter { $0.file == r.file && Self.tabulatedRules.contains($0.rule) }
                    .map { "\($0.rule)/\($0.severity)/\($0.question)" })
                let want = Set(r.issues.map { "\($0.rule)/\($0.severity)/\($0.question)" })
                if got != want { missing.append("\(r.respondent): issues.csv \(got.sorted()), key \(want.sorted())") }
            }
            #expect(missing.isEmpty, "\(missing.prefix(10))")
            #expect(faultsChecked > 5, "too few rule faults injected to mean anything: \(faultsChecked)")
            let kinds = Set(key.respondents.flatMap { $0.faults.compactMap(\.rule) })
            #expect(kinds.isSuperset(of: ["not-asked", "sum"]), "\(kinds)")

            // No error that the key does not predict.
            let expectedErrors = Set(key.respondents.flatMap { r in
                r.issues.filter { $0.severity == "error" }.map { Found(file: r.file, rule: $0.rule, severity: "error", question: $0.question) }
            })
            let unexpected = found.filter { $0.severity == "error" && !expectedErrors.contains($0) }.map { "\($0.file) \($0.rule) \($0.question)" }
            #expect(unexpected.isEmpty, "\(unexpected.sorted().prefix(10))")
            // The superseded first file of a resubmission carries the out-of-range value it was
            // corrected for: counted in its ledger entry, but its issues are moot and not listed.
            let rec0 = try RunJSON.load(folder)
            for f in key.files where f.state == "superseded" {
                let name = f.member.map { "\(f.path)!\($0)" } ?? f.path
                #expect(!found.contains { $0.file == name }, "superseded \(name) has issues listed")
                #expect(rec0.inputs.first { $0.input.path == f.path && $0.input.member == f.member }.map { $0.errors >= 1 } == true,
                        "superseded \(name): its range error is not counted in run.json")
            }
            // Contact values never leave the prefecture: issues.csv masks them.
            let rec = try RunJSON.load(folder)
            #expect(rec.issues["error"] == rows.filter { $0["重要度コード"] == "error" }.count)
        }

        // MARK: (c) report cells recomputed from the key

        /// 単純集計 of one question recomputed from the key's expected answers.
        struct Expected {
            var n = 0, noAnswer = 0
            var counts: [Int: Int] = [:]
            var values: [Int] = []
            /// Of everyone asked (the default percent base): 無回答 is in the base.
            func share(_ code: Int) -> Double? { n + noAnswer > 0 ? Double(counts[code] ?? 0) / Double(n + noAnswer) : nil }
            var median: Double? {
                let s = values.sorted()
                guard !s.isEmpty else { return nil }
                return s.count % 2 == 1 ? Double(s[s.count / 2]) : Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2
            }
        }

        func expected(_ qid: String, form: FormID, prefecture: String? = nil) -> Expected {
            let question = cb.form(form)!.question(qid)!
            var e = Expected()
            for r in key.respondents where r.form == form.rawValue && (prefecture == nil || r.code.hasPrefix(prefecture!)) {
                let answers = r.expected.mapValues(\.answerValue)
                if let c = question.condition, !c.holds(in: answers) { continue }
                switch answers[qid] {
                case .single(let c)?: e.n += 1; e.counts[c, default: 0] += 1
                case .multi(let cs)? where !cs.isEmpty: e.n += 1; for c in Set(cs) { e.counts[c, default: 0] += 1 }
                case .integer(let v)?: e.n += 1; e.values.append(v)
                case .text(let t)? where !t.isEmpty: e.n += 1
                default: e.noAnswer += 1
                }
            }
            return e
        }

        func code(_ form: FormID, _ qid: String, _ label: String) -> Int { cb.form(form)!.question(qid)!.option(label: label)!.code }

        /// Checks one question block of a question-table sheet at the group whose 件数 is `column`.
        func checkBlock(_ s: Sheet, _ qid: String, _ form: FormID, column: Int, prefecture: String? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
            let e = expected(qid, form: form, prefecture: prefecture)
            let q = cb.form(form)!.question(qid)!
            let where_ = "\(qid) col \(column) \(prefecture ?? "全国")"
            let nRow = try #require(s.questionRow(qid, "n（対象者数）"), sourceLocation: sourceLocation)
            #expect(s.number(nRow, column) == Double(e.n + e.noAnswer), "\(where_) n", sourceLocation: sourceLocation)
            let naRow = try #require(s.questionRow(qid, "無回答"), sourceLocation: sourceLocation)
            #expect(s.number(naRow, column) == Double(e.noAnswer), "\(where_) 無回答", sourceLocation: sourceLocation)
            switch q.type {
            case .single, .multi:
                for o in q.options {
                    let row = try #require(s.questionRow(qid, o.label), "\(where_) \(o.label)", sourceLocation: sourceLocation)
                    #expect(s.number(row, column) == Double(e.counts[o.code] ?? 0), "\(where_) \(o.label) 件数", sourceLocation: sourceLocation)
                    if let share = e.share(o.code) {
                        #expect(approx(s.number(row, column + 1), share), "\(where_) \(o.label) ％", sourceLocation: sourceLocation)
                    } else {
                        #expect(s.string(row, column + 1) == "－", sourceLocation: sourceLocation)
                    }
                }
            case .integer:
                let sum = try #require(s.questionRow(qid, "合計"), sourceLocation: sourceLocation)
                #expect(s.number(sum, column) == Double(e.values.reduce(0, +)), "\(where_) 合計", sourceLocation: sourceLocation)
                if let mn = e.values.min(), let mx = e.values.max() {
                    #expect(s.number(try #require(s.questionRow(qid, "最小")), column) == Double(mn), "\(where_) 最小", sourceLocation: sourceLocation)
                    #expect(s.number(try #require(s.questionRow(qid, "最大")), column) == Double(mx), "\(where_) 最大", sourceLocation: sourceLocation)
                    #expect(approx(s.number(try #require(s.questionRow(qid, "中央値")), column), e.median), "\(where_) 中央値", sourceLocation: sourceLocation)
                    let mean = Double(e.values.reduce(0, +)) / Double(e.values.count)
                    #expect(approx(s.number(try #require(s.questionRow(qid, "平均")), column), mean), "\(where_) 平均", sourceLocation: sourceLocation)
                }
            default:
                break
            }
        }

        @Test func nationalQuestionTablesMatchTheKey() throws {
            let national = folder + "/全国集計.xlsx"
            let muni = try Sheet(national, "市町村票")
            let munis = key.respondents.filter { $0.form == "MUNI" }
            #expect(muni.string(0, 0)?.hasSuffix("回答数 \(munis.count)") == true, "\(muni.string(0, 0) ?? "")")
            // Single choice, its conditional follow-ups (single and integer), multi choice with an
            // exclusive option, a conditional multi choice.
            for qid in ["M2", "M2_1", "M2_2", "M8_1", "M9", "M7_1", "M5_1"] {
                try checkBlock(muni, qid, .muni, column: 2)
            }
            // The conditional's n + 無回答 is exactly the municipalities with a council.
            let yes = code(.muni, "M2", "設置している")
            let councils = munis.filter { $0.expected["M2"] == .single(yes) }.count
            let n = try #require(muni.questionRow("M2_1", "n（対象者数）"))
            #expect(muni.number(n, 2) == Double(councils))
            #expect(councils > 0 && councils < munis.count)

            let coord = try Sheet(national, "コーディネーター票")
            #expect(coord.string(0, 0)?.hasSuffix("回答数 \(key.respondents.filter { $0.form == "COORD" }.count)") == true)
            for qid in ["C4", "C5"] { try checkBlock(coord, qid, .coord, column: 2) }
            let pref = try Sheet(national, "都道府県票")
            #expect(pref.string(0, 0)?.hasSuffix("回答数 \(key.respondents.filter { $0.form == "PREF" }.count)") == true)
            for qid in ["P1", "P7_1"] { try checkBlock(pref, qid, .pref, column: 2) }
        }

        @Test func prefectureWorkbookShowsItselfBesideTheNation() throws {
            for p in key.prefectures {
                let pref = try #require(master.prefecture(prefCode: p))
                let path = folder + "/prefectures/\(p)_\(pref.name).xlsx"
                let s = try Sheet(path, "集計")
                #expect(s.string(3, 2) == pref.name && s.string(3, 4) == "全国")
                for qid in ["M2", "M2_1", "M2_2", "M9"] {
                    try checkBlock(s, qid, .muni, column: 2, prefecture: p)
                    try checkBlock(s, qid, .muni, column: 4)
                }
                try checkBlock(s, "C4", .coord, column: 2, prefecture: p)
            }
        }

        @Test func statusCountsMatchTheKey() throws {
            let s = try Sheet(folder + "/全国集計.xlsx", "回収状況")
            var totals = (prefs: 0, munis: 0, returned: 0, coords: 0)
            for p in master.prefectures {
                let row = try #require(s.row(p.prefCode, column: 0, from: 4), "no row for \(p.prefCode)")
                let simulated = key.prefectures.contains(p.prefCode)
                let total = master.municipalities(inPrefecture: p.prefCode).count
                let returned = key.respondents.filter { $0.form == "MUNI" && $0.code.hasPrefix(p.prefCode) }.count
                let coords = key.respondents.filter { $0.form == "COORD" && $0.code.hasPrefix(p.prefCode) }.count
                let prefReturned = key.respondents.contains { $0.form == "PREF" && $0.code.hasPrefix(p.prefCode) }
                #expect(s.string(row, 2) == (prefReturned ? "受理" : "未提出"), "\(p.prefCode)")
                #expect(s.number(row, 3) == Double(total), "\(p.prefCode) 市町村数")
                #expect(s.number(row, 4) == Double(returned), "\(p.prefCode) 回収数")
                #expect(approx(s.number(row, 5), total > 0 ? Double(returned) / Double(total) : nil), "\(p.prefCode) 回収率")
                #expect(s.number(row, 6) == Double(total - returned), "\(p.prefCode) 未回収")
                #expect(s.number(row, 7) == Double(coords), "\(p.prefCode) コーディネーター")
                if simulated {
                    let missing = key.missing.filter { $0.hasPrefix("MUNI:\(p.prefCode)") }.count
                    #expect(total - returned == missing, "\(p.prefCode): key misses \(missing)")
                }
                totals.prefs += prefReturned ? 1 : 0; totals.munis += total; totals.returned += returned; totals.coords += coords
            }
            let all = try #require(s.row("全国", column: 1))
            #expect(s.string(all, 2) == "\(totals.prefs) / \(master.prefectures.count)")
            #expect(s.number(all, 3) == Double(totals.munis))
            #expect(s.number(all, 4) == Double(totals.returned))
            #expect(s.number(all, 7) == Double(totals.coords))
            #expect(totals.returned == key.respondents.filter { $0.form == "MUNI" }.count)

            // A prefecture's own 回収状況: one row per municipality, 済 exactly for those in the key.
            for p in key.prefectures {
                let pref = try #require(master.prefecture(prefCode: p))
                let ps = try Sheet(folder + "/prefectures/\(p)_\(pref.name).xlsx", "回収状況")
                let returnedCodes = Set(key.respondents.filter { $0.form == "MUNI" && $0.code.hasPrefix(p) }.map(\.code))
                for m in master.municipalities(inPrefecture: p) {
                    let row = try #require(ps.row(m.code, column: 0, from: 5))
                    #expect(ps.string(row, 3) == (returnedCodes.contains(m.code) ? "済" : "未回収"), "\(m.code)")
                }
                #expect(ps.string(1, 0)?.contains("市町村票: \(returnedCodes.count) / \(master.municipalities(inPrefecture: p).count)") == true,
                        "\(ps.string(1, 0) ?? "")")
            }
        }

        @Test func answersCSVHoldsTheExpectedAnswers() throws {
            let rows = try CSVFile.rows(folder + "/answers.csv")
            var byKey: [String: [String: String]] = [:]
            for r in rows {
                let who = (r["form"] ?? "") + ":" + (r["団体コード"] ?? "") + ((r["コーディネーター番号"] ?? "").isEmpty ? "" : "#" + r["コーディネーター番号"]!)
                byKey[who + " " + (r["設問ID"] ?? "")] = r
            }
            var mismatches: [String] = []
            for r in key.respondents {
                for (qid, v) in r.expected {
                    guard let q = cb.form(FormID(rawValue: r.form)!)!.question(qid), q.isTabulated else { continue }
                    guard let row = byKey["\(r.respondent) \(qid)"] else { mismatches.append("\(r.respondent) \(qid): no row"); continue }
                    let want: (String, String)
                    switch v {
                    case .single(let c): want = (String(c), q.option(code: c)?.label ?? "")
                    case .multi(let cs): want = (cs.map(String.init).joined(separator: ";"), "")
                    case .integer(let n): want = ("", String(n))
                    case .text(let t): want = ("", t)
                    }
                    if row["状態"] != "回答" || row["選択肢コード"] != want.0 || (!want.1.isEmpty && row["回答"] != want.1) {
                        mismatches.append("\(r.respondent) \(qid): csv \(row["状態"] ?? "") \(row["選択肢コード"] ?? "")/\(row["回答"] ?? ""), key \(v)")
                    }
                }
                for qid in r.noAnswer where byKey["\(r.respondent) \(qid)"]?["状態"] != "無回答" {
                    mismatches.append("\(r.respondent) \(qid): invalid answer not 無回答")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        }

        // MARK: (e) run.json hashes

        @Test func runRecordHashesEveryInputAndOutput() throws {
            let rec = try RunJSON.load(folder)
            #expect(rec.tool == "renkei")
            #expect(rec.codebookID == cb.id)
            let inbox = Inboxes.faulty.inbox
            let loose = rec.inputs.filter { $0.input.member == nil }
            let sums = try sha256sum(loose.map { inbox + "/" + $0.input.path })
            for i in rec.inputs {
                let attrs = try FileManager.default.attributesOfItem(atPath: inbox + "/" + i.input.path)
                if i.state == .skipped {
                    // Litter is never read: no hash is claimed for it, and a claimed one must be right.
                    if let h = i.sha256 { #expect(h == sums[inbox + "/" + i.input.path], "\(i.input.path)") }
                    continue
                }
                #expect(isHex64(i.sha256), "\(i.input.path)!\(i.input.member ?? "") sha256 \(i.sha256 ?? "nil")")
                if i.input.member == nil {
                    #expect(i.sha256 == sums[inbox + "/" + i.input.path], "\(i.input.path): run.json \(i.sha256 ?? "nil")")
                    #expect(i.size == (attrs[.size] as? NSNumber)?.intValue, "\(i.input.path) size")
                }
            }
            // Bundle members: the hash of the member's uncompressed bytes (Python's zipfile, an
            // independent reader).
            let members = rec.inputs.filter { $0.input.member != nil }
            #expect(!members.isEmpty, "no bundle member in the inbox")
            var membersChecked = 0
            let havePython = (try? Run.shell("command -v python3"))?.status == 0
            for zip in Set(members.map(\.input.path)) {
                let script = "import hashlib,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nfor i in z.infolist(): print(hashlib.sha256(z.read(i)).hexdigest(), i.filename)"
                let o = try Run.shell("PYTHONIOENCODING=utf-8 python3 -c \(shellQuote(script)) \(shellQuote(inbox + "/" + zip))")
                #expect(o.status == 0 || !havePython, "zipfile: \(o.stderr)")
                guard o.status == 0 else { continue }  // no Python: the loose files were checked
                var byName: [String: String] = [:]
                for line in o.stdout.split(separator: "\n") {
                    let parts = line.split(separator: " ", maxSplits: 1)
                    if parts.count == 2 { byName[String(parts[1])] = String(parts[0]) }
                }
                for m in members where m.input.path == zip {
                    membersChecked += 1
                    #expect(m.sha256 == byName[m.input.member!], "\(zip)!\(m.input.member!): run.json \(m.sha256 ?? "nil"), zipfile \(byName[m.input.member!] ?? "nil")")
                }
            }

            #expect(membersChecked == members.count || !havePython)

            // Outputs: every report, each hash and size that of the published file.
            var names = ["全国集計.xlsx", "answers.csv", "issues.csv", "ledger.csv", "summary.json", "corrections.csv", "issues-state.json"]
            names += master.prefectures.map { "prefectures/\($0.prefCode)_\($0.name).xlsx" }
            names += master.prefectures.map { "疑義照会/\($0.prefCode)_\($0.name).xlsx" }
            // 回答データ: the national workbook and CSV per form, and each prefecture's own CSVs.
            let forms = ["都道府県票", "市町村票", "コーディネーター票"]
            names += ["回答データ.xlsx"] + forms.map { "wide/\($0).csv" }
            names += master.prefectures.flatMap { p in forms.map { "wide/prefectures/\(p.prefCode)_\(p.name)_\($0).csv" } }
            // 見える化: the national page and each prefecture's page, each folder with its style and script,
            // and a カルテ page per municipality of the master list.
            names += ["見える化/index.html", "見える化/dashboard.css", "見える化/dashboard.js"]
            names += master.prefectures.flatMap { p in ["index.html", "dashboard.css", "dashboard.js"].map { "見える化/prefectures/\(p.prefCode)_\(p.name)/" + $0 } }
            names += master.municipalities.map { m in
                let p = master.prefectures.first { $0.prefCode == m.prefCode }!
                return "見える化/prefectures/\(p.prefCode)_\(p.name)/karte/\(m.code)_\(m.name).html"
            }
            #expect(Set(rec.outputs.map(\.path)) == Set(names))
            let outSums = try sha256sum(rec.outputs.map { folder + "/" + $0.path })
            for o in rec.outputs {
                #expect(isHex64(o.sha256))
                #expect(o.sha256 == outSums[folder + "/" + o.path], "\(o.path)")
                let size = try FileManager.default.attributesOfItem(atPath: folder + "/" + o.path)[.size] as? NSNumber
                #expect(o.size == size?.intValue, "\(o.path) size")
            }
        }
    }
}
