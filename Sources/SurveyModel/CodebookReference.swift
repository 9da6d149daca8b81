import Yams

/// `reference:` (the published figure `renkei simulate` follows) and `previous_options:`
/// (last year's option labels) of a question: both name options, checked like `when:`.
extension CodebookLoader {
    static let referenceKeys = ["counts", "of", "shares", "weights", "values"]

    func readReference(_ f: YAMLFields, question q: Question, category: Category?) throws(CodebookError) -> ReferenceFigure? {
        guard let node = f.node("reference") else { return nil }
        let r = try YAMLFields(node, what: "設問 \(q.id) の `reference`", allowed: Self.referenceKeys, required: [], source: source)
        func needs(_ type: QuestionType, _ key: String) throws(CodebookError) {
            guard q.type == type else {
                throw r.error(.reference, key, "`reference: {\(key): …}` は \(type.rawValue) の設問に使うものですが、設問 \(q.id) は \(q.type.rawValue) です。設問の `type` に合う書き方にしてください。")
            }
        }
        if r.has("counts") {
            try needs(.single, "counts")
            guard let of = try r.int("of") else {
                throw r.error(.missingKey, "counts", "設問 \(q.id) の `counts` に `of:`（何件のうちの数か）を書き足してください。")
            }
            var codes: [Int] = [], counts: [Int?] = [], rest: Int?
            for (key, keyLine, value) in try pairs(r, "counts") {
                codes.append(try option(key, of: q, line: keyLine))
                switch value {
                case .scalar(let s) where s.string == "rest":
                    guard rest == nil else { throw CodebookError(.reference, source: source, line: value.line, "設問 \(q.id) で `rest` を書けるのは 1 つの選択肢だけです。ほかは数にしてください。") }
                    rest = counts.count; counts.append(nil)
                case .mapping(let m):
                    guard let category else {
                        throw CodebookError(.reference, source: source, line: value.line,
                                            "場面・テーマごとの数は `for_each_category` ブロックの中でだけ書けます。設問 \(q.id) には数を 1 つ書いてください。")
                    }
                    var mine: Int?
                    for (k, v) in m {
                        let c = try self.category(k.scalar?.string ?? "", line: k.line)
                        if c == category { mine = try count(v, of: q) }
                    }
                    // No published figure for this category (a new theme): simulate answers freely.
                    guard let mine else { return nil }
                    counts.append(mine)
                default: counts.append(try count(value, of: q))
                }
            }
            let given = counts.compactMap { $0 }.reduce(0, +)
            guard given <= of else {
                throw r.error(.reference, "counts", "設問 \(q.id) の `counts` の合計 \(given) が `of: \(of)` を超えています。数か `of:` を直してください。")
            }
            if let rest { counts[rest] = of - given }
            return .counts(options: codes, counts: counts.map { $0 ?? 0 }, of: of)
        }
        if r.has("shares") {
            try needs(.single, "shares")
            var codes: [Int] = [], weights: [Double] = []
            for (key, keyLine, value) in try pairs(r, "shares") {
                codes.append(try option(key, of: q, line: keyLine))
                weights.append(try number(value, of: q))
            }
            return .shares(options: codes, weights: weights)
        }
        if r.has("weights") {
            try needs(.integer, "weights")
            var weights: [Double] = []
            for item in try r.sequence("weights") ?? [] { weights.append(try number(item, of: q)) }
            guard !weights.isEmpty else { throw r.error(.reference, "weights", "設問 \(q.id) の `weights` が空です。数を並べてください。") }
            return .weights(weights)
        }
        if r.has("values") {
            try needs(.integer, "values")
            var values: [Int] = []
            for item in try r.sequence("values") ?? [] {
                guard let n = item.scalar.flatMap({ Int($0.string) }), q.range?.contains(n) ?? true else {
                    throw CodebookError(.reference, source: source, line: item.line,
                                        "設問 \(q.id) の `values` には\(q.range.map { "範囲 \($0.lowerBound)..\($0.upperBound) の" } ?? "")整数を並べてください。")
                }
                values.append(n)
            }
            guard !values.isEmpty else { throw r.error(.reference, "values", "設問 \(q.id) の `values` が空です。数を並べてください。") }
            return .values(values)
        }
        throw CodebookError(.reference, source: source, line: r.line,
                            "設問 \(q.id) の `reference` には counts（と of）、shares、weights、values のいずれかを書いてください。")
    }

