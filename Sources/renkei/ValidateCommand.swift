import ArgumentParser
import Foundation
import Ingest
import RenkeiRun
import ReportKit
import SurveyModel

/// `renkei validate`: every check of `run`, no reports — for a prefecture checking its
/// municipalities' files before forwarding them, or the contractor checking a day's mail.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "返送ファイルを確認し、疑義を一覧にします。",
        discussion: HelpText.wrap("""
            フォルダの返送ファイルをすべて確認し、ファイルを状態別に、疑義をエラー・警告別に、回答を\
            調査票別に数えて表示します。レポートは作りません。--csv DIR を付けると、DIR/issues.csv\
            （すべての疑義: ファイル、シート、セル、設問、書かれた値、代わりに書くべきこと）と \
            DIR/ledger.csv（各ファイルがどうなったか）も書きます。どちらも Excel 用に BOM 付きの UTF-8 です。

            --config は `renkei run` と同じ YAML ファイルを読みます。その受付フォルダ、調査票定義、\
            市町村名簿、上限、タイムゾーンを使い、その出力フォルダは返送ファイルとして読みません。
            """) + "\n\n" + ExitStatus.helpText(ExitStatus.validate)
    )

    @ArgumentParser.Option(name: .long, help: .ja("返送ファイルのフォルダ（受付フォルダ。サブフォルダも探します。設定ファイルの `inbox:` でも指定できます）。"))
    var inbox: String?

    @ArgumentParser.Option(name: .long, help: .ja("issues.csv と ledger.csv を書くフォルダ。"))
    var csv: String?

    @OptionGroup var survey: SurveyOptions

    @OptionGroup var environment: EnvironmentOptions

    func run() throws {
        let result: IngestResult
        let loaded: Survey
        Log.bootstrap(level: .notice)
        do {
            let cfg = try environment.loadConfig()
            let checked = try environment.pipeline(inbox: inbox, survey: survey, out: cfg.out, cfg).check()
            (loaded, result) = (checked.survey, checked.result)
        } catch {
            printError("\(error)")
            throw RunCommand.status(of: error).exitCode
        }

        if let dir = csv {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let names = MasterIndex(loaded.master)
                let issues = LedgerCSV.issues(result.issues, codebook: loaded.codebook, maskPII: false,
                                              names: { names.municipalities[$0]?.name ?? names.prefectures[$0]?.name ?? "" })
                let ledger = LedgerCSV.ledger(result.ledger)
                try Data(issues.utf8).write(to: URL(fileURLWithPath: dir + "/issues.csv"))
                try Data(ledger.utf8).write(to: URL(fileURLWithPath: dir + "/ledger.csv"))
            } catch {
                printError("\(dir) に CSV ファイルを書けません: \(SystemError.text(error))")
                throw ExitStatus.io.exitCode
            }
        }

        let s = result.summary
        let errors = result.issues.count { $0.severity == .error }
        let states = LedgerState.allCases.map { "\($0.label) \(s.count($0))" }.joined(separator: "、")
        let forms = loaded.codebook.forms.map { f in "\(f.title) \(result.responses.count { $0.respondent.form == f.id })" }
            .joined(separator: "、")
        print("""
            renkei validate: ファイル \(s.inputs) 件
              ファイル: \(states)
              回答:     \(forms)
              疑義:     エラー \(errors)、警告 \(result.issues.count - errors)\(csv.map { "（\($0)/issues.csv）" } ?? "")
            """)
        for e in result.ledger where e.state == .rejected {
            print("  \(LedgerState.rejected.label)  \(e.input): \(e.reason.message)")
        }
        if errors > 0 || s.count(.rejected) > 0 { throw ExitStatus.inputErrors.exitCode }
    }
}
