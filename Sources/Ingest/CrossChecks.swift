import SurveyModel

/// Checks that need more than one form: coordinator numbering and coordinator counts.
enum CrossChecks {
    /// Issues to add, keyed by the input they belong to.
    static func run(_ forms: [ParsedForm], options: IngestOptions) -> [InputID: [Issue]] {
        var out: [InputID: [Issue]] = [:]
        let coordForm = options.codebook.formsFor(.eachCoordinator).first
        let coords = forms.filter { $0.respondent.form == coordForm?.id }
        let numberQ = coordForm?.identity(.coordinatorNumber)

        // Same 自治体 and number, different people: both kept, both asked to renumber.
        let byRespondent = Dictionary(grouping: coords, by: \.respondent)
        for (r, group) in byRespondent where group.count > 1 {
            let names = group.compactMap { f in coordForm.flatMap { form in form.identity(.contactName).flatMap { q -> String? in
                if case .text(let t)? = f.answers[q.id] { return t } else { return nil } } } }
            for f in group {
                let cell = numberQ.flatMap { f.citedCells[$0.id] }
                let others = group.filter { $0.input != f.input }.map(\.input.fileName).joined(separator: "、")
                var issue = Issue(
                    .error, .duplicateCoordinatorNumber, input: f.input, respondent: r, sheet: cell?.sheet, cell: cell?.ref,
                    question: numberQ?.id, questionLabel: numberQ?.label, value: r.coordinatorNumber.map(String.init),
                    message: "\(options.master.name(of: r.code) ?? r.code)のコーディネーター番号\(r.coordinatorNumber ?? 0)が\(group.count)件の調査票で使われています（他のファイル：\(others)）。自治体内で重複しないよう番号を振り直して再送してください。")
                // Names only travel to the respondent's own prefecture (its query workbook).
                if !names.isEmpty { issue.localDetail = "同じ番号の回答者：" + names.joined(separator: "、") }
                out[f.input, default: []].append(issue)
            }
        }

        // Coordinator files received vs the number the 自治体 reported (a warning on both sides).
        let coordsByCode = Dictionary(grouping: coords, by: \.respondent.code)
        for f in forms {
            guard let qid = options.coordinatorCountQuestions[f.respondent.form],
                  let form = options.codebook.form(f.respondent.form), let q = form.question(qid) else { continue }
            // Only the count and its condition's question are looked at: copy just those two.
            var values: [String: AnswerValue] = [:]
            for id in [qid, q.condition?.question].compactMap({ $0 }) { values[id] = f.answers[id] }
            let expected: Int
            if case .integer(let n)? = values[qid] { expected = n }
            else if let c = q.condition, !c.holds(in: values), values[c.question] != nil { expected = 0 }
            else { continue }
            let received = (coordsByCode[f.respondent.code] ?? []).count
            guard received != expected else { continue }
            let cell = f.citedCells[qid]
            out[f.input, default: []].append(Issue(
                .warning, .coordinatorCount, input: f.input, respondent: f.respondent, sheet: cell?.sheet, cell: cell?.ref,
                question: qid, questionLabel: q.label, value: cell?.raw?.written,
                message: "コーディネーターの配置人数（\(expected)人）と、受け付けた\(coordForm?.title ?? "")の数（\(received)件）が一致しません。配置人数または\(coordForm?.title ?? "")の提出状況を確認してください。"))
            for c in coordsByCode[f.respondent.code] ?? [] {
                out[c.input, default: []].append(Issue(
                    .warning, .coordinatorCount, input: c.input, respondent: c.respondent,
                    message: "所属自治体（\(options.master.name(of: f.respondent.code) ?? f.respondent.code)）が回答した配置人数（\(expected)人）と、受け付けた\(coordForm?.title ?? "")の数（\(received)件）が一致しません。提出漏れや重複がないか確認してください。"))
            }
        }
        return out
    }

    /// The questions whose cells these checks cite: a form keeps only these cells past the parse.
    static func citedQuestions(_ form: Form, options: IngestOptions) -> [String] {
        [form.identity(.coordinatorNumber)?.id, options.coordinatorCountQuestions[form.id]].compactMap { $0 }
    }
}

extension CrossChecks {
    /// After corrections: the checks run again on the corrected answers; an issue no longer raised is
    /// settled (修正済み), a new one is opened.
    static func recheck(_ parsed: [ParsedForm], forms: [AcceptedForm], cross: [InputID: [Issue]], issues: inout [Issue],
                        options: IngestOptions) {
        let answers = Dictionary(forms.map { ($0.input, $0) }, uniquingKeysWith: { a, _ in a })
        let corrected = parsed.map { p -> ParsedForm in
            var c = p
            if let a = answers[p.input] { c.answers = a.answers; c.citedCells = a.citedCells }
            return c
        }
        let again = run(corrected, options: options)
        func key(_ i: Issue) -> [String] { [i.input.description, i.rule.rawValue, i.question ?? "", i.message] }
        let before = Set(cross.values.joined().map(key)), after = Set(again.values.joined().map(key))
        for i in issues.indices where issues[i].status == .open && before.contains(key(issues[i])) && !after.contains(key(issues[i])) {
            issues[i].status = .corrected
        }
        for input in again.keys.sorted() { issues += again[input]!.filter { !before.contains(key($0)) } }
    }
}
