import SurveyModel

/// One line of a previous run's answers.csv, as the caller read it (Tabulate reads no files).
public struct PreviousAnswer: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// 回答
        case answered
        /// 無回答: asked, left blank or invalid.
        case blank
        /// 非該当: the condition did not hold.
        case notAsked
    }
    public var form: FormID
    /// 団体コード as it was that year (a municipality merged since keeps its old code here).
    public var code: String
    /// 都道府県コード as it was that year.
    public var prefectureCode: String
    /// Empty except on コーディネーター票.
    public var coordinatorNumber: String
    /// The question's id in the previous codebook.
    public var questionID: String
    public var state: State
    /// Option codes chosen in the previous codebook (single, multi, scale), aligned with `labels`.
    public var codes: [Int]
    /// Option labels chosen, in the order written: what matches this year's options.
    public var labels: [String]
    /// 回答 as written: a number, a text, the labels.
    public var value: String

    public init(form: FormID, code: String, prefectureCode: String, coordinatorNumber: String = "",
                questionID: String, state: State, codes: [Int] = [], labels: [String] = [], value: String = "") {
        self.form = form; self.code = code; self.prefectureCode = prefectureCode
        self.coordinatorNumber = coordinatorNumber; self.questionID = questionID; self.state = state
        self.codes = codes; self.labels = labels; self.value = value
    }
}

extension PreviousAnswer {
    func sameRespondent(as other: PreviousAnswer) -> Bool {
        form == other.form && code == other.code && coordinatorNumber == other.coordinatorNumber
            && prefectureCode == other.prefectureCode
    }
}

/// What the previous run's summary.json, run.json and exports say besides the answers.
public struct PreviousRunFacts: Sendable, Equatable {
    public var codebookID: String
    public var codebookVersion: String
    /// 集計基準日時 of the previous run, as its covers showed it.
    public var asOf: String
    /// Municipalities in that run's master list, per 2-digit prefecture code (its 回収率 base).
    public var municipalitiesTotal: [String: Int]
    /// Last year's questions as its exports name them, per form and previous id.
    public var questions: [FormID: [String: PreviousQuestion]]
    /// Last year's category label → category id (summary.json): options carrying a category match by id.
    public var categoryIDs: [String: String]

    public init(codebookID: String, codebookVersion: String, asOf: String, municipalitiesTotal: [String: Int],
                questions: [FormID: [String: PreviousQuestion]] = [:], categoryIDs: [String: String] = [:]) {
        self.codebookID = codebookID; self.codebookVersion = codebookVersion; self.asOf = asOf
        self.municipalitiesTotal = municipalitiesTotal; self.questions = questions; self.categoryIDs = categoryIDs
    }
}

/// A question of last year's survey as its exports name it (the wide CSV's headings).
public struct PreviousQuestion: Sendable, Equatable {
    /// 問番号 as printed then (empty when the export had none).
    public var number: String
    public var label: String
    /// The options its export lists (multi: one column each); empty when the export does not list them.
    public var options: [String]

    public init(number: String, label: String, options: [String] = []) {
        self.number = number; self.label = label; self.options = options
    }
}

/// A question of the previous survey with no question this year (neither its id nor a `previous_id:`).
public struct RemovedQuestion: Sendable, Equatable {
    public var form: FormID
    public var previousID: String
    /// 問番号 and text as last year's exports printed them (empty when they are not known).
    public var number: String
    public var label: String
    /// Respondents who answered it then.
    public var answered: Int
}

/// How a previous year's table lines up with this year's options (only where they differ).
public struct PreviousMapping: Sendable, Equatable {
    /// Options of this year no option of last year continues (新設): 前回 and 差 are 「－」.
    public var newOptions: Set<Int> = []
    /// Last year's options split into several of this year's, with who chose them then.
    public var splits: [SplitFigure] = []
    /// Respondents whose answer last year holds an option that continues in none of this year's
    /// (in n, in no option row): shown as a row of their own.
    public var unmatched = 0
    /// Those options' labels, as last year wrote them.
    public var unmatchedLabels: [String] = []

    public init() {}
    /// The split an option is a part of.
    public func split(of code: Int) -> SplitFigure? { splits.first { $0.codes.contains(code) } }
    var isEmpty: Bool { newOptions.isEmpty && splits.isEmpty && unmatched == 0 }
}

/// One option of last year split into parts: its label, this year's codes, who chose it then.
public struct SplitFigure: Sendable, Equatable {
    public var label: String
    public var codes: [Int]
    public var count: Int

    public init(label: String, codes: [Int], count: Int) { self.label = label; self.codes = codes; self.count = count }
}

