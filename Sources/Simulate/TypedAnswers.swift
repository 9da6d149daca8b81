import SurveyModel
import Forms

/// One respondent's answers as they will be typed into the form, faults included, with what
/// Ingest should make of them. Built from the true answers by `FaultInjector`.
struct TypedAnswers {
    /// How a value is written into its cell(s).
    enum Render: Equatable {
        case plain
        /// １２ instead of 12.
        case fullWidth
        /// 「 設置している 」.
        case spaced(String, String)
        /// ◯ 〇 ● ✓ 1 はい for every chosen option.
        case markVariant(String)
        /// A non-mark (△) written in the ○ cell of `option`, besides the real marks.
        case invalidMark(option: Int, mark: String)
    }

    struct Entry {
        var value: AnswerValue
        var render: Render = .plain
    }

    var entries: [String: Entry]

    init(_ answers: [String: AnswerValue]) { entries = answers.mapValues { Entry(value: $0) } }

    /// The cells a respondent fills, keyed by anchor column key.
    func filled(form: Form) -> [String: FilledValue] {
        var out: [String: FilledValue] = [:]
        for q in form.questions {
            guard let e = entries[q.id] else { continue }
            switch (e.value, q.type) {
            case (.single(let code), _):
                let label = q.option(code: code)?.label ?? String(code)
                if case .spaced(let before, let after) = e.render { out[q.id] = .text(before + label + after) }
                else { out[q.id] = .text(label) }
            case (.multi(let codes), _):
                var mark: FilledValue = .text("○")
                if case .markVariant(let m) = e.render { mark = m == "1" ? .number(1) : .text(m) }
                for c in codes { out[Anchor.columnKey(question: q.id, option: c)] = mark }
                if case .invalidMark(let option, let m) = e.render {
                    out[Anchor.columnKey(question: q.id, option: option)] = .text(m)
                }
            case (.integer(let n), _):
                out[q.id] = e.render == .fullWidth ? .text(Self.fullWidth(String(n))) : .number(Double(n))
            case (.text(let s), _):
                out[q.id] = .text(s)
            }
        }
        return out
    }

    static func fullWidth(_ s: String) -> String {
        String(s.unicodeScalars.map { c -> Character in
            ("0"..."9").contains(c) ? Character(UnicodeScalar(c.value - 0x30 + 0xFF10)!) : Character(c)
        })
    }

    // MARK: what Ingest should conclude

    typealias ExpectedIssue = AnswerKey.ExpectedIssue

    /// Mirrors Ingest's validation rules over the typed answers: invalid answers are 無回答 (errors),
    /// answers to questions not asked are dropped (warnings), required blanks and sums warn.
    func expected(form: Form) -> (answers: [String: AnswerValue], issues: [ExpectedIssue], noAnswer: [String]) {
        var answers: [String: AnswerValue] = [:]
        var issues: [ExpectedIssue] = []
        var invalid: Set<String> = []
        for q in form.questions where q.identity == nil {
            guard let e = entries[q.id] else { continue }
            if let rule = Self.invalidRule(e, q) {
                issues.append(ExpectedIssue(rule: rule, severity: "error", question: q.id)); invalid.insert(q.id)
            } else {
                answers[q.id] = e.value
            }
        }
        for q in form.questions {
            guard let c = q.condition, !c.holds(in: answers), answers.removeValue(forKey: q.id) != nil else { continue }
            issues.append(ExpectedIssue(rule: "not-asked", severity: "warning", question: q.id))
        }
        for q in form.questions where q.required && q.identity == nil {
            guard answers[q.id] == nil, !invalid.contains(q.id), q.condition?.holds(in: answers) ?? true else { continue }
            issues.append(ExpectedIssue(rule: "required", severity: "warning", question: q.id))
        }
        for q in form.questions {
            guard let parts = q.sumOf, case .integer(let t)? = answers[q.id] else { continue }
            let given = parts.compactMap { id -> Int? in if case .integer(let n)? = answers[id] { n } else { nil } }
            let sum = given.reduce(0, +)
            if given.count == parts.count ? sum != t : sum > t {
                issues.append(ExpectedIssue(rule: "sum", severity: "warning", question: q.id))
            }
        }
        return (answers, issues, invalid.sorted())
    }

    static func invalidRule(_ e: Entry, _ q: Question) -> String? {
        if case .invalidMark = e.render { return "invalid-mark" }
        switch e.value {
        case .integer(let n): if let r = q.range, !r.contains(n) { return "range" }
        case .multi(let codes):
            if codes.count > 1, codes.contains(where: { c in q.option(code: c)?.exclusive == true }) { return "exclusive" }
        default: break
        }
        return nil
    }
}
