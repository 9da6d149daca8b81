/// What a question kind (単一回答, 複数回答, 数値, 自由記述 …) means, in one place: its cells on
/// the form, how a written cell becomes an answer, what is invalid, how answers are counted,
/// shown and simulated. Forms, Ingest, Tabulate, ReportKit and Simulate ask the kind and never
/// branch on the question type themselves, so a new kind is one file here plus its line in
/// `QuestionKinds.all` (as swift-format keeps one rule per file behind one protocol).
public protocol QuestionKind: Sendable {
    /// `type:` in the codebook (`single`).
    var id: String { get }
    /// As printed after a question in report headings (単一回答).
    var name: String { get }

    // MARK: codebook

    /// Whether a `when:` condition with `op` may name a question of this kind.
    func accepts(_ op: Condition.Operator) -> Bool
    /// Answers are counts that can be parts of a `sum_of` total.
    var isCount: Bool { get }

    // MARK: the form

    /// The answer cells in form order: nil is the cell on the question's own row; an option
    /// code is the cell on that option's own row below the question.
    func cells(of q: Question) -> [Int?]
    /// 備考 beside the question: what to write, within which limits.
    func formNote(_ q: Question) -> [String]
    /// 備考 beside an option's own row.
    func optionNote(_ o: Option) -> String
    /// How an input cell looks and what Excel accepts in it.
    func input(_ q: Question, option: Option?) -> FormInput

    // MARK: a returned form

    /// Reads the written cells (`cell(nil)` the question's own, `cell(code)` an option's): the
    /// answer, or what is wrong with it. Per question of every file: no allocation unless needed.
    func read(_ q: Question, cell: (Int?) -> WrittenValue?) -> KindReading

    // MARK: counting

    /// Counts one answer; false when it is not a usable answer of this kind (counted as 無回答).
    func tally(_ answer: AnswerValue, into tally: inout AnswerTally) -> Bool
    /// The rows of the question's 単純集計 below n, before 無回答.
    func tableLines(_ q: Question) -> [TableLine]

    // MARK: showing

    /// How an answer reads in one cell: the option label(s), the number, the text.
    func display(_ answer: AnswerValue, _ q: Question) -> String
    /// An answer in an answer list (回答一覧): text, a number, or ○ per chosen option column.
    func listed(_ answer: AnswerValue, _ q: Question) -> ListedAnswer
    /// The answer list's column(s) for the question.
    func listColumn(_ q: Question) -> ListColumn
    /// The answer in the answers CSV: its code(s) and its value as text.
    func csv(_ answer: AnswerValue, _ q: Question) -> (code: String, value: String)
    /// An answer read back from a previous year's answers CSV: `codes` its option labels already
    /// matched to this year's codes, `value` its text; nil when nothing usable remains.
    func answer(previousCodes codes: [Int], value: String, _ q: Question) -> AnswerValue?
    /// The answer in the respondent-level (wide) export: one field per column of `wideColumns`.
    func wide(_ answer: AnswerValue?, _ q: Question) -> [WideField]
    /// The wide export's columns for the question (id suffix and Japanese heading suffix).
    func wideColumns(_ q: Question) -> [WideColumn]

    // MARK: simulating

    /// A plausible true answer (nil: left blank, as optional free text often is).
    func plausibleAnswer(_ q: Question, rng: inout SplitMix64) -> AnswerValue?
    /// The cells a respondent types for `answer`, written plainly.
    func typed(_ answer: AnswerValue, _ q: Question) -> [TypedCell]
    /// Realistic ways of writing `answer` wrongly or oddly, in the order they are tried.
    func faults(_ answer: AnswerValue, _ q: Question) -> [KindFault]
}

/// The kinds, in one list: the codebook's `type:` names one of these.
public enum QuestionKinds {
    static let all: [any CodebookKind] = [SingleChoiceKind(), MultiChoiceKind(), IntegerKind(), TextKind(), ScaleKind()]

    /// Index in `all` of `type:` `id`.
    static func index(of id: String) -> Int? { all.firstIndex { $0.id == id } }

    /// The `type:` names the codebook accepts, in list order.
    public static var ids: [String] { all.map(\.id) }

    /// Every key some kind reads (`options`, `range` …), each once, in list order.
    static let kindKeys: [String] = all.flatMap(\.codebookKeys).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
}

