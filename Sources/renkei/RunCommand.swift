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
        abstract: "回答を確認し、全国と都道府県のレポートを公開します。",
        discussion: HelpText.wrap("""
            受付フォルダのファイルはすべて、理由とともに、受理・差替済・不受理・対象外のどれかとして\
            台帳（ledger.csv）に記録します。レポートは隠しの作業中のフォルダに書き、すべて書き終えてから\
            名前を変えて <out>/runs/<日時>/ に置きます。そのあと <out>/latest が新しい実行を指します。\
            いつクラッシュしたり止められたりしても、それまでの latest はそのまま残ります。

            回答の急減による保留（shrink_guard）: 受理した回答が1件もないとき、前回公開した実行の 50%\
            （shrink_guard: min_percent）を下回るとき、または前回回答のあった都道府県の回答がなくなった\
            ときは、実行を <out>/runs/<日時>-held に残して latest は動かさず、終了ステータスは 5 です。\
            --accept-shrink を付けると、それでも公開します。

            実行ごとに書くファイル（<out>/runs/<日時>/ の中）:
            """) + "\n" + ReportOutputs.helpText + "\n\n" + HelpText.wrap("""
            割合: --percent-base applicable（既定）は、その設問の対象者全員で割り、無回答もその % とともに\
            行として示します。valid は有効回答だけで割ります（設定ファイルでは report: の percent_base:）。

            --previous DIR（設定ファイルでは previous:）には、前回の調査で公開した実行フォルダを指定します。\
            設問別の表、場面・テーマ別、都道府県別一覧、表紙に、今年の数値と並べて前回の数値を示します\
            （設問は id または previous_id: で、選択肢はラベルまたは previous_options: で対応づけます）。\
            割合の基準は今年と同じです。renkei の実行フォルダでないフォルダや、別の調査のフォルダを\
            指定すると、使い方の誤りになります。

            YAML の --config ファイルにはすべてのオプションを書けます（docs/operator.md を参照してください）。\
            コマンドラインのオプションが優先します。時刻（実行フォルダ名、要約、run.json、レポート）は \
            time_zone（既定 Asia/Tokyo）で表します。
            """) + "\n\n" + ExitStatus.helpText(ExitStatus.run)
    )

    @ArgumentParser.Option(name: .long, help: .ja("返送ファイルのフォルダ（受付フォルダ。サブフォルダも探します）。"))
    var inbox: String?

    @ArgumentParser.Option(name: .long, help: .ja("出力フォルダ（既定: Reports）。"))
    var out: String?

    @OptionGroup var survey: SurveyOptions

    @OptionGroup var environment: EnvironmentOptions

    @ArgumentParser.Option(name: .long, help: .ja("前回の調査で公開した実行フォルダ（answers.csv、summary.json、run.json のあるもの）。レポートに今年と並べて前回を示します。"))
    var previous: String?

    @ArgumentParser.Option(name: [.customLong("keep-runs"), .customLong("keep")], help: .ja("<out>/runs に残す過去の実行の数（既定: 20。設定ファイルでは keep_runs:）。"))
    var keep: Int?

    @Flag(name: .long, help: .ja("終了時の要約を JSON で標準出力に出します。"))
    var json = false

    @ArgumentParser.Option(name: .long, help: .ja("標準エラー出力に出すログの水準（既定: notice。debug ではファイルごとの判定と各段階の時間も出します）。", valuesBelow: true))
    var logLevel: Logger.Level?

    @ArgumentParser.Option(name: .long, help: .ja("ログと要約をこのファイルにも追記します。各行に日時を付けます（設定ファイルでは log_file:）。"))
    var logFile: String?

    @Flag(name: .long, help: .ja("回答の急減（前回公開した実行より回答が大きく減ったとき）で保留になる実行でも公開します。"))
    var acceptShrink = false

    @Flag(name: .customLong("no-cache"), help: .ja("前回の実行が同じファイルから読んだ回答（SHA-256 で照合、<out>/.cache）を使わず、すべてのファイルを読み直します。キャッシュは新しく書き直します。"))
    var noCache = false

    @ArgumentParser.Option(name: .long, help: .ja("レポートの % の分母: applicable（その設問の対象者全員。無回答を含みます。既定）または valid（有効回答のみ）。", valuesBelow: true))
    var percentBase: PercentBase?

    @ArgumentParser.Option(name: .long, help: .ja(OmittableOutput.helpText, valueName: "output", valuesBelow: true))
    var omit: [OmittableOutput] = []

    @ArgumentParser.Option(name: .long, help: .ja("実行のたびに（設定ファイルの誤りのときも）最後に実行するシェルコマンド。標準入力に要約の JSON を、環境変数に RENKEI_EXIT_STATUS、RENKEI_STATUS、RENKEI_STATUS_MEANING（終了ステータスの意味）、RENKEI_SUMMARY_TEXT（画面に出る要約）を渡します。"))
    var notify: String?

    @ArgumentParser.Option(name: .long, help: .ja("通知のコマンドに許す秒数。過ぎるとそのコマンドと、それが起動したものをすべて止めます（既定: 60）。"))
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
        let summary: Data, summaryText: String
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
            (status, summary, summaryText) = (ended.status, ended.json, ended.text)
        } catch {
            status = Self.status(of: error)
            summaryText = "\(error)"
            let lines = summaryText.split(separator: "\n").map(String.init)
            for line in lines { printError(line) }
            summary = Self.failureJSON(status: status, message: summaryText)
            // The error's own first line (what failed), not the status table's general meaning.
            Interruption.shared.ended(note: lines.first ?? "", status: status)
        }
        Interruption.shared.waitIfStopping()
        // Still holding the lock: a second run is refused until the operator has been told.
        if let notifyCommand { Notify.run(notifyCommand, summary: summary, text: summaryText, status: status, timeout: notifyTimeout) }
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
