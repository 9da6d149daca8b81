import Foundation
import ReportKit
import Simulate
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// A survey revised the way a contractor revises it, run with `--previous` on last year's
    /// published run: a split option, options added, a category renamed (no previous_options)
    /// and one removed, a question removed, an option dropped without a mapping, a contact
    /// field added. Expected figures are counted here from the two answer keys.
    @Suite struct Revision {
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        static let r5YAML = try! String(contentsOf: root.appendingPathComponent("Sources/SurveyModel/Resources/r5-codebook.yaml"), encoding: .utf8)

        static func edited(_ edits: [(String, String)]) -> String {
            var y = r5YAML
            for (a, b) in edits {
                precondition(y.components(separatedBy: a).count == 2, "not exactly once in R5: \(a)")
                y = y.replacingOccurrences(of: a, with: b)
            }
            return y
        }

        static let revisionEdits: [(String, String)] = [
            ("version: R5-1", "version: R6-rev"),
            ("survey: {window: 2023-08-23..2023-09-19}", "survey: {window: 2024-08-26..2024-09-24}"),
            ("  - {id: infection, label: 感染症, kind: テーマ}", "  - {id: infection, label: 感染症・新興感染症, kind: テーマ}"),
            ("  - {id: disaster, label: 災害, kind: テーマ}\n", ""),
            (", infection: 532, disaster: 503}", ", infection: 532}"),
            ("options: [郡市区医師会, 医療機関（病院・診療所）, 地域包括支援センター, 訪問看護事業所, 社会福祉協議会, その他]",
             "options: [郡市区医師会, 病院, 診療所, 地域包括支援センター, 訪問看護事業所, 社会福祉協議会, その他]\n"
             + "            previous_options: {医療機関（病院・診療所）: [病院, 診療所]}"),
            ("options: [市町村役場, 地域包括支援センター, 郡市区医師会, 医療機関, 訪問看護事業所, その他]",
             "options: [市町村役場, 地域包括支援センター, 郡市区医師会, 医療機関, その他]"),
            ("options: [看護師, 保健師, 社会福祉士, 介護支援専門員, 医療ソーシャルワーカー, 医師, 事務職, その他]",
             "options: [看護師, 保健師, 社会福祉士, 介護支援専門員, 医療ソーシャルワーカー, 医師, 事務職, その他, 理学療法士・作業療法士]"),
            ("""
                      - id: M5_1
                        label: 評価指標の種類（設定している場合）
                        type: multi
                        options: [ストラクチャー指標, プロセス指標, アウトカム指標]
                        when: "M5 = 設定している"

            """, "\n"),
        ]

        /// The MUNI identity block gains a direct line after the e-mail (the second of three alike lines).
        static let codebookYAML: String = {
            let email = "          - {id: email, label: メールアドレス, type: text, identity: email, pii: true, format: email, max_length: 254}\n"
            var y = edited(revisionEdits)
            let parts = y.components(separatedBy: email)
            precondition(parts.count == 4)
            y = parts[0] + email + parts[1] + email
                + "          - {id: phone_direct, label: 電話番号（直通）, type: text, pii: true, format: phone, max_length: 20}\n"
                + parts[2] + email + parts[3]
            return y
        }()

        struct Years: Sendable {
            let before: AnswerKey, now: AnswerKey
            let dir: String, codebookPath: String, previousFolder: String, folder: String
            let outcome: Outcome
            let codebook: Codebook
        }

        static let years: Years = {
            let dir = Temp.dir("revision")
            let cbPath = dir + "/codebook-rev.yaml"
            try! codebookYAML.write(toFile: cbPath, atomically: true, encoding: .utf8)
            let cb = try! Codebook.load(path: cbPath)
            func simulate(_ name: String, _ extra: [String]) -> AnswerKey {
                let o = try! Run.renkei(["simulate", "--out", dir + "/" + name, "--prefectures", "31,32"] + extra)
                precondition(o.status == 0, "simulate \(name): \(o.stderr)")
                return try! AnswerKey.decode(Data(contentsOf: URL(fileURLWithPath: dir + "/" + name + "/answer-key.json")))
            }
            let before = simulate("y1", ["--seed", "31"])
            let now = simulate("y2", ["--seed", "32", "--codebook", cbPath])
            let p = try! Run.renkei(["run", "--inbox", dir + "/y1/inbox", "--out", dir + "/prev"])
            precondition(p.status <= 1, "previous run: \(p.stderr)")
            let o = try! Run.renkei(["run", "--inbox", dir + "/y2/inbox", "--out", dir + "/now", "--codebook", cbPath,
                                     "--previous", dir + "/prev/latest"])
            return Years(before: before, now: now, dir: dir, codebookPath: cbPath, previousFolder: latestFolder(dir + "/prev") ?? "",
                         folder: latestFolder(dir + "/now") ?? "(no latest: \(o.stderr))", outcome: o, codebook: cb)
        }()

        /// Per form: n + 無回答 of a question (conditions applied) and respondents choosing any of `codes`.
        static func count(_ key: AnswerKey, _ form: FormID, _ q: Question, codes: Set<Int>) -> (asked: Int, chose: Int) {
            var asked = 0, chose = 0
            for r in key.respondents where r.form == form.rawValue {
                let a = r.expected.mapValues(\.answerValue)
                if let c = q.condition, !c.holds(in: a) { continue }
                asked += 1
                switch a[q.id] {
                case .single(let c)? where codes.contains(c): chose += 1
                case .multi(let cs)? where !codes.isDisjoint(with: cs): chose += 1
                default: break
                }
            }
            return (asked, chose)
        }
        static var national: String { years.folder + "/全国集計.xlsx" }
        static func q(_ cb: Codebook, _ form: FormID, _ id: String) -> Question { cb.form(form)!.question(id)! }

        @Test func runsWithThePreviousRun() {
            #expect(Self.years.outcome.status <= 1, "\(Self.years.outcome.stderr)")
            #expect(fileExists(Self.national))
        }

        @Test func splitOptionShowsOneSpanningFigureAndItsNote() throws {
            let s = try Sheet(Self.national, "市町村票")
            let cb = Self.years.codebook
            let old = Self.count(Self.years.before, .muni, Self.q(.r5, .muni, "M1_1"), codes: [2])
            let now = Self.count(Self.years.now, .muni, Self.q(cb, .muni, "M1_1"), codes: [2, 3])
            #expect(old.chose > 0 && now.chose > 0)
            let hospital = try #require(s.questionRow("M1_1", "病院", codebook: cb))
            let clinic = try #require(s.questionRow("M1_1", "診療所", codebook: cb))
            #expect(clinic == hospital + 1)
            // 全国: 件数 2, ％ 3, 前回件数 4, 前回％ 5, 差 6. The old figure once, on the first part.
            #expect(s.number(hospital, 4) == Double(old.chose))
            #expect(approx(s.number(hospital, 5), Double(old.chose) / Double(old.asked)))
            #expect(s.number(clinic, 4) == nil && s.number(clinic, 5) == nil && s.number(clinic, 6) == nil)
            let diff = (Double(now.chose) / Double(now.asked) - Double(old.chose) / Double(old.asked)) * 100
            #expect(approx(s.number(hospital, 6).map { ($0 * 1e6).rounded() }, (diff * 1e6).rounded()), "差 on the parts' sum")
            // Merged down over both parts, and explained under the table.
            let merged = s.ws.mergedRanges.contains { $0.start.row == hospital && $0.end.row == clinic && $0.start.column == 4 }
            #expect(merged)
            let note = s.ws.cells.first { $0.ref.column == 1 && $0.ref.row > clinic && $0.text.hasPrefix("※前回の「医療機関（病院・診療所）」") }
            #expect(note?.text.contains("「病院」「診療所」") == true)
        }

        @Test func addedOptionsShowDashesNotZero() throws {
            let s = try Sheet(Self.national, "コーディネーター票")
            let cb = Self.years.codebook
            let r = try #require(s.questionRow("C2", "理学療法士・作業療法士", codebook: cb))
            #expect(s.string(r, 4) == "－" && s.string(r, 5) == "－" && s.string(r, 6) == "－")
            // An option that continues has its figure.
            let nurse = try #require(s.questionRow("C2", "看護師", codebook: cb))
            let old = Self.count(Self.years.before, .coord, Self.q(.r5, .coord, "C2"), codes: [1])
            #expect(s.number(nurse, 4) == Double(old.chose))
        }

        @Test func renamedCategoryMatchesInOptionLists() throws {
            let cb = Self.years.codebook
            let old = Self.count(Self.years.before, .coord, Self.q(.r5, .coord, "C6"), codes: [6])
            #expect(old.chose > 0, "someone chose 感染症 last year")
            let s = try Sheet(Self.national, "コーディネーター票")
            let r = try #require(s.questionRow("C6", "感染症・新興感染症", codebook: cb))
            #expect(s.number(r, 4) == Double(old.chose))
            // Matched by id in 場面・テーマ別 too, and the removed category is in neither year's rows.
            let m = try Sheet(Self.national, "場面・テーマ別")
            #expect(m.row("感染症・新興感染症", column: 1) != nil)
            #expect(m.row("災害", column: 1) == nil)
        }

        @Test func droppedOptionIsARowNotALoss() throws {
            let cb = Self.years.codebook
            let s = try Sheet(Self.national, "市町村票")
            let old = Self.count(Self.years.before, .muni, Self.q(.r5, .muni, "M7_1"), codes: [5])
            let r = try #require(s.questionRow("M7_1", "前回の選択肢で今回に対応がないもの（「訪問看護事業所」）", codebook: cb))
            #expect(s.number(r, 4) == Double(old.chose) && old.chose > 0)
            #expect(s.number(r, 2) == nil, "no figure this year")
        }

        @Test func removedQuestionsAreNamedByNumberAndText() throws {
            let s = try Sheet(Self.national, "市町村票")
            let gone = try #require(s.row("前回調査にあり今回の調査にない設問", column: 0))
            let m51 = Self.q(.r5, .muni, "M5_1")
            let r = try #require(s.row(m51.number, column: 0, from: gone))
            #expect(s.string(r, 1) == m51.label)
            var answered = 0
            for k in Self.years.before.respondents where k.form == "MUNI" {
                if case .multi(let cs)? = k.expected["M5_1"]?.answerValue, !cs.isEmpty { answered += 1 }
            }
            #expect(s.number(r, 2) == Double(answered))
            // The removed category's questions too, never by id.
            let d = Self.q(.r5, .muni, "M6_disaster")
            #expect(s.row(d.number, column: 0, from: gone) != nil)
            #expect(!s.ws.cells.contains { $0.ref.row > gone && ["M5_1", "M6_disaster", "M6_disaster_1"].contains($0.text) })
        }

        @Test func contactFieldIsUnnumberedAndShownWithTheOtherContacts() throws {
            let cb = Self.years.codebook
            let muni = cb.form(.muni)!
            #expect(muni.question("phone_direct")?.number == "")
            // Every question both years have keeps its 問番号.
            for q in Codebook.r5.form(.muni)!.questions where q.isTabulated {
                guard let now = muni.question(q.id) else { continue }
                #expect(now.number == q.number, "\(q.id)")
            }
            // The prefecture's answer list and its own wide CSV show it; nothing national does.
            let pref = try Sheet(Self.years.folder + "/prefectures/31_鳥取県.xlsx", "市町村別回答一覧")
            let heading = try #require(pref.ws.cells.first { $0.text.hasPrefix("電話番号（直通）") })
            let values = pref.ws.cells.filter { $0.ref.column == heading.ref.column && $0.ref.row > heading.ref.row + 1 }.map(\.text)
            #expect(!values.isEmpty && values.allSatisfy { $0.hasPrefix("0") && $0.contains("-") }, "\(values.prefix(3))")
            let own = try String(contentsOfFile: Self.years.folder + "/wide/prefectures/31_鳥取県_市町村票.csv", encoding: .utf8)
            #expect(own.contains("phone_direct"))
            let nation = try String(contentsOfFile: Self.years.folder + "/wide/市町村票.csv", encoding: .utf8)
            #expect(!nation.contains("phone_direct") && !nation.contains("電話番号（直通）"))
            let wb = try Workbook(path: Self.national)
            for ws in try wb.worksheets() { #expect(!ws.cells.contains { $0.text.contains("電話番号（直通）") }, "\(ws.name)") }
            // Every simulated form's direct line read as a phone number: no contact-format issue.
            let issues = try CSVFile.rows(Self.years.folder + "/issues.csv")
            #expect(!issues.contains { $0["設問ID"] == "phone_direct" }, "\(issues.filter { $0["設問ID"] == "phone_direct" }.prefix(2))")
        }

        @Test func diffAgainstThePreviousRunShowsTheMapping() throws {
            let o = try Run.renkei(["codebook", "--check", Self.years.codebookPath, "--diff", Self.years.dir + "/prev/latest"])
            #expect(o.status == 0, "\(o.stderr)")
            let m11 = Self.q(Self.years.codebook, .muni, "M1_1")
            #expect(o.stdout.contains("  \(m11.number) M1_1 「\(m11.label)」: 選択肢「医療機関（病院・診療所）」を「病院」「診療所」に分割"), "\(o.stdout)")
            #expect(o.stdout.contains("選択肢「訪問看護事業所」は引き継ぐ先なし"))
            #expect(o.stdout.contains("選択肢「理学療法士・作業療法士」は新規"))
            #expect(o.stdout.contains("廃止: 前回 \(Self.q(.r5, .muni, "M5_1").number) M5_1 「評価指標の種類（設定している場合）」"))
            let m2 = Self.q(.r5, .muni, "M2")
            #expect(o.stdout.contains("  \(m2.number) M2 「\(m2.label)」: 変更なし\n"))
            #expect(!o.stdout.contains("感染症・新興感染症」は新規"), "the renamed category continues")
        }

        /// A `previous_id` or old option label naming nothing in the previous run stops the run
        /// (exit 2) at its line, before anything is published.
        @Test(arguments: [
            ("          - id: M3\n", "          - id: M3N\n            previous_id: M3X\n", "previous_id: M3X", "設問 M3N の `previous_id: M3X` は前回の市町村票にない設問です。`M3` の書き間違いではありませんか。"),
            ("previous_options: {医療機関（病院・診療所）: [病院, 診療所]}", "previous_options: {医療機関（病院・診療所: [病院, 診療所]}",
             "医療機関（病院・診療所", "「医療機関（病院・診療所）」の書き間違いではありませんか。"),
        ])
        func previousSlipsStopTheRun(_ from: String, _ to: String, _ written: String, _ hint: String) throws {
            let yaml = Self.codebookYAML.replacingOccurrences(of: from, with: to)
            let dir = Temp.dir("revision-slip")
            try yaml.write(toFile: dir + "/codebook.yaml", atomically: true, encoding: .utf8)
            let line = yaml.components(separatedBy: "\n").firstIndex { $0.contains(written) }! + 1
            let o = try Run.renkei(["run", "--inbox", Self.years.dir + "/y2/inbox", "--out", dir + "/out", "--codebook", dir + "/codebook.yaml",
                                    "--previous", Self.years.dir + "/prev/latest"])
            #expect(o.status == 2, "\(o.status) \(o.stderr)")
            #expect(o.stderr.contains("codebook.yaml:\(line):") && o.stderr.contains(hint), "\(o.stderr)")
            #expect(latestFolder(dir + "/out") == nil, "nothing published")
        }

        /// The simulated revision: every file dated in its own window, no removed category named.
        @Test func simulatedRevisionFollowsItsCalendarAndWords() throws {
            let cb = Self.years.codebook
            let window = try #require(cb.window)
            let iso = ISO8601DateFormatter()
            let dated = Self.years.now.files.compactMap { $0.modified }
            #expect(!dated.isEmpty)
            for m in dated { #expect(iso.date(from: m).map(window.contains) == true, "\(m)") }
            let inbox = Self.years.dir + "/y2/inbox"
            let files = FileManager.default.enumerator(atPath: inbox)!.compactMap { $0 as? String }
            for f in files {
                let attrs = try FileManager.default.attributesOfItem(atPath: inbox + "/" + f)
                guard attrs[.type] as? FileAttributeType == .typeRegular, let d = attrs[.modificationDate] as? Date else { continue }
                #expect(window.contains(d), "\(f) \(d)")
            }
            // Free text comes from this codebook's words: never 災害, which it removed.
            var texts = 0
            for r in Self.years.now.respondents {
                for (_, v) in r.truth { if case .text(let t) = v.answerValue { texts += 1; #expect(!t.contains("災害"), "\(t)") } }
            }
            #expect(texts > 0)
            for name in ["answers.csv", "wide/市町村票.csv", "wide/コーディネーター票.csv", "wide/都道府県票.csv"] {
                let text = try String(contentsOfFile: Self.years.folder + "/" + name, encoding: .utf8)
                #expect(!text.contains("災害"), "\(name)")
            }
            let asOf = try SummaryJSON.read(Data(contentsOf: URL(fileURLWithPath: Self.years.folder + "/summary.json"))).asOf
            #expect(asOf.hasPrefix("2024/08/2") || asOf.hasPrefix("2024/09/"), "集計基準日時 \(asOf) in the window")
        }
    }
}

extension E2E {
    /// `renkei codebook --check` and `--diff` as the contractor uses them before the season.
    @Suite struct RevisionChecks {
        static var r6: String { E2E.R6Example.codebookPath }

        @Test func diffOfTheR6ExampleAgainstR5() throws {
            let dir = Temp.dir("diff")  // no r5-codebook.yaml here: the embedded one
            let o = try Run.renkei(["codebook", "--check", Self.r6, "--diff", "r5-codebook.yaml"], cwd: dir)
            #expect(o.status == 0, "\(o.stderr)")
            let lines = o.stdout.components(separatedBy: "\n")
            for expected in [
                "  問1 M1 「事業の実施方法」: 変更なし",
                "  問8 M12 「コーディネーターの配置」: 前回の M8 から改名（前回 問8）",
                "  問8(1) M12_1 「コーディネーターの配置人数（配置している場合）」: 前回の M8_1 から改名（前回 問8(1)）",
                "  問4 C9 「コーディネーターとしての経験年数」: 前回の C4 から改名（前回 問4）",
                "  問2 C2 「保有資格・職種」: 選択肢「理学療法士・作業療法士」は新規",
                "  問6 C6 「業務で関わっている場面・テーマ」: 選択肢「人生会議（ACP）」は新規",
                "  問6-⑧ M6_acp 「「人生会議（ACP）」と関連づけた取組の有無」: 新規",
                "  問10 M14 「地域の医療・介護資源マップの作成」: 新規",
                "  廃止: 前回 問3 P3 「医療計画における「在宅医療に必要な連携を担う拠点」の記載」",
            ] { #expect(lines.contains(expected), "\(expected)\n\(o.stdout)") }
            // Each form lists its questions once, in form order, then what it lost.
            let tabulated = E2E.R6Example.cb.forms.map { $0.questions.filter(\.isTabulated).count }.reduce(0, +)
            #expect(lines.filter { $0.hasPrefix("  ") }.count == tabulated + 1, "\(o.stdout)")
            // --diff needs the codebook to compare: a usage error.
            let bare = try Run.renkei(["codebook", "--diff", "r5-codebook.yaml"], cwd: dir)
            #expect(bare.status == 2 && bare.stderr.contains("--check"), "\(bare.status) \(bare.stderr)")
        }

        /// The R6 example simulated: its files are dated in R6's window, so is the run's 集計基準日時.
        @Test func simulatedR6IsDatedInItsWindow() throws {
            let published = E2E.R6Example.published
            let window = try #require(E2E.R6Example.cb.window)
            let iso = ISO8601DateFormatter()
            let dated = published.key.files.compactMap(\.modified)
            #expect(dated.count > 30)
            for m in dated { #expect(iso.date(from: m).map(window.contains) == true, "\(m)") }
            let asOf = try SummaryJSON.read(Data(contentsOf: URL(fileURLWithPath: published.folder + "/summary.json"))).asOf
            #expect(asOf.hasPrefix("2024/08/") || asOf.hasPrefix("2024/09/"), "集計基準日時 \(asOf)")
        }

        @Test func duplicateNumberIsRefusedNamingBothLines() throws {
            var y = try String(contentsOfFile: Self.r6, encoding: .utf8)
            y = y.replacingOccurrences(of: "          - id: M14\n", with: "          - id: M14\n            no: 問9\n")
            let dir = Temp.dir("dup-no")
            try y.write(toFile: dir + "/r6.yaml", atomically: true, encoding: .utf8)
            let lines = y.components(separatedBy: "\n")
            let m14 = lines.firstIndex { $0 == "          - id: M14" }! + 1
            let m9 = lines.firstIndex { $0 == "          - id: M9" }! + 1
            let o = try Run.renkei(["codebook", "--check", dir + "/r6.yaml"])
            #expect(o.status == 2, "\(o.status) \(o.stderr)")
            #expect(o.stderr.contains("r6.yaml:\(m14):") && o.stderr.contains("（\(m9) 行目）") && o.stderr.contains("問9"), "\(o.stderr)")
        }
    }
}
