import SurveyModel

/// Plausible true answers for one respondent: conditions respected (a question not asked is left
/// blank), C5 the sum of its parts, headline shares from `ReferenceFigures`.
struct AnswerModel {
    let codebook: Codebook
    /// Respondent key (`MUNI:131016`) → question id → option code fixed by a national quota.
    let quotaAnswers: [String: [String: Int]]

    /// Allocates the quotas over the whole master list, so a run for two prefectures gives
    /// each municipality exactly the answers it has in the whole-nation run.
    init(codebook: Codebook, master: MasterList, seed: UInt64) {
        self.codebook = codebook
        var fixed: [String: [String: Int]] = [:]
        for quota in ReferenceFigures.quotas {
            guard let form = FormID(rawValue: quota.form), let q = codebook.form(form)?.question(quota.question)
            else { continue }
            let population = form == .pref ? master.prefectures.map(\.code) : master.municipalities.map(\.code)
            var rng = SplitMix64(seed: seed, key: "quota:\(quota.form):\(quota.question)")
            var order = rng.shuffled(population)[...]
            for (label, count) in quota.counts {
                guard let option = q.option(label: label) else { continue }
                let n = Int((Double(count) * Double(population.count) / Double(quota.total)).rounded())
                for code in order.prefix(n) { fixed["\(form.rawValue):\(code)", default: [:]][q.id] = option.code }
                order = order.dropFirst(n)
            }
        }
        quotaAnswers = fixed
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
        if let shares = ReferenceFigures.singleShares[q.id] {
            let options = shares.compactMap { l, w in q.option(label: l).map { ($0.code, w) } }
            if options.count == shares.count { return .single(options[rng.weighted(options.map(\.1))].0) }
        }
        if q.id.hasPrefix("M4_"), q.options.count == 2 {
            return .single(rng.chance(ReferenceFigures.sceneGoalShare) ? 1 : 2)
        }
        if let n = integer(for: q, rng: &rng) { return .integer(n) }
        return q.kind.plausibleAnswer(q, rng: &rng)
    }

    /// Counts with a known shape (coordinators per municipality …); nil for the others.
    func integer(for q: Question, rng: inout SplitMix64) -> Int? {
        guard let range = q.range, q.kind.isCount else { return nil }
        let n: Int
        switch q.id {
        case "M8_1": n = 1 + rng.weighted(ReferenceFigures.coordinatorsPerMunicipality)
        case "P7_1": n = 1 + rng.weighted(ReferenceFigures.coordinatorsPerPrefecture)
        case "M2_2": n = rng.pick([1, 2, 2, 3, 3, 4, 4, 4, 6, 12])
        case "C4": n = rng.weighted((0...20).map { 1.0 / Double($0 + 3) })
        default:
            guard q.id.hasPrefix("C5_") else { return nil }
            n = Int(rng.unit() * rng.unit() * 300)
        }
        return min(max(n, range.lowerBound), range.upperBound)
    }
}
