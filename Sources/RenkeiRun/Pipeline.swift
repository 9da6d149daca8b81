import Foundation
import Ingest
import SurveyModel
import XLSXReader

/// The part of the job `run` and `validate` share: load the survey, read the inbox, and check
/// that the ledger accounts for every input. Reports and publishing are `run`'s alone.
public struct Pipeline {
    public var inbox: String
    /// Where the inbox path came from, for messages (`--inbox`, `renkei.yaml:2: inbox`).
    public var inboxOrigin = "--inbox"
    public var codebookPath: String?
    public var masterPath: String?
    public var origins = (codebook: "--codebook", master: "--master")
    public var limits = ReaderLimits.default
    /// Folders never read even when inside the inbox (the output folder).
    public var excluded: [String] = []
    /// The senders' zone: zip entry times are their wall clock (`time_zone`).
    public var timeZone: TimeZone = IngestOptions.tokyo
    /// The queries the published runs sent: replies are checked against them.
    public var sentQueries: QueryRecord?
    /// The answer cache (`run` only): read from here unless `useCache` is off; its key is worked
    /// out either way, for writing tonight's.
    public var cacheFile: String?
    public var useCache = true

    public init(inbox: String, inboxOrigin: String = "--inbox", codebookPath: String? = nil, masterPath: String? = nil,
                origins: (codebook: String, master: String) = ("--codebook", "--master"),
                limits: ReaderLimits = .default, excluded: [String] = [], timeZone: TimeZone = IngestOptions.tokyo) {
        self.inbox = inbox; self.inboxOrigin = inboxOrigin
        self.codebookPath = codebookPath; self.masterPath = masterPath; self.origins = origins
        self.limits = limits; self.excluded = excluded; self.timeZone = timeZone
    }

    public struct Checked {
        public let survey: Survey
        public let result: IngestResult
        /// Tonight's answer cache being written (nil without `cacheFile`): the run places or discards it.
        var cacheWriting: AnswerCacheFile.Writing? = nil
    }

    /// Inbox checked, survey loaded, every input read into the ledger. `surveyLoaded` is told the
    /// survey before the inbox is read, so work that needs only the survey can run meanwhile.
    public func check(surveyLoaded: (Survey) -> Void = { _ in }) throws -> Checked {
        try checkInbox(inbox, origin: inboxOrigin)
        let survey = try Survey.load(codebookPath: codebookPath, masterPath: masterPath, origins: origins)
        surveyLoaded(survey)
        Log.logger.info("受付フォルダを読みます", metadata: ["inbox": "\(inbox)"])
        let progress = ProgressLine(label: "ファイルを確認中")
        var options = survey.ingestOptions(limits: limits)
        options.excludedFolders = excluded
        options.timeZone = timeZone
        options.sentQueries = sentQueries
        let cacheKey = cacheFile.map { _ in AnswerCacheFile.key(codebook: survey.codebook, limits: limits) }
        if let cacheFile, let cacheKey {
            if useCache { options.answerCache = AnswerCacheFile.load(cacheFile, key: cacheKey) }
            else { Log.logger.info("--no-cache: 前回の読み取り結果を使わず、すべてのファイルを読みます") }
        }
        var result = Ingestion.ingest(inbox: URL(fileURLWithPath: inbox), options: options,
                                      progress: { progress.update($0, of: $1) })
        progress.finish()
        var cacheWriting: AnswerCacheFile.Writing?
        if let cacheFile, let cacheKey {
            cacheWriting = AnswerCacheFile.Writing(AnswerCache(key: cacheKey, entries: result.takeReadForms()), path: cacheFile)
        }
        KeepUntilExit.keep(result)
        MemoryPolicy.trim()
        guard result.summary.balanced else {
            // The ledger must account for every input; anything else is a bug to report, not a run to publish.
            throw InternalFailure(description: "台帳の件数が合いません（\(result.summary)）。不具合として報告してください")
        }
        // Files and folders the service user cannot read look like "not returned" unless someone is told.
        for e in result.ledger where Self.unreadableReasons.contains(e.reason.code) {
            printWarning("\(inbox)/\(e.input.path) を読めません: \(e.reason.message)（台帳には不受理として記録）")
        }
        if options.answerCache != nil { Log.logger.info("前回の読み取り結果から取り込んだ調査票", metadata: ["件数": "\(result.cacheHits)"]) }
        return Checked(survey: survey, result: result, cacheWriting: cacheWriting)
    }

    static let unreadableReasons: Set<String> = ["unreadable", "unreadable-folder"]
}
