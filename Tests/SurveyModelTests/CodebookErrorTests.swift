import TestSupport
import Testing
@testable import SurveyModel

/// Each mistake a contractor can make in the codebook is reported with its kind and line.
@Suite struct CodebookErrorTests {
    /// A minimal valid codebook; `extra` lines are appended as more questions from line 29 on.
    static let base = """
    id: t
    version: v1
    title: T
    year: Y
    forms:
      - id: MUNI
        title: 市町村票
        audience: municipality
        sections:
          - id: identity
            title: 基本情報
            questions:
              - {id: code, label: 団体コード, type: text, identity: code}
          - id: main
            title: 本体
            questions:
              - id: M1
                label: 方法
                type: single
                options: [直営のみ, 委託]
              - id: M2
                label: 課題
                type: multi
                options: [予算, その他, {label: 特にない, exclusive: true}]
              - id: M3
                label: 回数
                type: integer
                range: 0..9
    """

    static func yaml(_ extra: String...) -> String {
        base + "\n" + extra.map { "          " + $0 }.joined(separator: "\n") + "\n" + categories
    }

    /// Declared after the forms (YAML keys have no order), so that extra lines keep their numbers.
    static let categories = """
    categories:
      - {id: acute, label: 急変時の対応, kind: 場面}
      - {id: dementia, label: 認知症, kind: テーマ}

    """

    func expectError(_ text: String, _ kind: CodebookError.Kind, line: Int, mentions: String? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        Self.expectError(text, kind, line: line, mentions: mentions, sourceLocation: sourceLocation)
    }

    /// The one check of a broken codebook: its kind, line, file, an expected phrase, and Japanese.
    static func expectError(_ text: String, _ kind: CodebookError.Kind, line: Int, mentions: String? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try Codebook.load(yaml: text, source: "bad.yaml")
            Issue.record("expected \(kind) at line \(line), but it loaded", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.source == "bad.yaml", sourceLocation: sourceLocation)
            if let m = mentions { #expect(error.message.contains(m), "\(error)", sourceLocation: sourceLocation) }
            CodebookMessageTests.expectJapanese(error, yaml: text, sourceLocation: sourceLocation)
        }
    }

    @Test func baseLoads() throws {
        let cb = try Codebook.load(yaml: Self.yaml(), source: "ok.yaml")
        #expect(cb.forms.first?.questions.map(\.id) == ["code", "M1", "M2", "M3"])
    }

    @Test func ids() {
        expectError(Self.yaml("- {id: m1, label: x, type: text}"), .duplicateID, line: 29, mentions: "設問の id `m1` は調査票 MUNI の 17 行目の `M1` と大文字・小文字だけが違います")
        expectError(Self.yaml("- {id: M3, label: x, type: text}"), .duplicateID, line: 29, mentions: "設問の id `M3` が調査票 MUNI で 2 回使われています（最初は 25 行目）")
        expectError(Self.yaml("- {id: 1M, label: x, type: text}"), .invalidID, line: 29)
        expectError(Self.yaml("- {id: M-1, label: x, type: text}"), .invalidID, line: 29)
        expectError(Self.yaml("- {id: 設問1, label: x, type: text}"), .invalidID, line: 29)
        expectError(Self.yaml("- {id: M1_O3, label: x, type: text}"), .invalidID, line: 29, mentions: "`_O` と数字で終わっています")
        expectError(Self.yaml("- {id: \"M_{cat}\", label: x, type: text}"), .invalidID, line: 29, mentions: "`for_each_category` ブロックの中でだけ使えます")
    }

    @Test func cellReferenceLikeIDsAreFine() throws {
        let cb = try Codebook.load(yaml: Self.yaml("- {id: A1, label: x, type: text}", "- {id: R1C1, label: y, type: text}",
                                                   "- {id: M1_O, label: z, type: text}"))
        #expect(cb.question(id: "R1C1", in: .muni)?.label == "y")
        #expect(cb.question(id: "M1_O", in: .muni) != nil)
    }

