import Foundation
import Testing
import Ingest
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
        let filled: [String: FilledValue] = ["M8": .text("配置している"), "M8_1": .number(2), "M8_2": .text("３"), "M8_3#1": .text("○"), "M8_3#3": .text("◯")]
        let url = try Fixture.write(Fixture.muniDocument(codebook: cb, filled: filled), name: "r6.xlsx", in: dir)
        let back = try ReadBack(url)
        #expect(Set(back.byName.keys) == Set(ReadBack.expectedKeys(form)))
        for key in ["M8_2", "M8_3#1", "M8_3#4"] { #expect(back.byName[key] != nil && back.byColumn[key] != nil) }
        #expect(back.meta["codebook_version"] == "R6-0")
        // The condition note is generated from the codebook.
        let notes = back.answerSheet.cells.filter { $0.ref.row == back.byColumn["M8_2"] }.map(\.text)
        #expect(notes.contains { $0.contains("M8で「配置している」と回答した場合のみ") })

        let bytes = [UInt8](try Data(contentsOf: url))
        let result = Ingestion.ingest(inputs: [(id: InputID(path: "r6.xlsx"), bytes: bytes, modified: nil)],
                                      options: IngestOptions(codebook: cb, master: MasterIndex(.embedded)))
        let response = try #require(result.responses.first)
        #expect(response.answers["M8_2"] == .integer(3))
        #expect(response.answers["M8_3"] == .multi([1, 3]))
    }
}
