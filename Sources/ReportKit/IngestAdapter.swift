import Foundation
import Ingest
import SurveyModel
import Tabulate

extension ReportInput {
    /// The reports of one ingestion: its accepted responses, ledger and issues, against `master`.
    public init(codebook: Codebook, master: MasterList, ingest: IngestResult, asOf: String, runID: String,
                tabulation: Tabulation? = nil, timeZone: TimeZone = ReportInput.tokyo,
                percentBase: PercentBase = .applicable) {
        self.init(codebook: codebook, prefectures: master.prefectures, municipalities: master.municipalities,
                  responses: ingest.responses, files: ingest.ledger.map(FileRecord.init),
                  issues: ingest.issues, asOf: asOf, runID: runID, tabulation: tabulation,
                  timeZone: timeZone, percentBase: percentBase)
        corrections = ingest.corrections
        sentQueries = ingest.sentQueries
    }
}

extension FileRecord {
    public init(_ e: LedgerEntry) {
        var reason = e.reason.message
        if let newer = e.supersededBy { reason += "（差替先: \(newer.fileName)）" }
        self.init(file: e.input.description, state: e.state, reasonCode: e.reason.code, reason: reason,
                  respondent: e.respondent, modified: e.workbookModified ?? e.fileModified)
        sha256 = e.sha256
    }
}
