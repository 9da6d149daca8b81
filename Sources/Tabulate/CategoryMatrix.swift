import SurveyModel

/// 場面・テーマ × 取組 matrix: for each category, how many municipalities linked initiatives to
/// it (M6_{cat} = ある) and which initiatives (M6_{cat}_1).
public struct CategoryMatrix: Sendable, Equatable {
    /// In the codebook's category order; a category with no such question pair has no row.
    public var rows: [CategoryRow]
    /// Column headings: the initiative options of the first row (all rows share them in R5).
    public var initiativeLabels: [String]

    public init(rows: [CategoryRow], initiativeLabels: [String]) {
        self.rows = rows; self.initiativeLabels = initiativeLabels
    }

    public func row(_ category: Category) -> CategoryRow? { rows.first { $0.category == category } }
}

public struct CategoryRow: Sendable, Equatable {
    public var category: Category
    /// The 有無 question (M6_daily) and its initiatives question (M6_daily_1).
    public var questionID: String
    public var initiativeQuestionID: String
    /// n of the 有無 question (answered ある or ない).
    public var n: Int
    public var noAnswer: Int
    /// Answered ある: the municipalities that linked initiatives to the category.
    public var withInitiative: Int
    /// n of the initiatives question (asked only where ある).
    public var initiativeN: Int
    public var initiativeNoAnswer: Int
    /// Count and share (of the initiatives question's n) per initiative option, in option order.
    public var initiatives: [OptionCount]

    public init(category: Category, questionID: String, initiativeQuestionID: String, n: Int,
                noAnswer: Int, withInitiative: Int, initiativeN: Int,
                initiativeNoAnswer: Int, initiatives: [OptionCount]) {
        self.category = category; self.questionID = questionID
        self.initiativeQuestionID = initiativeQuestionID; self.n = n; self.noAnswer = noAnswer
        self.withInitiative = withInitiative; self.initiativeN = initiativeN
        self.initiativeNoAnswer = initiativeNoAnswer; self.initiatives = initiatives
    }

    /// 取組あり of the 有無 question's n and 無回答: the share every output shows for the category.
    public var presence: Proportion { Proportion(withInitiative, valid: n, noAnswer: noAnswer) }
    /// Of the initiatives question (asked only where ある): the base of each initiative's share.
    public var initiativeBase: Proportion { Proportion(0, valid: initiativeN, noAnswer: initiativeNoAnswer) }
}

extension CategoryMatrix {
    /// The question pairs making up the matrix, found in the codebook rather than by id:
    /// for each category, the first single question tagged with it that a multi question is
    /// conditioned on with `=`; the condition's option is the "ある" answer. This skips the
    /// category-tagged single questions nothing hangs on (M4_{scene} 目標設定).
    public static func pairs(in form: Form) -> [(category: Category, presence: Question, initiatives: Question, yes: Int)] {
        let questions = form.questions.filter(\.isTabulated)
        let categories = Set(questions.compactMap(\.category)).sorted { $0.order < $1.order }
        return categories.compactMap { category in
            for presence in questions where presence.category == category && presence.kind.accepts(.equals) {
                if let multi = questions.first(where: {
                    $0.kind.accepts(.includes) && $0.condition?.question == presence.id && $0.condition?.op == .equals
                }), let yes = multi.condition?.option {
                    return (category, presence, multi, yes)
                }
            }
            return nil
        }
    }

    /// The matrix read off tables already counted for `form` (nation, a prefecture, a kind),
    /// so it always agrees with the 単純集計 of the same questions.
    public static func make(form: Form, tables: FormTables) -> CategoryMatrix {
        let rows: [CategoryRow] = pairs(in: form).compactMap { pair in
            guard let presence = tables.table(pair.presence.id),
                  let initiatives = tables.table(pair.initiatives.id) else { return nil }
            let yes = presence.option(code: pair.yes)
            return CategoryRow(category: pair.category, questionID: presence.questionID,
                               initiativeQuestionID: initiatives.questionID,
                               n: presence.n, noAnswer: presence.noAnswer,
                               withInitiative: yes?.count ?? 0,
                               initiativeN: initiatives.n, initiativeNoAnswer: initiatives.noAnswer,
                               initiatives: initiatives.options)
        }
        return CategoryMatrix(rows: rows, initiativeLabels: rows.first?.initiatives.map(\.label) ?? [])
    }
}
