import SurveyModel

/// One form's responses laid out as a column of cells per tabulated question, looked up once.
/// Every grouping (nation, 47 prefectures, 5 kinds) then counts by row index, without
/// hashing question ids again: the difference between one and three passes of look-ups.
struct AnswerGrid: Sendable {
    let form: Form
    let questions: [Question]
    /// Responses of this form, in input order; row i of every column.
    let responses: [Response]
    /// columns[q][i]: question q for response i.
    let columns: [[Cell]]

    init(form: Form, responses: [Response]) {
        self.form = form
        self.questions = form.questions.filter(\.isTabulated)
        let own = responses.filter { $0.respondent.form == form.id }
        self.responses = own
        self.columns = questions.map { q in own.map { Cell(q, $0) } }
    }

    var allRows: [Int] { Array(responses.indices) }

    /// Tables over the responses at `rows`.
    func tables(rows: [Int]) -> FormTables {
        var tables = [QuestionTable]()
        tables.reserveCapacity(questions.count)
        for (q, column) in zip(questions, columns) {
            tables.append(QuestionTable.make(q, column: column, rows: rows))
        }
        return FormTables(form: form.id, title: form.title, respondents: rows.count, tables: tables)
    }

    /// Row indices by group key, each in input order; rows with a nil key are left out.
    func rows<Key: Hashable>(by key: (Response) -> Key?) -> [Key: [Int]] {
        var groups = [Key: [Int]]()
        for (i, r) in responses.enumerated() {
            if let k = key(r) { groups[k, default: []].append(i) }
        }
        return groups
    }
}
