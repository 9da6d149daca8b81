/// How a 疑義照会票 (query workbook) is laid out and marks itself, so that a returned one is
/// recognised and each reply row tied to the exact issue it answers. ReportKit writes it,
/// Ingest reads it back: both ask this one type (like `Anchor` for the survey's forms).
public enum QueryForm {
    /// Hidden sheet saying which survey, prefecture and run the workbook was made for.
    public static let metaSheetName = "_renkei_query"
    /// Text in A1 of the meta sheet: finds it even if the sheet was renamed.
    public static let metaMarker = "renkei:query"
    /// The sheet of queries, one row per open issue.
    public static let sheetName = "疑義照会"
    /// The folder of the run the query workbooks are written in: `疑義照会/13_東京都.xlsx`.
    public static let folder = "疑義照会"

    /// Rows of the meta sheet: key in column A, value in column B.
    public enum MetaKey: String, CaseIterable, Sendable {
        case codebookID = "codebook_id"
        case codebookVersion = "codebook_version"
        /// 2-digit prefecture code.
        case prefecture
        /// The run (data fingerprint) the queries were raised in.
        case run
        /// The workbook's id in the run's record (which prefecture it was sent to); a hint, checked there.
        case workbook
    }

    /// The columns of the query sheet, in order. Those after `repliedOn` are hidden keys, inside
    /// the filter range so that sorting with ▼ moves them with their row. Every visible column is
    /// a glossary `Term`: the same word as in every other sheet.
    public enum Column: Int, CaseIterable, Sendable {
        case code, name, form, questionNumber, question, options, cell, value, severity, message
        case previousReply
        case action, correctedValue, note, repliedBy, repliedOn
        case queryID, respondentKey, questionID, ruleID

        /// The glossary term of a visible column; nil for the hidden keys.
        public var term: Term? {
            switch self {
            case .code: .code
            case .name: .body
            case .form: .form
            case .questionNumber: .questionNumber
            case .question: .question
            case .options: .options
            case .cell: .cell
            case .value: .written
            case .severity: .severity
            case .message: .issue
            case .previousReply: .unappliedReply
            case .action: .action
            case .correctedValue: .correctedValue
            case .note: .note
            case .repliedBy: .replier
            case .repliedOn: .repliedOn
            case .queryID, .respondentKey, .questionID, .ruleID: nil
            }
        }

        /// Header text; the hidden keys' headers are ids a returned workbook is read by.
        public var header: String {
            switch self {
            case .queryID: "query_id"
            case .respondentKey: "respondent"
            case .questionID: "question_id"
            case .ruleID: "rule_id"
            default: term?.rawValue ?? ""
            }
        }

        /// The column a header cell names: its term (however its line breaks fall) or a name
        /// an earlier night's workbook used (回答者 and 回答日 for 記入者 and 記入日).
        public init?(header text: String) {
            let flat = text.filter { !$0.isNewline }.trimmingCharacters(in: .whitespaces)
            guard let c = Column.allCases.first(where: { $0.header == flat || $0.earlierHeaders.contains(flat) }) else { return nil }
            self = c
        }

        /// What workbooks sent before the glossary called the column (they may still come back).
        var earlierHeaders: [String] {
            switch self {
            case .name: ["団体名"]
            case .message: ["内容（確認していただきたいこと）"]
            case .previousReply: ["前回の回答（反映しなかった理由）"]
            case .repliedBy: ["回答者"]
            case .repliedOn: ["回答日"]
            default: []
            }
        }

        /// Columns the respondent fills in (unlocked on the protected sheet).
        public var isReply: Bool { (Column.action.rawValue...Column.repliedOn.rawValue).contains(rawValue) }
        public var isHiddenKey: Bool { rawValue > Column.repliedOn.rawValue }
    }

    /// 0-based row of the header; queries start on the next row.
    public static let headerRow = 3

    /// 対応: what the respondent says about one query.
    public enum Action: String, CaseIterable, Sendable {
        /// 修正する + 修正後の値: the value replaces the answer.
        case correct = "修正する"
        /// The value is right as written: the issue is closed as 確認済み.
        case confirm = "このままで正しい"
        /// Anything else: the issue stays open.
        case other = "その他"
    }
}
