/// How serious a problem found in a returned form (疑義) is.
public enum IssueSeverity: String, Sendable, Hashable, Comparable, CaseIterable {
    /// The answer (or the file) could not be used as written.
    case error
    /// Used as written or as 無回答, but worth asking the respondent about.
    case warning

    /// As printed in the 疑義一覧 and 疑義照会票: エラー, or 確認 (a warning asks the respondent to confirm).
    public var label: String { self == .error ? "エラー" : "確認" }

    public static func < (a: IssueSeverity, b: IssueSeverity) -> Bool { a == .error && b == .warning }
}

/// Stable rule ids of issues: they key filters, counts and tests, so never rename one.
/// A struct, not an enum, so a question kind can bring its own rules without touching Ingest.
public struct IssueRule: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    /// 日本語 name a reader sees (疑義件数 headers, 疑義一覧, 疑義照会票); the id stays in CSV headers.
    public let label: String

    /// A rule by id; an id renkei does not know (an older issues.csv) shows as it is.
    public init(rawValue: String) {
        self.rawValue = rawValue
        self.label = Self.known.first { $0.rawValue == rawValue }?.label ?? rawValue
    }

    public init(_ id: String, label: String) { self.rawValue = id; self.label = label }

    public var description: String { rawValue }
    public static func == (a: IssueRule, b: IssueRule) -> Bool { a.rawValue == b.rawValue }
    public func hash(into h: inout Hasher) { h.combine(rawValue) }

    public static let type = IssueRule("type", label: "型の誤り")
    public static let range = IssueRule("range", label: "範囲外の数値")
    public static let unknownOption = IssueRule("unknown-option", label: "選択肢にない回答")
    public static let required = IssueRule("required", label: "必須の設問が未回答")
    public static let notAsked = IssueRule("not-asked", label: "対象外の設問への回答")
    public static let exclusive = IssueRule("exclusive", label: "排他的な選択肢との重複")
    public static let sum = IssueRule("sum", label: "内訳と合計の不一致")
    public static let textLength = IssueRule("text-length", label: "文字数の超過")
    public static let email = IssueRule("email", label: "メールアドレスの形式")
    public static let phone = IssueRule("phone", label: "電話番号の形式")
    public static let anchorMissing = IssueRule("anchor-missing", label: "回答欄が見つからない")
    public static let nameMismatch = IssueRule("name-mismatch", label: "団体名の不一致")
    public static let unknownCode = IssueRule("unknown-code", label: "不明な団体コード")
    public static let checkDigit = IssueRule("check-digit", label: "団体コードの検査数字")
    public static let codeMismatch = IssueRule("code-mismatch", label: "団体コードの不一致")
    public static let coordinatorNumber = IssueRule("coordinator-number", label: "コーディネーター番号の誤り")
    public static let coordinatorCount = IssueRule("coordinator-count", label: "配置人数と票数の不一致")
    public static let duplicateCoordinatorNumber = IssueRule("duplicate-coordinator-number", label: "コーディネーター番号の重複")
    public static let invalidMark = IssueRule("invalid-mark", label: "○以外の記入")

    /// Every rule renkei raises, for reading ids back (issues.csv of an earlier run).
    public static let known: [IssueRule] = [
        .type, .range, .unknownOption, .required, .notAsked, .exclusive, .sum, .textLength, .email, .phone,
        .anchorMissing, .nameMismatch, .unknownCode, .checkDigit, .codeMismatch, .coordinatorNumber,
        .coordinatorCount, .duplicateCoordinatorNumber, .invalidMark, .approximate,
    ]
}
