import SurveyModel

/// One problem found in a returned form (疑義): what the contractor sends back to a respondent.
/// Shaped like a frictionless validation report row: where, what rule, what was written, what to do.
public struct Issue: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        /// The answer (or the file) could not be used as written.
        case error
        /// Used as written or as 無回答, but worth asking the respondent about.
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }

        /// 日本語 name a reader sees.
        public var label: String { self == .error ? "エラー" : "警告" }
    }

    /// Stable rule ids: they key filters, counts and tests, so never rename one.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        case type, range, unknownOption = "unknown-option", required, notAsked = "not-asked"
        case exclusive, sum, textLength = "text-length", email, phone
        case anchorMissing = "anchor-missing", nameMismatch = "name-mismatch"
        case unknownCode = "unknown-code", checkDigit = "check-digit", codeMismatch = "code-mismatch"
        case coordinatorNumber = "coordinator-number"
        case coordinatorCount = "coordinator-count"
        case duplicateCoordinatorNumber = "duplicate-coordinator-number"
        case invalidMark = "invalid-mark"

        /// 日本語 name a reader sees (疑義件数 column headers, 疑義一覧); the id stays in CSV.
        public var label: String {
            switch self {
            case .type: "型の誤り"
            case .range: "範囲外の数値"
            case .unknownOption: "選択肢にない回答"
            case .required: "必須の設問が未回答"
            case .notAsked: "対象外の設問への回答"
            case .exclusive: "排他的な選択肢との重複"
            case .sum: "内訳と合計の不一致"
            case .textLength: "文字数の超過"
            case .email: "メールアドレスの形式"
            case .phone: "電話番号の形式"
            case .anchorMissing: "回答欄が見つからない"
            case .nameMismatch: "団体名の不一致"
            case .unknownCode: "不明な団体コード"
            case .checkDigit: "団体コードの検査数字"
            case .codeMismatch: "団体コードの不一致"
            case .coordinatorNumber: "コーディネーター番号の誤り"
            case .coordinatorCount: "配置人数と票数の不一致"
            case .duplicateCoordinatorNumber: "コーディネーター番号の重複"
            case .invalidMark: "○以外の記入"
            }
        }
    }

    public var severity: Severity
    public var rule: Rule
    public var respondent: Respondent?
    public var input: InputID
    public var sheet: String?
    /// A1 reference of the cell, e.g. `D12`.
    public var cell: String?
    public var question: String?
    public var questionLabel: String?
    /// The value exactly as the respondent wrote it (before normalization).
    public var value: String?
    /// 日本語: what is wrong and what to write instead.
    public var message: String

    public init(_ severity: Severity, _ rule: Rule, input: InputID, respondent: Respondent? = nil,
                sheet: String? = nil, cell: String? = nil, question: String? = nil,
                questionLabel: String? = nil, value: String? = nil, message: String) {
        self.severity = severity; self.rule = rule; self.respondent = respondent; self.input = input
        self.sheet = sheet; self.cell = cell; self.question = question
        self.questionLabel = questionLabel; self.value = value; self.message = message
    }
}

extension Issue {
    /// Builds an issue about an extracted cell, taking location and the written value from it.
    init(_ severity: Severity, _ rule: Rule, at cell: ExtractedCell?, question: Question,
         context: FileContext, message: String) {
        self.init(severity, rule, input: context.input, respondent: context.respondent,
                  sheet: cell?.sheet, cell: cell?.ref, question: question.id,
                  questionLabel: question.label, value: cell?.raw?.written, message: message)
    }
}

/// Where the issues of one file belong: passed down through the pure stages.
struct FileContext: Sendable {
    var input: InputID
    var respondent: Respondent?
}
