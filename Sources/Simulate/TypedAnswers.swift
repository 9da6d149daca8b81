import SurveyModel
import Forms

/// One respondent's answers as they will be typed into the form, faults included, with what
/// Ingest should make of them. Built from the true answers by `FaultInjector`.
struct TypedAnswers {
    struct Entry {
        var value: AnswerValue
        /// The cells as typed when a fault changed how (nil: as the question's kind types `value`).
        var cells: [TypedCell]? = nil
        /// The issue Ingest must raise for how it was typed, and whether the answer then counts.
        var rule: IssueRule? = nil
        var severity: IssueSeverity = .warning
    }

    var entries: [String: Entry]

    init(_ answers: [String: AnswerValue]) { entries = answers.mapValues { Entry(value: $0) } }

    /// The cells a respondent fills, keyed by anchor column key.
    func filled(form: Form) -> [String: FilledValue] {
        var out: [String: FilledValue] = [:]
        for q in form.questions {
            guard let e = entries[q.id] else { continue }
            for c in e.cells ?? q.kind.typed(e.value, q) {
                let key = Anchor.columnKey(question: q.id, option: c.option)
                if case .number(let n) = c.value { out[key] = .number(n) } else { out[key] = .text(c.value.written) }
            }
        }
        return out
    }

    // MARK: what Ingest should conclude

    typealias ExpectedIssue = AnswerKey.ExpectedIssue

    /// Mirrors Ingest's validation rules over the typed answers: invalid answers are 無回答 (errors),
    /// answers to questions not asked are dropped (warnings), required blanks and sums warn.
    func expected(form: Form) -> (answers: [String: AnswerValue], issues: [ExpectedIssue], noAnswer: [String]) {
        var answers: [String: AnswerValue] = [:]
        var issues: [ExpectedIssue] = []
        var invalid: Set<String> = []
        for q in form.questions where q.isTabulated {
            guard let e = entries[q.id] else { continue }
            if let rule = e.rule, e.severity == .error {
                issues.append(ExpectedIssue(rule: rule.rawValue, severity: "error", question: q.id)); invalid.insert(q.id)
            } else {
                if let rule = e.rule { issues.append(ExpectedIssue(rule: rule.rawValue, severity: "warning", question: q.id)) }
                answers[q.id] = e.value
            }
        }
        for q in form.questions {
            guard let c = q.condition, !c.holds(in: answers), answers.removeValue(forKey: q.id) != nil else { continue }
            issues.append(ExpectedIssue(rule: "not-asked", severity: "warning", question: q.id))
        }
        for q in form.questions where q.required && q.isTabulated {
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
}
