import Foundation

/// Exit statuses of every command, for cron, systemd and scripts. This table is the one place
/// they are defined: every `--help` prints it, and a test checks docs/operator.md's table against it.
public enum ExitStatus: Int32, CaseIterable, Sendable {
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
    public var meaning: String {
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

    /// The status in `--notify`'s environment and the summary JSON.
    public var name: String {
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
    public static let run = allCases
    public static let validate: [ExitStatus] = [.clean, .inputErrors, .usage, .io, .internalError, .interrupted, .terminated]
    public static let other: [ExitStatus] = [.clean, .inputErrors, .usage, .io, .internalError]

    /// The EXIT STATUS block of a command's `--help`.
    public static func helpText(_ statuses: [ExitStatus]) -> String {
        "EXIT STATUS\n" + statuses.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0)) \($0.meaning)" }
            .joined(separator: "\n")
    }
}
