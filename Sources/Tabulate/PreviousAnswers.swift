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

/// What the previous run's summary.json and run.json say besides the answers.
public struct PreviousRunFacts: Sendable, Equatable {
    public var codebookID: String
    public var codebookVersion: String
    /// 集計基準日時 of the previous run, as its covers showed it.
    public var asOf: String
    /// Municipalities in that run's master list, per 2-digit prefecture code (its 回収率 base).
    public var municipalitiesTotal: [String: Int]

    public init(codebookID: String, codebookVersion: String, asOf: String, municipalitiesTotal: [String: Int]) {
        self.codebookID = codebookID; self.codebookVersion = codebookVersion; self.asOf = asOf
        self.municipalitiesTotal = municipalitiesTotal
    }
}

/// A question of the previous survey with no question this year (neither its id nor a `previous_id:`).
public struct RemovedQuestion: Sendable, Equatable {
    public var form: FormID
    public var previousID: String
    /// Respondents who answered it then.
    public var answered: Int
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

    public func nation(_ form: FormID) -> FormTables? { nation.first { $0.form == form } }
    public func prefecture(_ prefCode: String) -> PrefectureTabulation? {
        byPrefecture.first { $0.prefecture.prefCode == prefCode }
    }
    /// 新設: tabulated this year with nothing matching in the previous answers.
    public func isNew(_ question: Question, form: FormID) -> Bool { nation(form)?.table(question.id) == nil }
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
        for form in codebook.forms {
            let counted = FormCount(form: form, answers: answers, rows: byForm[form.id] ?? [])
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
        let muniForm = codebook.municipalityForm?.id, coordForm = codebook.formsFor(.eachCoordinator).first?.id
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
        let indicators = Indicators.make(codebook.indicators, nation: nation, byPrefecture: byPrefecture, status: status)

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
            totalChanges: totalChanges)
    }
}

/// One form's previous answers counted per current question, for the nation and each prefecture.
private struct FormCount {
    struct Accumulator {
        var n = 0, noAnswer = 0
        var tally: AnswerTally
    }
    let form: Form
    /// Tabulated questions of this year that had a question last year, with their counts.
    var matched: [(question: Question, nation: Accumulator, byPrefecture: [String: Accumulator])] = []
    var respondents: (nation: Int, byPrefecture: [String: Int]) = (0, [:])
    var unmatched: [RemovedQuestion] = []

    init(form: Form, answers: [PreviousAnswer], rows: [Int]) {
        self.form = form
        var index = [String: Int]()
        let questions = form.questions.filter(\.isTabulated)
        for (i, q) in questions.enumerated() { index[q.previousID ?? q.id] = i }
        // Option label (as written last year) → this year's code.
        let codeOf: [[String: Int]] = questions.map { q in
            var m = [String: Int]()
            for o in q.options { m[o.label] = o.code }
            for (old, code) in q.previousOptions ?? [:] { m[old] = code }
            return m
        }
        let empty = { (q: Question) in Accumulator(tally: AnswerTally(maxCode: q.options.map(\.code).max() ?? 0)) }
        var nation = questions.map(empty)
        // Per prefecture code as the answers carry it: a slot, found once per respondent.
        var slots = [String: Int](), byPref = [[Accumulator]]()
        var slot = 0
        var seen = [Bool](repeating: false, count: questions.count)
        var others = [String: Int]()
        var who = Set<String>(), whoByPref = [String: Set<String>]()
        // Previous option code → this year's code (-1: no match), found by label once per code.
        var translated = questions.map { _ in [Int: Int]() }
        var last: Int?
        for row in rows {
            let a = answers[row]
            // A respondent's rows are together in answers.csv: its key is made once per respondent.
            if last.map({ !a.sameRespondent(as: answers[$0]) }) ?? true {
                let key = a.code + "#" + a.coordinatorNumber
                who.insert(key); whoByPref[a.prefectureCode, default: []].insert(key)
                if let s = slots[a.prefectureCode] { slot = s } else {
                    slot = byPref.count; slots[a.prefectureCode] = slot; byPref.append(questions.map(empty))
                }
            }
            last = row
            guard let i = index[a.questionID] else {
                others[a.questionID, default: 0] += a.state == .answered ? 1 : 0
                continue
            }
            seen[i] = true
            if a.state == .notAsked { continue }
            let q = questions[i]
            var value: AnswerValue?
            if a.state == .answered {
                var codes = [Int]()
                for (k, old) in a.codes.enumerated() where k < a.labels.count {
                    let now: Int
                    if let t = translated[i][old] { now = t } else {
                        now = codeOf[i][a.labels[k]] ?? -1
                        translated[i][old] = now
                    }
                    if now >= 0 { codes.append(now) }
                }
                value = q.kind.answer(previousCodes: codes, value: a.value, q)
            }
            func add(_ acc: inout Accumulator) {
                guard a.state == .answered else { acc.noAnswer += 1; return }
                // An answer whose option is no longer offered is still an answer (in n, in no option row).
                if let value, !q.kind.tally(value, into: &acc.tally) { acc.noAnswer += 1 } else { acc.n += 1 }
            }
            add(&nation[i])
            add(&byPref[slot][i])
        }
        matched = seen.indices.filter { seen[$0] }.map { i in
            (questions[i], nation[i], slots.mapValues { byPref[$0][i] })
        }
        respondents = (who.count, whoByPref.mapValues(\.count))
        unmatched = others.keys.sorted().map { RemovedQuestion(form: form.id, previousID: $0, answered: others[$0] ?? 0) }
    }

    /// The form's tables for the nation (`group` nil) or one prefecture.
    func tables(group: String?) -> FormTables {
        let tables = matched.map { m -> QuestionTable in
            let acc = group.map { m.byPrefecture[$0] ?? Accumulator(tally: AnswerTally(maxCode: m.question.options.map(\.code).max() ?? 0)) }
                ?? m.nation
            return QuestionTable.make(m.question, n: acc.n, noAnswer: acc.noAnswer, tally: acc.tally)
        }
        let count = group.map { respondents.byPrefecture[$0] ?? 0 } ?? respondents.nation
        return FormTables(form: form.id, title: form.title, respondents: count, tables: tables)
    }
}
