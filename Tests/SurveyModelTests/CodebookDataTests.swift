import TestSupport
import Testing
@testable import SurveyModel

/// The R5 facts that used to be Swift (categories, indicators, roles, reference figures) are read
/// from the codebook, and a mistake in them is reported with file, line and a did-you-mean.
@Suite struct CodebookDataTests {
    let cb = Codebook.r5

    @Test func r5Categories() {
        #expect(cb.categories.map(\.id) == ["daily", "discharge", "acute", "eol", "dementia", "infection", "disaster"])
        #expect(cb.categories.map(\.label) == ["日常の療養支援", "入退院支援", "急変時の対応", "看取り", "認知症", "感染症", "災害"])
        #expect(cb.categories.filter { $0.kind == .scene }.count == 4)
        #expect(cb.categories.map(\.order) == Array(0..<7))
        #expect(cb.category(label: "看取り")?.id == "eol")
    }

    @Test func r5Indicators() {
        #expect(cb.indicators.map(\.id) == ["M2=1", "M7=1", "M8=1", "M6_daily=1", "M6_discharge=1", "M6_acute=1", "M6_eol=1",
                                            "M6_dementia=1", "M6_infection=1", "M6_disaster=1", "P1=1", "COORD", "MUNI_RATE"])
        #expect(cb.indicators[3].label == "「日常の療養支援」と関連づけた取組がある市町村")
        #expect(cb.indicators[3].category?.id == "daily" && cb.indicators[0].category == nil)
        #expect(cb.indicators[10].measure == .option(form: .pref, question: "P1", option: 1))
        #expect(cb.indicators[11].measure == .coordinatorForms && cb.indicators[12].measure == .municipalityResponseRate)
    }

    @Test func r5RolesAndReferences() throws {
        #expect(cb.form(.muni)?.question(role: .coordinatorCount)?.id == "M8_1")
        #expect(cb.form(.pref)?.question(role: .coordinatorCount)?.id == "P7_1")
        #expect(cb.form(.coord)?.question(role: .coordinatorCount) == nil)
        let muni = try #require(cb.form(.muni))
        #expect(muni.question("M2")?.reference == .counts(options: [1, 2], counts: [1_184, 557], of: 1_741))
        #expect(muni.question("M6_infection")?.reference == .counts(options: [1, 2], counts: [532, 1_209], of: 1_741))
        #expect(muni.question("M4_eol")?.reference == .shares(options: [1, 2], weights: [0.5, 0.5]))
        #expect(muni.question("M8_1")?.reference == .weights([0.60, 0.25, 0.10, 0.03, 0.02]))
        #expect(muni.question("M2_2")?.reference == .values([1, 2, 2, 3, 3, 4, 4, 4, 6, 12]))
    }

    /// The line of the first occurrence of `needle` in `text` (1-based).
    static func line(of needle: String, in text: String) -> Int {
        let lines = text.components(separatedBy: "\n")
        return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    /// One mistake per row: the R5 codebook with `old` replaced by `new`; the error must point at the
    /// line holding `new`'s `at` text, be of `kind` and mention `hint`.
    static let mistakes: [(old: String, new: String, at: String, kind: CodebookError.Kind, hint: String)] = [
        // A category typo in a block, in a question and in an option list: did-you-mean.
        ("- for_each_category: scenes", "- for_each_category: [daily, dischage]", "dischage", .unknownCategory, "`discharge` の書き間違いではありませんか。"),
        ("{id: eol, label: 看取り, kind: 場面}", "{id: eol, label: 看取り, kind: 場面画}", "場面画", .invalidValue, "`kind` は場面かテーマにしてください（`場面画` ではなく）"),
        ("    ある: {daily: 1273,", "    ある: {dialy: 1273,", "dialy", .unknownCategory, "`daily` の書き間違いではありませんか。"),
        // An indicator naming an unknown question, option, form or measure.
        ("form: MUNI, question: M7, option: 設置している}", "form: MUNI, question: M77, option: 設置している}", "M77", .indicator, "`M7` の書き間違いではありませんか。"),
        ("form: MUNI, question: M8, option: 配置している}", "form: MUNI, question: M8, option: 配置済み}", "配置済み", .indicator, "選択肢「配置済み」はありません。選択肢は 1 配置している"),
        ("form: PREF, question: P1,", "form: PERF, question: P1,", "PERF", .indicator, "調査票 `PERF` はありません。`PREF` の書き間違いではありませんか。"),
        ("{label: コーディネーター票の数, measure: coordinator_forms}", "{label: コーディネーター票の数, measure: coordinator_froms}", "coordinator_froms", .indicator, "`coordinator_forms` の書き間違いではありませんか。"),
        // A previous id that is a current question's id, and a role misspelt or on a text question.
        ("          - id: M7_1\n", "          - id: M7_1\n            previous_id: M8_1\n", "previous_id: M8_1", .previousID, "`previous_id: M8_1` は、調査票 MUNI の設問 M8_1（"),
        ("            role: coordinator_count\n            reference: {weights: [0.60",
         "            role: coordinator_cuont\n            reference: {weights: [0.60", "coordinator_cuont", .role, "`coordinator_count` の書き間違いではありませんか。"),
        ("{id: M10, label: 自由記述, type: text,", "{id: M10, role: coordinator_count, label: 自由記述, type: text,", "id: M10, role", .role, "integer の設問に付けてください"),
        // Reference figures naming an option the question does not have.
        ("reference: {shares: {直営のみ: 0.40,", "reference: {shares: {直営: 0.40,", "直営: 0.40", .reference, "「直営のみ」の書き間違いではありませんか。"),
        ("reference: {counts: {記載なし: 38, 設置あり: 9}, of: 47}", "reference: {counts: {記載なし: 38, 設置あり: 19}, of: 47}", "設置あり: 19", .reference, "`of: 47` を超えています"),
    ]

    @Test(arguments: mistakes.indices) func checkNamesTheLine(_ i: Int) {
        let m = Self.mistakes[i]
        #expect(Codebook.r5YAML.contains(m.old), "fixture out of date: \(m.old)")
        let text = Codebook.r5YAML.replacingOccurrences(of: m.old, with: m.new)
        do {
            _ = try Codebook.load(yaml: text, source: "r6.yaml")
            Issue.record("\(m.new) loaded without error")
        } catch {
            #expect(error.kind == m.kind, "\(error)")
            #expect(error.line == Self.line(of: m.at, in: text), "\(error)")
            #expect(error.description.hasPrefix("r6.yaml:\(Self.line(of: m.at, in: text)): "), "\(error)")
            #expect(error.message.contains(m.hint), "\(error)")
            CodebookMessageTests.expectJapanese(error, yaml: text)
        }
    }

    @Test func previousIDAndOptionsAreRead() throws {
        let text = Codebook.r5YAML.replacingOccurrences(
            of: "          - id: M7_1\n",
            with: "          - id: M7_1\n            previous_id: M7_2\n            previous_options: {役場: 市町村役場, 包括: 2}\n")
        let q = try #require(try Codebook.load(yaml: text).form(.muni)?.question("M7_1"))
        #expect(q.previousID == "M7_2")
        #expect(q.previousOptions == ["役場": [1], "包括": [2]])
    }

    @Test func aCodebookWithoutCategoriesSaysWhereToDeclareThem() {
        var lines = Codebook.r5YAML.components(separatedBy: "\n")
        let start = lines.firstIndex(of: "categories:")!
        lines.removeSubrange(start...(start + 7))
        let text = lines.joined(separator: "\n")
        do {
            _ = try Codebook.load(yaml: text)
            Issue.record("loaded without categories")
        } catch {
            #expect(error.kind == .unknownCategory)
            // P6's `{categories: all}` is the first use (the header comment mentions it too).
            let p6 = text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("              - {categories: all}") }!
            #expect(error.line == p6 + 1)
            #expect(error.message.contains("調査票定義に場面・テーマがありません。最上位の `categories:` の下に並べてください。"), "\(error)")
            CodebookMessageTests.expectJapanese(error, yaml: text)
        }
    }
}
