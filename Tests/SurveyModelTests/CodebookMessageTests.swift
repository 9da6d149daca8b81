import Foundation
import TestSupport
import Testing
@testable import SurveyModel

/// Codebook errors are read by the contractor who edits the YAML: every one is Japanese, with the
/// YAML's own keys, ids and values kept as written. `englishWords` is the check, run on each
/// broken codebook the tests have (here, and in CodebookErrorTests, AudienceTests,
/// CodebookDataTests, RevisionGuardrailTests and ScaleKindTests).
@Suite struct CodebookMessageTests {
    typealias E = CodebookErrorTests

    /// Names the messages may use bare: every key of the format, every value it gives a meaning to,
    /// and the names of the tools the contractor uses.
    static let formatWords: Set<String> = {
        var words = CodebookLoader.topKeys + CodebookLoader.formKeys + CodebookLoader.sectionKeys + CodebookLoader.blockKeys
        words += CodebookLoader.questionKeys + CodebookLoader.optionKeys + CodebookLoader.categoryKeys
        words += CodebookLoader.indicatorKeys + CodebookLoader.referenceKeys + CodebookLoader.surveyKeys + ScaleKind.keys
        words += QuestionKinds.ids + Audience.allCases.map(\.rawValue) + QuestionRole.allCases.map(\.rawValue)
        words += IdentityRole.allCases.map(\.rawValue) + ["email", "phone"] + Indicator.measureNames.keys
        words += ["all", "scenes", "themes", "true", "false", "rest", "includes", "YAML", "UTF", "Excel", "renkei"]
        return Set(words)
    }()

    /// The words of 3+ ASCII letters in `message` outside `…`, 「…」, (…), （…）, '…' and "…" that are
    /// neither a name of the format nor a word of `yaml` outside its comments (an id or value as
    /// written): an empty result means the message is Japanese.
    static func englishWords(in message: String, yaml: String) -> [String] {
        var text = message
        for pattern in ["`[^`]*`", "「[^」]*」"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        // Innermost parentheses first, so that nested ones (the library's words) go too.
        var before = ""
        while before != text {
            before = text
            text = text.replacingOccurrences(of: "\\([^()]*\\)|（[^（）]*）", with: " ", options: .regularExpression)
        }
        for pattern in ["'[^']*'", "\"[^\"]*\""] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        func words(_ s: String) -> [String] {
            s.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }.map(String.init)
        }
        let uncommented = yaml.split(separator: "\n").map { line in
            line.range(of: "#").map { String(line[..<$0.lowerBound]) } ?? String(line)
        }.joined(separator: "\n")
        let known = formatWords.union(words(uncommented))
        return words(text).filter { w in
            w.contains(/[A-Za-z]{3}/) && !known.contains(w)
        }
    }

    /// Japanese: no English word, and a sentence (or two) ending in 「。」.
    static func expectJapanese(_ error: CodebookError, yaml: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let english = englishWords(in: error.message, yaml: yaml)
        #expect(english.isEmpty, "English \(english) in: \(error)", sourceLocation: sourceLocation)
        #expect(error.message.hasSuffix("。"), "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(/[ぁ-んァ-ン一-龥]/), "\(error)", sourceLocation: sourceLocation)
    }

    /// `renkei codebook` prints the embedded file with its comments, the format's documentation for
    /// the same contractor: Japanese too, keys, values, commands and examples as written. The
    /// header of `exportYAML` likewise.
    @Test func theEmbeddedCodebooksCommentsAreJapanese() throws {
        let yaml = Codebook.r5YAML
        let comments = yaml.split(separator: "\n").compactMap { line in line.range(of: "#").map { String(line[$0.upperBound...]) } }
        #expect(comments.count > 140)
        for comment in comments {
            let english = Self.englishWords(in: comment, yaml: yaml).filter { $0 != "xlsx" }
            #expect(english.isEmpty, "English \(english) in: #\(comment)")
        }
        let header = try #require(Codebook.r5.exportYAML().split(separator: "\n").first)
        let english = header.split { !($0.isASCII && ($0.isLetter || $0 == "_")) }.map(String.init)
            .filter { $0.count >= 3 && !Self.formatWords.contains($0) }
        #expect(header.hasPrefix("# ") && english.isEmpty, "English \(english) in: \(header)")
    }

