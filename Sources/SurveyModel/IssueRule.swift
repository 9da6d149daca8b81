/// How serious a problem found in a returned form (疑義) is.
public enum IssueSeverity: String, Sendable, Hashable, Comparable, CaseIterable {
    /// The answer (or the file) could not be used as written.
    case error
    /// Used as written or as 無回答, but worth asking the respondent about.
    case warning

    /// As printed in the 疑義一覧.
    public var label: String { self == .error ? "エラー" : "警告" }

    public static func < (a: IssueSeverity, b: IssueSeverity) -> Bool { a == .error && b == .warning }
}

/// Stable rule ids of issues: they key filters, counts and tests, so never rename one.
/// A struct, not an enum, so a question kind can bring its own rules without touching Ingest.
public struct IssueRule: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

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