extension [String] {
    /// `single、multi、scale のいずれか` (or the one name alone), for messages naming what may be written.
    var joinedAsAlternatives: String {
        count < 2 ? joined() : joined(separator: "、") + " のいずれか"
    }
}

/// Lines of `exportYAML` shared by the kinds that list options.
enum CodebookExportLines {
    static func options(_ options: [Option]) -> [String] {
        guard !options.isEmpty else { return [] }
        return ["options:"] + options.map { o in
            var parts = ["label: \(CodebookExportLines.quoted(o.label))"]
            if o.exclusive { parts.append("exclusive: true") }
            if let c = o.category { parts.append("category: \(c.id)") }
            return "  - {\(parts.joined(separator: ", "))}"
        }
    }

    /// Double-quoted YAML scalar: safe for any label (colons, #, leading digits, yes/no).
    static func quoted(_ s: String) -> String {
        var r = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\t": r += "\\t"
            default: r.unicodeScalars.append(c)
            }
        }
        return r + "\""
    }
}

/// How a kind reads the codebook: the keys it takes besides the common ones, and how it writes
/// them back. Internal, because the codebook's YAML is SurveyModel's business alone.
protocol CodebookKind: QuestionKind {
    /// Keys of a question only this kind (or a few) may carry, e.g. `range`, `options`.
    var codebookKeys: [String] { get }
    /// Reads the kind's keys into `q`, with the loader's checks (file, line, what to write).
    func read(_ f: YAMLFields, into q: inout Question, loader: CodebookLoader) throws(CodebookError)
    /// The kind's keys written back in `exportYAML` form (one `key: value` per line).
    func export(_ q: Question) -> [String]
}

extension CodebookKind {
    func export(_ q: Question) -> [String] { [] }
}

/// What a written answer turned out to be.
public enum KindReading: Sendable, Equatable {
    /// Nothing written (counted as 無回答; `required` may warn).
    case blank
    /// A usable answer, found at cell `at` (nil: the question's own; a code: that option's),
    /// with a remark worth confirming (概数) when there is one.
    case value(AnswerValue, at: Int?, note: KindFinding? = nil)
    /// Not usable as written: every problem, each at its cell.
    case invalid([KindFinding])
}

/// One problem with an answer, as a kind words it; Ingest adds the file, respondent and cell.
public struct KindFinding: Sendable, Equatable {
    public var severity: IssueSeverity
    public var rule: IssueRule
    /// The cell: nil the question's own, a code that option's.
    public var option: Int?
    /// 日本語: what is wrong and what to write instead.
    public var message: String

    public init(_ severity: IssueSeverity, _ rule: IssueRule, option: Int? = nil, _ message: String) {
        self.severity = severity; self.rule = rule; self.option = option; self.message = message
    }
}

/// How an input cell looks on the form and what Excel accepts in it (layout data for Forms).
public struct FormInput: Sendable, Equatable {
    public enum Look: Sendable, Equatable {
        /// A dropdown cell.
        case choice
        /// A number cell, right-aligned.
        case number
        /// A ○ cell, centred.
        case mark
        /// A plain text cell.
        case text
        /// A wide, tall box across 回答 and 備考 (free text).
        case textBox
    }
    public enum Accepts: Sendable, Equatable {
        /// One of these labels (a dropdown).
        case list([String])
        case wholeNumber(ClosedRange<Int>)
        case textLength(min: Int?, max: Int)
    }
    public var look: Look
    /// nil: Excel accepts anything.
    public var accepts: Accepts?
    public var title: String
    public var message: String
    public var errorTitle: String?
    public var errorMessage: String?

    public init(look: Look, accepts: Accepts?, title: String = "", message: String = "",
                errorTitle: String? = nil, errorMessage: String? = nil) {
        self.look = look; self.accepts = accepts; self.title = title; self.message = message
        self.errorTitle = errorTitle; self.errorMessage = errorMessage
    }

    /// A dropdown of the question's options (single choice, scale).
    static func dropdown(_ q: Question) -> FormInput {
        FormInput(look: .choice, accepts: .list(q.options.map(\.label)), title: promptTitle(q), message: "▼から1つ選択してください。",
                  errorTitle: "入力エラー", errorMessage: "一覧から選択してください。")
    }

