import Foundation
import Ingest
import ReportKit
import SurveyModel
import Tabulate

/// What `run` does after the shared pipeline: tabulate, write the reports into staging, then
/// publish them — or hold them when the shrink guard says this night looks wrong.
public struct NightlyRun {
    public struct Settings {
        public var pipeline: Pipeline
        public var out: String
        public var keepRuns: Int
        public var clock: Clock
        public var shrinkGuard: ShrinkGuard
        public var acceptShrink: Bool
        public var percentBase: PercentBase = .applicable
        /// `--previous`: the folder and where it was given (for messages).
        public var previous: (path: String, origin: String)? = nil
        /// `--omit`: optional outputs this night goes without.
        public var omit: Set<OmittableOutput> = []

        public init(pipeline: Pipeline, out: String, keepRuns: Int = 20, clock: Clock = Clock(zone: IngestOptions.tokyo),
                    shrinkGuard: ShrinkGuard = ShrinkGuard(), acceptShrink: Bool = false, percentBase: PercentBase = .applicable,
                    previous: (path: String, origin: String)? = nil) {
            self.pipeline = pipeline; self.out = out; self.keepRuns = keepRuns; self.clock = clock
            self.shrinkGuard = shrinkGuard; self.acceptShrink = acceptShrink; self.percentBase = percentBase; self.previous = previous
        }
    }
    public let settings: Settings

    public init(settings: Settings) { self.settings = settings }

    /// Makes the output folder and takes its lock; the caller holds it through notify.
    public static func lock(out: String) throws -> RunLock {
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
        catch { throw Publisher.Failure.io("フォルダ作成", path: out, reason: SystemError.text(error)) }
        return try RunLock(folder: out)
    }

    /// The stages in the order they run, for the debug timings.
    static let stages = ["previous", "discover", "parse", "resolve", "tabulate", "reports", "publish"]

    /// How a run ended: its status, the summary for a script (`--json`, `--notify`) and for a
    /// person, and the folder it placed (published, or held).
    public struct Outcome: Sendable {
        public let status: ExitStatus
        public let json: Data
        public let text: String
        public let folder: String
    }

