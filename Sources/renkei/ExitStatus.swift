import ArgumentParser
import Foundation

/// Exit statuses of every command, for cron, systemd and scripts. This table is the one place
/// they are defined: every `--help` prints it, and a test checks docs/operator.md's table against it.
enum ExitStatus: Int32, CaseIterable {
    case clean = 0
    case inputErrors = 1
    case usage = 2
    case io = 3
    case locked = 4
    case held = 5
    case internalError = 6
    case interrupted = 130
    case terminated = 143

    /// What the status means, one line, as printed in `--help` and docs/operator.md.
    var meaning: String {
        switch self {
        case .clean: "reports published (validate: checked); no errors in the inputs"
        case .inputErrors: "reports published, but errors were found in the inputs or files were rejected (issues.csv, ledger.csv)"
        case .usage: "usage or configuration error (bad option or value, config file, codebook, master list, inbox); nothing read"
        case .io: "I/O failure (output not writable, disk full); the previous latest is kept"
        case .locked: "another run holds the lock on the output folder; nothing done"
        case .held: "run kept under runs/ but not published: far fewer answers than the last published run (shrink guard)"
        case .internalError: "internal error (a bug: please report it with the log); the previous latest is kept"
        case .interrupted: "stopped by SIGINT (Ctrl-C); staging removed, the previous latest is kept"
        case .terminated: "stopped by SIGTERM (systemd stop); staging removed, the previous latest is kept"
        }
    }

    var exitCode: ExitCode { ExitCode(rawValue) }

    /// The status in `--notify`'s environment and the summary JSON.
    var name: String {
        switch self {
        case .clean: "clean"
        case .inputErrors: "input_errors"
        case .usage: "usage"
        case .io: "io"
        case .locked: "locked"
        case .held: "held"
        case .internalError: "internal_error"
        case .interrupted: "interrupted"
        case .terminated: "terminated"
        }
    }

    /// The statuses `run` can end with; `validate` has no publishing, lock or shrink guard.
    static let run = allCases
    static let validate: [ExitStatus] = [.clean, .inputErrors, .usage, .io, .internalError, .interrupted, .terminated]
    static let other: [ExitStatus] = [.clean, .inputErrors, .usage, .io, .internalError]

    /// The EXIT STATUS block of a command's `--help`.
    static func helpText(_ statuses: [ExitStatus]) -> String {
        "EXIT STATUS\n" + statuses.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0)) \($0.meaning)" }
            .joined(separator: "\n")
    }

    /// An error that reached `main` uncaught: argument-parser's own usage errors are status 2,
    /// file errors 3, anything else is a bug (never "usage").
    static func of(uncaught error: Error, parserCode: ExitCode) -> ExitStatus {
        if let status = (error as? ExitCode).flatMap({ ExitStatus(rawValue: $0.rawValue) }) { return status }
        if parserCode == .success { return .clean }
        if parserCode == .validationFailure { return .usage }
        if error is CocoaError || error is POSIXError { return .io }
        return .internalError
    }
}
