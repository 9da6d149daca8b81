import ArgumentParser
import Foundation
import Ingest
import Logging
import RenkeiRun
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
            skipped, with a reason. Reports are written into <out>/runs/<local time>/ through a \
            hidden staging folder renamed into place only when complete; <out>/latest then \
            points to the new run. A crash or kill at any moment leaves the previous latest intact.

            Shrink guard: when the inbox yields no accepted answer, fewer than 50% (shrink_guard: \
            min_percent) of the last published run's, or none for a prefecture that had some, the \
            run is kept as <out>/runs/<time>-held, latest is not moved, and the status is 5. \
            --accept-shrink publishes it anyway.

            Files written per run (in <out>/runs/<time>/):
            \(ReportOutputs.helpText)

            Percentages: --percent-base applicable (default) divides by everyone the question \
            applies to, with 無回答 as a row with its %; valid divides by valid answers only \
            (report: percent_base: in the config).

            --previous DIR (previous: in the config) names last survey's published run folder: \
            the question tables, 場面・テーマ別, 都道府県別一覧 and covers then show the previous \
            figures beside this year's (questions matched by id or previous_id:, options by label \
            or previous_options:), on the same percent base. A folder that is not a renkei run, \
            or of another survey, is a usage error.

            A YAML --config file can hold every option (see docs/operator.md); command-line options win. \
            Times (run folder names, summary, run.json, reports) are in time_zone (default Asia/Tokyo).

            \(ExitStatus.helpText(ExitStatus.run))
            """
    )

    @ArgumentParser.Option(name: .long, help: "Folder of returned files (searched recursively).")
    var inbox: String?

    @ArgumentParser.Option(name: .long, help: "Output folder (default: Reports).")
    var out: String?

    @OptionGroup var survey: SurveyOptions

    @OptionGroup var environment: EnvironmentOptions

    @ArgumentParser.Option(name: .long, help: "A previous survey's published run folder (its answers.csv, summary.json, run.json): reports show 前回 beside this year.")
    var previous: String?

    @ArgumentParser.Option(name: .long, help: "How many past runs to keep under <out>/runs (default: 20).")
    var keep: Int?

    @Flag(name: .long, help: "Print the end-of-run summary as JSON on stdout.")
    var json = false

    @ArgumentParser.Option(name: .long, help: "Log level on stderr (default: notice).")
    var logLevel: Logger.Level?

    @Flag(name: .long, help: "Publish even when the shrink guard would hold the run (far fewer answers than the last published run).")
    var acceptShrink = false

    @ArgumentParser.Option(name: .long, help: "What every % in the reports is of: applicable (everyone the question applies to, 無回答 included; default) or valid (valid answers only).")
    var percentBase: PercentBase?

    @ArgumentParser.Option(name: .long, help: "Shell command run after every run: summary JSON on stdin, RENKEI_EXIT_STATUS and RENKEI_STATUS in its environment.")
    var notify: String?

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep must be a whole number ≥ 1, not \(keep)") }
    }

    func run() throws {
        var notifyCommand = notify
        let status: ExitStatus
        let summary: Data
        do {
            let cfg = try environment.loadConfig()
            notifyCommand = notify ?? cfg.notify
            let settings = try settings(cfg)
            let ended = try NightlyRun(settings: settings).execute()
            if json || (cfg.json ?? false) { FileHandle.standardOutput.write(ended.json) } else { print(ended.text) }
            (status, summary) = (ended.status, ended.json)
        } catch {
            status = Self.status(of: error)
            printError("\(error)")
            summary = Self.failureJSON(status: status, message: "\(error)")
        }
        Interruption.shared.waitIfStopping()
        if let notifyCommand { Notify.run(notifyCommand, summary: summary, status: status) }
        if status != .clean { throw status.exitCode }
    }

    static func status(of error: Error) -> ExitStatus {
        switch error {
        case is UsageFailure, is RunConfig.Failure: .usage
        case RunLock.Failure.held: .locked
        case is InternalFailure: .internalError
        default: .io
        }
    }

    static func failureJSON(status: ExitStatus, message: String) -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        enc.keyEncodingStrategy = .convertToSnakeCase
        struct Failure: Encodable { let status: String; let exitStatus: Int32; let error: String }
        var d = (try? enc.encode(Failure(status: status.name, exitStatus: status.rawValue, error: message))) ?? Data()
        d.append(0x0A)
        return d
    }

    /// Options over the config file over defaults; a bad value names where it came from.
    private func settings(_ cfg: RunConfig) throws -> NightlyRun.Settings {
        // The config's values were checked when it was read, the flags' by argument-parser and validate().
        Log.bootstrap(level: logLevel ?? cfg.logLevel.flatMap(Logger.Level.init(rawValue:)) ?? .notice)
        let keepRuns = keep ?? cfg.keepRuns ?? 20
        let base = percentBase ?? cfg.percentBase.flatMap(PercentBase.init(rawValue:)) ?? .applicable
        let outPath = out ?? cfg.out ?? "Reports"
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: outPath, isDirectory: &isDir), !isDir.boolValue {
            throw UsageFailure(description: "output folder \(outPath) (\(cfg.origin("out", flag: "--out", fromFlag: out != nil))) is a file: give a folder")
        }
        var guardRules = ShrinkGuard()
        if let p = cfg.shrinkMinPercent { guardRules.minPercent = p }
        if let p = cfg.shrinkPrefectures { guardRules.perPrefecture = p }
        let pipeline = try environment.pipeline(inbox: inbox, survey: survey, out: outPath, cfg)
        return NightlyRun.Settings(pipeline: pipeline, out: outPath, keepRuns: keepRuns,
                                   clock: Clock(zone: pipeline.timeZone), shrinkGuard: guardRules,
                                   acceptShrink: acceptShrink || (cfg.acceptShrink ?? false), percentBase: base,
                                   previous: (previous ?? cfg.previous).map { ($0, cfg.origin("previous", flag: "--previous", fromFlag: previous != nil)) })
    }
}
