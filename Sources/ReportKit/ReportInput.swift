import Foundation
import Ingest
import SurveyModel
import Tabulate
import XLSXReader

/// Everything the reports are made from. ReportKit never parses: it lays out what Ingest
/// accepted and found, counted by Tabulate.
///
/// Issues are Ingest's own, and so are the ledger rows (`FileRecord` = LedgerEntry, the reason worded for
/// a reader, the newer file named), made by `init(…ingest:…)`.
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
    public var issues: [Issue]
    /// 集計基準日時 as shown on the covers, e.g. `2023-09-20 17:00`: passed in, never the clock.
    public var asOf: String
    public var runID: String
    /// The counts every sheet shows, made once (by Tabulate) from `responses`.
    public var tabulation: Tabulation
    /// The zone every date and time of the reports and the ledger is shown in.
    public var timeZone: TimeZone
    /// What every ％ is of (`report.percent_base`).
    public var percentBase: PercentBase
    /// The previous survey counted by this year's codebook (`--previous`): 前回 beside every figure.
    public var previous: PreviousTabulation?
    /// Every reply row (疑義照会票, corrections), applied or not: the audit trail (修正履歴).
    public var corrections: [Correction] = []
    /// The queries sent before this run (the record replies were checked against).
    public var sentQueries: QueryRecord?
    /// What changed since the previous published run, when there was one.
    public var changes: ChangeReport? = nil

    /// Japan, where the survey's readers are: the same default as the inputs' zone.
    public static let tokyo = IngestOptions.tokyo

    /// `tabulation` nil counts the responses here; pass one already made to avoid counting twice.
    public init(codebook: Codebook, prefectures: [Prefecture], municipalities: [Municipality],
                responses: [Response], files: [FileRecord], issues: [Issue],
                asOf: String, runID: String, tabulation: Tabulation? = nil, timeZone: TimeZone = ReportInput.tokyo,
                percentBase: PercentBase = .applicable) {
        self.timeZone = timeZone
        self.percentBase = percentBase
        self.codebook = codebook
        self.prefectures = prefectures.sorted { $0.prefCode < $1.prefCode }
        self.municipalities = municipalities.sorted { $0.code < $1.code }
        self.responses = responses.sorted { $0.respondent < $1.respondent }
        // The ledger usually comes in this order already: then it is shared with Ingest's, not copied.
        let fileOrder = { (a: FileRecord, b: FileRecord) in (a.file, a.state) < (b.file, b.state) }
        self.files = zip(files, files.dropFirst()).contains { fileOrder($1, $0) } ? files.sorted(by: fileOrder) : files
        self.issues = Issue.inReportOrder(issues)
        self.asOf = asOf; self.runID = runID
        self.tabulation = tabulation ?? Tabulation.make(
            codebook: codebook, responses: self.responses,
            prefectures: self.prefectures, municipalities: self.municipalities)
    }
}

/// One row of the ledger (台帳): an input file, what it was, what became of it and why.
/// The ledger as the reports show it: Ingest's own rows (LedgerEntry), with the words a reader sees.
public typealias FileRecord = LedgerEntry

extension LedgerEntry {
    /// Inbox-relative path, `a.zip!member.xlsx` for a bundle member.
    public var file: String { input.description }
    /// 日本語 reason, naming the file that replaced a superseded one.
    public var reasonText: String {
        supersededBy.map { reason.message + "（差替先: \($0.fileName)）" } ?? reason.message
    }
    /// When the respondent last saved it (docProps modified, else the file time).
    public var modified: Date? { workbookModified ?? fileModified }
    /// Last path component (of the bundle member when there is one).
    public var fileName: String { input.fileName }
}

extension Issue {
    /// The input the issue is about (`a.zip!member.xlsx` for a bundle member).
    public var file: String { input.description }
    /// Last path component (of the bundle member when there is one).
    public var fileName: String { input.fileName }
}

extension Issue {
    /// Sorted by respondent (unidentified files last), then file, sheet, cell, rule: the order a
    /// person works through when answering them. Keys compare lexicographically.
    static func reportKey(_ i: Issue) -> [String] {
        let who = i.respondent
        return [who == nil ? "1" : "0", who?.code ?? "", Shown.zeroPadded(min(who?.form.rank ?? 0, 999), 3),
                Shown.zeroPadded(who?.coordinatorNumber ?? 0, 3), i.file, i.sheet ?? "",
                CellOrder.key(i.cell), i.rule.rawValue, i.question ?? "", i.value ?? "", i.message]
    }

    /// Issues in report order. Each key is made once, not twice per comparison (eleven Strings);
    /// sorting indices by the keys gives the same permutation as sorting the issues by comparing
    /// freshly made keys.
    static func inReportOrder(_ issues: [Issue]) -> [Issue] {
        let keys = issues.map(reportKey)
        return issues.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }.map { issues[$0] }
    }
}

/// Sorts cell positions by row then column (D9 before D12, Z1 before AA1).
enum CellOrder {
    static func key(_ ref: CellRef?) -> String {
        guard let ref else { return "" }
        return Shown.zeroPadded(ref.row + 1, 7) + Shown.zeroPadded(ref.column, 5)
    }
}

extension ReportInput {
    /// The issues as they may be shown outside the contractor's own files (the 見える化 pages):
    /// a contact value and any echo of it replaced by ＊＊＊, by the same rule as issues.csv.
    public func maskedIssues() -> [Issue] {
        let masker = ReportContext.Masker(codebook: codebook)
        return issues.map(masker.masked)
    }

    /// Question ids whose answers are contact details, per form: never shown on a page.
    public var contactQuestions: [FormID: Set<String>] { ReportContext.Masker(codebook: codebook).piiQuestions }
}
