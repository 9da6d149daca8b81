import ArgumentParser
import Foundation
import Ingest
import Logging
import ReportKit
import SurveyModel
import Tabulate
import XLSXReader

/// `renkei run`: discover → validate → tabulate → write reports → publish, for a person or cron.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Read the inbox, check every answer, and publish the national and prefecture reports.",
        discussion: """
            Every file in the inbox ends in the ledger as accepted, superseded, rejected or \
            skipped, with a reason. Reports are written into <out>/runs/<UTC time>/ through a \
            hidden staging folder renamed into place only when complete; <out>/latest then \
            points to the new run. A crash or kill at any moment leaves the previous latest intact.

            Files written per run: 全国集計.xlsx, prefectures/NN_都道府県名.xlsx (47), \
            answers.csv, issues.csv, ledger.csv, summary.json, run.json.

            A YAML --config file can hold every option (see README); command-line options win.

            \(ExitStatus.helpText)
            """
    )

    @ArgumentParser.Option(name: .long, help: "Folder of returned files (searched recursively).")
    var inbox: String?

    @ArgumentParser.Option(name: .long, help: "Output folder (default: Reports).")
    var out: String?

    @OptionGroup var survey: SurveyOptions

    @ArgumentParser.Option(name: .long, help: "YAML file with any of these options (for cron).")
    var config: String?

    @ArgumentParser.Option(name: .long, help: "How many past runs to keep under <out>/runs (default: 20).")
    var keep: Int?

    @Flag(name: .long, help: "Print the end-of-run summary as JSON on stdout.")
    var json = false

    @ArgumentParser.Option(name: .long, help: "Log level on stderr: trace, debug, info, notice, warning, error (default: notice).")
    var logLevel: String?

    func run() throws {
        do {
            let status = try execute()
            if status != .clean { throw status.exitCode }
        } catch let e as ExitCode {
            throw e
        } catch let e as UsageFailure {
            printError(e.description); throw ExitStatus.usage.exitCode
        } catch let e as RunConfig.Failure {
            printError(e.description); throw ExitStatus.usage.exitCode
        } catch let e as RunLock.Failure {
            printError(e.description)
            if case .held = e { throw ExitStatus.locked.exitCode }
            throw ExitStatus.io.exitCode
        } catch {
            printError("\(error)"); throw ExitStatus.io.exitCode
        }
    }

    private func execute() throws -> ExitStatus {
        let cfg = try config.map(RunConfig.load(path:)) ?? RunConfig()
        let level = Logger.Level(rawValue: logLevel ?? cfg.logLevel ?? "notice")
        guard let level else { throw UsageFailure(description: "unknown --log-level \(logLevel ?? cfg.logLevel ?? ""): use trace, debug, info, notice, warning or error") }
        Log.bootstrap(level: level)
        let log = Log.logger
        guard let inboxPath = inbox ?? cfg.inbox else {
            throw UsageFailure(description: "no inbox: pass --inbox DIR or set `inbox:` in the config file")
        }
        let outPath = out ?? cfg.out ?? "Reports"
        let keepRuns = keep ?? cfg.keepRuns ?? 20
        guard keepRuns >= 1 else { throw UsageFailure(description: "--keep must be at least 1") }
        let asJSON = json || (cfg.json ?? false)
        try checkInbox(inboxPath)
        let loaded = try Survey.load(codebookPath: survey.codebook ?? cfg.codebook, masterPath: survey.master ?? cfg.master)
        let limits = ReaderLimits.default.applying(cfg.limits)

        do { try FileManager.default.createDirectory(atPath: outPath, withIntermediateDirectories: true) }
        catch { throw Publisher.Failure.io("create folder", path: outPath, reason: error.localizedDescription) }
        let lock = try RunLock(folder: outPath)
        defer { withExtendedLifetime(lock) {} }

        let started = Date()
        var timings: [String: Double] = [:]
        log.info("reading inbox", metadata: ["inbox": "\(inboxPath)"])
        let progress = ProgressLine(label: "reading files")
        let result = Ingestion.ingest(inbox: URL(fileURLWithPath: inboxPath), options: loaded.ingestOptions(limits: limits),
                                      progress: { progress.update($0, of: $1) })
        progress.finish()
        timings["discover"] = result.timings.discover
        timings["parse"] = result.timings.parse
        timings["resolve"] = result.timings.resolve
        guard result.summary.balanced else {
            // The ledger must account for every input; anything else is a bug to report, not a run to publish.
            throw UsageFailure(description: "internal error: the ledger does not add up (\(result.summary)); please report this")
        }

        var t = Date()
        let tabulation = Tabulation.make(codebook: loaded.codebook, responses: result.responses,
                                         prefectures: loaded.master.prefectures, municipalities: loaded.master.municipalities)
        timings["tabulate"] = Date().timeIntervalSince(t)

        t = Date()
        let publisher = Publisher(outFolder: outPath)
        let stamp = Clock.utcStamp(started)
        let staging = try publisher.beginStaging(stamp: stamp)
        let fingerprint = RunRecord.fingerprint(result.ledger, codebook: loaded.codebook)
        let input = ReportInput(codebook: loaded.codebook, master: loaded.master, ingest: result,
                                asOf: Clock.asOf(result.ledger), runID: fingerprint, tabulation: tabulation)
        KeepUntilExit.keep([result, tabulation, input] as [Any])
        let written = try ReportWriter.writeAll(input, to: staging)
        timings["reports"] = Date().timeIntervalSince(t)

        t = Date()
        let summary = RunSummary(result: result, tabulation: tabulation, master: loaded.master)
        let record = RunRecord(
            tool: "renkei", toolVersion: RenkeiVersion.current,
            codebookID: loaded.codebook.id, codebookVersion: loaded.codebook.version,
            startedAt: Clock.iso(started), finishedAt: Clock.iso(Date()), inbox: inboxPath,
            dataFingerprint: fingerprint, counts: summary.filesByState, responses: summary.responsesByForm,
            issues: summary.issuesBySeverity, timingsSeconds: timings,
            inputs: RunRecord.inputs(result.ledger), outputs: try RunRecord.outputs(written, in: staging))
        try record.json().write(to: URL(fileURLWithPath: staging + "/run.json"))
        let published = try publisher.publish(staging: staging, stamp: stamp)
        for name in publisher.prune(keep: keepRuns) { log.info("removed old run", metadata: ["run": "\(name)"]) }
        timings["publish"] = Date().timeIntervalSince(t)
        let total = Date().timeIntervalSince(started)

        if asJSON {
            FileHandle.standardOutput.write(try summary.json(published: published, latest: publisher.latestPath, seconds: total))
        } else {
            print(summary.text(published: published, latest: publisher.latestPath, seconds: total))
        }
        return summary.needsAction ? .inputErrors : .clean
    }
}
