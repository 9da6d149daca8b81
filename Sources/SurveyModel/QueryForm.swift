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
    /// the filter range so that sorting with ▼ moves them with their row.
    public enum Column: Int, CaseIterable, Sendable {
        case code, name, form, coordinatorNumber, questionNumber, question, sheet, cell, value, severity, message
        case previousReply
        case action, correctedValue, note, repliedBy, repliedOn
        case queryID, respondentKey, questionID, ruleID

        /// Header text; the hidden keys' headers are ids a returned workbook is read by.
        public var header: String {
            switch self {
            case .code: "団体コード"
            case .name: "団体名"
            case .form: "調査票"
            case .coordinatorNumber: "コーディネーター番号"
            case .questionNumber: "問番号"
            case .question: "設問"
            case .sheet: "シート"
            case .cell: "セル"
            case .value: "記入値"
            case .severity: "重要度"
            case .message: "内容（確認していただきたいこと）"
            case .previousReply: "前回の回答（反映しなかった理由）"
            case .action: "対応"
            case .correctedValue: "修正後の値"
            case .note: "備考"
            case .repliedBy: "回答者"
            case .repliedOn: "回答日"
            case .queryID: "query_id"
            case .respondentKey: "respondent"
            case .questionID: "question_id"
            case .ruleID: "rule_id"
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
