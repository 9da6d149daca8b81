import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT (Ctrl-C) and SIGTERM (systemd stop): the run stops cleanly — its staging folder
/// removed, the lock released with the process, `latest` untouched — says so in one line on
/// stderr and exits 128 + signal (130, 143). Once the run is placed or has failed (during
/// notify), a stop kills the notify command and exits with the run's own status, saying what was
/// published. The signal handler only writes the signal number to a pipe; a watcher thread does
/// the rest, outside signal context.
public final class Interruption: Sendable {
    public static let shared = Interruption()

    private struct State {
        var stopping: Int32?
        /// The staging folder of the run in progress, removed on a stop.
        var staging: String?
        /// What a stop leaves behind, for the stderr line ("<out>/latest unchanged").
        var note: String?
        /// Once the run is placed (or has failed): what it did and its status. A stop from here
        /// on (during notify) changes neither: it exits with that status and says so.
        var ended: (note: String, status: ExitStatus)?
        /// The notify command's process group, killed on a stop.
        var notifyGroup: pid_t?
    }
    private let state = Mutex(State())

    /// Installs the handlers and the watcher thread; called once, first thing in `main`.
    public static func install() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        signalPipe = fds[1]
        let readEnd = fds[0]
        signal(SIGINT, onSignal)
        signal(SIGTERM, onSignal)
        // A parent may hand us the two blocked (some process launchers do): take them back, on
        // this thread before any other starts, so every thread inherits the mask.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        Thread.detachNewThread { shared.watch(readEnd) }
    }

    /// Records the staging folder before it is created; false when a stop has already begun.
    func willStage(_ path: String, note: String) -> Bool {
        state.withLock { s in
            guard s.stopping == nil else { return false }
            s.staging = path; s.note = note
            return true
        }
    }

    /// Runs the step that renames staging into place (and may switch `latest`) unless a stop has
    /// begun; a stop that arrives meanwhile waits for the step, so the two never interleave.
    /// `body` returns its result and what it did (`published …`), with the run's `status`.
    func publishing<T>(status: ExitStatus, _ body: () throws -> (T, note: String)) throws -> T? {
        try state.withLock { s throws -> T? in
            guard s.stopping == nil else { return nil }
            let (r, note) = try body()
            s.staging = nil
            s.ended = (note, status)
            return r
        }
    }

    /// The staging folder is gone (removed after a failure): nothing for a stop to remove.
    func unstage() { state.withLock { $0.staging = nil } }

    /// The run is over with `status` (unless it was placed, which said so already): a stop during
    /// notify exits with it and `note`.
    public func ended(note: String, status: ExitStatus) {
        state.withLock { s in if s.ended == nil { s.ended = (note, status) } }
    }

    /// Starts the notify command with the state held: a stop arriving meanwhile waits, then finds
    /// and kills its group; once a stop has begun, nothing is started (nil).
    func notifying(_ spawn: () -> pid_t?) -> pid_t? {
        state.withLock { s in
            guard s.stopping == nil else { return nil }
            s.notifyGroup = spawn()
            return s.notifyGroup
        }
    }

    /// The notify command has ended: nothing left to kill.
    func notified() { state.withLock { $0.notifyGroup = nil } }

    /// Called before the process exits with a status of its own: while a stop is under way the
    /// watcher owns the exit (130/143), so the main thread must not race it with, say, 3.
    public func waitIfStopping() {
        guard state.withLock({ s in s.stopping != nil }) else { return }
        while true { pause() }
    }

    private func watch(_ fd: Int32) {
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n == 1 { break }
            if n < 0 && errno == EINTR { continue }
            return
        }
        let sig = Int32(byte)
        let (staging, note, ended, group) = state.withLock { s in
            s.stopping = sig
            return (s.staging, s.note, s.ended, s.notifyGroup)
        }
        // From here the run is being taken down: other threads' complaints (a report writer whose
        // folder just vanished, notify's "killed by signal 9") would only bury the one line that says
        // what happened. Ours are silenced; a C library's go to /dev/null (LogLines writes to its own copy of stderr).
        LogLines.shared.silence()
        let devNull = open("/dev/null", O_WRONLY)
        if devNull >= 0 { dup2(devNull, STDERR_FILENO) }
        // The notify command goes before the run does: none of its group outlives us.
        if let group { ShellChild.killGroup(group) }
        if let staging {
            // Hidden under another name first: a writer still busy in it cannot bring it back.
            FolderRemoval.removeHidden(staging, as: staging + ".stopped")
        }
        let name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "シグナル \(sig)"
        if let ended {
            // The run's work stands (published, held, or failed before): its own status, in words.
            let during = group != nil ? "（通知の実行中。通知のコマンドは止めました）" : "（実行の終了後）"
            LogLines.shared.line(.warning, "renkei: \(name) で停止しました\(during)。\(ended.note)", evenWhenSilenced: true)
            _exit(ended.status.rawValue)
        }
        LogLines.shared.line(.warning, "renkei: \(name) で停止しました" + (note.map { "。\($0)" } ?? ""), evenWhenSilenced: true)
        _exit(128 + sig)
    }
}

/// The pipe's write end, set once before the handlers are installed (a handler cannot capture).
nonisolated(unsafe) private var signalPipe: Int32 = -1

private func onSignal(_ sig: Int32) {
    var b = UInt8(truncatingIfNeeded: sig)
    _ = write(signalPipe, &b, 1)
}