/// A municipality code answering in the previous survey that this year's master list does not
/// hold (merged or renumbered since): still counted in the previous national and prefecture figures.
public struct MunicipalityChange: Sendable, Equatable {
    public var code: String
    public var prefectureCode: String
}

/// A prefecture whose number of municipalities differs between the two master lists.
public struct MunicipalityTotalChange: Sendable, Equatable {
    public var prefecture: Prefecture
    public var previous: Int
    public var current: Int
}

/// One municipality's previous answer to an indicator's question, read by this year's codebook.
public struct PreviousIndicatorAnswer: Sendable, Equatable {
    public enum Standing: Sendable, Equatable {
        /// The indicator's option was chosen (該当).
        case yes
        /// Answered, without the indicator's option.
        case no
        /// 無回答
        case blank
        /// 非該当: the condition did not hold.
        case notAsked
    }
    public var standing: Standing
    /// 回答 as last year's answers.csv wrote it (the labels chosen, a number, a text).
    public var value: String

    public init(standing: Standing, value: String) { self.standing = standing; self.value = value }
}

/// The previous survey counted with this year's questions and options: every table is keyed by
/// the current question id and lists the current options, so a comparison is cell by cell on the
/// same base (n, % of n). A current question with no previous one has no table (新設).
public struct PreviousTabulation: Sendable {
    public var facts: PreviousRunFacts
    public var nation: [FormTables]
    public var matrix: CategoryMatrix
    /// Every prefecture of this year's master list, in code order, by the code the answers carried.
    public var byPrefecture: [PrefectureTabulation]
    public var indicators: Indicators
    public var removed: [RemovedQuestion]
    public var codesOnlyPrevious: [MunicipalityChange]
    public var totalChanges: [MunicipalityTotalChange]
    /// Each municipality's own previous answer to every indicator on the 市町村票, by 団体コード as
    /// answered then, aligned with `indicators.definitions` (nil: not such an indicator, or no
    /// counterpart last year). Only municipalities that returned the form then are here.
    public var municipalityAnswers: [String: [PreviousIndicatorAnswer?]] = [:]

    public func nation(_ form: FormID) -> FormTables? { nation.first { $0.form == form } }
    public func prefecture(_ prefCode: String) -> PrefectureTabulation? {
        byPrefecture.first { $0.prefecture.prefCode == prefCode }
    }
    /// 新設: tabulated this year with nothing matching in the previous answers.
    public func isNew(_ question: Question, form: FormID) -> Bool { nation(form)?.table(question.id) == nil }
    /// Whether an indicator had a counterpart last year: its question, and its option neither new nor split.
    public func compares(_ indicator: Indicator) -> Bool {
        guard case let .option(form, question, option) = indicator.measure else { return true }
        guard let t = nation(form)?.table(question) else { return false }
        return t.mapping.map { !$0.newOptions.contains(option) && $0.split(of: option) == nil } ?? true
    }
}

