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

    @ArgumentParser.Option(name: .long, help: "A previous survey's published run folder (its answers.csv, summary.json, run.json): reports show 前回 beside this year.")
    var previous: String?

    @ArgumentParser.Option(name: .long, help: "YAML file with any of these options (for cron).")
    var config: String?

    @ArgumentParser.Option(name: .long, help: "How many past runs to keep under <out>/runs (default: 20).")
    var keep: Int?

    @Flag(name: .long, help: "Print the end-of-run summary as JSON on stdout.")
    var json = false

    @ArgumentParser.Option(name: .long, help: "Log level on stderr: trace, debug, info, notice, warning, error (default: notice).")
    var logLevel: String?

    @Flag(name: .long, help: "Publish even when the shrink guard would hold the run (far fewer answers than the last published run).")
    var acceptShrink = false

    @ArgumentParser.Option(name: .long, help: "Time zone of run folder names, the summary and reports (default: Asia/Tokyo).")
    var timeZone: String?

    @ArgumentParser.Option(name: .long, help: "What every % in the reports is of: applicable (everyone the question applies to, 無回答 included; default) or valid (valid answers only).")
    var percentBase: String?

    @ArgumentParser.Option(name: .long, help: "Shell command run after every run: summary JSON on stdin, RENKEI_EXIT_STATUS and RENKEI_STATUS in its environment.")
    var notify: String?

    func run() throws {
        var notifyCommand = notify
        let status: ExitStatus
        let summary: Data
        do {
            let cfg = try config.map(RunConfig.load(path:)) ?? RunConfig()
            notifyCommand = notify ?? cfg.notify
            (status, summary) = try NightlyRun(settings: try settings(cfg)).execute()
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
        let levelName = logLevel ?? cfg.logLevel ?? "notice"
        guard let level = Logger.Level(rawValue: levelName) else {
            throw UsageFailure(description: "\(cfg.origin("log_level", flag: "--log-level", fromFlag: logLevel != nil)): unknown log level '\(levelName)'; use \(RunConfig.logLevels.joined(separator: ", "))")
        }
        Log.bootstrap(level: level)
        guard let inboxPath = inbox ?? cfg.inbox else {
            throw UsageFailure(description: "no inbox: pass --inbox DIR or set `inbox:` in the config file")
        }
        let keepRuns = keep ?? cfg.keepRuns ?? 20
        guard keepRuns >= 1 else {
            throw UsageFailure(description: "\(cfg.origin("keep_runs", flag: "--keep", fromFlag: keep != nil)) must be a whole number ≥ 1, not \(keepRuns)")
        }
        let zoneName = timeZone ?? cfg.timeZone ?? Clock.defaultZone
        guard let zone = TimeZone(identifier: zoneName) else {
            throw UsageFailure(description: "--time-zone must be a time zone name such as Asia/Tokyo or UTC, not '\(zoneName)'")
        }
        let baseName = percentBase ?? cfg.percentBase ?? PercentBase.applicable.rawValue
        guard let base = PercentBase(rawValue: baseName) else {
            throw UsageFailure(description: "\(cfg.origin("report.percent_base", flag: "--percent-base", fromFlag: percentBase != nil)) must be one of \(RunConfig.percentBases.joined(separator: ", ")), not '\(baseName)'")
        }
        let outPath = out ?? cfg.out ?? "Reports"
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: outPath, isDirectory: &isDir), !isDir.boolValue {
            throw UsageFailure(description: "output folder \(outPath) (\(cfg.origin("out", flag: "--out", fromFlag: out != nil))) is a file: give a folder")
        }
        var guardRules = ShrinkGuard()
        if let p = cfg.shrinkMinPercent { guardRules.minPercent = p }
        if let p = cfg.shrinkPrefectures { guardRules.perPrefecture = p }
        let pipeline = Pipeline(inbox: inboxPath, inboxOrigin: cfg.origin("inbox", flag: "--inbox", fromFlag: inbox != nil),
                                codebookPath: survey.codebook ?? cfg.codebook, masterPath: survey.master ?? cfg.master,
                                origins: (cfg.origin("codebook", flag: "--codebook", fromFlag: survey.codebook != nil),
                                          cfg.origin("master", flag: "--master", fromFlag: survey.master != nil)),
                                limits: ReaderLimits.default.applying(cfg.limits), excluded: [outPath], timeZone: zone)
        return NightlyRun.Settings(pipeline: pipeline, out: outPath, keepRuns: keepRuns, json: json || (cfg.json ?? false),
                                   clock: Clock(zone: zone), shrinkGuard: guardRules,
                                   acceptShrink: acceptShrink || (cfg.acceptShrink ?? false), percentBase: base,
                                   previous: (previous ?? cfg.previous).map { ($0, cfg.origin("previous", flag: "--previous", fromFlag: previous != nil)) })
    }
}
