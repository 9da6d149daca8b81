import SurveyModel

/// Where everything of one form goes on its answer sheet (回答), computed before any cell is written,
/// so the writer, the tests and Simulate agree on every anchor's cell.
///
/// Columns: A hidden anchor keys · B 問番号 · C 設問 / 選択肢 · D 回答 (input) · E 備考.
/// Rows: 0 title, 1 respondent, 2 guidance, 3 column header (frozen, repeated on print), then the body.
public struct FormLayout: Sendable {
    public static let idColumn = 0
    public static let numberColumn = 1
    public static let labelColumn = 2
    public static let answerColumn = 3
    public static let noteColumn = 4
    public static let headerRow = 3
    public static let firstBodyRow = 4

    /// One answer cell: the input of a single/integer/text question, or the ○ cell of one option.
    public struct Input: Sendable, Equatable {
        public var question: Question
        public var option: Option?
        /// Key in the hidden id column (`M1`, `M1_1#3`).
        public var key: String { Anchor.columnKey(question: question.id, option: option?.code) }
        /// Workbook defined name (`RK_M1`, `RK_M1_1_O3`).
        public var definedName: String {
            option.map { Anchor.definedName(question: question.id, option: $0.code) }
                ?? Anchor.definedName(question: question.id)
        }
    }

    public struct Row: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case section
            /// A question's own row (its input sits here unless it is multi-choice).
            case question
            /// One option of a multi-choice question.
            case option
            /// A blank row a respondent inserted (perturbation).
            case inserted
        }
        public var kind: Kind
        /// 0-based sheet row.
        public var row: Int
        public var number: String
        public var label: String
        public var note: String
        public var input: Input?
    }

    public let form: Form
    public let rows: [Row]

    /// Lays out `form`; `insertingRows` adds blank rows just above a question, as a respondent
    /// who needed space for a remark would (every anchor below moves down).
    public init(form: Form, insertingRows insertion: RowInsertion? = nil) {
        self.form = form
        var rows: [Row] = []
        var r = Self.firstBodyRow
        func add(_ kind: Row.Kind, _ number: String, _ label: String, _ note: String, _ input: Input?) {
            rows.append(Row(kind: kind, row: r, number: number, label: label, note: note, input: input)); r += 1
        }
        for section in form.sections {
            if insertion?.beforeQuestion == section.id { Self.insert(insertion!, into: &rows, at: &r) }
            add(.section, "", section.title, "", nil)
            for q in section.questions {
                if insertion?.beforeQuestion == q.id { Self.insert(insertion!, into: &rows, at: &r) }
                let note = Self.note(for: q, in: form)
                let number = q.isTabulated ? q.number : ""
                // The kind says which cells the question has: its own row's, or one row per option.
                add(.question, number, q.label, note, nil)
                for code in q.kind.cells(of: q) {
                    guard let code else { rows[rows.count - 1].input = Input(question: q, option: nil); continue }
                    guard let o = q.option(code: code) else { continue }
                    add(.option, "", "\(o.code). \(o.label)", q.kind.optionNote(o), Input(question: q, option: o))
                }
            }
        }
        self.rows = rows
    }

    private static func insert(_ insertion: RowInsertion, into rows: inout [Row], at r: inout Int) {
        for i in 0..<max(0, insertion.count) {
            rows.append(Row(kind: .inserted, row: r, number: "", label: i == 0 ? insertion.text : "", note: "", input: nil))
            r += 1
        }
    }

    /// Every answer cell in form order.
    public var inputs: [(input: Input, row: Int)] {
        rows.compactMap { row in row.input.map { ($0, row.row) } }
    }

    /// The sheet row of an anchor key, e.g. `M2` → 17.
    public func row(ofKey key: String) -> Int? { rows.first { $0.input?.key == key }?.row }

    public var lastRow: Int { rows.last?.row ?? Self.firstBodyRow }

    /// 備考: when the question is asked, what to write, limits.
    static func note(for q: Question, in form: Form) -> String {
        var parts: [String] = []
        if let c = q.condition { parts.append(conditionText(c, in: form)) }
        parts += q.kind.formNote(q)
        // Parts of a sum are named by 問番号, as printed beside them.
        if let sum = q.sumOf, !sum.isEmpty {
            parts.append(sum.map { form.question($0)?.shortName ?? $0 }.joined(separator: "＋") + "の合計")
        }
        if let n = q.note, !n.isEmpty { parts.append(n) }
        if !q.required && !q.prefilled { parts.append("任意") }
        return parts.joined(separator: "\n")
    }

    /// 「問2で『設置している』と回答した場合のみ」 — read from the codebook, never hand-written;
    /// the question is named by its 問番号, as printed beside it.
    public static func conditionText(_ c: Condition, in form: Form) -> String {
        let guardQ = form.question(c.question)
        let label = guardQ?.option(code: c.option)?.label ?? "選択肢\(c.option)"
        let name = guardQ?.shortName ?? c.question
        switch c.op {
        case .equals: return "\(name)で「\(label)」と回答した場合のみ"
        case .notEquals: return "\(name)で「\(label)」以外を回答した場合のみ"
        case .includes: return "\(name)で「\(label)」に○をつけた場合のみ"
        }
    }
}

/// Blank rows a respondent inserted above a question (or a section heading, by section id).
public struct RowInsertion: Sendable, Equatable, Hashable {
    public var beforeQuestion: String
    public var count: Int
    /// What they typed into the first inserted row, e.g. 「※補足：…」.
    public var text: String
    public init(beforeQuestion: String, count: Int, text: String = "") {
        self.beforeQuestion = beforeQuestion; self.count = count; self.text = text
    }
}
