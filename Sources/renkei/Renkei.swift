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
        abstract: "在宅医療・介護連携推進事業の調査を集計し、レポートを公開します。",
        discussion: HelpText.wrap("""
            1年の流れ: `renkei template` で送付する調査票を作成します。返送されたファイルは受付フォルダに\
            集めます。`renkei validate` でそれを確認し、`renkei run`（毎晩 cron から）ですべてを確認して\
            レポートを公開します。`renkei simulate` はデモ用の模擬の受付フォルダを作成します。
            """) + "\n\n" + ExitStatus.helpText(ExitStatus.allCases),
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
            let message = ParserWords.japanese(fullMessage(for: error))
            if !message.isEmpty {
                if status == .clean { print(message) }
                else { LogLines.shared.line(.error, message) }
            }
            if status == .internalError, !(error is ExitCode) {
                LogLines.shared.line(.error, "内部エラーです。上のログを添えて報告してください")
            }
        }
        Interruption.shared.waitIfStopping()
        Glibc.exit(status.rawValue)
    }
}