    /// The title of Excel's input prompt: the 問番号 a respondent sees, never the id (Excel allows 32 characters).
    static func promptTitle(_ q: Question) -> String { String((q.number.isEmpty ? q.label : q.number).prefix(32)) }
}

/// Counts of one question being made: per option code, and the numbers given.
public struct AnswerTally: Sendable {
    /// Index = option code (codes are 1…n: an array is far cheaper than a dictionary per count).
    public private(set) var optionCounts: [Int]
    public private(set) var numbers: [Int] = []

    public init(maxCode: Int) { optionCounts = [Int](repeating: 0, count: max(0, maxCode) + 1) }

    public mutating func count(option code: Int) {
        if code >= 0 && code < optionCounts.count { optionCounts[code] += 1 }
    }

    public mutating func add(number n: Int) { numbers.append(n) }

    public func count(of code: Int) -> Int { code >= 0 && code < optionCounts.count ? optionCounts[code] : 0 }
}

/// One row of a question's 単純集計.
public enum TableLine: Sendable, Equatable {
    /// An option's count and share of n.
    case option(Option)
    case sum, mean, median, minimum, maximum
    /// The distribution over the range's bands (one row each).
    case bands
}

/// An answer's cell(s) in an answer list.
public enum ListedAnswer: Sendable, Equatable {
    case text(String)
    case number(Int)
    /// ○ in the columns of these option codes.
    case marks([Int])
}

/// The answer list column(s) of a question.
public enum ListColumn: Sendable, Equatable {
    /// One narrow ○ column per option.
    case perOption
    /// One column with a sub-heading (選択肢, 数値) and a width.
    case one(heading: String, width: Width)

    public enum Width: Sendable, Equatable {
        case fixed(Double)
        /// Wide enough for the longest option label.
        case options
        /// As wide as the answers written in it need (free text), within the sheet's maximum.
        case answers
    }

    /// Whether the column widens to fit what respondents wrote.
    public var growsWithAnswers: Bool { self == .one(heading: "", width: .answers) }
}

/// A cell a respondent types.
public struct TypedCell: Sendable, Equatable {
    /// nil the question's own cell, a code that option's.
    public var option: Int?
    public var value: WrittenValue
    public init(option: Int? = nil, _ value: WrittenValue) { self.option = option; self.value = value }
}

/// A realistic fault of a kind: how it is written and what Ingest must make of it.
public struct KindFault: Sendable {
    /// The answer key's name for it, also the key of its rate (`full-width-digits`).
    public var name: String
    /// The issue Ingest must raise; nil: read silently.
    public var rule: IssueRule?
    /// error: the answer is dropped (無回答); warning: kept and asked about.
    public var severity: IssueSeverity
    /// The option the fault is about, if one.
    public var option: Int?
    /// Draws the faulty writing.
    public var write: @Sendable (inout SplitMix64) -> FaultyAnswer

    public init(_ name: String, rule: IssueRule? = nil, severity: IssueSeverity = .warning, option: Int? = nil,
                write: @escaping @Sendable (inout SplitMix64) -> FaultyAnswer) {
        self.name = name; self.rule = rule; self.severity = severity; self.option = option; self.write = write
    }
}

/// An answer written with a fault.
public struct FaultyAnswer: Sendable {
    /// Every cell of the question as typed.
    public var cells: [TypedCell]
    /// The answer as it now stands (the typed value, e.g. 120 for an out-of-range fault).
    public var value: AnswerValue
    /// What was typed, for the answer key (nil: not about one written value).
    public var written: String?

    public init(cells: [TypedCell], value: AnswerValue, written: String? = nil) {
        self.cells = cells; self.value = value; self.written = written
    }
}

extension Question {
    /// What this question's type means (one of `QuestionKinds.all`).
    public var kind: any QuestionKind { type.kind }
}

/// One column of the respondent-level export: `id` is appended to the question id (`""`, `.3`,
/// `.label`), `heading` to its printed name (`：訪問診療`, `（選択肢名）`).
public struct WideColumn: Sendable, Equatable {
    public var id: String
    public var heading: String
    public init(id: String, heading: String) { self.id = id; self.heading = heading }
}

/// One field of the wide export: a number (0/1, a count, a code, a point) or text.
public enum WideField: Sendable, Equatable {
    case number(Int)
    case text(String)
    case empty
}
