import Yams

/// `categories:` — the 場面・テーマ of the survey, read before the forms that name them.
extension CodebookLoader {
    static let categoryKeys = ["id", "label", "kind"]

    func readCategories(_ top: YAMLFields) throws(CodebookError) -> [Category] {
        var out: [Category] = []
        var lines: [String: Int] = [:]
        for node in try top.sequence("categories") ?? [] {
            var f = try YAMLFields(node, what: "場面・テーマ", allowed: Self.categoryKeys, required: ["id", "label", "kind"], source: source)
            let id = try f.requiredString("id")
            f.what = "場面・テーマ \(id)"
            try CodebookValidation(source: source).checkID(id, what: "場面・テーマの id", line: f.line("id"))
            let label = try f.requiredString("label")
            for (key, value) in [("id", id), ("label", label)] {
                if let first = lines[key + ":" + value] {
                    throw f.error(.duplicateID, key, "場面・テーマの \(key) `\(value)` が 2 回使われています（最初は \(first) 行目）。場面・テーマごとに別の \(key) にしてください。")
                }
                lines[key + ":" + value] = f.line(key)
            }
            let kindName = try f.requiredString("kind")
            guard let kind = Category.Kind(rawValue: kindName) ?? ["scene": .scene, "theme": .theme][kindName] else {
                throw f.error(.invalidValue, "kind", "場面・テーマ \(id) の `kind` は場面かテーマにしてください（`\(kindName)` ではなく）。")
            }
            out.append(Category(id: id, label: label, kind: kind, order: out.count))
        }
        return out
    }

    /// The declared category ids, or where to declare them, as a sentence ending the message.
    var categoryIDs: String {
        categories.isEmpty ? "場面・テーマがまだありません。最上位の `categories:` の下に並べてください。"
            : "場面・テーマの id は \(categories.map(\.id).joined(separator: "、")) です。"
    }

    /// The category `s`, or an error at `line` with the closest id as a hint (`dialy` → daily).
    func category(_ s: String, line: Int) throws(CodebookError) -> Category {
        guard let c = categories.first(where: { $0.id == s }) else {
            let hint = YAMLFields.didYouMean(s, in: categories.map(\.id))
            throw CodebookError(.unknownCategory, source: source, line: line,
                                "場面・テーマ `\(s)` はありません。\(hint)\(categoryIDs)")
        }
        return c
    }

    /// `all`, `scenes`, `themes` or a list of category ids, as `for_each_category:` and `{categories: …}` take.
    func categoryGroup(_ f: YAMLFields, _ key: String) throws(CodebookError) -> [Category] {
        if categories.isEmpty {
            throw f.error(.unknownCategory, key, "`\(key)` は場面・テーマごとに繰り返しますが、調査票定義に場面・テーマがありません。最上位の `categories:` の下に並べてください。")
        }
        switch f.node(key) {
        case .scalar(let s)? where s.string == "all": return categories
        case .scalar(let s)? where s.string == "scenes": return categories.filter { $0.kind == .scene }
        case .scalar(let s)? where s.string == "themes": return categories.filter { $0.kind == .theme }
        case .sequence?:
            var out: [Category] = []
            for item in try f.sequence(key) ?? [] {
                guard let s = item.scalar?.string else {
                    throw CodebookError(.invalidValue, source: source, line: item.line, "`\(key)` には場面・テーマの id を文字列で並べてください。")
                }
                out.append(try category(s, line: item.line))
            }
            return out
        default:
            throw f.error(.unknownCategory, key, "`\(key)` は all、scenes、themes のいずれか、または場面・テーマの id のリストにしてください。\(categoryIDs)")
        }
    }
}
