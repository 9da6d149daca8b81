import SurveyModel
import Tabulate
import Testing

/// The previous survey counted by this year's questions and options: matching by id, by
/// `previous_id:`, by label and by `previous_options:`, on the same base as this year's tables.
@Suite struct PreviousTabulationTests {
    static func options(_ labels: String...) -> [Option] {
        labels.enumerated().map { Option(code: $0.offset + 1, label: $0.element) }
    }

    /// This year: Q1 unchanged; Q2 renamed from OLD2 with one option relabelled (旧B → B2);
    /// Q3 new; Q4 a multi; Q5 a count. Last year also had GONE.
    static let codebook: Codebook = {
        var q2 = Question(id: "Q2", label: "改名した設問", type: .single, options: options("A", "B2", "C"))
        q2.previousID = "OLD2"
        q2.previousOptions = ["旧B": 2]
        let form = Form(id: .muni, title: "市町村票", audience: .eachMunicipality, feedsCategoryMatrix: true, instructions: [], sections: [
            Section(id: "s", title: "s", questions: [
                Question(id: "Q1", label: "そのままの設問", type: .single, options: options("はい", "いいえ")),
                q2,
                Question(id: "Q3", label: "新しい設問", type: .single, options: options("はい", "いいえ")),
                Question(id: "Q4", label: "複数回答", type: .multi, options: options("x", "y", "z")),
                Question(id: "Q5", label: "回数", type: .integer, range: 0...99),
            ])])
        return Codebook(id: "test", version: "2", title: "t", year: "y", forms: [form])
    }()

    static let master = MasterList.embedded
    /// 鳥取 and 島根 municipalities, and one code no longer in the master list (merged since).
    static let tottori = master.municipalities.filter { $0.prefCode == "31" }.map(\.code)
    static let shimane = master.municipalities.filter { $0.prefCode == "32" }.map(\.code)
    static let merged = "319999"

    static func rows(_ code: String, _ pref: String, _ answers: [(String, PreviousAnswer.State, [Int], [String], String)]) -> [PreviousAnswer] {
        answers.map { PreviousAnswer(form: .muni, code: code, prefectureCode: pref, questionID: $0.0, state: $0.1,
                                     codes: $0.2, labels: $0.3, value: $0.4) }
    }

    static let previous: PreviousTabulation = {
        var a = [PreviousAnswer]()
        // 鳥取 (3 + the merged code): Q1 はい×2 いいえ×1 blank×1; OLD2 旧B×2 A×1 (one not asked);
        // Q4 x;z and y; Q5 3 and 5; GONE answered twice.
        a += rows(tottori[0], "31", [("Q1", .answered, [1], ["はい"], "はい"), ("OLD2", .answered, [2], ["旧B"], "旧B"),
                                     ("Q4", .answered, [1, 3], ["x", "z"], "x;z"), ("Q5", .answered, [], [], "3"),
                                     ("GONE", .answered, [1], ["何か"], "何か")])
        a += rows(tottori[1], "31", [("Q1", .answered, [1], ["はい"], "はい"), ("OLD2", .answered, [2], ["旧B"], "旧B"),
                                     ("Q4", .answered, [2], ["y"], "y"), ("Q5", .answered, [], [], "5"),
                                     ("GONE", .answered, [1], ["何か"], "何か")])
        a += rows(tottori[2], "31", [("Q1", .answered, [2], ["いいえ"], "いいえ"), ("OLD2", .notAsked, [], [], ""),
                                     ("Q4", .blank, [], [], ""), ("Q5", .blank, [], [], "")])
        a += rows(merged, "31", [("Q1", .blank, [], [], ""), ("OLD2", .answered, [1], ["A"], "A")])
        // 島根: one municipality.
        a += rows(shimane[0], "32", [("Q1", .answered, [2], ["いいえ"], "いいえ"), ("OLD2", .answered, [3], ["C"], "C")])
        return PreviousTabulation.make(
            codebook: codebook, answers: a,
            facts: PreviousRunFacts(codebookID: "test", codebookVersion: "1", asOf: "2022-09-01 12:00",
                                    municipalitiesTotal: ["31": tottori.count + 1, "32": shimane.count]),
            prefectures: master.prefectures, municipalities: master.municipalities)
    }()

    func table(_ id: String, _ pref: String? = nil) throws -> QuestionTable {
        let tables = try #require(pref.map { Self.previous.prefecture($0)?.tables(.muni) } ?? Self.previous.nation(.muni))
        return try #require(tables.table(id), "\(id)")
    }

    /// (question, option code this year, expected n, count; nil pref = nation).
    @Test(arguments: [
        ("Q1", 1, nil, 4, 2), ("Q1", 2, nil, 4, 2), ("Q1", 1, "31", 3, 2), ("Q1", 2, "32", 1, 1),
        ("Q2", 1, nil, 4, 1), ("Q2", 2, nil, 4, 2), ("Q2", 3, nil, 4, 1), ("Q2", 2, "31", 3, 2), ("Q2", 2, "32", 1, 0),
        ("Q4", 1, nil, 2, 1), ("Q4", 2, nil, 2, 1), ("Q4", 3, nil, 2, 1),
    ] as [(String, Int, String?, Int, Int)])
    func countsByThisYearsOptions(_ id: String, _ code: Int, _ pref: String?, _ n: Int, _ count: Int) throws {
        let t = try table(id, pref)
        #expect(t.n == n)
        #expect(t.option(code: code)?.count == count)
        #expect(t.option(code: code)?.share(.valid) == Double(count) / Double(n))
    }

    @Test func blanksAreNoAnswerAndNotAskedIsNeither() throws {
        #expect(try table("Q1").noAnswer == 1)
        #expect(try table("Q2").noAnswer == 0)
        #expect(try table("Q4").noAnswer == 1)
    }

    @Test func countsKeepTheirStatistics() throws {
        let stats = try #require(try table("Q5").integerStats)
        #expect(stats.n == 2 && stats.sum == 8 && stats.mean == 4)
    }

    @Test func newRemovedAndMerged() throws {
        let form = try #require(Self.codebook.form(.muni))
        #expect(Self.previous.isNew(try #require(form.question("Q3")), form: .muni))
        #expect(!Self.previous.isNew(try #require(form.question("Q2")), form: .muni))
        #expect(Self.previous.removed.map(\.previousID) == ["GONE"])
        #expect(Self.previous.removed.first?.answered == 2)
        #expect(Self.previous.codesOnlyPrevious.map(\.code) == [Self.merged])
        #expect(Self.previous.totalChanges.map(\.prefecture.prefCode) == ["31"])
        // The merged code counts in the nation and in the prefecture it belonged to.
        #expect(Self.previous.nation(.muni)?.respondents == 5)
        #expect(Self.previous.prefecture("31")?.tables(.muni)?.respondents == 4)
        #expect(Self.previous.prefecture("13")?.tables(.muni)?.respondents == 0)
    }
}
