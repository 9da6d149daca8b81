import SurveyModel

/// One question's answer after normalization, with the cells it came from.
public struct NormalizedAnswer: Sendable, Equatable {
    public var value: AnswerValue
    /// The cell the answer is found at (the first chosen ○ for a multi-choice answer); inline, not an
    /// array: a one-element array per answer was a fifth of the heap at scale.
    public var cell: ExtractedCell?
}

/// Checks every answer of one form against the codebook. Each rule is read from the codebook
/// (types, ranges, options, exclusive flags, conditions, sums, lengths, formats), never coded per question.
///
/// Severities: an answer that cannot be used as written is an `error` and is removed (無回答);
/// things a person should confirm but that do not change the data are `warning`s:
/// required-but-blank (it is counted as 無回答 either way), answered-though-not-asked (ignored),
/// and sums that do not add up (we cannot tell which figure is wrong, so both are kept).
enum Validate {
    struct Outcome {
        var answers: [String: NormalizedAnswer] = [:]
        var issues: [Issue] = []
    }

    /// Identity cells that `IdentifyRespondent` already read and checked.
    static let identifiedRoles: Set<IdentityRole> = [.code, .prefectureName, .municipalityName, .coordinatorNumber]

    static func run(form: Form, extracted: ExtractedForm, context: FileContext) -> Outcome {
        var out = Outcome()
        out.answers.reserveCapacity(form.questions.count)
        var invalid: Set<String> = []
        let missing = Set(extracted.missing.map(\.question))

        // Questions are read in place through a pointer: an element bound or passed is copied, and a
        // copy of a Question retains twenty fields.
        var next = 0  // where in the form's key order the next cell asked for is
        func read(_ at: UnsafePointer<Question>) {
            if at.pointee.identity.map(identifiedRoles.contains) ?? false { return }
            if !missing.isEmpty && missing.contains(at.pointee.id) { anchorMissing(at.pointee); return }
            switch check(at, extracted, context, next: &next) {
            case .blank: break
            case .value(let a, let note):
                out.answers[at.pointee.id] = a
                if let note { out.issues.append(note) }
            case .invalid(let issues): out.issues += issues; invalid.insert(at.pointee.id)
            }
        }
        func anchorMissing(_ q: Question) {
            out.issues.append(Issue(.error, .anchorMissing, input: context.input, respondent: context.respondent,
                                    question: q.id, questionLabel: q.label,
                                    message: "\(q.printedName)の回答欄が見つかりません。様式の行や名前定義が削除された可能性があります。配布した調査票に転記して再送してください。"))
            invalid.insert(q.id)
        }
        form.questions.withUnsafeBufferPointer { qs in for i in qs.indices { read(qs.baseAddress! + i) } }

        // Conditions in form order: a guard is settled before the questions it guards.
        var values = out.answers.mapValues(\.value)
        // By index: most questions are passed over on one field, without copying the whole question.
        for i in form.questions.indices {
            guard let c = form.questions[i].condition, !c.holds(in: values) else { continue }
            let q = form.questions[i]
            if let a = out.answers.removeValue(forKey: q.id) {
                values[q.id] = nil
                let guardLabel = form.question(c.question)?.printedName ?? "前の設問"
                out.issues.append(Issue(.warning, .notAsked, at: a.cell, question: q, context: context,
                                        message: "\(q.printedName)は「\(guardLabel)」の回答により回答不要ですが、記入があります。この回答は集計しません。記入内容が正しい場合は「\(guardLabel)」の回答を確認してください。"))
            }
        }

        func requireAnswer(_ at: UnsafePointer<Question>) {
            guard at.pointee.required, at.pointee.identity.map({ !identifiedRoles.contains($0) }) ?? true else { return }
            let id = at.pointee.id
            guard out.answers[id] == nil, invalid.isEmpty || !invalid.contains(id), missing.isEmpty || !missing.contains(id),
                  at.pointee.condition?.holds(in: values) ?? true
            else { return }
            unanswered(at.pointee)
        }
        func unanswered(_ q: Question) {
            let cell = extracted.cell(q.id) ?? q.options.first.flatMap { extracted.cell(q.id, option: $0.code) }
            out.issues.append(Issue(.warning, .required, at: cell, question: q, context: context,
                                    message: "\(q.printedName)が未回答です。回答を記入してください（無回答として集計します）。"))
        }
        form.questions.withUnsafeBufferPointer { qs in for i in qs.indices { requireAnswer(qs.baseAddress! + i) } }

        out.issues += sums(form: form, answers: out.answers, extracted: extracted, context: context)
        return out
    }

    /// A usable answer may come with a remark to confirm (概数) that leaves it counted.
    enum Checked { case blank, value(NormalizedAnswer, note: Issue?), invalid([Issue]) }

    /// The question's kind reads its cells; Ingest only adds where each finding is.
    /// `next`: where in the form's key order this question's cells are looked for first.
    static func check(_ q: UnsafePointer<Question>, _ x: ExtractedForm, _ ctx: FileContext, next: inout Int) -> Checked {
        func cell(_ option: Int?) -> ExtractedCell? { x.cell(q.pointee.id, option: option, next: &next) }
        func issue(_ f: KindFinding) -> Issue {
            Issue(f.severity, f.rule, at: cell(f.option), question: q.pointee, context: ctx, message: f.message)
        }
        // The cell last read is nearly always the one the answer is at: no second lookup.
        var last: (option: Int?, cell: ExtractedCell?) = (nil, nil)
        // The kind from the stored type: `kind` on the question itself took a copy of it.
        let reading = q.pointee.type.kind.read(q.pointee) { option in
            last = (option, cell(option))
            return last.cell?.raw
        }
        switch reading {
        case .blank: return .blank
        case .value(let v, let at, let note):
            let found = last.option == at ? last.cell : cell(at)
            return .value(NormalizedAnswer(value: v, cell: found), note: note.map(issue))
        case .invalid(let findings): return .invalid(findings.map(issue))
        }
    }

    /// C5 = C5_1 + … + C5_4. Checked only when the total is given; parts left blank count as
    /// unknown, so a mismatch is reported only if the given parts already exceed the total.
    static func sums(form: Form, answers: [String: NormalizedAnswer], extracted: ExtractedForm, context: FileContext) -> [Issue] {
        var issues: [Issue] = []
        for i in form.questions.indices {
            guard let parts = form.questions[i].sumOf, !parts.isEmpty else { continue }
            let q = form.questions[i]
            guard let total = answers[q.id], case .integer(let t) = total.value else { continue }
            let given = parts.compactMap { id -> Int? in
                if case .integer(let n)? = answers[id]?.value { return n } else { return nil }
            }
            let sum = given.reduce(0, +)
            guard given.count == parts.count ? sum != t : sum > t else { continue }
            let labels = parts.map { form.question($0).map { $0.number.isEmpty ? $0.label : $0.number } ?? "内訳" }.joined(separator: "＋")
            issues.append(Issue(.warning, .sum, at: total.cell, question: q, context: context,
                                message: "\(q.printedName)（合計 \(t)）と内訳 \(labels) の合計（\(sum)）が一致しません。合計または内訳を確認してください。"))
        }
        return issues
    }
}
