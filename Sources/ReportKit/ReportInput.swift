import Foundation
import Ingest
import SurveyModel
import Tabulate

/// Everything the reports are made from. ReportKit never parses: it lays out what Ingest
/// accepted and found, counted by Tabulate.
///
/// The ledger and issues are held as ReportKit's own plain rows (`FileRecord`, `IssueRecord`)
/// so the layouts do not change when Ingest's internal types do; `init(…ingest:…)` adapts.
public struct ReportInput: Sendable {
    public var codebook: Codebook
    /// The 47 prefectures in code order.
    public var prefectures: [Prefecture]
    /// The municipalities of the master list (1,741 in R5).
    public var municipalities: [Municipality]
    /// Accepted responses of every form.
    public var responses: [Response]
    /// One row per inbox input (台帳).
    public var files: [FileRecord]
    /// 疑義: every issue found, of every respondent.
    public var issues: [IssueRecord]
    /// 集計基準日時 as shown on the covers, e.g. `2023-09-20 17:00`: passed in, never the clock.
    public var asOf: String
    public var runID: String
    /// The counts every sheet shows, made once (by Tabulate) from `responses`.
    public var tabulation: Tabulation

    /// `tabulation` nil counts the responses here; pass one already made to avoid counting twice.
    public init(codebook: Codebook, prefectures: [Prefecture], municipalities: [Municipality],
                responses: [Response], files: [FileRecord], issues: [IssueRecord],
                asOf: String, runID: String, tabulation: Tabulation? = nil) {
        self.codebook = codebook
        self.prefectures = prefectures.sorted { $0.prefCode < $1.prefCode }
        self.municipalities = municipalities.sorted { $0.code < $1.code }
        self.responses = responses.sorted { $0.respondent < $1.respondent }
        self.files = files.sorted { ($0.file, $0.state) < ($1.file, $1.state) }
        self.issues = IssueRecord.inReportOrder(issues)
        self.asOf = asOf; self.runID = runID
        self.tabulation = tabulation ?? Tabulation.make(
            codebook: codebook, responses: self.responses,
            prefectures: self.prefectures, municipalities: self.municipalities)
    }
}

/// What became of one inbox input (台帳の状態).
public enum FileState: String, Sendable, CaseIterable, Comparable {
    /// 受理: its answers are counted.
    case accepted
    /// 受理（エラーあり）: counted, but some answers were invalid and count as 無回答.
    case acceptedWithErrors
    /// 差替済: a later file of the same respondent replaced it.
    case superseded
    /// 不受理: could not be used (legacy .xls, password, not our form …).
    case rejected
    /// 対象外: not a survey file at all (lock files, images in a bundle …).
    case skipped

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

    public static func < (a: FileState, b: FileState) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One row of the ledger (台帳): an input file, what it was, what became of it and why.
public struct FileRecord: Sendable, Hashable {
    /// Inbox-relative path, `a.zip!member.xlsx` for a bundle member.
    public var file: String
    public var state: FileState
    /// Stable reason code (`superseded`, `legacy-xls` …); nil when accepted without remark.
    public var reasonCode: String?
    /// 日本語 reason.
    public var reason: String?
    /// The respondent the file was identified as, if it was.
    public var respondent: Respondent?
    /// When the respondent last saved it (docProps modified, else the file time).
    public var modified: Date?

    public init(file: String, state: FileState, reasonCode: String? = nil, reason: String? = nil,
                respondent: Respondent? = nil, modified: Date? = nil) {
        self.file = file; self.state = state; self.reasonCode = reasonCode; self.reason = reason
        self.respondent = respondent; self.modified = modified
    }

    /// Last path component (of the bundle member when there is one).
    public var fileName: String {
        let tail = file.split(separator: "!").last.map(String.init) ?? file
        return tail.split(separator: "/").last.map(String.init) ?? tail
    }
}

/// One 疑義: where, which rule, what was written, what to do.
public struct IssueRecord: Sendable, Hashable {
    public enum Severity: String, Sendable, CaseIterable, Comparable {
        case error, warning
        public var label: String { (self == .error ? Issue.Severity.error : .warning).label }
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    /// Stable rule id (`range`, `unknown-option`, `coordinator-count` …).
    public var rule: String
    public var respondent: Respondent?
    public var file: String
    public var sheet: String?
    public var cell: String?
    public var question: String?
    public var questionLabel: String?
    /// As the respondent wrote it.
    public var value: String?
    /// 日本語: what is wrong and what to write instead.
    public var message: String

    public init(severity: Severity, rule: String, respondent: Respondent?, file: String,
                sheet: String? = nil, cell: String? = nil, question: String? = nil,
                questionLabel: String? = nil, value: String? = nil, message: String) {
        self.severity = severity; self.rule = rule; self.respondent = respondent; self.file = file
        self.sheet = sheet; self.cell = cell; self.question = question
        self.questionLabel = questionLabel; self.value = value; self.message = message
    }

    public var fileName: String {
        let tail = file.split(separator: "!").last.map(String.init) ?? file
        return tail.split(separator: "/").last.map(String.init) ?? tail
    }
}

extension IssueRecord {
    /// Sorted by respondent (unidentified files last), then file, sheet, cell, rule: the order a
    /// person works through when answering them. Keys compare lexicographically.
    static func reportKey(_ i: IssueRecord) -> [String] {
        let who = i.respondent
        return [who == nil ? "1" : "0", who?.code ?? "", String(who.map { FormID.allCases.firstIndex(of: $0.form)! } ?? 0),
                String(format: "%03d", who?.coordinatorNumber ?? 0), i.file, i.sheet ?? "",
                CellOrder.key(i.cell), i.rule, i.question ?? "", i.value ?? "", i.message]
    }

    /// Issues in report order. Each key is made once, not twice per comparison (eleven Strings,
    /// two through String(format:)); sorting indices by the keys gives the same permutation as
    /// sorting the issues by comparing freshly made keys.
    static func inReportOrder(_ issues: [IssueRecord]) -> [IssueRecord] {
        let keys = issues.map(reportKey)
        return issues.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }.map { issues[$0] }
    }
}

/// Sorts A1 references by row then column (D9 before D12), not as text.
enum CellOrder {
    static func key(_ ref: String?) -> String {
        guard let ref else { return "" }
        let letters = ref.prefix { $0.isLetter }
        let digits = ref.dropFirst(letters.count)
        return String(format: "%07d", Int(digits) ?? 0) + String(repeating: " ", count: max(0, 3 - letters.count)) + letters
    }
}
