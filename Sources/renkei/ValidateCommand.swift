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
        abstract: "Check every returned file in a folder and list the problems (疑義), without writing reports.",
        discussion: """
            Prints files by state, issues by severity and responses per form. With --csv DIR it \
            also writes DIR/issues.csv (every problem: file, sheet, cell, question, value as \
            written, what to write instead) and DIR/ledger.csv (what became of every file), \
            UTF-8 with BOM for Excel.

            --config reads the same YAML file as `renkei run`: its inbox, codebook, master list, \
            limits and time zone apply, and its output folder is never read as returns.

            \(ExitStatus.helpText(ExitStatus.validate))
            """
    )

    @ArgumentParser.Option(name: .long, help: "Folder of returned files (searched recursively; or `inbox:` in the config).")
    var inbox: String?

    @ArgumentParser.Option(name: .long, help: "Folder to write issues.csv and ledger.csv into.")
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
