import ArgumentParser
import Foundation
import RenkeiRun
#if canImport(Glibc)
import Glibc
#endif

@main
struct Renkei: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renkei",
        abstract: "Tabulates the 在宅医療・介護連携推進事業 survey: returned workbooks in, validated reports out.",
        discussion: """
            A year's work: `renkei template` writes the forms to send out; returned files are \
            collected in an inbox folder; `renkei validate` checks them; `renkei run` (nightly, \
            from cron) checks everything and publishes the reports. `renkei simulate` makes a \
            realistic demo inbox.

            \(ExitStatus.helpText(ExitStatus.allCases))
            """,
        version: RenkeiVersion.current,
        subcommands: [RunCommand.self, ValidateCommand.self, Template.self, Simulate.self,
                      CodebookCommand.self, Cells.self, ManualCommand.self]
    )

    /// argument-parser's own errors would exit 64 (EX_USAGE) and stray errors 1 ("input
    /// errors"): every end goes through the one exit-status table instead.
    static func main() {
        Interruption.install()
        MemoryPolicy.apply()
        KeepUntilExit.enable()
        let status: ExitStatus
        do {
            var command = try parseAsRoot()
            try command.run()
            status = .clean
        } catch {
            let parserCode = exitCode(for: error)
            status = ExitStatus.of(uncaught: error, parserCode: parserCode)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if status == .clean { print(message) }
                else { LogLines.shared.line(.error, message) }
            }
            if status == .internalError, !(error is ExitCode) {
                LogLines.shared.line(.error, "internal error; please report this with the log above")
            }
        }
        Interruption.shared.waitIfStopping()
        Glibc.exit(status.rawValue)
    }
}
