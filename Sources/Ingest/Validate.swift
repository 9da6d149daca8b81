import SurveyModel

/// One question's answer after normalization, with the cells it came from.
public struct NormalizedAnswer: Sendable, Equatable {
    public var value: AnswerValue
    /// The cells as written (one for single/integer/text; the chosen ○ cells for multi).
    public var cells: [ExtractedCell]
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
        var invalid: Set<String> = []
        let missing = Set(extracted.missing.map(\.question))

        for q in form.questions where !(q.identity.map(identifiedRoles.contains) ?? false) {
            if missing.contains(q.id) {
                out.issues.append(Issue(.error, .anchorMissing, input: context.input, respondent: context.respondent,
                                        question: q.id, questionLabel: q.label,
                                        message: "設問 \(q.id)「\(q.label)」の回答欄が見つかりません。様式の行や名前定義が削除された可能性があります。配布した調査票に転記して再送してください。"))
                invalid.insert(q.id)
                continue
            }
            switch check(q, extracted, context) {
            case .blank: break
            case .value(let a): out.answers[q.id] = a
            case .invalid(let issues): out.issues += issues; invalid.insert(q.id)
            }
        }

        // Conditions in form order: a guard is settled before the questions it guards.
        var values = out.answers.mapValues(\.value)
        for q in form.questions {
            guard let c = q.condition, !c.holds(in: values) else { continue }
            if let a = out.answers.removeValue(forKey: q.id) {
                values[q.id] = nil
                let guardLabel = form.question(c.question)?.label ?? c.question
                out.issues.append(Issue(.warning, .notAsked, at: a.cells.first, question: q, context: context,
                                        message: "設問 \(q.id) は「\(guardLabel)」の回答により回答不要ですが、記入があります。この回答は集計しません。記入内容が正しい場合は「\(guardLabel)」の回答を確認してください。"))
            }
        }

        for q in form.questions where q.required && q.identity.map({ !identifiedRoles.contains($0) }) ?? true {
            guard out.answers[q.id] == nil, !invalid.contains(q.id), !missing.contains(q.id), q.condition?.holds(in: values) ?? true
            else { continue }
            let cell = extracted.cell(q.id) ?? q.options.first.flatMap { extracted.cell(q.id, option: $0.code) }
            out.issues.append(Issue(.warning, .required, at: cell, question: q, context: context,
                                    message: "設問 \(q.id)「\(q.label)」が未回答です。回答を記入してください（無回答として集計します）。"))
        }

        out.issues += sums(form: form, answers: out.answers, extracted: extracted, context: context)
        return out
    }

    enum Checked { case blank, value(NormalizedAnswer), invalid([Issue]) }

    static func check(_ q: Question, _ x: ExtractedForm, _ ctx: FileContext) -> Checked {
        if q.type == .multi { return checkMulti(q, x, ctx) }
        guard let cell = x.cell(q.id), let raw = cell.raw, !isBlank(raw) else { return .blank }
        func fail(_ rule: Issue.Rule, _ message: String) -> Checked {
            .invalid([Issue(.error, rule, at: cell, question: q, context: ctx, message: message)])
        }
        func ok(_ v: AnswerValue) -> Checked { .value(NormalizedAnswer(value: v, cells: [cell])) }

        switch q.type {
        case .single:
            guard let code = Normalize.option(raw, in: q.options) else {
                let list = q.options.map { "\($0.code) \($0.label)" }.joined(separator: "／")
                return fail(.unknownOption, "設問 \(q.id) の回答「\(raw.written)」は選択肢にありません。次のいずれかを選んでください：\(list)")
            }
            return ok(.single(code))
        case .integer:
            switch Normalize.integer(raw) {
            case .value(let n):
                if let r = q.range, !r.contains(n) {
                    return fail(.range, "設問 \(q.id) の回答「\(raw.written)」が範囲外です。\(r.lowerBound)～\(r.upperBound)の整数で記入してください。")
                }
                return ok(.integer(n))
            case .fraction:
                return fail(.type, "設問 \(q.id) の回答「\(raw.written)」は整数ではありません。小数を使わず整数で記入してください。")
            case .notANumber:
                return fail(.type, "設問 \(q.id) の回答「\(raw.written)」は数値として読めません。半角数字の整数のみを記入してください（単位や「約」は不要です）。")
            }
        case .text:
            return TextRules.check(q, raw: raw, cell: cell, context: ctx)
        case .multi:
            return .blank
        }
    }

    static func checkMulti(_ q: Question, _ x: ExtractedForm, _ ctx: FileContext) -> Checked {
        var chosen: [Int] = [], cells: [ExtractedCell] = [], issues: [Issue] = []
        for o in q.options {
            guard let cell = x.cell(q.id, option: o.code) else { continue }
            switch Normalize.mark(cell.raw) {
            case .chosen: chosen.append(o.code); cells.append(cell)
            case .notChosen: break
            case .invalid:
                issues.append(Issue(.error, .invalidMark, at: cell, question: q, context: ctx,
                                    message: "設問 \(q.id) の選択肢「\(o.label)」の記入「\(cell.raw?.written ?? "")」が選択の印として読めません。選ぶ選択肢には「○」を、選ばない選択肢は空欄にしてください。"))
            }
        }
        if !issues.isEmpty { return .invalid(issues) }
        if chosen.isEmpty { return .blank }
        let exclusive = q.options.filter { $0.exclusive && chosen.contains($0.code) }
        if let e = exclusive.first, chosen.count > 1 {
            let cell = x.cell(q.id, option: e.code)
            return .invalid([Issue(.error, .exclusive, at: cell, question: q, context: ctx,
                                   message: "設問 \(q.id) で「\(e.label)」と他の選択肢が同時に選ばれています。「\(e.label)」は他の選択肢と同時に選べません。どちらかに修正してください。")])
        }
        return .value(NormalizedAnswer(value: .multi(chosen.sorted()), cells: cells))
    }

    static func isBlank(_ raw: RawValue) -> Bool {
        guard case .text(let s) = raw else { return false }
        // A character NFKC keeps and that is not a space leaves the text non-blank: decided
        // at the first such character, without normalizing (nearly every answer).
        for u in s.unicodeScalars {
            let v = u.value
            if (0x21...0x7E).contains(v) || (0x3041...0x3096).contains(v) || (0x30A1...0x30FE).contains(v) || (0x4E00...0x9FFF).contains(v) { return false }
            if !Normalize.isSpace(u) { break }
        }
        return Normalize.text(s).isEmpty
    }

    /// C5 = C5_1 + … + C5_4. Checked only when the total is given; parts left blank count as
    /// unknown, so a mismatch is reported only if the given parts already exceed the total.
    static func sums(form: Form, answers: [String: NormalizedAnswer], extracted: ExtractedForm, context: FileContext) -> [Issue] {
        var issues: [Issue] = []
        for q in form.questions {
            guard let parts = q.sumOf, !parts.isEmpty, let total = answers[q.id], case .integer(let t) = total.value else { continue }
            let given = parts.compactMap { id -> Int? in
                if case .integer(let n)? = answers[id]?.value { return n } else { return nil }
            }
            let sum = given.reduce(0, +)
            guard given.count == parts.count ? sum != t : sum > t else { continue }
            let labels = parts.joined(separator: "＋")
            issues.append(Issue(.warning, .sum, at: total.cells.first, question: q, context: context,
                                message: "設問 \(q.id)（合計 \(t)）と内訳 \(labels) の合計（\(sum)）が一致しません。合計または内訳を確認してください。"))
        }
        return issues
    }
}
