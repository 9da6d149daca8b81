import Foundation
import SurveyModel
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Every line renkei writes for an operator — log lines, warnings, errors, the summary — dated in
/// the run's time zone, to stderr (the summary to stdout) and, with `log_file:`, appended to a
/// file too. Writes go to a copy of the original stderr taken at start, so a library's own
/// chatter can be diverted (`StderrFilter`) without losing ours.
public final class LogLines: Sendable {
    public static let shared = LogLines()

    private struct State {
        var zone: TimeZone = TimeZone(identifier: "Asia/Tokyo") ?? .current
        var level: Logger.Level = .notice
        var file: Int32 = -1
        /// A stop is under way: only the stop's own line is written from now on.
        var silenced = false
    }
    private let state = Mutex(State())
    /// The original stderr, kept open for the life of the process.
    let stderrFD: Int32 = { let fd = dup(STDERR_FILENO); return fd >= 0 ? fd : STDERR_FILENO }()

    public func configure(zone: TimeZone? = nil, level: Logger.Level? = nil) {
        state.withLock { s in
            if let zone { s.zone = zone }
            if let level { s.level = level }
        }
    }

    /// Appends to `path` from now on (created 0640: it holds what stderr holds).
    public func openFile(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw UsageFailure(description: "ログファイル \(path) を開けません（log_file）: \(SystemError.text(errno))")
        }
        state.withLock { s in
            if s.file >= 0 { close(s.file) }
            s.file = fd
        }
    }

    var level: Logger.Level { state.withLock { $0.level } }

    /// Other threads' lines would only bury the line that says why the process is ending.
    func silence() { state.withLock { $0.silenced = true } }

    /// Now, as the log dates it (the lock file's note).
    public func now() -> String { Self.stamp(Date(), zone: state.withLock { $0.zone }) }

    /// `2026-12-06 02:30:04 +0900 warning: …` (one line per line of `message`).
    public func line(_ level: Logger.Level, _ message: String, evenWhenSilenced: Bool = false) {
        guard level >= self.level || level >= .warning else { return }
        let (zone, file, silenced) = state.withLock { ($0.zone, $0.file, $0.silenced) }
        guard !silenced || evenWhenSilenced else { return }
        let stamp = Self.stamp(Date(), zone: zone)
        let text = message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "\(stamp) \(level.rawValue): \($0)\n" }.joined()
        emit(text, to: stderrFD, file: file)
    }

    /// The summary: stdout, and the log file.
    public func summary(_ text: String) {
        let (file, silenced) = state.withLock { ($0.file, $0.silenced) }
        guard !silenced else { return }
        emit(text.hasSuffix("\n") ? text : text + "\n", to: STDOUT_FILENO, file: file)
    }

    /// Only into the log file (the JSON summary, which stdout carries for scripts).
    public func fileOnly(_ text: String) {
        let file = state.withLock { $0.file }
        if file >= 0 { writeAll(file, text) }
    }

    private func emit(_ text: String, to fd: Int32, file: Int32) {
        writeAll(fd, text)
        if file >= 0 { writeAll(file, text) }
    }

    private func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }

    static func stamp(_ date: Date, zone: TimeZone) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        return f.string(from: date)
    }
}

/// swift-log into `LogLines`: `2026-12-06 02:30:04 +0900 info: reading inbox (inbox: /srv/renkei/inbox)`.
struct DatedLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level {
        get { LogLines.shared.level }
        set { LogLines.shared.configure(level: newValue) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let extra = all.isEmpty ? "" : " (" + all.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        LogLines.shared.line(event.level, "\(event.message)\(extra)")
    }
}

/// While a C library that prints to stderr runs (libxlsxwriter: a `[ERROR]` line per failed write,
/// 191 of them on a full disk), its lines are taken off stderr and kept as debug lines; anything
/// else still reaches stderr. fd 2 is one per process: runs at once (in-process tests) share one
/// diversion, installed by the first and removed by the last (two stacked ones never closed).
enum StderrFilter {
    private struct Active: Sendable {
        var users = 0
        var saved: Int32 = -1
        var done: DispatchSemaphore?
    }
    private static let active = Mutex(Active())

    static func run<T>(dropping prefixes: [String], _ body: () throws -> T) rethrows -> T {
        _ = LogLines.shared.stderrFD  // the real stderr, taken before fd 2 is diverted (else it echoes into the pipe)
        let entered = active.withLock { a -> Bool in
            if a.users > 0 { a.users += 1; return true }
            guard let (saved, done) = install(dropping: prefixes) else { return false }
            a = Active(users: 1, saved: saved, done: done)
            return true
        }
        guard entered else { return try body() }
        defer {
            let finished: DispatchSemaphore? = active.withLock { a in
                a.users -= 1
                guard a.users == 0 else { return nil }
                dup2(a.saved, STDERR_FILENO)  // the pipe's last writer closes: its reader ends
                close(a.saved)
                let done = a.done
                a = Active()
                return done
            }
            finished?.wait()
        }
        return try body()
    }

    /// Points fd 2 at a pipe read by a thread; returns the saved fd 2 and the reader's end signal.
    private static func install(dropping prefixes: [String]) -> (Int32, DispatchSemaphore)? {
        var fds: [Int32] = [-1, -1]
        let saved = dup(STDERR_FILENO)
        guard saved >= 0 else { return nil }
        guard pipe(&fds) == 0 else { close(saved); return nil }
        _ = fcntl(saved, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        dup2(fds[1], STDERR_FILENO)
        close(fds[1])
        let reader = fds[0]
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var buffer: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            func flush(_ line: [UInt8]) {
                let text = String(decoding: line, as: UTF8.self)
                if prefixes.contains(where: text.hasPrefix) { LogLines.shared.line(.debug, text) }
                else { text.withCString { _ = write(LogLines.shared.stderrFD, $0, strlen($0)) }; _ = write(LogLines.shared.stderrFD, "\n", 1) }
            }
            while true {
                let n = read(reader, &chunk, chunk.count)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                buffer += chunk[0..<n]
                while let nl = buffer.firstIndex(of: 0x0A) {
                    flush(Array(buffer[..<nl]))
                    buffer.removeSubrange(...nl)
                }
            }
            if !buffer.isEmpty { flush(buffer) }
            close(reader)
            done.signal()
        }
        return (saved, done)
    }
}
