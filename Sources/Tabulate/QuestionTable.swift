import SurveyModel

/// 単純集計 of one question: n, 無回答 and, by type, option counts or integer statistics.
///
/// n counts respondents to whom the question applies (its condition holds) and who gave a
/// valid answer; 無回答 counts those to whom it applies but who left it blank. Respondents
/// not asked (condition false, or the guarding answer blank) are in neither.
public struct QuestionTable: Sendable, Equatable {
    public var questionID: String
    public var label: String
    public var type: QuestionType
    /// The category (場面・テーマ) the question belongs to, if any.
    public var category: Category?
    /// Set for conditional questions, so a report can footnote whom the n covers.
    public var condition: Condition?
    /// Applies and answered.
    public var n: Int
    /// 無回答: applies and not answered.
    public var noAnswer: Int
    /// single and multi: one entry per option in option order; empty for integer and text.
    public var options: [OptionCount]
    /// integer only.
    public var integerStats: IntegerStats?

    public init(questionID: String, label: String, type: QuestionType, category: Category? = nil,
                condition: Condition? = nil, n: Int, noAnswer: Int, options: [OptionCount] = [],
                integerStats: IntegerStats? = nil) {
        self.questionID = questionID; self.label = label; self.type = type; self.category = category
        self.condition = condition; self.n = n; self.noAnswer = noAnswer; self.options = options
        self.integerStats = integerStats
    }

    /// Respondents to whom the question applies: n + 無回答.
    public var asked: Int { n + noAnswer }

    /// The count of one option, by code.
    public func option(code: Int) -> OptionCount? { options.first { $0.code == code } }

    /// `count` of this question's n and 無回答 (an option, a band, 無回答 itself).
    public func proportion(_ count: Int) -> Proportion { Proportion(count, valid: n, noAnswer: noAnswer) }
}

/// How many chose one option, out of those the question applies to.
public struct OptionCount: Sendable, Equatable {
    public var code: Int
    public var label: String
    /// The count with the question's n and 無回答: its share under either base.
    public var proportion: Proportion

    public init(code: Int, label: String, proportion: Proportion) {
        self.code = code; self.label = label; self.proportion = proportion
    }

    public var count: Int { proportion.count }
    /// count / base, unrounded (0.681); nil when the base is 0. For multi the shares do not add up to 1.
    public func share(_ base: PercentBase) -> Double? { proportion.share(base) }
}

extension QuestionTable {
    /// Counts `question` over `responses` (all of one form).
    public static func make(_ question: Question, responses: [Response]) -> QuestionTable {
        make(question, column: responses.map { Cell(question, $0) }, rows: Array(responses.indices))
    }

    /// Counts one question from the cells of `column` at `rows`, in a single pass.
    /// Concrete arrays rather than generic sequences: unspecialised generics made debug builds
    /// (and so the test suite) many times slower.
    /// The question's kind counts each answer; one it cannot use (a value of another kind,
    /// which Ingest never produces) is 無回答 rather than a value in no column.
    static func make(_ question: Question, column: [Cell], rows: [Int]) -> QuestionTable {
        var n = 0, noAnswer = 0
        let kind = question.kind
        var tally = AnswerTally(maxCode: question.options.map(\.code).max() ?? 0)
        for row in rows {
            guard case .asked(let answer) = column[row] else { continue }
            if let answer, kind.tally(answer, into: &tally) { n += 1 } else { noAnswer += 1 }
        }
        return make(question, n: n, noAnswer: noAnswer, tally: tally)
    }

    /// The table of counts already tallied (this year's cells, or a previous year's answers).
    static func make(_ question: Question, n: Int, noAnswer: Int, tally: AnswerTally) -> QuestionTable {
        let kind = question.kind
        let options = question.options.map { option in
            let c = tally.count(of: option.code)
            return OptionCount(code: option.code, label: option.label, proportion: Proportion(c, valid: n, noAnswer: noAnswer))
        }
        // Statistics where the kind's table shows them (a count's 合計, 平均 …).
        let lines = kind.tableLines(question)
        let stats = lines.contains(where: { $0 == .mean || $0 == .sum || $0 == .bands })
            ? IntegerStats(values: tally.numbers, bands: lines.contains(.bands) ? BandRule.bands(for: question.range) : [])
            : nil
        return QuestionTable(questionID: question.id, label: question.label, type: question.type,
                             category: question.category, condition: question.condition,
                             n: n, noAnswer: noAnswer, options: options, integerStats: stats)
    }
}

/// One respondent's standing on one question: not asked, or asked with an answer (nil = blank).
enum Cell: Sendable {
    case notAsked
    case asked(AnswerValue?)

    init(_ question: Question, _ response: Response) {
        self = response.isAsked(question) ? .asked(response.answers[question.id]) : .notAsked
    }
}
