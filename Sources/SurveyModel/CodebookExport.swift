/// Writes a codebook back as YAML in the loader's format, fully expanded (no anchors, no
/// for_each_category): a faithful dump of what was loaded, for diffing one year against the
/// next. For editing, start from `Codebook.r5YAML`, which keeps the comments.
extension Codebook {
    public func exportYAML() -> String {
        var out: [String] = [
            "# \(title) — \(year)（renkei が書き出したもの。元の調査票定義のコメントと、アンカー（&・*）や for_each_category による省略した書き方は残っていません）",
            "id: \(q(id))", "version: \(q(version))", "title: \(q(title))", "year: \(q(year))",
        ]
        if let w = window { out.append("survey: {window: \(w.first)..\(w.last)}") }
        if !confirmableRules.isEmpty { out.append("confirmable_rules: [\(confirmableRules.sorted().joined(separator: ", "))]") }
        if !categories.isEmpty { out.append("categories:") }
        out += categories.map { "  - {id: \($0.id), label: \(q($0.label)), kind: \($0.kind.rawValue)}" }
        out.append("forms:")
        for form in forms {
            out.append("  - id: \(form.id.rawValue)")
            out.append("    title: \(q(form.title))")
            out.append("    audience: \(form.audience.rawValue)")
            if !form.recipient.isEmpty { out.append("    recipient: \(q(form.recipient))") }
            if form.fileStem != form.title { out.append("    file_stem: \(q(form.fileStem))") }
            if form.feedsCategoryMatrix { out.append("    category_matrix: true") }
            if form.listSheet != form.title { out.append("    list_sheet: \(q(form.listSheet))") }
            out.append("    instructions:")
            out += form.instructions.map { "      - \(q($0))" }
            if form.instructions.isEmpty { out[out.count - 1] += " []" }
            out.append("    sections:")
            for s in form.sections {
                out += ["      - id: \(s.id)", "        title: \(q(s.title))", "        questions:"]
                for question in s.questions { out += lines(for: question, in: form) }
            }
        }
        if !indicators.isEmpty { out.append("indicators:") }
        for i in indicators {
            switch i.measure {
            case let .option(form, question, option):
                out.append("  - {label: \(q(i.label)), form: \(form.rawValue), question: \(question), option: \(option)}")
            case .coordinatorForms, .municipalityResponseRate:
                let name = Indicator.measureNames.first { $0.value.measure == i.measure }!.key
                out.append("  - {label: \(q(i.label)), measure: \(name)}")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func lines(for x: Question, in form: Form) -> [String] {
        let pad = "            "
        var l = ["          - id: \(x.id)", pad + "label: \(q(x.label))", pad + "type: \(x.type.rawValue)"]
        l += QuestionKinds.all[x.type.index].export(x).map { pad + $0 }
        if let c = x.condition {
            // A label containing an operator would not parse back; the option number always does.
            let optionLabel = form.question(c.question)?.option(code: c.option)?.label
            let parsesBack = optionLabel.map { l in !["=", "≠", " includes "].contains { l.contains($0) } } ?? false
            let label = parsesBack ? optionLabel! : String(c.option)
            l.append(pad + "when: \(q("\(c.question) \(c.op.rawValue) \(label)"))")
        }
        if !x.required { l.append(pad + "required: false") }
        if x.pii { l.append(pad + "pii: true") }
        if let c = x.category { l.append(pad + "category: \(c.id)") }
        if let s = x.sumOf { l.append(pad + "sum_of: [\(s.joined(separator: ", "))]") }
        if let i = x.identity { l.append(pad + "identity: \(i.rawValue)") }
        if x.prefilled { l.append(pad + "prefilled: true") }
        if let n = x.note { l.append(pad + "note: \(q(n))") }
        if !x.number.isEmpty { l.append(pad + "no: \(q(x.number))") }
        if let r = x.role { l.append(pad + "role: \(r.rawValue)") }
        if let p = x.previousID { l.append(pad + "previous_id: \(p)") }
        if let m = x.previousOptions {
            func labels(_ codes: [Int]) -> String {
                let l = codes.map { c in q(x.option(code: c)?.label ?? String(c)) }
                return l.count == 1 ? l[0] : "[" + l.joined(separator: ", ") + "]"
            }
            l.append(pad + "previous_options: {" + m.sorted { $0.key < $1.key }.map { "\(q($0.key)): \(labels($0.value))" }.joined(separator: ", ") + "}")
        }
        switch x.reference {
        case let .counts(options, counts, of)?:
            l.append(pad + "reference: {of: \(of), counts: {" + zip(options, counts).map { "\($0): \($1)" }.joined(separator: ", ") + "}}")
        case let .shares(options, weights)?:
            l.append(pad + "reference: {shares: {" + zip(options, weights).map { "\($0): \($1)" }.joined(separator: ", ") + "}}")
        case .weights(let w)?: l.append(pad + "reference: {weights: [\(w.map { "\($0)" }.joined(separator: ", "))]}")
        case .values(let v)?: l.append(pad + "reference: {values: [\(v.map { "\($0)" }.joined(separator: ", "))]}")
        case nil: break
        }
        return l
    }

    private func q(_ s: String) -> String { CodebookExportLines.quoted(s) }
}
