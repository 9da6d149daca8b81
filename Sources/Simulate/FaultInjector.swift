import SurveyModel

/// One fault put into a respondent's answers or file, as recorded in the answer key.
public struct InjectedFault: Codable, Equatable, Sendable {
    /// `full-width-digits`, `mark-variant`, `stray-spaces`, `answered-though-skipped`, `exclusive-with-others`,
    /// `sum-mismatch`, `out-of-range`, `invalid-mark`, `required-blank`, `inserted-rows`, `renamed-sheet`, …
    public var kind: String
    public var question: String?
    public var option: Int?
    /// Ingest's issue rule id this fault must raise (nil: silently normalised).
    public var rule: String?
    /// What was typed, for faults about a written value.
    public var written: String?
}

/// Puts value faults into true answers at `FaultRates`, one respondent at a time.
struct FaultInjector {
    let rates: FaultRates
    let model: AnswerModel


    func inject(into typed: inout TypedAnswers, form: Form, truth: [String: AnswerValue],
                rng: inout SplitMix64) -> [InjectedFault] {
        var faults: [InjectedFault] = []
        let sumInvolved = Set(form.questions.flatMap { q in q.sumOf.map { [q.id] + $0 } ?? [] })

        // The question's kind knows how its answers go wrong; the first fault drawn is written.
        for q in form.questions where q.isTabulated {
            guard var e = typed.entries[q.id] else { continue }
            for f in q.kind.faults(e.value, q) {
                // Only where a wrong count has no knock-on effect: not a sum's term, not cross-checked.
                if f.rule == .range, q.role != nil || sumInvolved.contains(q.id) { continue }
                guard rng.chance(rates.rate(of: f.name)) else { continue }
                let written = f.write(&rng)
                e.value = written.value; e.cells = written.cells; e.rule = f.rule; e.severity = f.severity
                faults.append(.init(kind: f.name, question: q.id, option: f.option, rule: f.rule?.rawValue, written: written.written))
                break
            }
            typed.entries[q.id] = e
        }

        // A conditional question answered although its condition does not hold.
        let skipped = form.questions.filter { q in
            q.isTabulated && q.condition.map { !$0.holds(in: truth) } == true && typed.entries[q.id] == nil
        }
        if !skipped.isEmpty, rng.chance(rates.answeredThoughSkipped) {
            let q = rng.pick(skipped)
            if var v = model.value(for: q, rng: &rng) {
                if case .multi(let cs) = v { v = .multi(cs.filter { q.option(code: $0)?.exclusive != true }) }
                if case .multi(let cs) = v, cs.isEmpty {} else {
                    typed.entries[q.id] = .init(value: v)
                    faults.append(.init(kind: "answered-though-skipped", question: q.id, rule: "not-asked"))
                }
            }
        }

        // A required question left blank: only one that guards nothing and is not part of a sum.
        let guards = Set(form.questions.compactMap { $0.condition?.question })
        let blankable = form.questions.filter { q in
            q.isTabulated && q.required && truth[q.id] != nil && !guards.contains(q.id)
                && !sumInvolved.contains(q.id) && faults.allSatisfy { $0.question != q.id }
        }
        if !blankable.isEmpty, rng.chance(rates.requiredBlank) {
            let q = rng.pick(blankable)
            typed.entries[q.id] = nil
            faults.append(.init(kind: "required-blank", question: q.id, rule: "required"))
        }

        // A total that does not add up (C5 ≠ C5_1+…+C5_4), when the parts are untouched.
        for q in form.questions {
            guard let parts = q.sumOf, case .integer(let t)? = typed.entries[q.id]?.value,
                  parts.allSatisfy({ p in typed.entries[p] != nil && faults.allSatisfy { $0.question != p } }),
                  faults.allSatisfy({ $0.question != q.id }), rng.chance(rates.sumMismatch) else { continue }
            typed.entries[q.id]?.value = .integer(t + rng.int(1...20))
            faults.append(.init(kind: "sum-mismatch", question: q.id, rule: "sum"))
        }
        return faults
    }
}