extension PreviousTabulation {
    /// Counts `answers` (one previous run's answers.csv) by this year's `codebook`: questions by
    /// id or `previous_id:`, options by label or `previous_options:`. `municipalities` is this
    /// year's master list (to find the codes that are gone).
    public static func make(codebook: Codebook, answers: [PreviousAnswer], facts: PreviousRunFacts,
                            prefectures: [Prefecture], municipalities: [Municipality]) -> PreviousTabulation {
        let sortedPrefs = prefectures.sorted { $0.prefCode < $1.prefCode }
        // Indices, not copies: a nation's answers.csv is ~80,000 rows.
        var byForm = [FormID: [Int]]()
        for (i, a) in answers.enumerated() { byForm[a.form, default: []].append(i) }
        var nation = [FormTables]()
        var perPref = [String: [FormTables]]()
        var removed = [RemovedQuestion]()
        var municipalityAnswers = [String: [PreviousIndicatorAnswer?]]()
        let muniForm = codebook.municipalityForm?.id
        // The forms are counted side by side (each reads only its own rows), then put together in form order.
        let byFormRows = byForm
        let counts = codebook.forms.parallelMap { form -> (FormCount, record: Bool) in
            // The questions of the 市町村票's indicators: each municipality's own answer is kept (カルテ's 前回).
            let record = form.id == muniForm ? Set(codebook.indicators.compactMap { d -> String? in
                if case let .option(f, q, _) = d.measure, f == form.id { return q } else { return nil }
            }) : []
            return (FormCount(form: form, answers: answers, rows: byFormRows[form.id] ?? [], facts: facts, record: record), !record.isEmpty)
        }
        for (counted, record) in counts {
            if record { municipalityAnswers = counted.indicatorAnswers(codebook.indicators) }
            nation.append(counted.tables(group: nil))
            for p in sortedPrefs { perPref[p.prefCode, default: []].append(counted.tables(group: p.prefCode)) }
            removed += counted.unmatched
        }
        func matrix(_ tables: [FormTables]) -> CategoryMatrix {
            guard let f = codebook.categoryMatrixForm, let t = tables.first(where: { $0.form == f.id }) else {
                return CategoryMatrix(rows: [], initiativeLabels: [])
            }
            return CategoryMatrix.make(form: f, tables: t)
        }
        let byPrefecture = sortedPrefs.map {
            let forms = perPref[$0.prefCode] ?? []
            return PrefectureTabulation(prefecture: $0, forms: forms, matrix: matrix(forms))
        }

        // 回収状況 of that year: returned municipalities from its answers, totals from its summary.
        var returned = [String: Set<String>](), coordinators = [String: Set<String>]()
        let coordForm = codebook.formsFor(.eachCoordinator).first?.id
        for (i, a) in answers.enumerated() where i == 0 || !a.sameRespondent(as: answers[i - 1]) {
            if a.form == muniForm { returned[a.prefectureCode, default: []].insert(a.code) }
            if a.form == coordForm { coordinators[a.prefectureCode, default: []].insert(a.code + "#" + a.coordinatorNumber) }
        }
        let rows = sortedPrefs.map { p -> PrefectureStatus in
            let r = returned[p.prefCode]?.count ?? 0, total = facts.municipalitiesTotal[p.prefCode] ?? 0
            return PrefectureStatus(prefecture: p, prefectureReturned: false, municipalitiesReturned: r,
                                    municipalitiesTotal: total, municipalityShare: Proportion.rate(r, of: total),
                                    coordinators: coordinators[p.prefCode]?.count ?? 0, municipalitiesNotReturned: [])
        }
        let muniReturned = returned.values.reduce(0) { $0 + $1.count }
        let muniTotal = facts.municipalitiesTotal.values.reduce(0, +)
        let status = ResponseStatus(perPrefecture: rows, prefecturesReturned: 0, prefecturesTotal: sortedPrefs.count,
                                    prefectureShare: nil, municipalitiesReturned: muniReturned, municipalitiesTotal: muniTotal,
                                    municipalityShare: Proportion.rate(muniReturned, of: muniTotal),
                                    coordinators: coordinators.values.reduce(0) { $0 + $1.count },
                                    prefecturesNotReturned: [], municipalitiesNotReturned: [], unknownRespondents: [])
        var indicators = Indicators.make(codebook.indicators, nation: nation, byPrefecture: byPrefecture, status: status)
        // An indicator on an option with no counterpart (新設, a part of a split) has no previous figure.
        for (i, d) in indicators.definitions.enumerated() {
            guard case let .option(form, question, option) = d.measure,
                  let m = nation.first(where: { $0.form == form })?.table(question)?.mapping,
                  m.newOptions.contains(option) || m.split(of: option) != nil else { continue }
            let none = IndicatorValue(count: 0, of: 0)
            indicators.nation[i] = none
            for r in indicators.rows.indices where i < indicators.rows[r].values.count { indicators.rows[r].values[i] = none }
            for code in municipalityAnswers.keys where i < municipalityAnswers[code]!.count { municipalityAnswers[code]![i] = nil }
        }

        // Municipal mergers: codes that answered then and are not in this year's list.
        let current = Set(municipalities.map(\.code))
        var gone = [String: String]()
        for a in answers where a.form == muniForm && !current.contains(a.code) { gone[a.code] = a.prefectureCode }
        let currentTotals = Dictionary(grouping: municipalities, by: \.prefCode).mapValues(\.count)
        let totalChanges = sortedPrefs.compactMap { p -> MunicipalityTotalChange? in
            guard let before = facts.municipalitiesTotal[p.prefCode], before != (currentTotals[p.prefCode] ?? 0) else { return nil }
            return MunicipalityTotalChange(prefecture: p, previous: before, current: currentTotals[p.prefCode] ?? 0)
        }
        return PreviousTabulation(
            facts: facts, nation: nation, matrix: matrix(nation), byPrefecture: byPrefecture, indicators: indicators,
            removed: removed, codesOnlyPrevious: gone.map { MunicipalityChange(code: $0.key, prefectureCode: $0.value) }
                .sorted { $0.code < $1.code },
            totalChanges: totalChanges, municipalityAnswers: municipalityAnswers)
    }
}

