import Foundation
import SurveyModel

/// 受付台帳: what became of every input. Each ends in exactly one state (the reports show it too).
public enum LedgerState: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
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

/// One row of the ledger (台帳): an input, what it was, what became of it and why. The one shape
/// of a ledger row: Ingest makes it, the reports show it (ledger.csv, 回収状況), run.json records
/// it (`inputs`) and the shrink guard, `--previous` and the tests read it back through it.
public struct LedgerEntry: Sendable, Hashable, Codable {
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

    // As run.json's `inputs` hold it: flat, snake_case, the respondent as its key (`MUNI:131016`),
    // times as ISO 8601. `reason`, the times and `superseded_by` as {path, member} are new in run.json
    // schema 3; a record before it (no reason, superseded_by as `a.zip!b.xlsx`) still reads.
    enum CodingKeys: String, CodingKey {
        case path, member, size, sha256, state, reason, respondent, errors, warnings
        case reasonCode = "reason_code", supersededBy = "superseded_by"
        case fileModified = "file_modified", workbookModified = "workbook_modified"
    }

    private enum InputKeys: String, CodingKey { case path, member }

    /// Milliseconds, in UTC: the same instant whatever zone the run was in.
    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        input = InputID(path: try c.decode(String.self, forKey: .path), member: try c.decodeIfPresent(String.self, forKey: .member))
        state = try c.decode(LedgerState.self, forKey: .state)
        reason = Reason(try c.decode(String.self, forKey: .reasonCode), try c.decodeIfPresent(String.self, forKey: .reason) ?? "")
        size = try c.decode(Int.self, forKey: .size)
        sha256 = try c.decodeIfPresent(String.self, forKey: .sha256)
        errors = try c.decode(Int.self, forKey: .errors)
        warnings = try c.decode(Int.self, forKey: .warnings)
        func time(_ key: CodingKeys) throws -> Date? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let date = try? Self.timeFormat.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an ISO 8601 time: \(text)")
            }
            return date
        }
        fileModified = try time(.fileModified)
        workbookModified = try time(.workbookModified)
        if let key = try c.decodeIfPresent(String.self, forKey: .respondent) {
            guard let who = Respondent(key: key) else {
                throw DecodingError.dataCorruptedError(forKey: .respondent, in: c, debugDescription: "not a respondent key: \(key)")
            }
            respondent = who
        }
        if let old = try? c.decodeIfPresent(String.self, forKey: .supersededBy) {
            supersededBy = InputID(recorded: old)
        } else if c.contains(.supersededBy), try !c.decodeNil(forKey: .supersededBy) {
            let by = try c.nestedContainer(keyedBy: InputKeys.self, forKey: .supersededBy)
            supersededBy = InputID(path: try by.decode(String.self, forKey: .path), member: try by.decodeIfPresent(String.self, forKey: .member))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(input.path, forKey: .path)
        try c.encodeIfPresent(input.member, forKey: .member)
        try c.encode(state, forKey: .state)
        try c.encode(reason.code, forKey: .reasonCode)
        try c.encode(reason.message, forKey: .reason)
        try c.encode(size, forKey: .size)
        try c.encodeIfPresent(sha256, forKey: .sha256)
        try c.encode(errors, forKey: .errors)
        try c.encode(warnings, forKey: .warnings)
        try c.encodeIfPresent(fileModified.map(Self.timeFormat.format), forKey: .fileModified)
        try c.encodeIfPresent(workbookModified.map(Self.timeFormat.format), forKey: .workbookModified)
        try c.encodeIfPresent(respondent?.description, forKey: .respondent)
        if let by = supersededBy {
            var n = c.nestedContainer(keyedBy: InputKeys.self, forKey: .supersededBy)
            try n.encode(by.path, forKey: .path)
            try n.encodeIfPresent(by.member, forKey: .member)
        }
    }
}

extension InputID {
    /// An input as run.json before schema 3 recorded it (its `description`): a member only ever
    /// follows a `.zip` bundle's path, so a `!` elsewhere is part of the file's name.
    init(recorded text: String) {
        var at = text.startIndex
        while let bang = text[at...].firstIndex(of: "!") {
            if text[..<bang].lowercased().hasSuffix(".zip") {
                self.init(path: String(text[..<bang]), member: String(text[text.index(after: bang)...]))
                return
            }
            at = text.index(after: bang)
        }
        self.init(path: text)
    }
}

/// Counts by state; `balanced` is the program's own check that no input was lost or doubled.
public struct LedgerSummary: Sendable, Equatable {
    public var inputs: Int
    public var byState: [LedgerState: Int]

    public init(_ ledger: [LedgerEntry]) {
        inputs = Set(ledger.map(\.input)).count
        // Counted, not grouped: grouping copied every row (35,000 at 10× the nation).
        var counts = [LedgerState: Int]()
        for e in ledger { counts[e.state, default: 0] += 1 }
        byState = counts
    }

    public func count(_ s: LedgerState) -> Int { byState[s] ?? 0 }

    /// inputs = accepted + acceptedWithErrors + superseded + rejected + skipped.
    public var balanced: Bool { LedgerState.allCases.reduce(0) { $0 + count($1) } == inputs }
}

enum LedgerBuilder {
    /// Reason code of a reply (疑義照会票) or corrections file.
    static let replyReason = "query-reply"

    static func entry(_ p: Processed, issues: [Issue], supersededBy: InputID?, options: IngestOptions) -> LedgerEntry {
        let errors = issues.count { $0.severity == .error }
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