    @Test func conditions() throws {
        expectError(Self.yaml("- {id: X, label: x, type: text, when: \"M9 = 委託\"}"), .condition, line: 29, mentions: "この調査票に設問 `M9` はありません")
        expectError(Self.yaml("- {id: X, label: x, type: text, when: \"m1 = 委託\"}"), .condition, line: 29, mentions: "`M1` の書き間違いではありませんか")
        expectError(Self.yaml("- {id: X, label: x, type: text, when: \"M1 = 外注\"}"), .condition, line: 29, mentions: "選択肢は 1 直営のみ / 2 委託 です")
        expectError(Self.yaml("- {id: X, label: x, type: text, when: \"M2 includes 4\"}"), .condition, line: 29)
        expectError(Self.yaml("- {id: X, label: x, type: text, when: \"M1\"}"), .condition, line: 29)
        expectError(Self.yaml("- {id: X, label: x, type: text, when: \"M1 includes 委託\"}"), .conditionType, line: 29, mentions: "`includes` は multi の設問に使うものですが、M1 は single です")
        expectError(Self.yaml("- {id: X, label: x, type: text, when: \"M2 = その他\"}"), .conditionType, line: 29, mentions: "`includes` を使ってください")
        expectError(Self.yaml("- {id: X, label: x, type: text, when: \"M3 != 1\"}"), .conditionType, line: 29)
        expectError(Self.yaml("- {id: X, label: x, type: text, when: \"Y = a\"}", "- {id: Y, label: y, type: single, options: [a, b]}"),
                    .conditionOrder, line: 29, mentions: "条件には前にある設問を書いてください")
        expectError(Self.yaml("- {id: X, label: x, type: single, options: [a], when: \"X = a\"}"), .conditionOrder, line: 29)
        // Block style: the line is the `when:` line itself.
        expectError(Self.yaml("- id: X", "  label: x", "  type: text", "  when: \"M1 = 外注\""), .condition, line: 32)

        let cb = try Codebook.load(yaml: Self.yaml("- {id: X, label: x, type: text, when: \"M2 includes 2\"}",
                                                   "- {id: Y, label: y, type: text, when: \"M1 != 直営のみ\"}",
                                                   "- {id: Z, label: z, type: text, when: \"M2 includes その他\"}"))
        #expect(cb.question(id: "X", in: .muni)?.condition == Condition(question: "M2", op: .includes, option: 2))
        #expect(cb.question(id: "Y", in: .muni)?.condition == Condition(question: "M1", op: .notEquals, option: 1))
        #expect(cb.question(id: "Z", in: .muni)?.condition == Condition(question: "M2", op: .includes, option: 2))
    }

    @Test func options() {
        expectError(Self.yaml("- {id: X, label: x, type: single, options: []}"), .options, line: 29, mentions: "`options` が空です")
        expectError(Self.yaml("- {id: X, label: x, type: multi}"), .options, line: 29)
        expectError(Self.yaml("- {id: X, label: x, type: text, options: [a]}"), .options, line: 29)
        expectError(Self.yaml("- id: X", "  label: x", "  type: multi", "  options:", "    - a", "    - b", "    - a"),
                    .options, line: 35, mentions: "選択肢「a」が 2 回あります（最初は 33 行目）")
        expectError(Self.yaml("- {id: X, label: x, type: single, options: [a, {label: b, exclusive: true}]}"), .options, line: 29)
        expectError(Self.yaml("- {id: X, label: x, type: multi, options: [{categories: nightly}]}"), .unknownCategory, line: 29)
    }

    @Test func ranges() {
        expectError(Self.yaml("- {id: X, label: x, type: integer}"), .range, line: 29, mentions: "`range:` がありません")
        expectError(Self.yaml("- {id: X, label: x, type: integer, range: 9..1}"), .range, line: 29, mentions: "最小 9 が最大 1 より大きくなっています")
        expectError(Self.yaml("- {id: X, label: x, type: integer, range: 1-9}"), .range, line: 29)
        expectError(Self.yaml("- {id: X, label: x, type: text, range: 1..9}"), .range, line: 29)
    }

    @Test func sumOf() {
        expectError(Self.yaml("- {id: X, label: x, type: integer, range: 0..9, sum_of: [M3, Z]}"), .sumOf, line: 29, mentions: "`Z`")
        expectError(Self.yaml("- {id: X, label: x, type: integer, range: 0..9, sum_of: [M3, M1]}"), .sumOf, line: 29, mentions: "M1 は single の設問です")
        expectError(Self.yaml("- {id: X, label: x, type: text, sum_of: [M3]}"), .sumOf, line: 29)
    }

