import Yams

/// `indicators:` — the 都道府県別一覧 columns, read after the forms whose questions they name.
extension CodebookLoader {
    static let indicatorKeys = ["label", "form", "question", "option", "measure", "for_each_category"]

    func readIndicators(_ top: YAMLFields, forms: [Form]) throws(CodebookError) -> [Indicator] {
        var out: [Indicator] = []
        var lines: [String: Int] = [:]
        for node in try top.sequence("indicators") ?? [] {
            let f = try YAMLFields(node, what: "指標", allowed: Self.indicatorKeys, required: ["label"], source: source)
            let group: [Category?] = f.has("for_each_category") ? try categoryGroup(f, "for_each_category") : [nil]
            for c in group {
                let indicator = try readIndicator(f, category: c, forms: forms)
                // The id keys summary.json: two columns with one id would overwrite each other.
                if let first = lines[indicator.id] {
                    throw CodebookError(.indicator, source: source, line: f.line,
                                        "指標「\(indicator.label)」は \(first) 行目の指標と同じものを数えています。どちらかを消してください。")
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
                throw f.error(.indicator, "measure", "指標「\(label)」に `measure:` と設問の両方があります。どちらか一方にしてください。")
            }
            guard let m = Indicator.measureNames[name] else {
                let names = Indicator.measureNames.keys.sorted()
                let hint = YAMLFields.didYouMean(name, in: names)
                throw f.error(.indicator, "measure", "指標「\(label)」の `measure: \(name)` は使えません。\(hint)\(names.joinedAsAlternatives.particle("に"))してください。")
            }
            guard let form = forms.first(where: { $0.audience == m.audience }) else {
                throw f.error(.indicator, "measure", "指標「\(label)」の `measure: \(name)` には `audience: \(m.audience.rawValue)` の調査票が要りますが、ありません。指標を消すか、調査票を加えてください。")
            }
            return Indicator(id: form.id.rawValue + m.idSuffix, label: label, measure: m.measure)
        }
        guard let qid = try f.string("question").map(fill) else {
            throw f.error(.missingKey, "label", "指標「\(label)」に `form:`、`question:`、`option:`（または `measure:`）を書いてください。")
        }
        let formName = try f.requiredString("form")
        guard let form = forms.first(where: { $0.id.rawValue == formName }) else {
            let ids = forms.map(\.id.rawValue)
            let hint = YAMLFields.didYouMean(formName, in: ids)
            throw f.error(.indicator, "form", "指標「\(label)」の調査票 `\(formName)` はありません。\(hint)\(ids.joinedAsAlternatives.particle("に"))してください。")
        }
        let formID = form.id
        guard let q = form.question(qid) else {
            let hint = CodebookValidation.didYouMean(qid, in: form.questions)
            throw f.error(.indicator, "question", "指標「\(label)」の設問 `\(qid)` は調査票 \(formName) にありません。\(hint)")
        }
        guard !q.options.isEmpty else {
            throw f.error(.indicator, "question", "指標「\(label)」の設問 \(qid) は \(q.type.rawValue) です。指標には single か multi の設問の選択肢を指定してください。")
        }
        let text = fill(try f.requiredString("option"))
        guard let option = q.option(label: text) ?? Int(text).flatMap({ q.option(code: $0) }) else {
            let labels = q.options.map(\.listed).joined(separator: " / ")
            throw f.error(.indicator, "option", "指標「\(label)」の設問 \(qid) に選択肢「\(text)」はありません。選択肢は \(labels) です。")
        }
        return .option(label, form: formID, question: q.id, option: option.code, category: q.category)
    }
}
