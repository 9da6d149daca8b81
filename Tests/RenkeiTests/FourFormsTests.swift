import Foundation
import Simulate
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// Forms are data: a codebook with a FOURTH form (地域包括支援センター票, one per municipality,
    /// `Fixtures/codebooks/four-forms.yaml`) and one with no coordinators go through `renkei
    /// template`, `simulate` and `run` with no Swift change, and the reports count the new form's
    /// answers and returns as the answer key says.
    @Suite struct FourForms {
        static let fixtures = Paths.fixtures.appendingPathComponent("codebooks")
        static let codebookPath = fixtures.appendingPathComponent("four-forms.yaml").path
        static let cb = try! Codebook.load(path: codebookPath)
        static let center = cb.form(id: "CENTER")!

        struct Published: Sendable {
            let key: AnswerKey
            let folder: String
            let outcome: Outcome
        }

        static func publish(_ codebook: String, _ name: String) -> Published {
            let sim = Temp.dir("\(name)-sim")
            let s = try! Run.renkei(["simulate", "--codebook", codebook, "--out", sim, "--prefectures", "31,32", "--seed", "11"])
            precondition(s.status == 0, "renkei simulate --codebook \(name): \(s.status) \(s.stderr)")
            let key = try! AnswerKey.decode(Data(contentsOf: URL(fileURLWithPath: sim + "/answer-key.json")))
            let out = Temp.dir("\(name)-out")
            let o = try! Run.renkei(["run", "--codebook", codebook, "--inbox", sim + "/inbox", "--out", out])
            return Published(key: key, folder: latestFolder(out) ?? "(no latest: \(o.stderr))", outcome: o)
        }

        /// 鳥取 and 島根 simulated and run with the four-form codebook.
        static let published = publish(codebookPath, "four-forms")

        var key: AnswerKey { Self.published.key }
        var national: String { Self.published.folder + "/全国集計.xlsx" }
        /// The municipalities whose 地域包括支援センター票 the run should have accepted.
        var centerCodes: Set<String> { Set(key.respondents.filter { $0.form == "CENTER" }.map(\.code)) }

        /// Answers to `qid` of the new form from the key, asked ones only.
        func answers(_ qid: String) -> (n: Int, noAnswer: Int, values: [AnswerValue]) {
            key.answers(Self.center.id, Self.center.question(qid)!)
        }

        @Test func runReadsEveryFileOfTheFourFormsAsTheKeySays() throws {
            let o = Self.published.outcome
            #expect(o.status == 0 || o.status == 1, "\(o.status) \(o.stderr)")
            // The summary names the form by its title, never its id.
            #expect(o.stdout.contains("\(Self.center.title) \(centerCodes.count)") && !o.stdout.contains("CENTER"), "\(o.stdout)")
            // 回収 per form of the codebook: the new form against the master list's municipalities.
            #expect(o.stdout.contains("\(Self.center.title) \(centerCodes.count)/\(MasterList.embedded.municipalities.count) ("), "\(o.stdout)")
            let rec = try RunJSON.load(Self.published.folder)
            // The key names an input as InputID describes it (`a.zip!member.xlsx`).
            func id(_ path: String, _ member: String?) -> String { member.map { "\(path)!\($0)" } ?? path }
            let got = Dictionary(rec.inputs.map { ($0.input.description, ($0.state.rawValue, $0.reason.code)) }, uniquingKeysWith: { a, _ in a })
            #expect(rec.inputs.count == key.files.count)
            let wrong = key.files.filter { f in got[id(f.path, f.member)].map { $0 != (f.state, f.reason) } ?? true }
            #expect(wrong.isEmpty, "\(wrong.prefix(5).map { "\($0.path): key \($0.state)/\($0.reason)" })")
            // Its files carry its own file_stem, and simulate sent one per municipality.
            let centerFiles = key.files.filter { $0.respondent?.hasPrefix("CENTER:") == true && $0.state.hasPrefix("accepted") }
            #expect(centerFiles.count >= 30 && centerFiles.allSatisfy { ($0.member ?? $0.path).contains("包括票_") })
        }

        @Test(arguments: ["K1", "K2", "K3"])
        func newFormIsTabulatedInTheNationalWorkbook(_ qid: String) throws {
            let q = try #require(Self.center.question(qid))
            let s = try Sheet(national, "地域包括支援センター票")
            #expect(s.row("地域包括支援センター票　単純集計（全国）　回答数 \(centerCodes.count)", column: 0) != nil)
            let a = answers(qid)
            #expect(a.n > 20, "\(qid): simulate gave answers")
            try expectQuestionBlock(s, q, a, codebook: Self.cb)
        }

        /// 回収状況 and the cover count the new form received against the municipalities it went to.
        @Test func returnsOfTheNewFormAreCountedAgainstTheMunicipalities() throws {
            let master = MasterList.embedded
            let s = try Sheet(national, "回収状況")
            let headers = (0...12).map { s.string(3, $0) ?? "" }
            let received = try #require(headers.firstIndex(of: "地域包括支援センター票 回収数"))
            #expect(headers[received + 1] == "地域包括支援センター票 回収率")
            #expect(headers.firstIndex(of: "市町村票 回収数").map { $0 < received } == true, "codebook order")
            for pref in ["31", "32"] {
                let row = try #require(s.row(pref, column: 0))
                let got = centerCodes.filter { $0.hasPrefix(pref) }.count
                let total = master.municipalities(inPrefecture: pref).count
                #expect(got > 0 && s.number(row, received) == Double(got), "\(pref) received")
                #expect(approx(s.number(row, received + 1), Double(got) / Double(total)), "\(pref) rate")
            }
            let nation = try #require(s.row("全国", column: 1))
            #expect(s.number(nation, received) == Double(centerCodes.count))

            let cover = try Sheet(national, "表紙")
            let line = try #require(cover.row("地域包括支援センター票", column: 0))
            #expect(cover.number(line, 1) == Double(centerCodes.count))
            #expect(cover.number(line, 2) == Double(master.municipalities.count))

            // A prefecture's 回収状況: 済 or 未回収 per municipality, and its own answer list.
            let p = Self.published.folder + "/prefectures/31_鳥取県.xlsx"
            let ps = try Sheet(p, "回収状況")
            let column = try #require((0...14).first { ps.string(4, $0) == "地域包括支援センター票" })
            #expect(ps.string(1, 0)?.contains("地域包括支援センター票: \(centerCodes.filter { $0.hasPrefix("31") }.count) / ") == true)
            for m in master.municipalities(inPrefecture: "31") {
                let row = try #require(ps.row(m.code, column: 0))
                #expect(ps.string(row, column) == (centerCodes.contains(m.code) ? "済" : "未回収"), "\(m.code)")
            }
            let list = try Sheet(p, "地域包括支援センター別回答一覧")
            #expect(list.row("地域包括支援センター別回答一覧　鳥取県", column: 0) != nil)
        }

        /// The 督促 sheet of the query workbook lists each municipality's missing forms, the new one too.
        @Test func remindersNameTheMissingNewForm() throws {
            let missing = key.missing.filter { $0.hasPrefix("CENTER:") }.map { String($0.dropFirst("CENTER:".count)) }
            #expect(!missing.isEmpty, "simulate left a municipality out")
            for code in missing {
                let pref = MasterList.embedded.prefecture(prefCode: String(code.prefix(2)))!
                let s = try Sheet(Self.published.folder + "/疑義照会/\(pref.prefCode)_\(pref.name).xlsx", "督促")
                let rows = s.ws.cells.filter { $0.ref.column == 0 && $0.text == code }.map(\.ref.row)
                #expect(Set(rows.compactMap { s.string($0, 2) }) == ["市町村票", "地域包括支援センター票"], "\(code)")
            }
        }

        @Test func indicatorOnTheNewForm() throws {
            let s = try Sheet(national, "都道府県別一覧")
            let headers = (2...24).map { s.string(3, $0) ?? "" }
            let c = try #require(headers.firstIndex(of: "協議会に参加している地域包括支援センター"))
            let a = answers("K1")
            let nationRow = try #require(s.row("全国", column: 1))
            #expect(approx(s.number(nationRow, 2 + c), Double(count(a.values, 1)) / Double(a.n + a.noAnswer)))
        }

        @Test func templateWritesTheNewFormUnderItsStem() throws {
            let out = Temp.dir("four-forms-template")
            let o = try Run.renkei(["template", "--codebook", Self.codebookPath, "--out", out, "--prefectures", "31", "--forms", "center"])
            #expect(o.status == 0, "\(o.stderr)")
            let files = listing(out + "/31_鳥取県")
            #expect(files.count == MasterList.embedded.municipalities(inPrefecture: "31").count)
            #expect(files.allSatisfy { $0.hasPrefix("包括票_31") && $0.hasSuffix(".xlsx") }, "\(files.prefix(3))")
            let texts = try Workbook(path: out + "/31_鳥取県/" + files[0]).worksheets().flatMap { $0.cells.map(\.text) }
            #expect(texts.contains { $0.contains(Self.center.recipient) }, "the 記入要領 names who fills it in")
            #expect(texts.contains { $0.contains("在宅医療・介護連携推進の協議会への参加") })
            let bad = try Run.renkei(["template", "--codebook", Self.codebookPath, "--out", out, "--forms", "hub"])
            #expect(bad.status == 2 && bad.stderr.contains("pref, muni, center, coord"), "\(bad.stderr)")
        }

        /// A survey of prefectures and municipalities only: no coordinator form, sheet or column.
        @Test func codebookWithoutCoordinatorsRuns() throws {
            let path = Self.fixtures.appendingPathComponent("no-coordinators.yaml").path
            let nc = try Codebook.load(path: path)
            #expect(nc.formsFor(.eachCoordinator).isEmpty)
            let p = Self.publish(path, "no-coordinators")
            #expect(p.outcome.status == 0 || p.outcome.status == 1, "\(p.outcome.stderr)")
            #expect(!p.key.respondents.isEmpty && p.key.respondents.allSatisfy { $0.form != "COORD" })
            // The summary names only the codebook's forms: no coordinator count of 0.
            #expect(!p.outcome.stdout.isEmpty && !p.outcome.stdout.contains("コーディネーター"), "\(p.outcome.stdout)")
            let wb = try Workbook(path: p.folder + "/全国集計.xlsx")
            #expect(try wb.worksheets().map(\.name) == ["表紙", "回収状況", "都道府県票", "市町村票", "場面・テーマ別", "都道府県別一覧", "疑義件数"])
            let status = try Sheet(p.folder + "/全国集計.xlsx", "回収状況")
            #expect((0...12).compactMap { status.string(3, $0) }.allSatisfy { !$0.contains("コーディネーター") })
            let munis = Set(p.key.respondents.filter { $0.form == "MUNI" }.map(\.code))
            let nation = try #require(status.row("全国", column: 1))
            #expect(status.number(nation, 4) == Double(munis.count))
            let pref = try Workbook(path: p.folder + "/prefectures/31_鳥取県.xlsx")
            #expect(!(try pref.worksheets().map(\.name)).contains("コーディネーター"))
            let cover = try Sheet(p.folder + "/全国集計.xlsx", "表紙")
            #expect(!cover.ws.cells.contains { $0.text.contains("コーディネーター票") })
        }
    }
}
