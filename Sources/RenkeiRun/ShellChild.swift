import Foundation
import SurveyModel
#if canImport(Glibc)
import Glibc
#endif

/// A shell command (`/bin/sh -c`) in a process group of its own, with a deadline: the notify
/// command. On the deadline the whole group is stopped (SIGTERM, then SIGKILL), so a hung `mail`
/// and whatever it started never outlive the run.
enum ShellChild {
    enum Ending: Equatable {
        case exited(Int32)
        case signaled(Int32)
        case timedOut(seconds: Double)
        case cannotStart(String)
    }

    /// Runs `command` with `input` on its stdin. `launching` runs the spawn (which returns the group
    /// id, = pid, or nil) and may refuse it, so a signal handler can know the group with no gap
    /// between the child existing and being known (`Interruption.notifying`).
    static func run(_ command: String, input: Data, environment: [String: String], timeout: Double,
                    launching: (() -> pid_t?) -> pid_t? = { $0() }) -> Ending {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return .cannotStart(SystemError.text(errno)) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, readEnd)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Its own group (killable as one); default handlers and an empty mask, whatever we inherited
        // or set (we ignore SIGPIPE, and ignored signals survive exec).
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attr, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)

        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { (s: String) in strdup(s) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        var rc: Int32 = ECANCELED
        // The group exists once posix_spawn returns (setpgid happens in the child before exec).
        let launched = launching {
            rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, envp)
            return rc == 0 ? pid : nil
        }
        close(readEnd)
        guard launched != nil else {
            close(writeEnd)
            return .cannotStart(SystemError.text(rc))
        }

        var pending = [UInt8](input)
        var writing = true
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            if writing {
                // Non-blocking: a command that never reads its stdin cannot hold us past the deadline.
                let n = pending.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if n > 0 { pending.removeFirst(n) }
                if pending.isEmpty || (n < 0 && errno != EAGAIN && errno != EINTR) {
                    close(writeEnd); writing = false
                }
            }
            let w = waitpid(pid, &status, WNOHANG)
            if w == pid { break }
            if w < 0 && errno != EINTR { break }
            if Date() >= deadline {
                if writing { close(writeEnd); writing = false }
                stopGroup(pid)
                return .timedOut(seconds: timeout)
            }
            usleep(20_000)
        }
        if writing { close(writeEnd) }
        if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(status & 0x7f)
    }

    /// SIGTERM to the group, a moment to finish, then SIGKILL; reaps the shell.
    static func stopGroup(_ pgid: pid_t, grace: Double = 2) {
        kill(-pgid, SIGTERM)
        var status: Int32 = 0
        let until = Date().addingTimeInterval(grace)
        while Date() < until {
            if waitpid(pgid, &status, WNOHANG) == pgid { break }
            usleep(20_000)
        }
        // The shell may be gone while its children (a pipeline, a `sleep`) are not: the group.
        killGroup(pgid)
    }

    /// SIGKILL to the group, then back only once no member is left (the shell reaped here, the
    /// others by their new parent), within `limit` seconds: a signal is delivered, not obeyed, at once.
    static func killGroup(_ pgid: pid_t, limit: Double = 2) {
        kill(-pgid, SIGKILL)
        var status: Int32 = 0
        let until = Date().addingTimeInterval(limit)
        while Date() < until {
            _ = waitpid(pgid, &status, WNOHANG)
            if kill(-pgid, 0) != 0 && errno == ESRCH { return }
            usleep(2_000)
        }
    }
}