    @Test func unknownNames() {
        expectError(Self.yaml("- {id: X, label: x, type: text, category: night}"), .unknownCategory, line: 29)
        expectError(Self.yaml("- {id: X, label: x, type: number}"), .unknownType, line: 29, mentions: "single、multi、integer、text、scale のいずれか")
        expectError(Self.yaml("- {id: X, label: x, type: text, format: fax}"), .unknownFormat, line: 29)
        expectError(Self.yaml("- {id: X, label: x, type: text, identity: boss}"), .unknownIdentityRole, line: 29)
        expectError(Self.yaml("- id: X", "  label: x", "  type: text", "  reqired: false"), .unknownKey, line: 32, mentions: "`reqired` は知らないキーです。`required` の書き間違いではありませんか。")
        expectError(Self.yaml("- {id: X, label: x, type: text, required: yes}"), .invalidValue, line: 29)
        expectError(Self.base.replacingOccurrences(of: "- id: MUNI", with: "- id: muni"), .invalidID, line: 6, mentions: "半角の大文字 A–Z")
        expectError(Self.base.replacingOccurrences(of: "audience: municipality", with: "audience: municipalty"), .unknownAudience, line: 8,
                    mentions: "`municipality` の書き間違いではありませんか。")
        expectError("tittle: x\n" + Self.base, .unknownKey, line: 1, mentions: "`title` の書き間違いではありませんか")
    }

    @Test func missingKeys() {
        expectError(Self.yaml("- {id: X, type: text}"), .missingKey, line: 29, mentions: "必須のキー `label` がありません")
        expectError(Self.base.replacingOccurrences(of: "version: v1\n", with: ""), .missingKey, line: 1, mentions: "調査票定義に必須のキー `version` がありません")
        expectError(Self.base.replacingOccurrences(of: "    title: 市町村票\n", with: ""), .missingKey, line: 6, mentions: "調査票に必須のキー `title` がありません")
        expectError("", .missingKey, line: 0, mentions: "調査票定義が空です")
    }

    @Test func identity() {
        expectError(Self.base.replacingOccurrences(of: ", identity: code}", with: "}"), .identity, line: 6, mentions: "団体コードの欄がありません。基本情報のセクションに `identity: code` の設問を加えてください")
        expectError(Self.yaml("- {id: X, label: x, type: text, identity: code}"), .identity, line: 29,
                    mentions: "`identity: code` が調査票 MUNI で 2 回あります（最初は 13 行目）")
    }

    @Test func syntax() {
        let broken = Self.base.replacingOccurrences(of: "label: 方法", with: "label: 方法: 直営")
        do { _ = try Codebook.load(yaml: broken, source: "bad.yaml"); Issue.record("loaded") } catch {
            #expect(error.kind == .syntax)
            #expect(error.line == 18)
            #expect(error.description.hasPrefix("bad.yaml:\(error.line): "))
            // Japanese, with libyaml's own words kept last in parentheses.
            #expect(error.message.hasPrefix("YAML の書き方に誤りがあります。字下げ"), "\(error)")
            #expect(error.message.hasSuffix("（mapping values are not allowed in this context）。"), "\(error)")
            CodebookMessageTests.expectJapanese(error, yaml: broken)
        }
        expectError(Self.base.replacingOccurrences(of: "year: Y", with: "year: Y\nyear: Z"), .syntax, line: 4,
                    mentions: "キー `year` が同じ階層に 2 回書かれています")
    }

    @Test func bomAndBlocks() throws {
        let block = Self.yaml("- for_each_category: [acute, dementia]", "  questions:",
                              "    - {id: \"Q_{cat}\", label: \"{category}の有無\", type: single, options: [ある, ない]}",
                              "    - {id: \"Q_{cat}_1\", label: x, type: text, when: \"Q_{cat} = ある\"}")
        let cb = try Codebook.load(yaml: "\u{FEFF}" + block)
        let muni = try #require(cb.form(.muni))
        #expect(muni.questions.suffix(4).map(\.id) == ["Q_acute", "Q_acute_1", "Q_dementia", "Q_dementia_1"])
        #expect(muni.question("Q_dementia")?.label == "認知症の有無")
        #expect(muni.question("Q_dementia_1")?.condition == Condition(question: "Q_dementia", op: .equals, option: 1))
        #expect(muni.question("Q_acute_1")?.category?.id == "acute")
        expectError(Self.yaml("- for_each_category: weekly", "  questions: []"), .unknownCategory, line: 29)
    }

    @Test func errorDescription() {
        let e = CodebookError(.range, source: "r6.yaml", line: 12, "fix it")
        #expect(e.description == "r6.yaml:12: fix it")
    }
}
