import SurveyModel

/// Every tabulated question of one form over one group of respondents (nation, a prefecture,
/// a municipality kind), in form order.
public struct FormTables: Sendable, Equatable {
    public var form: FormID
    /// 市町村票, … — the form's title, for headings.
    public var title: String
    /// Accepted responses of this form in the group: the base before any n.
    public var respondents: Int
    public var tables: [QuestionTable]

    public init(form: FormID, title: String, respondents: Int, tables: [QuestionTable]) {
        self.form = form; self.title = title; self.respondents = respondents; self.tables = tables
    }

    /// The table of one question, by id (nil if the question is not tabulated).
    public func table(_ questionID: String) -> QuestionTable? {
        tables.first { $0.questionID == questionID }
    }
}

/// Counting entry points over one form.
public enum Tabulator {
    /// Tables of every tabulated question of `form`. Responses of other forms are ignored,
    /// so callers may pass everything accepted.
    public static func tabulate(_ form: Form, responses: [Response]) -> FormTables {
        let grid = AnswerGrid(form: form, responses: responses)
        return grid.tables(rows: grid.allRows)
    }

    /// Tables of `form` for each group `key` puts a response in; responses with a nil key are
    /// left out. Groups with no responses are absent: callers that need every group as a row
    /// (all 47 prefectures) look keys up and fall back to `tabulate(form, responses: [])`.
    public static func byGroup<Key: Hashable>(_ form: Form, responses: [Response],
                                              key: (Response) -> Key?) -> [Key: FormTables] {
        let grid = AnswerGrid(form: form, responses: responses)
        return grid.rows(by: key).mapValues { grid.tables(rows: $0) }
    }
}
