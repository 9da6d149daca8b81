import Foundation
import RenkeiRun
import ReportKit
import Simulate
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// 前回比較 through the real binary: a previous year simulated and published with R5, this
    /// year simulated with an R6-style codebook (one question renamed, one option label changed,
    /// one question removed, one added) and a master list where one 鳥取 municipality is gone
    /// (merged), run with `--previous`. Every expected figure is counted here from the two
    /// answer keys, not by renkei's code.
    @Suite struct PreviousRun {
        static let root = Paths.root

        /// R5 with: M3 renamed M3N (previous_id), M2_1's 市町村 now 市町村単位 (previous_options),
        /// M5_1 removed, M11 new.
        static let codebookYAML: String = {
            var y = try! String(contentsOf: root.appendingPathComponent("Sources/SurveyModel/Resources/r5-codebook.yaml"), encoding: .utf8)
            func replace(_ a: String, _ b: String) {
                precondition(y.components(separatedBy: a).count == 2, "not exactly once in R5: \(a)")
                y = y.replacingOccurrences(of: a, with: b)
            }
            replace("version: R5-1", "version: R6-test")
            replace("          - id: M3\n", "          - id: M3N\n            previous_id: M3\n")
            replace("options: [市町村, 郡市区医師会単位, 保健所単位, 2次医療圏, 都道府県, その他]",
                    "options: [市町村単位, 郡市区医師会単位, 保健所単位, 2次医療圏, 都道府県, その他]\n            previous_options: {市町村: 市町村単位}")
            replace("""
                      - id: M5_1
                        label: 評価指標の種類（設定している場合）
                        type: multi
                        options: [ストラクチャー指標, プロセス指標, アウトカム指標]
                        when: "M5 = 設定している"

            """, "\n")
            replace("          - {id: M10, label: 自由記述, type: text, required: false, max_length: 2000}\n",
                    "          - {id: M10, label: 自由記述, type: text, required: false, max_length: 2000}\n"
                    + "          - {id: M11, label: 来年度の事業拡充の予定, type: single, options: [ある, ない]}\n")
            return y
        }()

        struct Years: Sendable {
            let before: AnswerKey
            let now: AnswerKey
            /// The 鳥取 municipality that answered last year and is not in this year's master list.
            let merged: String
            let previousFolder: String
            let folder: String
            let outcome: NightlyRun.Outcome
            let codebook: Codebook
        }

        static let years: Years = {
            let dir = Temp.dir("previous")
            let cbPath = dir + "/codebook-r6.yaml"
            try! codebookYAML.write(toFile: cbPath, atomically: true, encoding: .utf8)
            let cb = try! Codebook.load(path: cbPath)
            let before = try! InProcess.simulate(out: dir + "/y1", prefectures: ["31", "32"], seed: 21)
            let now = try! InProcess.simulate(out: dir + "/y2", prefectures: ["31", "32"], seed: 22, codebook: cb)
            let p = try! InProcess.run(inbox: dir + "/y1/inbox", out: dir + "/prev")
            precondition(p.status.rawValue <= 1, "previous run: \(p.status)")
            // This year's master list lacks one 鳥取 municipality that answered last year.
            let merged = before.respondents.first { $0.form == "MUNI" && $0.code.hasPrefix("31") }!.code
            let master = try! String(contentsOf: Paths.municipalitiesCSV, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(merged + ",") }.joined(separator: "\n")
            try! master.write(toFile: dir + "/master.csv", atomically: true, encoding: .utf8)
            let o = try! InProcess.run(inbox: dir + "/y2/inbox", out: dir + "/now", codebook: cbPath,
                                       master: dir + "/master.csv", previous: dir + "/prev/latest")
            return Years(before: before, now: now, merged: merged, previousFolder: latestFolder(dir + "/prev") ?? "",
                         folder: latestFolder(dir + "/now") ?? "(no latest)", outcome: o, codebook: cb)
        }()

        /// n, 無回答 and per-code counts of one question in a key (conditions applied), for
        /// respondents `include` keeps.
        static func count(_ key: AnswerKey, _ q: Question, include: (AnswerKey.RespondentKey) -> Bool = { _ in true })
        -> (n: Int, noAnswer: Int, codes: [Int: Int]) {
            var n = 0, noAnswer = 0, codes = [Int: Int]()
            for r in key.respondents where r.form == "MUNI" && include(r) {
                let a = r.expected.mapValues(\.answerValue)
                if let c = q.condition, !c.holds(in: a) { continue }
                switch a[q.id] {
                case .single(let c)?: n += 1; codes[c, default: 0] += 1
                case .multi(let cs)? where !cs.isEmpty: n += 1; for c in cs { codes[c, default: 0] += 1 }
                default: noAnswer += 1
                }
            }
            return (n, noAnswer, codes)
        }

        static var r5: Codebook { .r5 }
        static var national: String { years.folder + "/全国集計.xlsx" }
        /// This year's accepted MUNI respondents: all of the key's but the merged code's (its file is rejected).
        static func thisYear(_ r: AnswerKey.RespondentKey) -> Bool { r.code != years.merged }

        /// Expected (now, before) for one option of a MUNI question, with its previous counterpart:
        /// n is everyone the question applied to (valid + 無回答), the tables' default ％ base.
        struct Figure { let n: Int; let count: Int; let pn: Int; let pcount: Int
            var share: Double { Double(count) / Double(n) }
            var pshare: Double { Double(pcount) / Double(pn) }
        }
        static func figure(_ id: String, previous pid: String, code: Int, previousCode: Int,
                           prefecture: String? = nil) -> Figure {
            let q = years.codebook.form(.muni)!.question(id)!, pq = r5.form(.muni)!.question(pid)!
            let inPref = { (r: AnswerKey.RespondentKey) in prefecture.map { r.code.hasPrefix($0) } ?? true }
            let now = count(years.now, q) { thisYear($0) && inPref($0) }
            let before = count(years.before, pq) { inPref($0) }
            return Figure(n: now.n + now.noAnswer, count: now.codes[code] ?? 0, pn: before.n + before.noAnswer,
                          pcount: before.codes[previousCode] ?? 0)
        }

        /// The heading row of a MUNI question (its 問番号 in column 0, within the 市町村票 section).
        static func heading(_ s: Sheet, _ id: String) -> Int? {
            guard let number = years.codebook.form(.muni)?.question(id)?.number else { return nil }
            let section = s.ws.cells.filter { $0.ref.column == 0 && $0.text.hasPrefix("市町村票（") }.map(\.ref.row).min() ?? 0
            return s.row(number, column: 0, from: section)
        }

        func check(_ s: Sheet, _ id: String, _ label: String, _ f: Figure, column c: Int) throws {
            let nRow = try #require(s.questionRow(id, "n（対象者数）", codebook: Self.years.codebook), "\(id) n row")
            #expect(s.number(nRow, c) == Double(f.n), "\(id) n")
            #expect(s.number(nRow, c + 2) == Double(f.pn), "\(id) 前回 n")
            let r = try #require(s.questionRow(id, label, codebook: Self.years.codebook), "\(id) \(label)")
            #expect(s.number(r, c) == Double(f.count), "\(id) \(label) 件数")
            #expect(s.number(r, c + 2) == Double(f.pcount), "\(id) \(label) 前回件数")
            #expect(approx(s.number(r, c + 3), f.pshare), "\(id) \(label) 前回％")
            #expect(approx(s.number(r, c + 4).map { ($0 * 1e6).rounded() }, ((f.share - f.pshare) * 100 * 1e6).rounded()),
                    "\(id) \(label) 差 \(String(describing: s.number(r, c + 4))) vs \((f.share - f.pshare) * 100)")
        }

        @Test func runsAndPublishes() throws {
            let o = Self.years.outcome
            #expect(o.status == .inputErrors, "one file is of a municipality the master list no longer has: \(o.status) \(o.text)")
            #expect(fileExists(Self.national), "\(o.text)")
        }

        @Test func nationalTablesShowPreviousFiguresAndDifferences() throws {
            let s = try Sheet(Self.national, "市町村票")
            // Renamed question (M3 → M3N), an unchanged one, and a relabelled option (市町村 → 市町村単位).
            try check(s, "M3N", "設定している", Self.figure("M3N", previous: "M3", code: 1, previousCode: 1), column: 2)
            try check(s, "M2", "設置している", Self.figure("M2", previous: "M2", code: 1, previousCode: 1), column: 2)
            try check(s, "M2_1", "市町村単位", Self.figure("M2_1", previous: "M2_1", code: 1, previousCode: 1), column: 2)
            #expect(Self.figure("M2_1", previous: "M2_1", code: 1, previousCode: 1).pcount > 0, "the relabelled option was answered last year")
            // New this year: 新設 in the 前回 column of its heading.
            let head = try #require(Self.heading(s, "M11"))
            #expect(s.string(head, 4) == "新設")
            #expect(s.string(try #require(Self.heading(s, "M2")), 4) == nil)
            // Gone since: listed at the end with last year's count.
            let gone = try #require(s.row("前回調査にあり今回の調査にない設問", column: 0))
            // Named by last year's 問番号 and text (from its exports), never by id.
            let before = Self.r5.form(.muni)!.question("M5_1")!
            let m51 = try #require(s.row(before.number, column: 0, from: gone))
            #expect(s.string(m51, 1) == before.label)
            let expected = Self.count(Self.years.before, before).n
            #expect(s.number(m51, 2) == Double(expected))
            #expect(s.row("M3", column: 0, from: gone) == nil, "a renamed question is not gone")
            // The legend says which sign is which.
            #expect(s.string(2, 0)?.contains("＋は増加、−は減少") == true)
        }

        @Test func mergedMunicipalityIsCountedAndListed() throws {
            let s = try Sheet(Self.national, "市町村票")
            let note = try #require(s.row("市町村の合併等（前回と今回で団体コードが異なる）", column: 0))
            #expect(s.row(Self.years.merged, column: 0, from: note) != nil)
            #expect(s.row("鳥取県の市町村数　前回 19、今回 18", column: 1, from: note) != nil)
            // Last year's national n includes the merged code's answer (the key counts every respondent).
            let f = Self.figure("M2", previous: "M2", code: 1, previousCode: 1)
            #expect(f.pn == Self.years.before.respondents.filter { $0.form == "MUNI" }.count)
            let p = try Sheet(Self.years.folder + "/prefectures/31_鳥取県.xlsx", "集計")
            #expect(p.row(Self.years.merged, column: 0) != nil, "鳥取's own merged code in its workbook")
            let other = try Sheet(Self.years.folder + "/prefectures/32_島根県.xlsx", "集計")
            #expect(other.row(Self.years.merged, column: 0) == nil, "not in another prefecture's workbook")
        }

        @Test func prefectureWorkbookHasItsOwnAndTheNationsPreviousFigures() throws {
            let s = try Sheet(Self.years.folder + "/prefectures/32_島根県.xlsx", "集計")
            // Columns: 島根 2…6, 全国 7…11.
            try check(s, "M2", "設置している", Self.figure("M2", previous: "M2", code: 1, previousCode: 1, prefecture: "32"), column: 2)
            try check(s, "M2", "設置している", Self.figure("M2", previous: "M2", code: 1, previousCode: 1), column: 7)
            try check(s, "M3N", "設定している", Self.figure("M3N", previous: "M3", code: 1, previousCode: 1, prefecture: "32"), column: 2)
            let head = try #require(Self.heading(s, "M11"))
            #expect(s.string(head, 4) == "新設" && s.string(head, 9) == "新設")
        }

        /// Every one of the 47: its previous figures are its own (0 where it returned nothing),
        /// the other simulated prefecture is never named, and its category comparison is its own.
        @Test(arguments: 1...47) func noOtherPrefectureInAPrefectureWorkbook(_ number: Int) throws {
            let code = number < 10 ? "0\(number)" : String(number)
            let folder = Self.years.folder + "/prefectures"
            let file = try #require(listing(folder).first { $0.hasPrefix(code + "_") })
            let path = folder + "/" + file
            let s = try Sheet(path, "集計")
            let f = Self.figure("M2", previous: "M2", code: 1, previousCode: 1, prefecture: code)
            let nRow = try #require(s.questionRow("M2", "n（対象者数）", codebook: Self.years.codebook))
            #expect(s.number(nRow, 4) == Double(f.pn), "\(file): 前回 n of its own")
            let names = ["31": "鳥取", "32": "島根"].filter { $0.key != code }.map(\.value)
            let wb = try Workbook(path: path)
            for ws in try wb.worksheets() {
                let leak = ws.cells.filter { c in names.contains { c.text.contains($0) } }
                #expect(leak.isEmpty, "\(file): \(leak.prefix(3).map(\.text))")
            }
            let m = try Sheet(path, "場面・テーマ別")
            let top = try #require(m.row("前回との比較（取組がある市町村の割合）", column: 0))
            let daily = try #require(m.row(Self.years.codebook.categories[0].label, column: 1, from: top))
            let q = Self.r5.form(.muni)!.question("M6_" + Self.years.codebook.categories[0].id)!
            let before = Self.count(Self.years.before, q) { $0.code.hasPrefix(code) }
            if before.n + before.noAnswer > 0 {
                #expect(approx(m.number(daily, 3), Double(before.codes[1] ?? 0) / Double(before.n + before.noAnswer)), "\(file) 前回％")
            } else {
                #expect(m.number(daily, 3) == nil, "\(file): no previous share where nothing was returned")
            }
        }

        /// With --previous too (前回件数, 前回％, 差（pt）, 前回公開からの変更 …): every heading of the
        /// national workbook, a prefecture's and its 疑義照会票 is a glossary term or a survey name.
        @Test func everyHeadingIsAGlossaryTermWithThePreviousSurvey() throws {
            let books = [Self.national, Self.years.folder + "/prefectures/31_鳥取県.xlsx",
                         Self.years.folder + "/\(QueryForm.folder)/31_鳥取県.xlsx"]
            for book in books {
                let strays = try Headings.strays(book, codebook: Self.years.codebook)
                #expect(strays.isEmpty, "\(book): \(strays)")
            }
            // A heading may be broken between words (前回／％): read as one term.
            let headings = try Headings.cells(Self.national).map { $0.text.replacingOccurrences(of: "\n", with: "") }
            #expect(headings.contains(Term.previousPercent.rawValue) && headings.contains(Term.difference.rawValue), "\(Set(headings))")
        }

        @Test func coverNamesThePreviousSurvey() throws {
            let s = try Sheet(Self.national, "表紙")
            let r = try #require(s.row("前回調査の調査票の版", column: 0))
            #expect(s.string(r, 1) == "令和5年度 第1版")
            let asOf = try #require(s.row("前回調査の集計基準日時", column: 0))
            let summary = try SummaryJSON.read(Data(contentsOf: URL(fileURLWithPath: Self.years.previousFolder + "/summary.json")))
            #expect(s.string(asOf, 1) == summary.asOf)
        }

        @Test func indicatorsAndCategoriesCompareBothYears() throws {
            // Under 全国 in the 一覧's own columns: 全国（前回） and 差（pt）.
            let s = try Sheet(Self.national, "都道府県別一覧")
            let nation = try #require(s.row("全国", column: 1))
            #expect(s.string(nation + 1, 0) == "全国（前回）")
            #expect(s.string(nation + 2, 0) == "差（pt）")
            let c = try #require((2..<30).first { s.string(3, $0) == "協議会を設置している市町村" })
            let f = Self.figure("M2", previous: "M2", code: 1, previousCode: 1)
            #expect(approx(s.number(nation, c), f.share))
            #expect(approx(s.number(nation + 1, c), f.pshare))
            #expect(approx(s.number(nation + 2, c).map { ($0 * 1e6).rounded() }, ((f.share - f.pshare) * 100 * 1e6).rounded()))
            let m = try Sheet(Self.national, "場面・テーマ別")
            let ctop = try #require(m.row("前回との比較（取組がある市町村の割合）", column: 0))
            let cat = Self.years.codebook.categories[1]
            let row = try #require(m.row(cat.label, column: 1, from: ctop))
            let q = Self.r5.form(.muni)!.question("M6_" + cat.id)!
            let before = Self.count(Self.years.before, q)
            #expect(approx(m.number(row, 3), Double(before.codes[1] ?? 0) / Double(before.n + before.noAnswer)))
        }

        /// The comparison charts added to 場面・テーマ別 (national and each prefecture) and 都道府県別一覧
        /// are read back as drawings, and no two drawings overlap on any sheet of the 48 workbooks.
        @Test func comparisonChartsNeverOverlap() throws {
            let folder = Self.years.folder
            var charts = 0
            for path in [folder + "/全国集計.xlsx"] + listing(folder + "/prefectures").map({ folder + "/prefectures/" + $0 }) {
                let book = try Workbook(path: path)
                for sheet in book.sheets {
                    let layout = try book.layout(ofSheetAt: sheet.index)
                    charts += layout.anchors.count
                    for (a, b) in layout.overlappingAnchors() {
                        Issue.record("\(URL(fileURLWithPath: path).lastPathComponent) \(sheet.name): \(a.name) overlaps \(b.name)")
                    }
                }
            }
            // National: 2 + the comparison chart on 場面・テーマ別, 1 on 都道府県別一覧; each prefecture 1 + 1.
            #expect(charts == 3 + 1 + 47 * 2)
        }

        /// A folder that is not a renkei run, or a run of another survey: status 2, nothing published.
        @Test(arguments: ["not-a-run", "other-survey", "missing", "broken-answers", "foreign-run-json"])
        func badPreviousFolderIsAUsageError(_ kind: String) throws {
            let dir = Temp.dir("bad-previous")
            let previous = dir + "/previous"
            switch kind {
            case "not-a-run":
                try FileManager.default.createDirectory(atPath: previous, withIntermediateDirectories: true)
                try "a,b\n1,2\n".write(toFile: previous + "/answers.csv", atomically: true, encoding: .utf8)
            case "other-survey":
                _ = try Run.shell("cp -r \(shellQuote(Self.years.previousFolder)) \(shellQuote(previous))")
                let run = try String(contentsOfFile: previous + "/run.json", encoding: .utf8)
                    .replacingOccurrences(of: "\"codebook_id\" : \"zaitaku-renkei\"", with: "\"codebook_id\" : \"another-survey\"")
                try run.write(toFile: previous + "/run.json", atomically: true, encoding: .utf8)
            case "broken-answers":
                // One line renkei did not write, deep in a real answers.csv: the message names it.
                _ = try Run.shell("cp -r \(shellQuote(Self.years.previousFolder)) \(shellQuote(previous))")
                var lines = try String(contentsOfFile: previous + "/answers.csv", encoding: .utf8).components(separatedBy: "\r\n")
                let before = lines[500]
                for state in AnswersCSV.State.allCases { lines[500] = lines[500].replacingOccurrences(of: ",\(state.rawValue),", with: ",たぶん,") }
                try #require(lines[500] != before)
                try lines.joined(separator: "\r\n").write(toFile: previous + "/answers.csv", atomically: true, encoding: .utf8)
            case "foreign-run-json":
                // run.json is checked first, though answers.csv is read beside it.
                _ = try Run.shell("cp -r \(shellQuote(Self.years.previousFolder)) \(shellQuote(previous))")
                try "{\"tool\": \"other\"}".write(toFile: previous + "/run.json", atomically: true, encoding: .utf8)
                try FileManager.default.removeItem(atPath: previous + "/answers.csv")
            default: break
            }
            let out = dir + "/out"
            let o = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", out, "--previous", previous])
            #expect(o.status == 2, "\(kind): \(o.status) \(o.stderr)")
            #expect(o.stderr.contains("前回の実行"), "\(o.stderr)")
            if kind == "other-survey" { #expect(o.stderr.contains("another-survey"), "\(o.stderr)") }
            if kind == "broken-answers" {
                #expect(o.stderr.contains("answers.csv は使えません: ") && o.stderr.contains(" 行目の状態 'たぶん' は renkei の書く値ではありません"), "\(o.stderr)")
            }
            if kind == "foreign-run-json" { #expect(o.stderr.contains("run.json は renkei が書いたものではありません"), "\(o.stderr)") }
            #expect(latestFolder(out) == nil, "nothing published")
            #expect(listing(out + "/runs").isEmpty)
        }
    }
}
