import ArgumentParser
import Foundation
import Ingest
import Logging
import RenkeiRun
import ReportKit
import Tabulate
import XLSXReader

/// Which survey: the codebook and the master list, on every command that reads or writes its forms
/// (`template`, `simulate`, `validate`, `run`), with one help text.
struct SurveyOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: .ja("調査票定義の YAML（既定: 内蔵の R5 調査票定義。`renkei codebook` を参照してください）。"))
    var codebook: String?

    @ArgumentParser.Option(name: .long, help: .ja("内蔵の市町村名簿に代えて使う市町村の CSV（列は code,pref_code,prefecture,name,kana,kind。市町村の合併のあとなど）。"))
    var master: String?

    /// The codebook and master list of `template` and `simulate`; a bad file is a usage error (status 2).
    func load() throws -> Survey {
        do { return try Survey.load(codebookPath: codebook, masterPath: master) }
        catch { throw ValidationError("\(error)") }
    }
}

/// Where and how a run reads: the config file and the time zone, shared by `run` and `validate`
/// (the config's limits, time zone and output folder apply to both).
struct EnvironmentOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: .ja("これらのオプションを書いた YAML ファイル（cron 用）。"))
    var config: String?

    @ArgumentParser.Option(name: .long, help: .ja("実行フォルダ名、要約、レポート、送り手の zip 内のファイル時刻のタイムゾーン（既定: Asia/Tokyo）。"))
    var timeZone: String?

    func validate() throws {
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            throw ValidationError("--time-zone は Asia/Tokyo や UTC のようなタイムゾーン名で指定してください（'\(timeZone)' ではなく）")
        }
    }

    func loadConfig() throws -> RunConfig { try config.map(RunConfig.load(path:)) ?? RunConfig() }

    /// The zone: the flag over the config over Asia/Tokyo (both checked already).
    func zone(_ cfg: RunConfig) -> TimeZone {
        TimeZone(identifier: timeZone ?? cfg.timeZone ?? Clock.defaultZone) ?? IngestOptions.tokyo
    }

    /// The shared pipeline: flags over the config file over defaults, each path with where it came from.
    func pipeline(inbox: String?, survey: SurveyOptions, out: String?, _ cfg: RunConfig) throws -> Pipeline {
        guard let inboxPath = inbox ?? cfg.inbox else {
            throw UsageFailure(description: "受付フォルダの指定がありません。--inbox DIR を付けるか、設定ファイルに `inbox:` を書いてください")
        }
        return Pipeline(inbox: inboxPath, inboxOrigin: cfg.origin("inbox", flag: "--inbox", fromFlag: inbox != nil),
                        codebookPath: survey.codebook ?? cfg.codebook, masterPath: survey.master ?? cfg.master,
                        origins: (cfg.origin("codebook", flag: "--codebook", fromFlag: survey.codebook != nil),
                                  cfg.origin("master", flag: "--master", fromFlag: survey.master != nil)),
                        limits: ReaderLimits.default.applying(cfg.limits), excluded: out.map { [$0] } ?? [], timeZone: zone(cfg))
    }
}

// Enums as arguments: `--help` lists their values and a wrong one is a usage error naming them.
extension Logger.Level: @retroactive ExpressibleByArgument {}
extension PercentBase: ExpressibleByArgument {}

/// `--omit 見える化`: the names come from the output registry, and so does the help's list.
extension OmittableOutput: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var allValueStrings: [String] { names }
}
