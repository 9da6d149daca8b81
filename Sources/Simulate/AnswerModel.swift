import SurveyModel

/// Plausible true answers for one respondent: conditions respected (a question not asked is left
/// blank), C5 the sum of its parts, headline shares from the codebook's `reference:` figures.
struct AnswerModel {
    let codebook: Codebook
    /// Respondent key (`MUNI:131016`) → question id → option code fixed by a national quota.
    let quotaAnswers: [String: [String: Int]]
    /// Ids of integer questions that are parts of a total (C5_1…C5_4): small, skewed counts.
    let sumParts: Set<String>

    /// Allocates the quotas over the whole master list, so a run for two prefectures gives
    /// each municipality exactly the answers it has in the whole-nation run.
    init(codebook: Codebook, master: MasterList, seed: UInt64) {
        self.codebook = codebook
        var fixed: [String: [String: Int]] = [:]
        for form in codebook.forms {
            for q in form.questions {
                guard case let .counts(options, counts, total)? = q.reference else { continue }
                let population = form.audience == .eachPrefecture ? master.prefectures.map(\.code) : master.municipalities.map(\.code)
                var rng = SplitMix64(seed: seed, key: "quota:\(form.id.rawValue):\(q.id)")
                var order = rng.shuffled(population)[...]
                for (option, count) in zip(options, counts) {
                    let n = Int((Double(count) * Double(population.count) / Double(total)).rounded())
                    for code in order.prefix(n) { fixed["\(form.id.rawValue):\(code)", default: [:]][q.id] = option }
                    order = order.dropFirst(n)
                }
            }
        }
        quotaAnswers = fixed
        sumParts = Set(codebook.forms.flatMap { $0.questions.flatMap { $0.sumOf ?? [] } })
    }

    /// The answers of `respondent` (identity fields not included).
    func answers(_ respondent: Respondent, rng: inout SplitMix64) -> [String: AnswerValue] {
        guard let form = codebook.form(respondent.form) else { return [:] }
        let fixed = quotaAnswers["\(respondent.form.rawValue):\(respondent.code)"] ?? [:]
        var a: [String: AnswerValue] = [:]
        for q in form.questions where q.identity == nil {
            if let c = q.condition, !c.holds(in: a) { continue }
            if let code = fixed[q.id] { a[q.id] = .single(code); continue }
            if let v = value(for: q, rng: &rng) { a[q.id] = v }
        }
        // Totals are written after their parts: C5 = C5_1 + … + C5_4.
        for q in form.questions {
            guard let parts = q.sumOf, a[q.id] != nil else { continue }
            let values = parts.compactMap { id -> Int? in if case .integer(let n)? = a[id] { n } else { nil } }
            if values.count == parts.count { a[q.id] = .integer(values.reduce(0, +)) }
        }
        return a
    }

    /// The survey's own reference figures where it has them, else what the question's kind finds plausible.
    func value(for q: Question, rng: inout SplitMix64) -> AnswerValue? {
        if case let .shares(codes, weights)? = q.reference { return .single(codes[rng.weighted(weights)]) }
        if let n = integer(for: q, rng: &rng) { return .integer(n) }
        return q.kind.plausibleAnswer(q, rng: &rng)
    }

    /// Counts with a known shape (coordinators per municipality …); nil for the others.
    func integer(for q: Question, rng: inout SplitMix64) -> Int? {
        guard let range = q.range, q.kind.isCount else { return nil }
        let n: Int
        switch q.reference {
        case .weights(let w)?: n = range.lowerBound + rng.weighted(w)
        case .values(let v)?: n = rng.pick(v)
        default:
            guard sumParts.contains(q.id) else { return nil }
            n = Int(rng.unit() * rng.unit() * 300)
        }
        return min(max(n, range.lowerBound), range.upperBound)
    }
}
