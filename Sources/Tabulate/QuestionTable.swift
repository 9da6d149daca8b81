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
    /// For multi the shares do not add up to 1 (each is its count over n).
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
}

/// How many chose one option, and the share of n that is.
public struct OptionCount: Sendable, Equatable {
    public var code: Int
    public var label: String
    public var count: Int
    /// count / n as a fraction (0.681), unrounded; nil when n = 0.
    public var share: Double?

    public init(code: Int, label: String, count: Int, share: Double?) {
        self.code = code; self.label = label; self.count = count; self.share = share
    }
}

/// count / n, unrounded; nil when there is nothing to divide by (a report shows "－", not 0%).
func fraction(_ count: Int, of n: Int) -> Double? {
    n > 0 ? Double(count) / Double(n) : nil
}

extension QuestionTable {
    /// Counts `question` over `responses` (all of one form) in a single pass.
    /// An answer whose kind does not match the question type is treated as blank: Ingest
    /// should never produce one, and counting it would put a value in no column.
    public static func make(_ question: Question, responses: [Response]) -> QuestionTable {
        var n = 0, noAnswer = 0
        var counts = [Int: Int]()
        var integers = [Int]()
        for response in responses where response.isAsked(question) {
            var answered = false
            switch (question.type, response.answers[question.id]) {
            case (.single, .single(let code)?):
                counts[code, default: 0] += 1; answered = true
            case (.multi, .multi(let codes)?) where !codes.isEmpty:
                // A set, so a code listed twice by mistake still counts once for this respondent.
                for code in Set(codes) { counts[code, default: 0] += 1 }
                answered = true
            case (.integer, .integer(let value)?):
                integers.append(value); answered = true
            case (.text, .text(let text)?) where !text.isEmpty:
                answered = true
            default:
                break
            }
            if answered { n += 1 } else { noAnswer += 1 }
        }
        let options = question.options.map { option in
            let count = counts[option.code] ?? 0
            return OptionCount(code: option.code, label: option.label, count: count,
                               share: fraction(count, of: n))
        }
        let stats = question.type == .integer
            ? IntegerStats(values: integers, bands: BandRule.bands(for: question.range))
            : nil
        return QuestionTable(questionID: question.id, label: question.label, type: question.type,
                             category: question.category, condition: question.condition,
                             n: n, noAnswer: noAnswer, options: options, integerStats: stats)
    }
}