    @Test func theCheckFindsEnglish() {
        let yaml = E.yaml()
        #expect(Self.englishWords(in: "question M1 has unknown type `number`; use single or multi.", yaml: yaml)
                == ["question", "has", "unknown", "type", "use", "single", "multi"].filter { !Self.formatWords.contains($0) })
        #expect(Self.englishWords(in: "設問 M1 の `type: number` は使えません。single、multi のいずれかにしてください。", yaml: yaml).isEmpty)
        #expect(Self.englishWords(in: "YAML の書き方に誤りがあります（mapping values are not allowed; while (parsing)）。", yaml: yaml).isEmpty)
        #expect(Self.englishWords(in: "調査票 MUNI の選択肢「直営のみ」が 2 回あります。", yaml: yaml).isEmpty, "ids of the YAML")
    }

    /// Broken copies of `CodebookErrorTests.yaml()` for the messages no other test reaches: the extra
    /// lines (questions from line 29), the error kind, the line (`# here`, else 29) and words of the message.
    static let broken: [(extra: [String], kind: CodebookError.Kind, says: String)] = [
        // Shapes of values (YAMLFields).
        (["- 方法の設問"], .invalidValue, "設問は `キー: 値` の行で書いてください（文字列 `方法の設問` ではなく）"),
        (["- {id: X, label: [a], type: text}"], .invalidValue, "設問 X の `label` は文字列で書いてください（リストではなく）"),
        (["- {id: X, label: \"\", type: text}"], .missingKey, "設問 X の `label` が空です"),
        (["- {id: X, label: x, type: text, max_length: 0}"], .invalidValue, "`max_length` は 1 以上の整数で書いてください（`0` ではなく）"),
        (["- {id: X, label: x, type: single, options: a}"], .invalidValue, "`options` は `- ` で始まる行か `[a, b]` のリストで書いてください"),
        (["- {id: X, label: x, type: integer, range: 0..9, sum_of: [[M3]]}"], .invalidValue, "`sum_of` には文字列だけを並べてください"),
        // Options.
        (["- {id: X, label: x, type: single, options: [\"\", a]}"], .options, "選択肢に、ラベルが空のものがあります"),
        (["- {id: X, label: x, type: multi, options: [{categories: all, label: y}]}"], .options, "`categories:` と同じ項目には `label:` などを書けません"),
        (["- {id: X, label: x, type: multi, options: [{exclusive: true}]}"], .missingKey, "選択肢に `label:`（または `category:`）がありません"),
        (["- {id: X, label: x, type: multi, options: [[a]]}"], .options, "選択肢は、ラベルか `{label: …}` の形で書いてください"),
        // Ids, roles and sums across the form.
        (["- {id: X, previous_id: OLD, label: x, type: text}", "- {id: Y, previous_id: OLD, label: y, type: text}  # here"],
         .previousID, "`previous_id: OLD` が調査票 MUNI で 2 回あります（最初は 29 行目）"),
        (["- {id: X, label: x, type: integer, range: 0..9, role: coordinator_count}",
          "- {id: Y, label: y, type: integer, range: 0..9, role: coordinator_count}  # here"],
         .role, "`role: coordinator_count` が調査票 MUNI で 2 回あります（最初は 29 行目）。1 つの設問にだけ付けてください"),
        (["- {id: X, label: x, type: integer, range: 0..9, sum_of: []}"], .sumOf, "設問 X の `sum_of` が空です"),
        (["- {id: X, label: x, type: integer, range: 0..9, sum_of: [M3, X]}"], .sumOf, "設問 X の `sum_of` に設問 X 自身があります"),
        (["- {id: X, previous_id: \"1X\", label: x, type: text}"], .invalidID, "`previous_id` の id `1X` は使えません"),
        (["- for_each_category: [[acute]]", "  questions: []"], .invalidValue, "`for_each_category` には場面・テーマの id を文字列で並べてください"),
        // Reference figures and last year's options.
        (["- {id: X, label: x, type: integer, range: 0..9, reference: {counts: {a: 1}, of: 2}}"], .reference,
         "`reference: {counts: …}` は single の設問に使うものですが、設問 X は integer です"),
        (["- {id: X, label: x, type: single, options: [a, b], reference: {counts: {a: 1}}}"], .missingKey, "設問 X の `counts` に `of:`"),
        (["- {id: X, label: x, type: single, options: [a, b], reference: {counts: {a: rest, b: rest}, of: 3}}"], .reference,
         "設問 X で `rest` を書けるのは 1 つの選択肢だけです"),
        (["- {id: X, label: x, type: single, options: [a, b], reference: {counts: {a: {acute: 1}}, of: 3}}"], .reference,
         "場面・テーマごとの数は `for_each_category` ブロックの中でだけ書けます"),
        (["- {id: X, label: x, type: single, options: [a, b], reference: {counts: {a: -1}, of: 3}}"], .reference,
         "設問 X の `counts` には 0 以上の整数（または `rest`）を書いてください"),
        (["- {id: X, label: x, type: single, options: [a, b], reference: {shares: {a: many}}}"], .reference,
         "設問 X の `reference` には 0 以上の数を書いてください"),
        (["- {id: X, label: x, type: integer, range: 0..9, reference: {weights: []}}"], .reference, "設問 X の `weights` が空です"),
        (["- {id: X, label: x, type: integer, range: 0..9, reference: {values: [1, 12]}}"], .reference,
         "設問 X の `values` には範囲 0..9 の整数を並べてください"),
        (["- {id: X, label: x, type: integer, range: 0..9, reference: {values: []}}"], .reference, "設問 X の `values` が空です"),
        (["- {id: X, label: x, type: integer, range: 0..9, reference: {}}"], .reference,
         "設問 X の `reference` には counts（と of）、shares、weights、values のいずれかを書いてください"),
        (["- {id: X, label: x, type: single, options: [a, b], reference: {shares: [a]}}"], .reference,
         "設問 X の `reference` の `shares` は `選択肢のラベル: 値` の対応表で書いてください"),
        (["- {id: X, label: x, type: text, previous_options: {a: b}}"], .reference, "設問 X は text なので `previous_options:` は書けません"),
        (["- {id: X, label: x, type: multi, options: [a, b], previous_options: {c: [[a]]}}"], .reference,
         "分割する先には、今回の選択肢のラベルを並べてください"),
        (["- {id: X, label: x, type: multi, options: [a, b], previous_options: {c: {a: b}}}"], .reference,
         "前回のラベルに今回の選択肢のラベル（分割ならそのリスト）を対応させて書いてください"),
        (["- {id: X, label: x, type: multi, options: [a, b], previous_options: {c: []}}"], .reference, "「c」の引き継ぎ先がありません"),
        (["- {id: X, label: x, type: multi, options: [a, b], previous_options: {d: a, c: [a, b]}}"], .reference,
         "「a」は「c」を分割した先ですが、「d」も引き継いでいます"),
        (["- {id: X, label: x, type: multi, options: [a, b], previous_options: {c: [a, b], d: a}}"], .reference,
         "「a」は「c」を分割した先なので、「d」を引き継ぐことはできません"),
    ]

    /// The line of `# here` in `text`, else 29 (the first extra line).
    static func markedLine(_ text: String) -> Int {
        (text.components(separatedBy: "\n").firstIndex { $0.contains("# here") } ?? 28) + 1
    }

    @Test(arguments: broken.indices) func brokenQuestionsAreReportedInJapanese(_ i: Int) {
        let (extra, kind, says) = Self.broken[i]
        let text = E.base + "\n" + extra.map { "          " + $0 }.joined(separator: "\n") + "\n" + E.categories
        CodebookErrorTests.expectError(text, kind, line: Self.markedLine(text), mentions: says)
    }

    /// Broken whole codebooks: forms, categories and indicators.
    static let brokenFiles: [(text: String, kind: CodebookError.Kind, says: String)] = [
        ("id: t\nversion: v1\ntitle: T\nyear: Y\nforms: []  # here\n", .missingKey, "調査票定義に調査票がありません。`forms:` の下に"),
        (E.base + "\n  - {id: MUNI, title: 別票, audience: municipality, sections: []}  # here\n" + E.categories,
         .duplicateID, "調査票 MUNI が 2 回あります（最初は 6 行目）。1 つにしてください。"),
        (E.base.replacingOccurrences(of: "      - id: main", with: "      - id: identity  # here") + "\n" + E.categories,
         .duplicateID, "セクションの id `identity` が調査票 MUNI で 2 回使われています（最初は 10 行目）"),
        (E.yaml() + "  - {id: acute, label: 急変時, kind: 場面}  # here\n", .duplicateID, "場面・テーマの id `acute` が 2 回使われています（最初は"),
        (E.yaml() + "indicators:\n  - {label: 委託, form: MUNI, question: M1, option: 委託}\n  - {label: 委託2, form: MUNI, question: M1, option: 2}  # here\n",
         .indicator, "指標「委託2」は 34 行目の指標と同じものを数えています。どちらかを消してください。"),
        (E.yaml() + "indicators:\n  - {label: 数, measure: coordinator_forms, question: M1}  # here\n", .indicator,
         "指標「数」に `measure:` と設問の両方があります"),
        (E.yaml() + "indicators:\n  - {label: 数, measure: coordinator_forms}  # here\n", .indicator,
         "指標「数」の `measure: coordinator_forms` には `audience: coordinator` の調査票が要りますが、ありません"),
        (E.yaml() + "indicators:\n  - {label: 数}  # here\n", .missingKey, "指標「数」に `form:`、`question:`、`option:`（または `measure:`）を書いてください"),
        (E.yaml() + "indicators:\n  - {label: 数, form: MUNI, question: M3, option: 1}  # here\n", .indicator,
         "指標「数」の設問 M3 は integer です。指標には single か multi の設問の選択肢を指定してください"),
    ]

    @Test(arguments: brokenFiles.indices) func brokenFilesAreReportedInJapanese(_ i: Int) {
        let (text, kind, says) = Self.brokenFiles[i]
        CodebookErrorTests.expectError(text, kind, line: Self.markedLine(text), mentions: says)
    }

    /// Every fixture of the other suites, walked again for the language alone.
    @Test func everyOtherFixtureIsJapanese() {
        var texts: [String] = []
        for m in CodebookDataTests.mistakes { texts.append(Codebook.r5YAML.replacingOccurrences(of: m.old, with: m.new)) }
        for (edits, _, _) in AudienceTests.mistakes {
            texts.append(edits.reduce(Codebook.r5YAML) { $0.replacingOccurrences(of: $1.0, with: $1.1) })
        }
        for scale in ScaleKindTests.badScales { texts.append(ScaleKindTests.yaml(scale.scale)) }
        #expect(texts.count == CodebookDataTests.mistakes.count + AudienceTests.mistakes.count + ScaleKindTests.badScales.count)
        for text in texts {
            do { _ = try Codebook.load(yaml: text); Issue.record("loaded") } catch { Self.expectJapanese(error, yaml: text) }
        }
    }

    /// A file that cannot be read: missing, a folder, or saved as Shift_JIS.
    @Test func unreadableFiles() throws {
        let dir = Temp.dir("codebook-message")
        do { _ = try Codebook.load(path: dir + "/nowhere.yaml"); Issue.record("loaded") } catch {
            #expect(error.kind == .unreadable && error.line == 0)
            #expect(error.message.contains("ファイルを読めません: ファイルまたはフォルダがありません"), "\(error)")
            Self.expectJapanese(error, yaml: "")
        }
        // A folder given for the file (Foundation's own error for it names no cause).
        do { _ = try Codebook.load(path: dir); Issue.record("loaded") } catch {
            #expect(error.kind == .unreadable && error.line == 0)
            #expect(error.message.hasPrefix("ファイルを読めません: フォルダです（"), "\(error)")
            Self.expectJapanese(error, yaml: "")
        }
        // 「調査」 in Shift_JIS, which is not UTF-8.
        try Data([0x69, 0x64, 0x3A, 0x20, 0x92, 0xB2, 0x8D, 0xB8, 0x0A]).write(to: URL(fileURLWithPath: dir + "/sjis.yaml"))
        do { _ = try Codebook.load(path: dir + "/sjis.yaml"); Issue.record("loaded") } catch {
            #expect(error.kind == .unreadable)
            #expect(error.message == "ファイルが UTF-8 ではありません。UTF-8 で保存し直してください。", "\(error)")
        }
    }
}
