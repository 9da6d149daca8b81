/// How serious a problem found in a returned form (疑義) is.
public enum IssueSeverity: String, Sendable, Hashable, Comparable, CaseIterable {
    /// The answer (or the file) could not be used as written.
    case error
    /// Used as written or as 無回答, but worth asking the respondent about.
    case warning

    /// As printed in every report, CSV and query (エラー / 確認): never the raw value.
    public var label: String { self == .error ? "エラー" : "確認" }

    public static func < (a: IssueSeverity, b: IssueSeverity) -> Bool { a == .error && b == .warning }
}

/// Stable rule ids of issues: they key filters, counts and tests, so never rename one.
/// A struct, not an enum, so a question kind can bring its own rules without touching Ingest.
public struct IssueRule: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// As printed in every report, CSV and query; a rule a kind brings without a label shows 「その他の疑義」.
    public var label: String { Self.labels[rawValue] ?? "その他の疑義" }

    /// Japanese names of the rules, keyed by id (the print branch may reword them; the ids stay).
    static let labels: [String: String] = [
        "type": "形式の誤り", "range": "範囲外", "unknown-option": "選択肢にない回答", "required": "未回答",
        "not-asked": "回答不要の設問に記入", "exclusive": "同時に選べない選択肢", "sum": "合計と内訳の不一致",
        "text-length": "文字数超過", "email": "メールアドレスの形式", "phone": "電話番号の形式",
        "anchor-missing": "回答欄の欠落", "name-mismatch": "名称の不一致", "unknown-code": "団体コード不明",
        "check-digit": "団体コードの検査数字", "code-mismatch": "団体コードと送付先の不一致",
        "coordinator-number": "コーディネーター番号の誤り", "coordinator-count": "コーディネーター配置人数と提出数の不一致",
        "duplicate-coordinator-number": "コーディネーター番号の重複", "invalid-mark": "選択の印が読めない",
        "approximate": "概数", "reply-stale": "再照会", "correction-unknown": "照会回答の対象不明",
    ]

    public static let type = IssueRule(rawValue: "type")
    public static let range = IssueRule(rawValue: "range")
    public static let unknownOption = IssueRule(rawValue: "unknown-option")
    public static let required = IssueRule(rawValue: "required")
    public static let notAsked = IssueRule(rawValue: "not-asked")
    public static let exclusive = IssueRule(rawValue: "exclusive")
    public static let sum = IssueRule(rawValue: "sum")
    public static let textLength = IssueRule(rawValue: "text-length")
    public static let email = IssueRule(rawValue: "email")
    public static let phone = IssueRule(rawValue: "phone")
    public static let anchorMissing = IssueRule(rawValue: "anchor-missing")
    public static let nameMismatch = IssueRule(rawValue: "name-mismatch")
    public static let unknownCode = IssueRule(rawValue: "unknown-code")
    public static let checkDigit = IssueRule(rawValue: "check-digit")
    public static let codeMismatch = IssueRule(rawValue: "code-mismatch")
    public static let coordinatorNumber = IssueRule(rawValue: "coordinator-number")
    public static let coordinatorCount = IssueRule(rawValue: "coordinator-count")
    public static let duplicateCoordinatorNumber = IssueRule(rawValue: "duplicate-coordinator-number")
    public static let invalidMark = IssueRule(rawValue: "invalid-mark")
}
