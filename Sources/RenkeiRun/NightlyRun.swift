import Dashboard
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
        public var json: Bool
        public var clock: Clock
        public var shrinkGuard: ShrinkGuard
        public var acceptShrink: Bool
        public var percentBase: PercentBase = .applicable
        /// `--previous`: the folder and where it was given (for messages).
        public var previous: (path: String, origin: String)? = nil

        public init(pipeline: Pipeline, out: String, keepRuns: Int = 20, json: Bool = false, clock: Clock = Clock(zone: IngestOptions.tokyo),
                    shrinkGuard: ShrinkGuard = ShrinkGuard(), acceptShrink: Bool = false, percentBase: PercentBase = .applicable,
                    previous: (path: String, origin: String)? = nil) {
            self.pipeline = pipeline; self.out = out; self.keepRuns = keepRuns; self.json = json; self.clock = clock
            self.shrinkGuard = shrinkGuard; self.acceptShrink = acceptShrink; self.percentBase = percentBase; self.previous = previous
        }
    }
    public let settings: Settings

    public init(settings: Settings) { self.settings = settings }

    /// The exit status and the summary JSON (for `--notify`).
    public func execute() throws -> (ExitStatus, Data) {
        let s = settings
        let log = Log.logger
        do { try FileManager.default.createDirectory(atPath: s.out, withIntermediateDirectories: true) }
        catch { throw Publisher.Failure.io("create folder", path: s.out, reason: error.localizedDescription) }
        let lock = try RunLock(folder: s.out)
        defer { withExtendedLifetime(lock) {} }

        let started = Date()
        var timings: [String: Double] = [:]
        let checked = try s.pipeline.check()
        let (loaded, result) = (checked.survey, checked.result)
        // Test-only (README, exit statuses): the one way to reach the internal-error status on purpose.
        if ProcessInfo.processInfo.environment["RENKEI_TEST_FAULT"] == "internal" {
            throw InternalFailure(description: "RENKEI_TEST_FAULT=internal is set (a test of exit status 6)")
        }
        let loadingPrevious = Date()
        let previous = try s.previous.map {
            try PreviousRun.load(folder: $0.path, origin: $0.origin, codebook: loaded.codebook, master: loaded.master)
        }
        if previous != nil { timings["previous"] = Date().timeIntervalSince(loadingPrevious) }
        timings["discover"] = result.timings.discover
        timings["parse"] = result.timings.parse
        timings["resolve"] = result.timings.resolve

        var t = Date()
        let tabulation = Tabulation.make(codebook: loaded.codebook, responses: result.responses,
                                         prefectures: loaded.master.prefectures, municipalities: loaded.master.municipalities)
        timings["tabulate"] = Date().timeIntervalSince(t)

        // The guard compares with what `latest` shows now, before anything is written.
        let publisher = Publisher(outFolder: s.out)
        var byPrefecture: [String: Int] = [:]
        for r in result.responses { byPrefecture[r.respondent.prefectureCode, default: 0] += 1 }
        let names = Dictionary(loaded.master.prefectures.map { ($0.prefCode, $0.name) }, uniquingKeysWith: { a, _ in a })
        var held = s.shrinkGuard.reason(accepted: result.responses.count, byPrefecture: byPrefecture, prefectureNames: names,
                                        inputs: result.summary.inputs,
                                        baseline: publisher.latestRun.flatMap(ShrinkGuard.Baseline.load(runFolder:)))
        if let reason = held, s.acceptShrink {
            log.notice("publishing despite the shrink guard (--accept-shrink)", metadata: ["reason": "\(reason)"])
            held = nil
        }

        t = Date()
        let stamp = s.clock.stamp(started)
        let staging = try publisher.beginStaging(stamp: stamp)
        let fingerprint = RunRecord.fingerprint(result.ledger, codebook: loaded.codebook)
        var input = ReportInput(codebook: loaded.codebook, master: loaded.master, ingest: result,
                                asOf: s.clock.asOf(result.ledger), runID: fingerprint, tabulation: tabulation,
                                timeZone: s.clock.zone, percentBase: s.percentBase)
        input.previous = previous
        // The change report compares with what `latest` showed (the previous published run).
        if let previous = publisher.latestRun.flatMap(RunState.load(runFolder:)) {
            input.changes = ChangeReport.make(previous: previous, current: input)
        }
        KeepUntilExit.keep([tabulation, input] as [Any])
        var written = try ReportWriter.writeAll(input, to: staging)
        timings["reports"] = Date().timeIntervalSince(t)
        // 見える化 after the workbooks, from the same input: its own timing shows what it adds.
        // (One more output; it moves into the output registry when that lands.)
        t = Date()
        written += try DashboardWriter.write(input, to: staging)
        timings["dashboard"] = Date().timeIntervalSince(t)

        t = Date()
        let summary = RunSummary(result: result, tabulation: tabulation, master: loaded.master, changes: input.changes)
        let record = RunRecord(
            tool: "renkei", toolVersion: RenkeiVersion.current,
            codebookID: loaded.codebook.id, codebookVersion: loaded.codebook.version,
            startedAt: s.clock.iso(started), finishedAt: s.clock.iso(Date()), timeZone: s.clock.zone.identifier,
            inbox: s.pipeline.inbox, responsesByPrefecture: byPrefecture, held: held,
            dataFingerprint: fingerprint, counts: summary.filesByState, responses: summary.responsesByForm,
            issues: summary.issuesBySeverity, issueStates: summary.issuesByStatus, corrections: summary.corrections,
            changes: input.changes?.counts, timingsSeconds: timings,
            inputs: RunRecord.inputs(result.ledger), outputs: try RunRecord.outputs(written, in: staging))
        var recorded = record
        recorded.previousRun = s.previous.map { URL(fileURLWithPath: $0.path).resolvingSymlinksInPath().path }
        try recorded.json().write(to: URL(fileURLWithPath: staging + "/" + RunRecordOutput.fileName))
        let placed: String
        if let held {
            placed = try publisher.hold(staging: staging, stamp: stamp)
            FileHandle.standardError.write(Data(("held: not published, \(held)\n  The run is kept in \(placed); \(publisher.latestPath) is unchanged. "
                + "If this is right, run again with --accept-shrink (or accept_shrink: true in the config).\n").utf8))
        } else {
            placed = try publisher.publish(staging: staging, stamp: stamp)
        }
        for name in publisher.prune(keep: s.keepRuns) { log.info("removed old run", metadata: ["run": "\(name)"]) }
        timings["publish"] = Date().timeIntervalSince(t)

        let status: ExitStatus = held != nil ? .held : summary.needsAction ? .inputErrors : .clean
        let ending = RunSummary.Ending(started: s.clock.display(started), seconds: Date().timeIntervalSince(started),
                                       run: placed, latest: publisher.latestPath, held: held, status: status)
        let json = try summary.json(ending)
        if s.json { FileHandle.standardOutput.write(json) } else { print(summary.text(ending)) }
        return (status, json)
    }
}
