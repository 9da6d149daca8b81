import Yams

/// `categories:` — the 場面・テーマ of the survey, read before the forms that name them.
extension CodebookLoader {
    static let categoryKeys = ["id", "label", "kind"]

    func readCategories(_ top: YAMLFields) throws(CodebookError) -> [Category] {
        var out: [Category] = []
        var lines: [String: Int] = [:]
        for node in try top.sequence("categories") ?? [] {
            var f = try YAMLFields(node, what: "a category", allowed: Self.categoryKeys, required: ["id", "label", "kind"], source: source)
            let id = try f.requiredString("id")
            f.what = "category \(id)"
            try CodebookValidation(source: source).checkID(id, what: "category", line: f.line("id"))
            let label = try f.requiredString("label")
            for (key, value) in [("id", id), ("label", label)] {
                if let first = lines[key + ":" + value] {
                    throw f.error(.duplicateID, key, "category \(key) `\(value)` is used twice (first at line \(first)); categories must differ.")
                }
                lines[key + ":" + value] = f.line(key)
            }
            let kindName = try f.requiredString("kind")
            guard let kind = Category.Kind(rawValue: kindName) ?? ["scene": .scene, "theme": .theme][kindName] else {
                throw f.error(.invalidValue, "kind", "`kind` of category \(id) must be 場面 (a care scene) or テーマ (a theme), found `\(kindName)`.")
            }
            out.append(Category(id: id, label: label, kind: kind, order: out.count))
        }
        return out
    }

    var categoryIDs: String {
        categories.isEmpty ? "none declared; list them under `categories:`" : categories.map(\.id).joined(separator: ", ")
    }

    /// The category `s`, or an error at `line` with the closest id as a hint (`dialy` → daily).
    func category(_ s: String, line: Int) throws(CodebookError) -> Category {
        guard let c = categories.first(where: { $0.id == s }) else {
            let hint = YAMLFields.closest(to: s, in: categories.map(\.id)).map { " Did you mean `\($0)`?" } ?? ""
            throw CodebookError(.unknownCategory, source: source, line: line,
                                "unknown category `\(s)`.\(hint) Categories: \(categoryIDs).")
        }
        return c
    }

    /// `all`, `scenes`, `themes` or a list of category ids, as `for_each_category:` and `{categories: …}` take.
    func categoryGroup(_ f: YAMLFields, _ key: String) throws(CodebookError) -> [Category] {
        if categories.isEmpty {
            throw f.error(.unknownCategory, key, "`\(key)` repeats per category, but the codebook declares none; list them under `categories:` at the top level.")
        }
        switch f.node(key) {
        case .scalar(let s)? where s.string == "all": return categories
        case .scalar(let s)? where s.string == "scenes": return categories.filter { $0.kind == .scene }
        case .scalar(let s)? where s.string == "themes": return categories.filter { $0.kind == .theme }
        case .sequence?:
            var out: [Category] = []
            for item in try f.sequence(key) ?? [] {
                guard let s = item.scalar?.string else {
                    throw CodebookError(.invalidValue, source: source, line: item.line, "`\(key)` must list category ids as plain text.")
                }
                out.append(try category(s, line: item.line))
            }
            return out
        default:
            throw f.error(.unknownCategory, key, "`\(key)` must be all, scenes, themes or a list of category ids (\(categoryIDs)).")
        }
    }
}
