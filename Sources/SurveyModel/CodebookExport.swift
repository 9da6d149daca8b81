/// Writes a codebook back as YAML in the loader's format, fully expanded (no anchors, no
/// for_each_category): a faithful dump of what was loaded, for diffing one year against the
/// next. For editing, start from `Codebook.r5YAML`, which keeps the comments.
extension Codebook {
    public func exportYAML() -> String {
        var out: [String] = [
            "# \(title) — \(year) (exported by renkei; comments and shorthands of the source are not kept)",
            "id: \(q(id))", "version: \(q(version))", "title: \(q(title))", "year: \(q(year))", "forms:",
        ]
        for form in forms {
            out.append("  - id: \(form.id.rawValue)")
            out.append("    title: \(q(form.title))")
            out.append("    instructions:")
            out += form.instructions.map { "      - \(q($0))" }
            if form.instructions.isEmpty { out[out.count - 1] += " []" }
            out.append("    sections:")
            for s in form.sections {
                out += ["      - id: \(s.id)", "        title: \(q(s.title))", "        questions:"]
                for question in s.questions { out += lines(for: question, in: form) }
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
        if let c = x.category { l.append(pad + "category: \(c.rawValue)") }
        if let s = x.sumOf { l.append(pad + "sum_of: [\(s.joined(separator: ", "))]") }
        if let i = x.identity { l.append(pad + "identity: \(i.rawValue)") }
        if x.prefilled { l.append(pad + "prefilled: true") }
        if let n = x.note { l.append(pad + "note: \(q(n))") }
        return l
    }

    private func q(_ s: String) -> String { CodebookExportLines.quoted(s) }
}
