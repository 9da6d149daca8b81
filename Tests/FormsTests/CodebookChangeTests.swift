import Foundation
import Testing
import Ingest
import Tabulate
import SurveyModel
@testable import Forms

/// Next year's survey is a YAML edit: a new question, new options, a new condition —
/// the template's anchors and Ingest's extraction follow with no code change.
@Suite struct CodebookChangeTests {
    static let added = """
              - id: M8_2
                label: コーディネーターの研修受講人数（新設問）
                type: integer
                range: 0..50
                when: "M8 = 配置している"
              - id: M8_3
                label: コーディネーターの活動場所（新設問）
                type: multi
                options: [病院, 診療所, 自宅訪問, {label: 特にない, exclusive: true}]
                when: "M8 = 配置している"

    """

    static func editedCodebook() throws -> Codebook {
        var yaml = Codebook.r5YAML.replacingOccurrences(of: "version: R5-1", with: "version: R6-0")
        // A new option at the end of an existing list (codes of existing options must not move).
        yaml = yaml.replacingOccurrences(of: "訪問看護事業所, 社会福祉協議会, その他]\n            when: \"M1 != 直営のみ\"",
                                         with: "訪問看護事業所, 社会福祉協議会, その他, 大学・研究機関]\n            when: \"M1 != 直営のみ\"")
        let marker = "          - id: M8_1\n"
        let range = try #require(yaml.range(of: marker))
        // After M8_1's block: insert before the next question at the same indentation.
        let rest = yaml[range.upperBound...]
        let next = try #require(rest.range(of: "\n          - id: ") ?? rest.range(of: "\n      - id: "))
        yaml.insert(contentsOf: "\n" + added.trimmingCharacters(in: .newlines), at: next.lowerBound)
        return try Codebook.load(yaml: yaml, source: "r6-test.yaml")
    }

    @Test func templateAndExtractionFollowTheCodebook() throws {
        let cb = try Self.editedCodebook()
        let form = try #require(cb.form(.muni))
        let q = try #require(form.question("M8_3"))
        #expect(q.options.count == 4 && q.condition?.question == "M8")
        #expect(cb.version == "R6-0")

        let dir = Fixture.tempDir("codebook-change")
        #expect(form.question("M1_1")?.options.last?.label == "大学・研究機関")
        #expect(form.question("M1_1")?.options.last?.code == 7)
        let filled: [String: FilledValue] = ["M8": .text("配置している"), "M8_1": .number(2), "M8_2": .text("３"), "M8_3#1": .text("○"), "M8_3#3": .text("◯"),
                                             "M1": .text("一部委託"), "M1_1#7": .text("○")]
        let url = try Fixture.write(Fixture.muniDocument(codebook: cb, filled: filled), name: "r6.xlsx", in: dir)
        let back = try ReadBack(url)
        #expect(Set(back.byName.keys) == Set(ReadBack.expectedKeys(form)))
        for key in ["M8_2", "M8_3#1", "M8_3#4"] { #expect(back.byName[key] != nil && back.byColumn[key] != nil) }
        #expect(back.meta["codebook_version"] == "R6-0")
        // The condition note is generated from the codebook, naming the question by its 問番号.
        let notes = back.answerSheet.cells.filter { $0.ref.row == back.byColumn["M8_2"] }.map(\.text)
        let m8 = try #require(form.question("M8")?.number)
        #expect(m8.hasPrefix("問"))
        #expect(notes.contains { $0.contains(m8 + "で「配置している」と回答した場合のみ") })

        let bytes = [UInt8](try Data(contentsOf: url))
        let result = Ingestion.ingest(inputs: [(id: InputID(path: "r6.xlsx"), bytes: bytes, modified: nil)],
                                      options: IngestOptions(codebook: cb, master: MasterIndex(.embedded)))
        let response = try #require(result.responses.first)
        #expect(response.answers["M8_2"] == .integer(3))
        #expect(response.answers["M8_3"] == .multi([1, 3]))
        #expect(response.answers["M1_1"] == .multi([7]))

        // Tabulation follows the codebook too: the new questions and option get their own rows.
        let tab = Tabulation.make(codebook: cb, responses: result.responses,
                                  prefectures: MasterList.embedded.prefectures, municipalities: MasterList.embedded.municipalities)
        let muni = try #require(tab.nation(.muni))
        let m83 = try #require(muni.table("M8_3"))
        #expect(m83.n == 1 && m83.noAnswer == 0)
        #expect(m83.options.map(\.count) == [1, 0, 1, 0])
        #expect(m83.option(code: 3)?.share(.valid) == 1.0)
        let m82 = try #require(muni.table("M8_2"))
        #expect(m82.integerStats?.sum == 3)
        #expect(muni.table("M1_1")?.option(code: 7)?.count == 1)
        #expect(muni.table("M1_1")?.option(code: 7)?.label == "大学・研究機関")
    }
}
