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

            \(ExitStatus.helpText(ExitStatus.validate))
            """
    )

    @ArgumentParser.Option(name: .long, help: "Folder of returned files (searched recursively).")
    var inbox: String

    @ArgumentParser.Option(name: .long, help: "Folder to write issues.csv and ledger.csv into.")
    var csv: String?

    @OptionGroup var survey: SurveyOptions

    func run() throws {
        let result: IngestResult
        let loaded: Survey
        Log.bootstrap(level: .notice)
        do {
            let checked = try Pipeline(inbox: inbox, codebookPath: survey.codebook, masterPath: survey.master).check()
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
                let ledger = LedgerCSV.ledger(result.ledger.map(FileRecord.init))
                try Data(issues.utf8).write(to: URL(fileURLWithPath: dir + "/issues.csv"))
                try Data(ledger.utf8).write(to: URL(fileURLWithPath: dir + "/ledger.csv"))
            } catch {
                printError("cannot write the CSV files into \(dir): \(error.localizedDescription)")
                throw ExitStatus.io.exitCode
            }
        }

        let s = result.summary
        let errors = result.issues.filter { $0.severity == .error }.count
        let states = LedgerState.allCases.map { "\($0.rawValue) \(s.count($0))" }.joined(separator: ", ")
        let forms = loaded.codebook.forms.map { f in "\(f.id.rawValue) \(result.responses.filter { $0.respondent.form == f.id }.count)" }
            .joined(separator: ", ")
        print("""
            renkei validate: \(s.inputs) files
              files:     \(states)
              responses: \(forms)
              issues:    \(errors) errors, \(result.issues.count - errors) warnings\(csv.map { " (\($0)/issues.csv)" } ?? "")
            """)
        for e in result.ledger where e.state == .rejected {
            print("  rejected  \(e.input): \(e.reason.message)")
        }
        if errors > 0 || s.count(.rejected) > 0 { throw ExitStatus.inputErrors.exitCode }
    }
}