    /// `previous_options: {旧ラベル: 新ラベル}`: last year's label → this year's option; several
    /// old labels to one option merge them; `旧ラベル: [新A, 新B]` splits one old option in parts.
    func readPreviousOptions(_ f: YAMLFields, question q: inout Question) throws(CodebookError) -> [String: [Int]] {
        guard !q.options.isEmpty else {
            throw f.error(.reference, "previous_options", "設問 \(q.id) は \(q.type.rawValue) なので `previous_options:` は書けません。`previous_options:` は single と multi の設問にだけ書けます。")
        }
        var out: [String: [Int]] = [:]
        var splitOf: [Int: String] = [:]
        for (key, keyLine, value) in try pairs(f, "previous_options") {
            var codes: [Int] = []
            switch value {
            case .scalar(let s): codes = [try option(s.string, of: q, line: value.line)]
            case .sequence(let items):
                for item in items {
                    guard let s = item.scalar?.string else {
                        throw CodebookError(.reference, source: source, line: item.line, "設問 \(q.id) の `previous_options` で分割する先には、今回の選択肢のラベルを並べてください。")
                    }
                    codes.append(try option(s, of: q, line: item.line))
                }
            default:
                throw CodebookError(.reference, source: source, line: value.line, "設問 \(q.id) の `previous_options` は、前回のラベルに今回の選択肢のラベル（分割ならそのリスト）を対応させて書いてください。")
            }
            guard !codes.isEmpty else {
                throw CodebookError(.reference, source: source, line: value.line, "設問 \(q.id) の `previous_options` で「\(key)」の引き継ぎ先がありません。引き継ぐ今回の選択肢を書いてください。")
            }
            // A part of a split counts only its old option: it cannot also take another old label.
            if codes.count > 1 {
                for c in codes {
                    if let other = splitOf[c] ?? out.first(where: { $0.value.contains(c) })?.key {
                        throw CodebookError(.reference, source: source, line: keyLine, "設問 \(q.id) の `previous_options` で、「\(q.option(code: c)?.label ?? "")」は「\(key)」を分割した先ですが、「\(other)」も引き継いでいます。分割した先は 1 つの前回の選択肢だけを引き継げます。")
                    }
                    splitOf[c] = key
                }
            } else if let c = codes.first, let other = splitOf[c] {
                throw CodebookError(.reference, source: source, line: keyLine, "設問 \(q.id) の `previous_options` で、「\(q.option(code: c)?.label ?? "")」は「\(other)」を分割した先なので、「\(key)」を引き継ぐことはできません。")
            }
            out[key] = codes
            q.origin.previousOptionLines[key] = keyLine
        }
        return out
    }

    /// The key/value pairs of the mapping under `key`, in file order.
    func pairs(_ f: YAMLFields, _ key: String) throws(CodebookError) -> [(key: String, line: Int, value: Node)] {
        guard case .mapping(let m)? = f.node(key) else {
            throw f.error(.reference, key, "\(f.what.particle("の")) `\(key)` は `選択肢のラベル: 値` の対応表で書いてください。")
        }
        var out: [(key: String, line: Int, value: Node)] = []
        for (k, v) in m {
            guard let s = k.scalar?.string else { throw CodebookError(.reference, source: source, line: k.line, "\(f.what.particle("に"))文字列でないキーがあります。キーは文字で書いてください。") }
            out.append((s, k.line, v))
        }
        return out
    }

    func option(_ text: String, of q: Question, line: Int) throws(CodebookError) -> Int {
        if let o = q.option(label: text) ?? Int(text).flatMap({ q.option(code: $0) }) { return o.code }
        let hint = YAMLFields.didYouMean(text, in: q.optionLabels, quoted: true)
        throw CodebookError(.reference, source: source, line: line,
                            "設問 \(q.id) に選択肢「\(text)」はありません。\(hint)選択肢は \(q.options.map(\.listed).joined(separator: " / ")) です。")
    }

    func count(_ node: Node, of q: Question) throws(CodebookError) -> Int {
        guard let n = node.scalar.flatMap({ Int($0.string) }), n >= 0 else {
            throw CodebookError(.reference, source: source, line: node.line, "設問 \(q.id) の `counts` には 0 以上の整数（または `rest`）を書いてください。")
        }
        return n
    }

    func number(_ node: Node, of q: Question) throws(CodebookError) -> Double {
        guard let x = node.scalar.flatMap({ Double($0.string) }), x >= 0 else {
            throw CodebookError(.reference, source: source, line: node.line, "設問 \(q.id) の `reference` には 0 以上の数を書いてください。")
        }
        return x
    }
}
