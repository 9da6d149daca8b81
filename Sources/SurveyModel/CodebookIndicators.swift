import Yams

/// `indicators:` — the 都道府県別一覧 columns, read after the forms whose questions they name.
extension CodebookLoader {
    static let indicatorKeys = ["label", "form", "question", "option", "measure", "for_each_category"]

    func readIndicators(_ top: YAMLFields, forms: [Form]) throws(CodebookError) -> [Indicator] {
        var out: [Indicator] = []
        var lines: [String: Int] = [:]
        for node in try top.sequence("indicators") ?? [] {
            let f = try YAMLFields(node, what: "an indicator", allowed: Self.indicatorKeys, required: ["label"], source: source)
            let group: [Category?] = f.has("for_each_category") ? try categoryGroup(f, "for_each_category") : [nil]
            for c in group {
                let indicator = try readIndicator(f, category: c, forms: forms)
                // The id keys summary.json: two columns with one id would overwrite each other.
                if let first = lines[indicator.id] {
                    throw CodebookError(.indicator, source: source, line: f.line,
                                        "indicator 「\(indicator.label)」 measures the same as the one at line \(first); remove one.")
                }
                lines[indicator.id] = f.line
                out.append(indicator)
            }
        }
        return out
    }

    func readIndicator(_ f: YAMLFields, category: Category?, forms: [Form]) throws(CodebookError) -> Indicator {
        func fill(_ s: String) -> String {
            guard let c = category else { return s }
            return s.replacingOccurrences(of: "{cat}", with: c.id).replacingOccurrences(of: "{category}", with: c.label)
        }
        let label = fill(try f.requiredString("label"))
        if let name = try f.string("measure") {
            guard !f.has("question"), !f.has("option"), !f.has("form") else {
                throw f.error(.indicator, "measure", "indicator 「\(label)」 has both `measure:` and a question; keep one.")
            }
            guard let m = Indicator.measureNames[name] else {
                let names = Indicator.measureNames.keys.sorted()
                let hint = YAMLFields.closest(to: name, in: names).map { " Did you mean `\($0)`?" } ?? ""
                throw f.error(.indicator, "measure", "indicator 「\(label)」 has unknown measure `\(name)`.\(hint) Measures: \(names.joined(separator: ", ")).")
            }
            guard let form = forms.first(where: { $0.audience == m.audience }) else {
                throw f.error(.indicator, "measure", "indicator 「\(label)」 measures `\(name)`, but no form has `audience: \(m.audience.rawValue)`; remove the indicator or add the form.")
            }
            return Indicator(id: form.id.rawValue + m.idSuffix, label: label, measure: m.measure)
        }
        guard let qid = try f.string("question").map(fill) else {
            throw f.error(.missingKey, "label", "indicator 「\(label)」 needs `form:`, `question:` and `option:` (or `measure:`).")
        }
        let formName = try f.requiredString("form")
        guard let form = forms.first(where: { $0.id.rawValue == formName }) else {
            let ids = forms.map(\.id.rawValue)
            let hint = YAMLFields.closest(to: formName, in: ids).map { " Did you mean `\($0)`?" } ?? ""
            throw f.error(.indicator, "form", "indicator 「\(label)」 names form `\(formName)`.\(hint) Use one of \(ids.joined(separator: ", ")).")
        }
        let formID = form.id
        guard let q = form.question(qid) else {
            let hint = YAMLFields.closest(to: qid, in: form.questions.map(\.id)).map { " Did you mean `\($0)`?" } ?? ""
            throw f.error(.indicator, "question", "indicator 「\(label)」 names question `\(qid)`, which form \(formName) does not have.\(hint)")
        }
        guard !q.options.isEmpty else {
            throw f.error(.indicator, "question", "indicator 「\(label)」 names \(qid), which is \(q.type.rawValue); an indicator counts an option of a single or multi question.")
        }
        let text = fill(try f.requiredString("option"))
        guard let option = q.option(label: text) ?? Int(text).flatMap({ q.option(code: $0) }) else {
            let labels = q.options.map { "\($0.code) \($0.label)" }.joined(separator: " / ")
            throw f.error(.indicator, "option", "indicator 「\(label)」: \(qid) has no option 「\(text)」; its options are \(labels).")
        }
        return .option(label, form: formID, question: q.id, option: option.code, category: q.category)
    }
}
