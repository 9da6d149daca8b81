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
                let population = form.id == .pref ? master.prefectures.map(\.code) : master.municipalities.map(\.code)
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

    func value(for q: Question, rng: inout SplitMix64) -> AnswerValue? {
        switch q.type {
        case .single:
            if case let .shares(codes, weights)? = q.reference { return .single(codes[rng.weighted(weights)]) }
            // Earlier options are a little more common, as on most forms.
            return .single(q.options[rng.weighted(q.options.indices.map { 1.0 / Double($0 + 2) })].code)
        case .multi:
            let exclusive = q.options.filter(\.exclusive)
            if !exclusive.isEmpty, rng.chance(ReferenceFigures.exclusiveShare) { return .multi([exclusive[0].code]) }
            let ordinary = q.options.filter { !$0.exclusive }
            var chosen = ordinary.filter { _ in rng.chance(ReferenceFigures.optionShare) }.map(\.code)
            if chosen.isEmpty, !ordinary.isEmpty { chosen = [rng.pick(ordinary).code] }
            return .multi(chosen.sorted())
        case .integer:
            return .integer(integer(for: q, rng: &rng))
        case .text:
            if !q.required, !rng.chance(ReferenceFigures.freeTextShare) { return nil }
            return .text(rng.pick(q.required ? Self.otherTexts : Self.freeTexts))
        }
    }

    func integer(for q: Question, rng: inout SplitMix64) -> Int {
        let range = q.range ?? 0...100
        let n: Int
        switch q.reference {
        case .weights(let w)?: n = range.lowerBound + rng.weighted(w)
        case .values(let v)?: n = rng.pick(v)
        default:
            if sumParts.contains(q.id) { n = Int(rng.unit() * rng.unit() * 300) }
            else { n = range.lowerBound + rng.weighted((0..<min(range.count, 30)).map { 1.0 / Double($0 + 2) }) }
        }
        return min(max(n, range.lowerBound), range.upperBound)
    }

    static let otherTexts = [
        "地域の医療・介護資源マップの更新", "庁内の担当者の異動による引継ぎ", "医療・介護関係者の負担感",
        "ICTツールの費用負担", "小規模自治体のため専門職の確保が難しい",
    ]
    static let freeTexts = [
        "事業の評価方法について先進事例を共有いただきたい。", "広域での入退院支援ルールづくりを進めている。",
        "コーディネーターの人材育成に課題を感じている。", "感染症流行時の連携体制を見直した。",
        "災害時の在宅療養者の把握方法を検討中。",
    ]
}