    /// Runs the night with the lock held (`lock(out:)`); the caller prints the summary (the CLI on stdout).
    public func execute() throws -> Outcome {
        let s = settings
        let log = Log.logger
        let started = Date()
        var timings: [String: Double] = [:]
        // What `latest` shows: its record of sent queries checks the replies, its state feeds the change report.
        let publisher = Publisher(outFolder: s.out)
        let previousState = publisher.latestRun.flatMap(RunState.load(runFolder:))
        var pipeline = s.pipeline
        pipeline.sentQueries = previousState?.queries
        pipeline.cacheFile = AnswerCacheFile.path(out: s.out)
        // `--previous`: its files read and counted by this year's codebook while the inbox is read
        // (once the survey is loaded), not after it on the main thread (~0.1 s of CPU on a nation).
        var previousMade: Background<PreviousTabulation>?
        let checked = try pipeline.check { survey in
            previousMade = s.previous.map { p in
                Background {
                    try PreviousRun.load(folder: p.path, origin: p.origin, files: PreviousRun.read(folder: p.path, origin: p.origin),
                                         codebook: survey.codebook, master: survey.master)
                }
            }
        }
        // Placed only beside a published run; any other ending (empty, held, failed) leaves the last cache.
        defer { checked.cacheWriting?.discard() }
        let (loaded, result) = (checked.survey, checked.result)
        // Test-only (README, exit statuses): the one way to reach the internal-error status on purpose.
        if ProcessInfo.processInfo.environment["RENKEI_TEST_FAULT"] == "internal" {
            throw InternalFailure(description: "RENKEI_TEST_FAULT=internal is set (a test of exit status 6)")
        }
        let loadingPrevious = Date()
        let previous = try previousMade?.value()
        if previous != nil { timings["previous"] = Date().timeIntervalSince(loadingPrevious) }
        timings["discover"] = result.timings.discover
        timings["parse"] = result.timings.parse
        timings["resolve"] = result.timings.resolve
        if log.logLevel <= .debug {
            for e in result.ledger {
                let who = e.respondent.map { r in " [\(loaded.codebook.forms.first { $0.id == r.form }?.title ?? "") \(r.code)]" } ?? ""
                log.debug("file \(e.input): \(e.state.label)\(who) — \(e.reason.message)")
            }
        }

        // Before the first file: an empty inbox while nothing was ever published is the start of
        // the collection window, not a bad night (no alert, nothing kept).
        if result.summary.inputs == 0, publisher.latestRun == nil, !s.acceptShrink {
            let line = "renkei run \(s.clock.display(started)): まだ回答ファイルがありません（\(s.pipeline.inbox) は空です）。公開するものはありません。"
            let json = RunSummary.waitingJSON(started: s.clock.display(started), inbox: s.pipeline.inbox, latest: publisher.latestPath)
            Interruption.shared.ended(note: "まだ回答ファイルがありません。公開するものはありません", status: .clean)
            return Outcome(status: .clean, json: json, text: line, folder: "")
        }

        var t = Date()
        let ledger = result.ledger, codebook = loaded.codebook
        let fingerprint = Background { RunRecord.fingerprint(ledger, codebook: codebook) }
        // What the shrink guard compares with (we hold the lock: `latest` stays), read meanwhile.
        let latestRun = publisher.latestRun
        let baseline = Background { latestRun.flatMap(ShrinkGuard.Baseline.load(runFolder:)) }
        let tabulation = Tabulation.make(codebook: loaded.codebook, responses: result.responses,
                                         prefectures: loaded.master.prefectures, municipalities: loaded.master.municipalities)
        timings["tabulate"] = Date().timeIntervalSince(t)

        // The guard compares with what `latest` shows now, before anything is written.
        var byPrefecture: [String: Int] = [:]
        for r in result.responses { byPrefecture[r.respondent.prefectureCode, default: 0] += 1 }
        let names = Dictionary(loaded.master.prefectures.map { ($0.prefCode, $0.name) }, uniquingKeysWith: { a, _ in a })
        var held = s.shrinkGuard.reason(accepted: result.responses.count, byPrefecture: byPrefecture, prefectureNames: names,
                                        inputs: result.summary.inputs,
                                        baseline: try baseline.value())
        if let reason = held, s.acceptShrink {
            log.notice("前回公開した実行より回答が大きく減っていますが、--accept-shrink の指定により公開します", metadata: ["reason": "\(reason)"])
            held = nil
        }

        t = Date()
        let stamp = s.clock.stamp(started)
        let staging = try publisher.beginStaging(stamp: stamp)
        do {
            return try writeAndPlace(staging: staging, stamp: stamp, started: started, timings: timings, t: t, cache: checked.cacheWriting,
                                     fingerprint: try fingerprint.value(),
                                     loaded: loaded, result: result, tabulation: tabulation, previous: previous,
                                     publisher: publisher, previousState: previousState, byPrefecture: byPrefecture, held: held)
        } catch {
            // Placed already (staging renamed): the error says itself what it failed to do.
            guard FileManager.default.fileExists(atPath: staging) else { throw error }
            // Explained first: removing the staging folder frees the space that tells a full disk
            // when libxlsxwriter lost the errno (ZIP_ERRNO).
            let explained = WriteFailure.explain(error, out: s.out, latest: publisher.latestPath)
            // A full disk or any other failure: the staging folder goes now, not at the next run.
            publisher.discard(staging: staging)
            throw explained
        }
    }

