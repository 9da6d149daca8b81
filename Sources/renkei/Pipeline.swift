import Foundation
import Ingest
import SurveyModel
import XLSXReader

/// The part of the job `run` and `validate` share: load the survey, read the inbox, and check
/// that the ledger accounts for every input. Reports and publishing are `run`'s alone.
struct Pipeline {
    var inbox: String
    /// Where the inbox path came from, for messages (`--inbox`, `renkei.yaml:2: inbox`).
    var inboxOrigin = "--inbox"
    var codebookPath: String?
    var masterPath: String?
    var origins = (codebook: "--codebook", master: "--master")
    var limits = ReaderLimits.default
    /// Folders never read even when inside the inbox (the output folder).
    var excluded: [String] = []
    /// The senders' zone: zip entry times are their wall clock (`time_zone`).
    var timeZone: TimeZone = IngestOptions.tokyo

    struct Checked {
        let survey: Survey
        let result: IngestResult
    }

    /// Inbox checked, survey loaded, every input read into the ledger.
    func check() throws -> Checked {
        try checkInbox(inbox, origin: inboxOrigin)
        let survey = try Survey.load(codebookPath: codebookPath, masterPath: masterPath, origins: origins)
        Log.logger.info("reading inbox", metadata: ["inbox": "\(inbox)"])
        let progress = ProgressLine(label: "ファイルを確認中")
        var options = survey.ingestOptions(limits: limits)
        options.excludedFolders = excluded
        options.timeZone = timeZone
        let result = Ingestion.ingest(inbox: URL(fileURLWithPath: inbox), options: options,
                                      progress: { progress.update($0, of: $1) })
        progress.finish()
        KeepUntilExit.keep(result)
        guard result.summary.balanced else {
            // The ledger must account for every input; anything else is a bug to report, not a run to publish.
            throw InternalFailure(description: "the ledger does not add up (\(result.summary)); please report this")
        }
        // Files and folders the service user cannot read look like "not returned" unless someone is told.
        for e in result.ledger where Self.unreadableReasons.contains(e.reason.code) {
            printWarning("cannot read \(inbox)/\(e.input.path): \(e.reason.message) (in the ledger as rejected)")
        }
        return Checked(survey: survey, result: result)
    }

    static let unreadableReasons: Set<String> = ["unreadable", "unreadable-folder"]
}
