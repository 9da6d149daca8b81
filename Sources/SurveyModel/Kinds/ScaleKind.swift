/// 5段階評価 (any min..max scale): one point on a rating scale, chosen from a dropdown of its
/// points. The answer is the point (stored as the option code = the point), counted per point
/// with its mean. Written in the codebook as
/// `scale: {min: 1, max: 5, low: 不十分, high: 十分}` (labels on the ends) or
/// `scale: {min: 1, max: 5, labels: [不十分, やや不十分, どちらともいえない, やや十分, 十分]}`.
struct ScaleKind: CodebookKind {
    var id: String { "scale" }
    var name: String { "段階評価" }
    var isCount: Bool { false }
    var codebookKeys: [String] { ["scale"] }
    static let keys = ["min", "max", "low", "high", "labels"]

    func accepts(_ op: Condition.Operator) -> Bool { op == .equals || op == .notEquals }

    func read(_ f: YAMLFields, into q: inout Question, loader: CodebookLoader) throws(CodebookError) {
        guard let node = f.node("scale") else {
            throw f.error(.options, "type", "scale の設問 \(q.id) に `scale:` がありません。`scale: {min: 1, max: 5, low: …, high: …}` を書き足してください。")
        }
        let s = try YAMLFields(node, what: "\(f.what.particle("の")) `scale`", allowed: Self.keys, required: ["min", "max"], source: loader.source)
        guard let lo = try s.int("min"), let hi = try s.int("max"), lo >= 0, hi > lo, hi - lo < 20 else {
            throw s.error(.range, "min", "\(f.what.particle("の")) `scale` は 0 ≤ min < max の整数で、段階を 20 以下にしてください（例：`min: 1, max: 5`）。")
        }
        let labels = try s.strings("labels") ?? []
        guard labels.isEmpty || labels.count == hi - lo + 1 else {
            throw s.error(.options, "labels", "\(f.what.particle("の")) `labels` は \(labels.count) 個ですが、段階は \(hi - lo + 1) 個（\(lo)…\(hi)）です。段階ごとに 1 つずつ書いてください。")
        }
        let low = try s.string("low"), high = try s.string("high")
        q.range = lo...hi
        q.options = (lo...hi).map { p in
            let words = labels.isEmpty ? (p == lo ? low : p == hi ? high : nil) : labels[p - lo]
            return Option(code: p, label: words.flatMap { $0.isEmpty ? nil : "\(p) \($0)" } ?? String(p))
        }
    }

    func export(_ q: Question) -> [String] {
        guard let r = q.range else { return [] }
        let labels = q.options.map { CodebookExportLines.quoted(Self.words(of: $0)) }
        return ["scale: {min: \(r.lowerBound), max: \(r.upperBound), labels: [\(labels.joined(separator: ", "))]}"]
    }

    /// `3 どちらともいえない` → `どちらともいえない`; a bare point has none (exported as "").
    static func words(of o: Option) -> String {
        let prefix = "\(o.code) "
        return o.label.hasPrefix(prefix) ? String(o.label.dropFirst(prefix.count)) : o.label == String(o.code) ? "" : o.label
    }

    // MARK: the form

    func cells(of q: Question) -> [Int?] { [nil] }
    func formNote(_ q: Question) -> [String] {
        guard let r = q.range else { return [] }
        return ["▼から1つ選択（\(r.lowerBound)〜\(r.upperBound)）"]
    }
    func optionNote(_ o: Option) -> String { "" }
    func input(_ q: Question, option: Option?) -> FormInput {
        .dropdown(q)
    }

    // MARK: a returned form

    /// The point as a number (3, ３), its label, or point and label (「3 どちらともいえない」).
    func read(_ q: Question, cell: (Int?) -> WrittenValue?) -> KindReading {
        guard let raw = cell(nil), !Normalize.isBlank(raw) else { return .blank }
        if let code = Normalize.option(raw, in: q.options) { return .value(.single(code), at: nil) }
        if case .text(let s) = raw, let o = q.options.first(where: { Normalize.key(Self.words(of: $0)) == Normalize.key(s) }) {
            return .value(.single(o.code), at: nil)
        }
        let r = q.range ?? 1...5
        return .invalid([KindFinding(.error, .unknownOption,
                                     "\(q.printedName)の回答「\(raw.written)」は評価の段階にありません。\(r.lowerBound)～\(r.upperBound)のいずれかを選んでください。")])
    }

    // MARK: counting and showing

    func tally(_ answer: AnswerValue, into tally: inout AnswerTally) -> Bool {
        guard case .single(let p) = answer else { return false }
        tally.count(option: p); tally.add(number: p)
        return true
    }

    func tableLines(_ q: Question) -> [TableLine] { q.options.map(TableLine.option) + [.mean] }

    func display(_ answer: AnswerValue, _ q: Question) -> String {
        guard case .single(let p) = answer else { return "" }
        return q.option(code: p)?.label ?? String(p)
    }

    func listed(_ answer: AnswerValue, _ q: Question) -> ListedAnswer {
        guard case .single(let p) = answer else { return .text("") }
        return .number(p)
    }

    func listColumn(_ q: Question) -> ListColumn { .one(heading: "評価", width: .fixed(8)) }

    func csv(_ answer: AnswerValue, _ q: Question) -> (code: String, value: String) {
        guard case .single(let p) = answer else { return ("", "") }
        return (String(p), q.option(code: p)?.label ?? "")
    }

    func answer(previousCodes codes: [Int], value: String, _ q: Question) -> AnswerValue? { codes.first.map(AnswerValue.single) }
    func wideColumns(_ q: Question) -> [WideColumn] { [WideColumn(id: "", heading: "（点）")] }
    func wide(_ answer: AnswerValue?, _ q: Question) -> [WideField] {
        guard case .single(let p)? = answer else { return [.empty] }
        return [.number(p)]
    }

    // MARK: simulating

    func plausibleAnswer(_ q: Question, rng: inout SplitMix64) -> AnswerValue? {
        guard !q.options.isEmpty else { return nil }
        // Ratings gather around the middle, a little above it.
        let mid = Double(q.options.count - 1) * 0.6
        let weights = q.options.indices.map { 1.0 / (1.0 + abs(Double($0) - mid)) }
        return .single(q.options[rng.weighted(weights)].code)
    }

    func typed(_ answer: AnswerValue, _ q: Question) -> [TypedCell] { [TypedCell(.text(display(answer, q)))] }

    func faults(_ answer: AnswerValue, _ q: Question) -> [KindFault] {
        guard case .single(let p) = answer, let r = q.range else { return [] }
        return [
            // The point typed as a number (often full-width) instead of chosen: read as it is.
            KindFault("scale-point-typed") { rng in
                let w = rng.chance(0.5) ? IntegerKind.fullWidth(String(p)) : String(p)
                return FaultyAnswer(cells: [TypedCell(.text(w))], value: answer, written: w)
            },
            // A point off the scale (6 on 1–5): no answer, asked about.
            KindFault("scale-out-of-range", rule: .unknownOption, severity: .error) { _ in
                FaultyAnswer(cells: [TypedCell(.number(Double(r.upperBound + 1)))], value: .single(r.upperBound + 1),
                             written: String(r.upperBound + 1))
            },
        ]
    }
}

extension QuestionType {
    public static let scale = QuestionType(registered: "scale")
}
