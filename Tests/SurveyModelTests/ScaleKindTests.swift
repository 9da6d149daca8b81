import TestSupport
import Testing
@testable import SurveyModel

/// The 段階評価 kind, added as one file: read from the codebook, its form cell, its answers.
@Suite struct ScaleKindTests {
    static func codebook(_ scale: String) throws(CodebookError) -> Codebook { try Codebook.load(yaml: yaml(scale)) }

    static func yaml(_ scale: String) -> String {
        """
        id: t
        version: "1"
        title: t
        year: R6
        forms:
          - id: MUNI
            title: 市町村票
            audience: municipality
            sections:
              - id: s
                title: s
                questions:
                  - {id: code, label: 団体コード, type: text, identity: code}
                  - {id: Q1, label: 連携の評価, type: scale, scale: \(scale)}
                  - {id: Q2, label: 理由, type: text, when: "Q1 = 1"}
        """
    }

    func q(_ scale: String = "{min: 1, max: 5, low: 不十分, high: 十分}") throws -> Question {
        try #require(try Self.codebook(scale).form(.muni)?.question("Q1"))
    }

    @Test func pointsWithWordsOnTheEnds() throws {
        let q = try q()
        #expect(q.options.map(\.label) == ["1 不十分", "2", "3", "4", "5 十分"])
        #expect(q.kind.cells(of: q) == [nil])
        #expect(q.kind.input(q, option: nil).accepts == .list(["1 不十分", "2", "3", "4", "5 十分"]))
        #expect(q.kind.tableLines(q).last == .mean)
    }

    @Test func oneWordPerPoint() throws {
        let q = try q("{min: 1, max: 3, labels: [悪い, 普通, 良い]}")
        #expect(q.options.map(\.code) == [1, 2, 3])
        #expect(q.options.map(\.label) == ["1 悪い", "2 普通", "3 良い"])
    }

    @Test(arguments: [("3", 3), ("３", 3), ("1 不十分", 1), ("不十分", 1), ("5 十分", 5), (" 4 ", 4)])
    func reads(_ written: String, _ point: Int) throws {
        let q = try q()
        #expect(q.kind.read(q) { _ in .text(written) } == .value(.single(point), at: nil))
    }

    @Test(arguments: [WrittenValue.number(6), .text("6"), .text("普通"), .number(2.5)])
    func offTheScaleIsAnError(_ written: WrittenValue) throws {
        let q = try q()
        guard case .invalid(let f) = q.kind.read(q, cell: { _ in written }) else { Issue.record("accepted"); return }
        #expect(f.first?.rule == .unknownOption)
        #expect(f.first?.message.contains("1～5のいずれか") == true)
    }

    @Test func countedPerPointWithTheMean() throws {
        let q = try q()
        var t = AnswerTally(maxCode: 5)
        for p in [1, 3, 3, 5] { #expect(q.kind.tally(.single(p), into: &t)) }
        #expect(t.count(of: 3) == 2)
        #expect(t.numbers == [1, 3, 3, 5])
    }

    @Test func exportRoundTrips() throws {
        let cb = try Self.codebook("{min: 1, max: 5, low: 不十分, high: 十分}")
        let again = try Codebook.load(yaml: cb.exportYAML())
        #expect(again.form(.muni)?.question("Q1") == cb.form(.muni)?.question("Q1"))
    }

    static let badScales: [(scale: String, kind: CodebookError.Kind, says: String)] = [
        ("{min: 5, max: 1}", .range, "設問 Q1 の `scale` は 0 ≤ min < max の整数で、段階を 20 以下にしてください"),
        ("{min: 1, max: 5, labels: [a, b]}", .options, "設問 Q1 の `labels` は 2 個ですが、段階は 5 個（1…5）です"),
        ("{min: 1}", .missingKey, "設問 Q1 の `scale` に必須のキー `max` がありません"),
        ("{min: 1, max: 5, lo: x}", .unknownKey, "設問 Q1 の `scale` の `lo` は知らないキーです。`low` の書き間違いではありませんか。"),
    ]

    @Test(arguments: badScales.indices) func badScalesAreCodebookErrors(_ i: Int) {
        let (scale, kind, says) = Self.badScales[i]
        do { _ = try Self.codebook(scale); Issue.record("\(scale) loaded") } catch {
            #expect(error.kind == kind && error.line == 14, "\(error)")
            #expect(error.message.contains(says), "\(error)")
            CodebookMessageTests.expectJapanese(error, yaml: Self.yaml(scale))
        }
    }
}
