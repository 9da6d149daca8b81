import SurveyModel
import TestSupport
import Testing

/// 問番号 as printed: derived from the form's order, overridable with `no:`.
struct QuestionNumberingTests {
    @Test("R5 numbers as a respondent reads them", arguments: [
        ("MUNI", "M1", "問1"), ("MUNI", "M1_1", "問1(1)"), ("MUNI", "M2", "問2"), ("MUNI", "M2_1", "問2(1)"),
        ("MUNI", "M2_2", "問2(2)"), ("MUNI", "M3", "問3"), ("MUNI", "M4_daily", "問4-①"), ("MUNI", "M4_eol", "問4-④"),
        ("MUNI", "M5", "問5"), ("MUNI", "M5_1", "問5(1)"), ("MUNI", "M6_daily", "問6-①"),
        ("MUNI", "M6_daily_1", "問6-①(1)"), ("MUNI", "M6_disaster", "問6-⑦"), ("MUNI", "M6_disaster_1", "問6-⑦(1)"),
        ("MUNI", "M7", "問7"), ("MUNI", "M8_1", "問8(1)"), ("MUNI", "M9_1", "問9(1)"), ("MUNI", "M10", "問10"),
        ("PREF", "P1", "問1"), ("PREF", "P1_1", "問1(1)"), ("COORD", "C5", "問5"), ("COORD", "C5_4", "問5(4)"),
    ])
    func r5(form: String, id: String, number: String) throws {
        let f = try #require(Codebook.r5.forms.first { $0.id.rawValue == form })
        #expect(f.question(id)?.number == number)
    }

    @Test func identityFieldsHaveNoNumber() throws {
        let f = try #require(Codebook.r5.forms.first)
        for q in f.questions where q.identity != nil { #expect(q.number == "", "\(q.id)") }
    }

    @Test func noOverridesAndNumberingContinues() throws {
        let yaml = Codebook.r5YAML.replacingOccurrences(of: "          - id: M3\n", with: "          - id: M3\n            no: 問30\n")
        let cb = try Codebook.load(yaml: yaml)
        let muni = try #require(cb.forms.first { $0.id.rawValue == "MUNI" })
        #expect(muni.question("M3")?.number == "問30")
        #expect(muni.question("M4_daily")?.number == "問31-①")
        #expect(muni.question("M2_2")?.printedName == "問2(2)　協議会の年間開催回数（協議会を設置している場合）")
    }
}
