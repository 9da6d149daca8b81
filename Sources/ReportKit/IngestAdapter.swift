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
                  responses: ingest.responses, files: ingest.ledger,
                  issues: ingest.issues, asOf: asOf, runID: runID, tabulation: tabulation,
                  timeZone: timeZone, percentBase: percentBase)
        corrections = ingest.corrections
        sentQueries = ingest.sentQueries
    }
}
