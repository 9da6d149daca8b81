import Yams

/// `reference:` (the published figure `renkei simulate` follows) and `previous_options:`
/// (last year's option labels) of a question: both name options, checked like `when:`.
extension CodebookLoader {
    static let referenceKeys = ["counts", "of", "shares", "weights", "values"]

    func readReference(_ f: YAMLFields, question q: Question, category: Category?) throws(CodebookError) -> ReferenceFigure? {
        guard let node = f.node("reference") else { return nil }
        let r = try YAMLFields(node, what: "`reference` of question \(q.id)", allowed: Self.referenceKeys, required: [], source: source)
        func needs(_ type: QuestionType, _ key: String) throws(CodebookError) {
            guard q.type == type else {
                throw r.error(.reference, key, "`reference: {\(key): …}` is for \(type.rawValue) questions, but \(q.id) is \(q.type.rawValue).")
            }
        }
        if r.has("counts") {
            try needs(.single, "counts")
            guard let of = try r.int("of") else {
                throw r.error(.missingKey, "counts", "`counts` of question \(q.id) needs `of:` (how many respondents the counts are out of).")
            }
            var codes: [Int] = [], counts: [Int?] = [], rest: Int?
            for (key, keyLine, value) in try pairs(r, "counts") {
                codes.append(try option(key, of: q, line: keyLine))
                switch value {
                case .scalar(let s) where s.string == "rest":
                    guard rest == nil else { throw CodebookError(.reference, source: source, line: value.line, "only one option of \(q.id) can take the `rest`.") }
                    rest = counts.count; counts.append(nil)
                case .mapping(let m):
                    guard let category else {
                        throw CodebookError(.reference, source: source, line: value.line,
                                            "counts per category only work inside a `for_each_category` block; give \(q.id) one number.")
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
                throw r.error(.reference, "counts", "the counts of question \(q.id) add up to \(given), more than `of: \(of)`.")
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
            guard !weights.isEmpty else { throw r.error(.reference, "weights", "`weights` of question \(q.id) is empty.") }
            return .weights(weights)
        }
        if r.has("values") {
            try needs(.integer, "values")
            var values: [Int] = []
            for item in try r.sequence("values") ?? [] {
                guard let n = item.scalar.flatMap({ Int($0.string) }), q.range?.contains(n) ?? true else {
                    throw CodebookError(.reference, source: source, line: item.line,
                                        "`values` of question \(q.id) must be whole numbers within its range \(q.range.map { "\($0.lowerBound)..\($0.upperBound)" } ?? "").")
                }
                values.append(n)
            }
            guard !values.isEmpty else { throw r.error(.reference, "values", "`values` of question \(q.id) is empty.") }
            return .values(values)
        }
        throw CodebookError(.reference, source: source, line: r.line,
                            "`reference` of question \(q.id) needs counts (with of), shares, weights or values.")
    }

    /// `previous_options: {旧ラベル: 新ラベル}`: last year's label → this year's option; several
    /// old labels to one option merge them; `旧ラベル: [新A, 新B]` splits one old option in parts.
    func readPreviousOptions(_ f: YAMLFields, question q: inout Question) throws(CodebookError) -> [String: [Int]] {
        guard !q.options.isEmpty else {
            throw f.error(.reference, "previous_options", "question \(q.id) is \(q.type.rawValue); `previous_options:` is only for single and multi questions.")
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
                        throw CodebookError(.reference, source: source, line: item.line, "`previous_options` of \(q.id): list the current option labels an old option was split into.")
                    }
                    codes.append(try option(s, of: q, line: item.line))
                }
            default:
                throw CodebookError(.reference, source: source, line: value.line, "`previous_options` of \(q.id) maps an old label to a current option label, or to a list of them (a split).")
            }
            guard !codes.isEmpty else {
                throw CodebookError(.reference, source: source, line: value.line, "`previous_options` of \(q.id) maps 「\(key)」 to nothing; name the option(s) it became.")
            }
            // A part of a split counts only its old option: it cannot also take another old label.
            if codes.count > 1 {
                for c in codes {
                    if let other = splitOf[c] ?? out.first(where: { $0.value.contains(c) })?.key {
                        throw CodebookError(.reference, source: source, line: keyLine, "`previous_options` of \(q.id): 「\(q.option(code: c)?.label ?? "")」 is a part of the split 「\(key)」 and also continues 「\(other)」; a split's parts come from one old option only.")
                    }
                    splitOf[c] = key
                }
            } else if let c = codes.first, let other = splitOf[c] {
                throw CodebookError(.reference, source: source, line: keyLine, "`previous_options` of \(q.id): 「\(q.option(code: c)?.label ?? "")」 is a part of the split 「\(other)」 and cannot also continue 「\(key)」.")
            }
            out[key] = codes
            q.origin.previousOptionLines[key] = keyLine
        }
        return out
    }

    /// The key/value pairs of the mapping under `key`, in file order.
    func pairs(_ f: YAMLFields, _ key: String) throws(CodebookError) -> [(key: String, line: Int, value: Node)] {
        guard case .mapping(let m)? = f.node(key) else {
            throw f.error(.reference, key, "`\(key)` of \(f.what) must be a mapping of `option label: value` items.")
        }
        var out: [(key: String, line: Int, value: Node)] = []
        for (k, v) in m {
            guard let s = k.scalar?.string else { throw CodebookError(.reference, source: source, line: k.line, "\(f.what) has a key that is not plain text.") }
            out.append((s, k.line, v))
        }
        return out
    }

    func option(_ text: String, of q: Question, line: Int) throws(CodebookError) -> Int {
        if let o = q.option(label: text) ?? Int(text).flatMap({ q.option(code: $0) }) { return o.code }
        let hint = YAMLFields.closest(to: text, in: q.optionLabels).map { " Did you mean 「\($0)」?" } ?? ""
        throw CodebookError(.reference, source: source, line: line,
                            "question \(q.id) has no option 「\(text)」.\(hint) Its options are \(q.options.map(\.listed).joined(separator: " / ")).")
    }

    func count(_ node: Node, of q: Question) throws(CodebookError) -> Int {
        guard let n = node.scalar.flatMap({ Int($0.string) }), n >= 0 else {
            throw CodebookError(.reference, source: source, line: node.line, "counts of question \(q.id) must be whole numbers (or `rest`).")
        }
        return n
    }

    func number(_ node: Node, of q: Question) throws(CodebookError) -> Double {
        guard let x = node.scalar.flatMap({ Double($0.string) }), x >= 0 else {
            throw CodebookError(.reference, source: source, line: node.line, "`reference` of question \(q.id) must give numbers of 0 or more.")
        }
        return x
    }
}
