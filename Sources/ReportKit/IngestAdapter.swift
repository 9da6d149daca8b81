import Foundation
import Ingest
import SurveyModel
import Tabulate

extension ReportInput {
    /// The reports of one ingestion: its accepted responses, ledger and issues, against `master`.
    public init(codebook: Codebook, master: MasterList, ingest: IngestResult, asOf: String, runID: String,
                tabulation: Tabulation? = nil) {
        self.init(codebook: codebook, prefectures: master.prefectures, municipalities: master.municipalities,
                  responses: ingest.responses, files: ingest.ledger.map(FileRecord.init),
                  issues: ingest.issues.map(IssueRecord.init), asOf: asOf, runID: runID, tabulation: tabulation)
    }
}

extension FileRecord {
    public init(_ e: LedgerEntry) {
        let state: FileState
        switch e.state {
        case .accepted: state = .accepted
        case .acceptedWithErrors: state = .acceptedWithErrors
        case .superseded: state = .superseded
        case .rejected: state = .rejected
        case .skipped: state = .skipped
        }
        var reason = e.reason.message
        if let newer = e.supersededBy { reason += "（差替先: \(newer.fileName)）" }
        self.init(file: e.input.description, state: state, reasonCode: e.reason.code, reason: reason,
                  respondent: e.respondent, modified: e.workbookModified ?? e.fileModified)
    }
}

extension IssueRecord {
    public init(_ i: Issue) {
        self.init(severity: i.severity == .error ? .error : .warning, rule: i.rule.rawValue, respondent: i.respondent,
                  file: i.input.description, sheet: i.sheet, cell: i.cell, question: i.question,
                  questionLabel: i.questionLabel, value: i.value, message: i.message)
    }
}

extension IssueRecord {
    /// The rule's 日本語 name (Issue.Rule.label); an id renkei no longer knows shows as it is.
    public var ruleLabel: String { Self.ruleLabel(rule) }
    public static func ruleLabel(_ id: String) -> String { Issue.Rule(rawValue: id)?.label ?? id }
}
