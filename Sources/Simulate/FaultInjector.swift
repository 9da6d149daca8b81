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

    static let markVariants = ["◯", "〇", "●", "✓", "1", "はい"]
    static let invalidMarks = ["△", "?", "×?"]

    func inject(into typed: inout TypedAnswers, form: Form, truth: [String: AnswerValue],
                rng: inout SplitMix64) -> [InjectedFault] {
        var faults: [InjectedFault] = []
        let sumInvolved = Set(form.questions.flatMap { q in q.sumOf.map { [q.id] + $0 } ?? [] })

        for q in form.questions where q.identity == nil {
            guard var e = typed.entries[q.id] else { continue }
            switch (q.type, e.value) {
            case (.integer, .integer(let n)):
                // Only where a wrong value has no knock-on effect: not a sum's term, not cross-checked.
                if q.role == nil, !sumInvolved.contains(q.id), let r = q.range, rng.chance(rates.outOfRange) {
                    e.value = .integer(r.upperBound + rng.int(1...30))
                    faults.append(.init(kind: "out-of-range", question: q.id, rule: "range"))
                } else if rng.chance(rates.fullWidthDigits) {
                    e.render = .fullWidth
                    faults.append(.init(kind: "full-width-digits", question: q.id, written: TypedAnswers.fullWidth(String(n))))
                }
            case (.single, .single):
                if rng.chance(rates.straySpaces) {
                    let pad = rng.pick([(" ", " "), ("", "　"), ("　", ""), (" ", "")])
                    e.render = .spaced(pad.0, pad.1)
                    faults.append(.init(kind: "stray-spaces", question: q.id))
                }
            case (.multi, .multi(let codes)):
                if let ex = q.options.first(where: \.exclusive), !codes.contains(ex.code), rng.chance(rates.exclusiveWithOthers) {
                    e.value = .multi((codes + [ex.code]).sorted())
                    faults.append(.init(kind: "exclusive-with-others", question: q.id, option: ex.code, rule: "exclusive"))
                } else if let free = q.options.first(where: { !codes.contains($0.code) && !$0.exclusive }),
                          rng.chance(rates.invalidMark) {
                    let mark = rng.pick(Self.invalidMarks)
                    e.render = .invalidMark(option: free.code, mark: mark)
                    faults.append(.init(kind: "invalid-mark", question: q.id, option: free.code, rule: "invalid-mark", written: mark))
                } else if rng.chance(rates.markVariant) {
                    let mark = rng.pick(Self.markVariants)
                    e.render = .markVariant(mark)
                    faults.append(.init(kind: "mark-variant", question: q.id, written: mark))
                }
            default: break
            }
            typed.entries[q.id] = e
        }

        // A conditional question answered although its condition does not hold.
        let skipped = form.questions.filter { q in
            q.identity == nil && q.condition.map { !$0.holds(in: truth) } == true && typed.entries[q.id] == nil
        }
        if !skipped.isEmpty, rng.chance(rates.answeredThoughSkipped) {
            let q = rng.pick(skipped)
            if var v = model.value(for: q, rng: &rng) {
                if q.type == .multi, case .multi(let cs) = v { v = .multi(cs.filter { q.option(code: $0)?.exclusive != true }) }
                if case .multi(let cs) = v, cs.isEmpty {} else {
                    typed.entries[q.id] = .init(value: v)
                    faults.append(.init(kind: "answered-though-skipped", question: q.id, rule: "not-asked"))
                }
            }
        }

        // A required question left blank: only one that guards nothing and is not part of a sum.
        let guards = Set(form.questions.compactMap { $0.condition?.question })
        let blankable = form.questions.filter { q in
            q.identity == nil && q.required && truth[q.id] != nil && !guards.contains(q.id)
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
