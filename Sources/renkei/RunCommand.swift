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

    @ArgumentParser.Option(name: [.customLong("keep-runs"), .customLong("keep")], help: "How many past runs to keep under <out>/runs (default: 20; keep_runs: in the config).")
    var keep: Int?

    @Flag(name: .long, help: "Print the end-of-run summary as JSON on stdout.")
    var json = false

    @ArgumentParser.Option(name: .long, help: "Log level on stderr (default: notice; debug adds each file's decision and each stage's time).")
    var logLevel: Logger.Level?

    @ArgumentParser.Option(name: .long, help: "Also append the log and the summary to this file, every line dated (log_file: in the config).")
    var logFile: String?

    @Flag(name: .long, help: "Publish even when the shrink guard would hold the run (far fewer answers than the last published run).")
    var acceptShrink = false

    @Flag(name: .customLong("no-cache"), help: "Parse every file again instead of taking the answers the last run read from the same file (by SHA-256, in <out>/.cache); the cache is written afresh.")
    var noCache = false

    @ArgumentParser.Option(name: .long, help: "What every % in the reports is of: applicable (everyone the question applies to, 無回答 included; default) or valid (valid answers only).")
    var percentBase: PercentBase?

    @ArgumentParser.Option(name: .long, help: ArgumentHelp(OmittableOutput.helpText, valueName: "output"))
    var omit: [OmittableOutput] = []

    @ArgumentParser.Option(name: .long, help: "Shell command run after every run (config errors too): summary JSON on stdin, RENKEI_EXIT_STATUS and RENKEI_STATUS in its environment.")
    var notify: String?

    @ArgumentParser.Option(name: .long, help: "Seconds the notify command may take before it and everything it started are killed (default: 60).")
    var notifyTimeout: Int?

    func validate() throws {
        if let seconds = notifyTimeout, seconds < 1 {
            throw ValidationError("--notify-timeout は 1 以上の整数（秒）で指定してください（\(seconds) ではなく）")
        }
        if let keep, keep < 1 { throw ValidationError("--keep-runs は 1 以上の整数で指定してください（\(keep) ではなく）") }
    }

    func run() throws {
        Log.bootstrap(level: .notice)
        var notifyCommand = notify
        var notifyTimeout = self.notifyTimeout ?? Notify.defaultTimeout
        var lock: RunLock?
        let status: ExitStatus
        let summary: Data
        do {
            let cfg: RunConfig
            do { cfg = try environment.loadConfig() } catch let failure as RunConfig.Failure {
                // The operator must hear of a broken config above all: its notify: still counts.
                if let partial = failure.partial {
                    notifyCommand = notify ?? partial.notify
                    notifyTimeout = self.notifyTimeout ?? partial.notifyTimeout ?? notifyTimeout
                    if let zone = (environment.timeZone ?? partial.timeZone).flatMap(TimeZone.init(identifier:)) { LogLines.shared.configure(zone: zone) }
                    if let file = logFile ?? partial.logFile { try? LogLines.shared.openFile(file) }
                } else if notify != nil {
                    printWarning("設定ファイルを読めませんでした。コマンドラインの --notify で通知します")
                }
                throw failure
            }
            notifyCommand = notify ?? cfg.notify
            notifyTimeout = self.notifyTimeout ?? cfg.notifyTimeout ?? notifyTimeout
            let run = NightlyRun(settings: try settings(cfg))
            lock = try NightlyRun.lock(out: run.settings.out)
            let ended = try run.execute()
            // The summary on stdout (JSON for scripts) and into the log file, every line dated there.
            if json || (cfg.json ?? false) { FileHandle.standardOutput.write(ended.json); LogLines.shared.fileOnly(ended.text + "\n") }
            else { LogLines.shared.summary(ended.text) }
            (status, summary) = (ended.status, ended.json)
        } catch {
            status = Self.status(of: error)
            for line in "\(error)".split(separator: "\n") { printError(String(line)) }
            summary = Self.failureJSON(status: status, message: "\(error)")
            // The error's own (Japanese) first line, not the status table's English meaning.
            Interruption.shared.ended(note: "\(error)".split(separator: "\n").first.map(String.init) ?? "", status: status)
        }
        Interruption.shared.waitIfStopping()
        // Still holding the lock: a second run is refused until the operator has been told.
        if let notifyCommand { Notify.run(notifyCommand, summary: summary, status: status, timeout: notifyTimeout) }
        withExtendedLifetime(lock) {}
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
        let levelName = cfg.logLevel ?? "notice"
        guard let level = logLevel ?? Logger.Level(rawValue: levelName) else {
            throw UsageFailure(description: "\(cfg.origin("log_level", flag: "--log-level", fromFlag: false)): ログの水準 '\(levelName)' はありません。\(RunConfig.logLevels.joined(separator: ", ")) のどれかを指定してください")
        }
        Log.bootstrap(level: level)
        LogLines.shared.configure(zone: environment.zone(cfg))
        if let file = logFile ?? cfg.logFile { try LogLines.shared.openFile(file) }
        let keepRuns = keep ?? cfg.keepRuns ?? 20
        guard keepRuns >= 1 else {
            throw UsageFailure(description: "\(cfg.origin("keep_runs", flag: "--keep-runs", fromFlag: keep != nil)) は 1 以上の整数で指定してください（\(keepRuns) ではなく）")
        }
        let baseName = cfg.percentBase ?? PercentBase.applicable.rawValue
        guard let base = percentBase ?? PercentBase(rawValue: baseName) else {
            throw UsageFailure(description: "\(cfg.origin("report.percent_base", flag: "--percent-base", fromFlag: false)) は \(RunConfig.percentBases.joined(separator: ", ")) のどれかを指定してください（'\(baseName)' ではなく）")
        }
        let outPath = out ?? cfg.out ?? "Reports"
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: outPath, isDirectory: &isDir), !isDir.boolValue {
            throw UsageFailure(description: "出力フォルダ \(outPath)（\(cfg.origin("out", flag: "--out", fromFlag: out != nil))）はファイルです。フォルダを指定してください")
        }
        var guardRules = ShrinkGuard()
        if let p = cfg.shrinkMinPercent { guardRules.minPercent = p }
        if let p = cfg.shrinkPrefectures { guardRules.perPrefecture = p }
        var pipeline = try environment.pipeline(inbox: inbox, survey: survey, out: outPath, cfg)
        pipeline.useCache = !noCache
        var settings = NightlyRun.Settings(pipeline: pipeline, out: outPath, keepRuns: keepRuns,
                                   clock: Clock(zone: pipeline.timeZone), shrinkGuard: guardRules,
                                   acceptShrink: acceptShrink || (cfg.acceptShrink ?? false), percentBase: base,
                                   previous: (previous ?? cfg.previous).map { ($0, cfg.origin("previous", flag: "--previous", fromFlag: previous != nil)) })
        settings.omit = Set(omit.isEmpty ? cfg.omit ?? [] : omit)
        return settings
    }
}