    private func writeAndPlace(staging: String, stamp: String, started: Date, timings: [String: Double], t: Date, cache: AnswerCacheFile.Writing?,
                               fingerprint: String,
                               loaded: Survey, result: IngestResult, tabulation: Tabulation, previous: PreviousTabulation?,
                               publisher: Publisher, previousState: RunState?, byPrefecture: [String: Int], held: String?) throws -> Outcome {
        let s = settings
        let log = Log.logger
        var timings = timings
        var t = t
        var input = ReportInput(codebook: loaded.codebook, master: loaded.master, ingest: result,
                                asOf: s.clock.asOf(result.ledger), runID: fingerprint, tabulation: tabulation,
                                timeZone: s.clock.zone, percentBase: s.percentBase)
        input.previous = previous
        // The change report compares with what `latest` showed (the previous published run).
        if let previous = previousState {
            input.changes = ChangeReport.make(previous: previous, current: input)
        }
        KeepUntilExit.keep([tabulation, input] as [Any])
        // Needing only what was read, run.json's input rows are made on a thread of their own while
        // the reports are written (tonight's answer cache is being written since the inbox was read).
        // The rows go into the staging folder under a hidden name (run.json takes them in and
        // removes it): a large nation's are not held in memory through the reports.
        let inputRows = staging + "/." + RunRecord.fileName + ".inputs"
        let inputRowsMade = Background { try RunRecord.writeRows(result.ledger, to: inputRows) }
        // Never left writing into a staging folder being discarded.
        defer { _ = try? inputRowsMade.value() }
        let changes = input.changes
        let summaryMade = Background { RunSummary(result: result, tabulation: tabulation, master: loaded.master, codebook: loaded.codebook, changes: changes) }
        // libxlsxwriter prints a line per failed write; they go to the debug log, the cause to one error.
        for o in s.omit.sorted(by: { $0.name < $1.name }) { log.notice("\(o.name) を出力しません（--omit）。この実行ではそのファイルを書きません") }
        let written = try StderrFilter.run(dropping: ["[ERROR]", "[WARNING]"]) { try ReportOutputs.writeAll(input, to: staging, omitting: s.omit) }
        timings["reports"] = Date().timeIntervalSince(t)

        t = Date()
        let summary = try summaryMade.value()
        let record = RunRecord(
            tool: "renkei", toolVersion: RenkeiVersion.current,
            codebookID: loaded.codebook.id, codebookVersion: loaded.codebook.version,
            startedAt: s.clock.iso(started), finishedAt: s.clock.iso(Date()), timeZone: s.clock.zone.identifier,
            inbox: s.pipeline.inbox, responsesByPrefecture: byPrefecture, held: held,
            dataFingerprint: fingerprint, counts: summary.filesByState, responses: summary.responsesByForm,
            issues: summary.issuesBySeverity, issueStates: summary.issuesByStatus, corrections: summary.corrections,
            changes: input.changes?.counts, timingsSeconds: timings,
            inputs: result.ledger, outputs: RunRecord.outputs(written))
        var recorded = record
        recorded.previousRun = s.previous.map { URL(fileURLWithPath: $0.path).resolvingSymlinksInPath().path }
        try inputRowsMade.value()
        try recorded.write(to: staging + "/" + RunRecord.fileName, inputRows: inputRows)
        let status: ExitStatus = held != nil ? .held : summary.needsAction ? .inputErrors : .clean
        let placed: String
        if let held {
            placed = try publisher.hold(staging: staging, stamp: stamp)
            printWarning("保留（公開せず）: \(held)\n  この実行は \(placed) に残し、\(publisher.latestPath) は変えていません。"
                + "これで正しければ --accept-shrink（または設定ファイルの accept_shrink: true）を付けて実行し直してください。")
        } else {
            placed = try publisher.publish(staging: staging, stamp: stamp, status: status)
            // Tonight's forms for the next night (only beside a published run: a held night may be a bad inbox).
            cache?.place()
        }
        for name in publisher.prune(keep: s.keepRuns) { log.info("古い実行フォルダを削除しました", metadata: ["run": "\(name)"]) }
        timings["publish"] = Date().timeIntervalSince(t)
        for stage in Self.stages { if let seconds = timings[stage] { log.debug("stage \(stage): \(String(format: "%.3f", seconds)) s") } }
        let ending = RunSummary.Ending(started: s.clock.display(started), seconds: Date().timeIntervalSince(started),
                                       run: placed, latest: publisher.latestPath, held: held, status: status)
        return Outcome(status: status, json: try summary.json(ending), text: summary.text(ending), folder: placed)
    }
}
