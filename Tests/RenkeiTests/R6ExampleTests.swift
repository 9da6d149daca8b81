import Foundation
import RenkeiRun
import Simulate
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// Next year's survey with no code change: `renkei template`, `simulate` and `run` on the R6
    /// example codebook (renamed, removed and new questions, an eighth category, a changed
    /// indicator), and the national workbook's figures for what is new, recomputed from the key.
    @Suite struct R6Example {
        static let codebookPath = Paths.root.appendingPathComponent("Fixtures/codebooks/r6-example.yaml").path
        static let cb = try! Codebook.load(path: codebookPath)

        struct Published: Sendable {
            let key: AnswerKey
            let folder: String
            let outcome: NightlyRun.Outcome
        }

        /// 鳥取 and 島根 simulated and run with the R6 codebook.
        static let published: Published = {
            let sim = Temp.dir("r6-sim")
            let key = try! InProcess.simulate(out: sim, prefectures: ["31", "32"], seed: 11, codebook: cb)
            let out = Temp.dir("r6-out")
            let o = try! InProcess.run(inbox: sim + "/inbox", out: out, codebook: codebookPath)
            return Published(key: key, folder: latestFolder(out) ?? "(no latest)", outcome: o)
        }()

        var key: AnswerKey { Self.published.key }
        var national: String { Self.published.folder + "/全国集計.xlsx" }

        /// Answers of `form` from the key (as the run should have read them), asked ones only.
        func answers(_ form: FormID, _ qid: String) -> (n: Int, noAnswer: Int, values: [AnswerValue]) {
            key.answers(form, Self.cb.form(form)!.question(qid)!)
        }

        @Test func runPublishesWithTheR6Codebook() throws {
            let o = Self.published.outcome
            #expect(o.status == .clean || o.status == .inputErrors, "\(o.status) \(o.text)")
            #expect(fileExists(national), "\(o.text)")
            #expect(key.codebookVersion == "R6-1")
            // Every file ends as the key expects: R6 forms are read as R6, faults found where put.
            let rec = try RunJSON.load(Self.published.folder)
            // The key names an input as InputID describes it (`a.zip!member.xlsx`).
            func id(_ path: String, _ member: String?) -> String { member.map { "\(path)!\($0)" } ?? path }
            let got = Dictionary(rec.inputs.map { ($0.input.description, ($0.state.rawValue, $0.reason.code)) }, uniquingKeysWith: { a, _ in a })
            #expect(rec.inputs.count == key.files.count)
            let wrong = key.files.filter { f in got[id(f.path, f.member)].map { $0 != (f.state, f.reason) } ?? true }
            #expect(wrong.isEmpty, "\(wrong.prefix(5).map { "\($0.path): key \($0.state)/\($0.reason), run \(got[id($0.path, $0.member)].map { "\($0)" } ?? "-")" })")
            #expect(key.files.filter { $0.state == "accepted" }.count > 30)
        }

        @Test func newCategoryIsARowOfItsOwn() throws {
            let s = try Sheet(national, "場面・テーマ別")
            let row = try #require(s.row("人生会議（ACP）", column: 1))
            #expect(s.string(row, 0) == "テーマ")
            #expect(s.row("災害", column: 1).map { $0 == row - 1 } == true, "the eighth category comes after the seventh")
            let a = answers(.muni, "M6_acp")
            let yes = count(a.values, 1)
            #expect(a.n > 10 && yes > 0 && yes < a.n, "simulate answered the new category plausibly: \(yes) of \(a.n)")
            #expect(s.number(row, 2) == Double(a.n), "n")
            #expect(s.number(row, 3) == Double(yes), "取組あり")
            #expect(approx(s.number(row, 4), Double(yes) / Double(a.n)), "％")
            #expect(s.number(row, 6) == Double(a.noAnswer), "無回答")
            // Its initiatives: 件数 of the first initiative in the counts table.
            let ini = answers(.muni, "M6_acp_1")
            let countsRow = try #require(s.row("人生会議（ACP）", column: 1, from: row + 1))
            // One n: the municipalities with initiatives, who were asked the contents.
            #expect(s.number(countsRow, 2) == Double(ini.n) && ini.n == yes, "\(ini.n) asked, \(yes) with initiatives")
            #expect(s.number(countsRow, 3) == Double(count(ini.values, 1)))
            // The cover counts the categories of the codebook.
            let cover = try Sheet(national, "表紙")
            #expect(cover.row("8つの場面・テーマごとの取組の有無と内容（件数・％）、グラフ", column: 1) != nil)
        }

        @Test(arguments: [("M14", FormID.muni), ("M15", .muni), ("M16", .muni), ("M15_1", .muni), ("M17", .muni), ("M12_1", .muni), ("C9", .coord)])
        func newAndRenamedQuestionsAreTabulated(_ qid: String, _ form: FormID) throws {
            let q = try #require(Self.cb.form(form)?.question(qid))
            let s = try Sheet(national, Self.cb.form(form)!.title)
            let a = answers(form, qid)
            #expect(a.n > 0, "\(qid): simulate gave answers")
            try expectQuestionBlock(s, q, a, codebook: Self.cb)
            if q.type == .scale {
                // The kind added after R5: one row per point (above) and the mean of the points.
                let points = a.values.compactMap { if case .single(let p) = $0 { Double(p) } else { nil } }
                #expect(points.count == a.n && Set(points).count >= 3, "\(qid): simulate spread the ratings")
                #expect(approx(s.number(try #require(s.questionRow(qid, "平均", codebook: Self.cb)), 2), points.reduce(0, +) / Double(points.count)), "\(qid) 平均")
            }
        }

        /// Faults land on the new category and questions like on any other (simulate has no code
        /// for them), and the run finds each as the key says, in issues.csv.
        @Test func faultsOnNewQuestionsAreInjectedAndFound() throws {
            let new: Set<String> = ["M6_acp", "M6_acp_1", "M14", "M15", "M15_1", "M16", "M17", "M12_1", "C9"]
            let rows = try CSVFile.rows(Self.published.folder + "/issues.csv")
            let found = Set(rows.map { "\($0["ファイル"] ?? "") \($0["ルールID"] ?? "") \($0["設問ID"] ?? "")" })
            var onNew = 0, missing: [String] = []
            for r in key.respondents {
                for f in r.faults where new.contains(f.question ?? "") {
                    onNew += 1
                    guard let rule = f.rule else { continue }
                    if !found.contains("\(r.file) \(rule) \(f.question!)") { missing.append("\(r.respondent) \(f.kind) \(f.question!)") }
                }
            }
            #expect(onNew >= 5, "faults on new questions: \(onNew)")
            #expect(missing.isEmpty, "\(missing)")
        }

        @Test func addedOptionAndRemovedQuestion() throws {
            let coord = try Sheet(national, "コーディネーター票")
            let a = answers(.coord, "C2")
            let row = try #require(coord.questionRow("C2", "理学療法士・作業療法士", codebook: Self.cb))
            #expect(coord.number(row, 2) == Double(count(a.values, 9)))
            #expect(count(a.values, 9) > 0)
            let pref = try Sheet(national, "都道府県票")
            // P3 is gone from the R6 codebook and so from the table; P4 is still there (under its 問番号).
            #expect(Self.cb.form(.pref)?.question("P3") == nil)
            let removed = try #require(Codebook.r5.form(.pref)?.question("P3")?.label)
            #expect(!pref.ws.cells.contains { $0.ref.column == 1 && $0.text.hasPrefix(removed + "（") })
            #expect(pref.questionRow("P4", "n（対象者数）", codebook: Self.cb) != nil)
        }

        @Test func changedIndicatorAndRenamedRoleQuestion() throws {
            let s = try Sheet(national, "都道府県別一覧")
            let headers = (2...20).compactMap { s.string(3, $0) }
            #expect(headers.contains("評価指標を設定している市町村"))
            #expect(!headers.contains("相談窓口を設置している市町村"))
            #expect(headers.contains("「人生会議（ACP）」と関連づけた取組がある市町村"))
            let acp = try #require(headers.firstIndex(of: "「人生会議（ACP）」と関連づけた取組がある市町村"))
            let nationRow = try #require(s.row("全国", column: 1))
            let a = answers(.muni, "M6_acp")
            #expect(approx(s.number(nationRow, 2 + acp), Double(count(a.values, 1)) / Double(a.n)))

            // The status sheet's reported coordinators follow `role: coordinator_count` to M12_1.
            let status = try Sheet(Self.published.folder + "/prefectures/31_鳥取県.xlsx", "回収状況")
            #expect(status.string(4, 10) == "配置人数（問8(1)）")  // M12_1 as printed: 問番号, never the id
            for r in key.respondents where r.form == "MUNI" && r.code.hasPrefix("31") {
                guard case .integer(let n)? = r.expected["M12_1"]?.answerValue else { continue }
                let row = try #require(status.row(r.code, column: 0))
                #expect(status.number(row, 10) == Double(n), "\(r.code)")
            }
        }

        @Test func templateWritesTheR6Forms() throws {
            let out = Temp.dir("r6-forms")
            let o = try Run.renkei(["template", "--codebook", Self.codebookPath, "--out", out, "--prefectures", "31", "--forms", "muni"])
            #expect(o.status == 0, "\(o.stderr)")
            let folder = out + "/31_鳥取県"
            let file = try #require(listing(folder).first { $0.hasPrefix("市町村票_") })
            let texts = try Workbook(path: folder + "/" + file).worksheets().flatMap { $0.cells.map(\.text) }
            for label in ["地域の医療・介護資源マップの作成", "前年度に開催した多職種研修の回数", "「人生会議（ACP）」と関連づけた取組の有無"] {
                #expect(texts.contains { $0.contains(label) }, "\(label)")
            }
        }
    }
}
