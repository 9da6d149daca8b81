import Foundation
import SurveyModel

/// 受付台帳: what became of every input. Each ends in exactly one state (the reports show it too).
public enum LedgerState: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Read; its answers are counted (it may carry warnings).
    case accepted
    /// Read; some answers were invalid and count as 無回答 (its error issues say which).
    case acceptedWithErrors
    /// A newer file for the same respondent replaced it.
    case superseded
    /// Not a readable survey form; the reason says what to do.
    case rejected
    /// Not a submission at all (lock files, OS litter).
    case skipped

    /// As printed in the ledger and status sheets.
    public var label: String {
        switch self {
        case .accepted: "受理"
        case .acceptedWithErrors: "受理（エラーあり）"
        case .superseded: "差替済"
        case .rejected: "不受理"
        case .skipped: "対象外"
        }
    }

    /// Counted in the tables.
    public var isAccepted: Bool { self == .accepted || self == .acceptedWithErrors }

    /// Declaration order.
    private var rank: Int {
        switch self {
        case .accepted: 0
        case .acceptedWithErrors: 1
        case .superseded: 2
        case .rejected: 3
        case .skipped: 4
        }
    }

    public static func < (a: LedgerState, b: LedgerState) -> Bool { a.rank < b.rank }
}

public struct LedgerEntry: Sendable, Hashable {
    public var input: InputID
    public var state: LedgerState
    public var reason: Reason
    public var size: Int
    public var fileModified: Date?
    /// docProps `modified` of the workbook, when it was read that far.
    public var workbookModified: Date?
    public var respondent: Respondent?
    public var supersededBy: InputID?
    public var errors: Int
    public var warnings: Int
    /// SHA-256 of the bytes read (nil for inputs never read: skipped litter, symlinks, unreadable).
    public var sha256: String? = nil

    public init(input: InputID, state: LedgerState, reason: Reason, size: Int = 0, fileModified: Date? = nil,
                workbookModified: Date? = nil, respondent: Respondent? = nil, supersededBy: InputID? = nil,
                errors: Int = 0, warnings: Int = 0, sha256: String? = nil) {
        self.input = input; self.state = state; self.reason = reason; self.size = size
        self.fileModified = fileModified; self.workbookModified = workbookModified; self.respondent = respondent
        self.supersededBy = supersededBy; self.errors = errors; self.warnings = warnings; self.sha256 = sha256
    }
}

/// Counts by state; `balanced` is the program's own check that no input was lost or doubled.
public struct LedgerSummary: Sendable, Equatable {
    public var inputs: Int
    public var byState: [LedgerState: Int]

    public init(_ ledger: [LedgerEntry]) {
        inputs = Set(ledger.map(\.input)).count
        byState = Dictionary(grouping: ledger, by: \.state).mapValues(\.count)
    }

    public func count(_ s: LedgerState) -> Int { byState[s] ?? 0 }

    /// inputs = accepted + acceptedWithErrors + superseded + rejected + skipped.
    public var balanced: Bool { LedgerState.allCases.reduce(0) { $0 + count($1) } == inputs }
}

enum LedgerBuilder {
    /// Reason code of a reply (疑義照会票) or corrections file.
    static let replyReason = "query-reply"

    static func entry(_ p: Processed, issues: [Issue], supersededBy: InputID?, options: IngestOptions) -> LedgerEntry {
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.count - errors
        var e = LedgerEntry(input: p.input, state: .rejected, reason: Reason("", ""), size: p.size,
                            fileModified: p.fileModified, workbookModified: p.workbookModified,
                            respondent: nil, supersededBy: nil, errors: errors, warnings: warnings, sha256: p.sha256)
        switch p.kind {
        case .skipped(let r): e.state = .skipped; e.reason = r
        case .rejected(let r): e.state = .rejected; e.reason = r
        case .reply(let r):
            // Worded with its counts once the replies are applied (`ApplyReplies`).
            e.state = .accepted; e.reason = Reason(Self.replyReason, "\(r.source.label)として受け付けました。")
        case .form(let f):
            e.respondent = f.respondent
            if let by = supersededBy {
                e.state = .superseded; e.supersededBy = by
                e.reason = Reason("superseded", "同じ回答者（\(options.master.display(f.respondent, codebook: options.codebook))）のより新しいファイル「\(by.fileName)」に置き換えられました。")
            } else if errors > 0 {
                e.state = .acceptedWithErrors
                e.reason = Reason("accepted-with-errors", "受け付けました。エラー\(errors)件の回答は無回答として集計します（確認\(warnings)件）。疑義照会で確認してください。")
            } else {
                e.state = .accepted
                e.reason = warnings > 0 ? Reason("accepted-with-warnings", "受け付けました（確認\(warnings)件）。")
                                        : Reason("accepted", "受け付けました。")
            }
        }
        return e
    }
}
