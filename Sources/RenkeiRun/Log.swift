import Foundation
import Logging
import Synchronization

/// Logs go to stderr with levels, each line dated in the run's zone (`LogLines`); stdout is
/// kept for the summary (and `--json`).
public enum Log {
    /// Once per process, before the first line; the level and zone are set later from the options.
    public static func bootstrap(level: Logger.Level) {
        LogLines.shared.configure(level: level)
        bootstrapOnce
    }
    private static let bootstrapOnce: Void = LoggingSystem.bootstrap { _ in DatedLogHandler() }
    static let logger = Logger(label: "renkei")
}

/// A one-line progress counter on a terminal (reading files, writing forms); silent when stderr
/// is not a terminal (cron, pipes). Safe to update from many threads.
public final class ProgressLine: Sendable {
    private let enabled: Bool
    private let label: String
    /// When the line was last drawn: redrawn at most every 50 ms so threads do not fight over the terminal.
    private let lastDrawn = Mutex(0.0)

    public init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    public func update(_ done: Int, of total: Int) {
        guard enabled else { return }
        lastDrawn.withLock { last in
            let now = Date().timeIntervalSinceReferenceDate
            guard done == total || now - last > 0.05 else { return }
            last = now
            FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)\u{1B}[K".utf8))
        }
    }

    public func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