/// One form's previous answers counted per current question, for the nation and each prefecture.
private struct FormCount {
    struct Accumulator {
        var n = 0, noAnswer = 0
        var tally: AnswerTally
        /// Per split (index in `Matched.splits`): respondents who chose the old option.
        var splits: [Int]
        var unmatched = 0
    }
    struct Matched {
        var question: Question
        var nation: Accumulator
        var byPrefecture: [String: Accumulator]
        /// Options with no counterpart last year.
        var newOptions: Set<Int>
        var splits: [(label: String, codes: [Int])]
        var unmatchedLabels: [String]
    }
    let form: Form
    /// Tabulated questions of this year that had a question last year, with their counts.
    var matched: [Matched] = []
    var respondents: (nation: Int, byPrefecture: [String: Int]) = (0, [:])
    var unmatched: [RemovedQuestion] = []
    /// Per respondent code, the recorded questions' answers read by this year's options (nil: 無回答).
    var recorded: [String: [String: (state: PreviousAnswer.State, value: AnswerValue?, text: String)]] = [:]

    init(form: Form, answers: [PreviousAnswer], rows: [Int], facts: PreviousRunFacts, record: Set<String> = []) {
        self.form = form
        var index = [String: Int]()
        let questions = form.questions.filter(\.isTabulated)
        for (i, q) in questions.enumerated() { index[q.previousID ?? q.id] = i }
        // Option label (as written last year) → this year's codes: the same label, the same
        // category (a renamed category keeps its id), then `previous_options:` (renamed, merged, split).
        let codeOf: [[String: [Int]]] = questions.map { q in
            var m = [String: [Int]]()
            for o in q.options { m[o.label] = [o.code] }
            for o in q.options {
                guard let c = o.category else { continue }
                for (label, id) in facts.categoryIDs where id == c.id { m[label] = [o.code] }
            }
            for (old, codes) in q.previousOptions ?? [:] { m[old] = codes }
            return m
        }
        // Splits per question, in option order: an old label mapped to several codes.
        let splits: [[(label: String, codes: [Int])]] = questions.indices.map { i in
            (questions[i].previousOptions ?? [:]).filter { $0.value.count > 1 }.map { ($0.key, $0.value.sorted()) }
                .sorted { $0.codes[0] < $1.codes[0] }
        }
        let splitIndex: [[String: Int]] = splits.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1.label, $0) }) }
        let empty = { (i: Int) in
            Accumulator(tally: AnswerTally(maxCode: questions[i].options.map(\.code).max() ?? 0), splits: splits[i].map { _ in 0 })
        }
        var nation = questions.indices.map(empty)
        // Per prefecture code as the answers carry it: a slot, found once per respondent.
        var slots = [String: Int](), byPref = [[Accumulator]]()
        var slot = 0
        var seen = [Bool](repeating: false, count: questions.count)
        var observed = questions.map { _ in Set<String>() }
        var lost = questions.map { _ in Set<String>() }
        var maxCode = [Int: Int]()  // question index → highest previous code answered
        var others = [String: Int]()
        var who = Set<String>(), whoByPref = [String: Set<String>]()
        // Previous option code → this year's codes (empty: no match), found by label once per code.
        var translated = questions.map { _ in [Int: [Int]]() }
        var last: Int?
        for row in rows {
            let a = answers[row]
            // A respondent's rows are together in answers.csv: its key is made once per respondent.
            if last.map({ !a.sameRespondent(as: answers[$0]) }) ?? true {
                let key = a.code + "#" + a.coordinatorNumber
                who.insert(key); whoByPref[a.prefectureCode, default: []].insert(key)
                if let s = slots[a.prefectureCode] { slot = s } else {
                    slot = byPref.count; slots[a.prefectureCode] = slot; byPref.append(questions.indices.map(empty))
                }
            }
            last = row
            guard let i = index[a.questionID] else {
                others[a.questionID, default: 0] += a.state == .answered ? 1 : 0
                continue
            }
            seen[i] = true
            let q = questions[i]
            if a.state == .notAsked {
                if record.contains(q.id) { recorded[a.code, default: [:]][q.id] = (.notAsked, nil, a.value) }
                continue
            }
            var value: AnswerValue?
            var split = Set<Int>()
            var unmatchedAnswer = false
            if a.state == .answered {
                var codes = [Int]()
                for (k, old) in a.codes.enumerated() where k < a.labels.count {
                    let now: [Int]
                    if let t = translated[i][old] { now = t } else {
                        now = codeOf[i][a.labels[k]] ?? []
                        translated[i][old] = now
                        observed[i].insert(a.labels[k])
                        maxCode[i] = max(maxCode[i] ?? 0, old)
                        if now.isEmpty { lost[i].insert(a.labels[k]) }
                    }
                    switch now.count {
                    case 0: unmatchedAnswer = true
                    case 1: codes.append(now[0])
                    default: if let s = splitIndex[i][a.labels[k]] { split.insert(s) }
                    }
                }
                value = q.kind.answer(previousCodes: codes, value: a.value, q)
            }
            if record.contains(q.id) { recorded[a.code, default: [:]][q.id] = (a.state, value, a.value) }
            func add(_ acc: inout Accumulator) {
                guard a.state == .answered else { acc.noAnswer += 1; return }
                // An answer whose option is no longer offered is still an answer: in n, and in the
                // row of answers matching nothing (or its split's spanning figure).
                if let value, !q.kind.tally(value, into: &acc.tally) { acc.noAnswer += 1; return }
                acc.n += 1
                for s in split { acc.splits[s] += 1 }
                if unmatchedAnswer { acc.unmatched += 1 }
            }
            add(&nation[i])
            add(&byPref[slot][i])
        }
        matched = seen.indices.filter { seen[$0] }.map { i in
            let q = questions[i]
            // Labels last year offered: its export's list where it has one (multi), and every label answered.
            let listed = facts.questions[form.id]?[q.previousID ?? q.id]?.options ?? []
            let continued = Set(observed[i].union(listed).flatMap { codeOf[i][$0] ?? [] })
            // Without a list, an option nobody chose may still have existed: only one past the
            // highest code answered (options are added at the end) is taken for new.
            let highest = listed.isEmpty ? (maxCode[i] ?? 0) : 0
            // A category last year's summary does not hold is new whatever its code.
            let previousCategories = Set(facts.categoryIDs.values)
            let newOptions = Set(q.options.filter { o in
                !continued.contains(o.code)
                    && (o.code > highest || o.category.map { !previousCategories.isEmpty && !previousCategories.contains($0.id) } ?? false)
            }.map(\.code))
            return Matched(question: q, nation: nation[i], byPrefecture: slots.mapValues { byPref[$0][i] },
                           newOptions: newOptions, splits: splits[i], unmatchedLabels: lost[i].sorted())
        }
        respondents = (who.count, whoByPref.mapValues(\.count))
        let named = facts.questions[form.id] ?? [:]
        unmatched = others.keys.sorted().map {
            RemovedQuestion(form: form.id, previousID: $0, number: named[$0]?.number ?? "", label: named[$0]?.label ?? "",
                            answered: others[$0] ?? 0)
        }
    }

    /// Each recorded respondent's standing on the indicators of this form (aligned with `indicators`).
    func indicatorAnswers(_ indicators: [Indicator]) -> [String: [PreviousIndicatorAnswer?]] {
        recorded.mapValues { answers in
            indicators.map { d -> PreviousIndicatorAnswer? in
                guard case let .option(f, qid, option) = d.measure, f == form.id, let a = answers[qid] else { return nil }
                switch a.state {
                case .notAsked: return PreviousIndicatorAnswer(standing: .notAsked, value: a.text)
                case .blank: return PreviousIndicatorAnswer(standing: .blank, value: a.text)
                case .answered:
                    switch a.value {
                    case .single(let c)?: return PreviousIndicatorAnswer(standing: c == option ? .yes : .no, value: a.text)
                    case .multi(let cs)?: return PreviousIndicatorAnswer(standing: cs.contains(option) ? .yes : .no, value: a.text)
                    default: return PreviousIndicatorAnswer(standing: .no, value: a.text)
                    }
                }
            }
        }
    }

    /// The form's tables for the nation (`group` nil) or one prefecture.
    func tables(group: String?) -> FormTables {
        let tables = matched.map { m -> QuestionTable in
            let acc = group.map {
                m.byPrefecture[$0] ?? Accumulator(tally: AnswerTally(maxCode: m.question.options.map(\.code).max() ?? 0),
                                                  splits: m.splits.map { _ in 0 })
            } ?? m.nation
            var t = QuestionTable.make(m.question, n: acc.n, noAnswer: acc.noAnswer, tally: acc.tally)
            var mapping = PreviousMapping()
            mapping.newOptions = m.newOptions
            mapping.splits = m.splits.enumerated().map { SplitFigure(label: $1.label, codes: $1.codes, count: acc.splits[$0]) }
            mapping.unmatched = acc.unmatched
            mapping.unmatchedLabels = m.unmatchedLabels
            if !mapping.isEmpty { t.mapping = mapping }
            return t
        }
        let count = group.map { respondents.byPrefecture[$0] ?? 0 } ?? respondents.nation
        return FormTables(form: form.id, title: form.title, respondents: count, tables: tables)
    }
}
