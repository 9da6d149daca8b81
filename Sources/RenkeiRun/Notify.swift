import Foundation

/// `--notify CMD`: after every run, `/bin/sh -c CMD` with the summary JSON on stdin and the
/// status in its environment, so a held or failed night reaches a person (mail, chat).
public enum Notify {
    public static func run(_ command: String, summary: Data, status: ExitStatus) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        var env = ProcessInfo.processInfo.environment
        env["RENKEI_EXIT_STATUS"] = String(status.rawValue)
        env["RENKEI_STATUS"] = status.name
        p.environment = env
        let stdin = Pipe()
        p.standardInput = stdin
        do {
            try p.run()
        } catch {
            printWarning("--notify: cannot start '\(command)': \(error.localizedDescription)")
            return
        }
        // A command that does not read its stdin must not break us: ignore EPIPE.
        signal(SIGPIPE, SIG_IGN)
        try? stdin.fileHandleForWriting.write(contentsOf: summary)
        try? stdin.fileHandleForWriting.close()
        p.waitUntilExit()
        if p.terminationReason != .exit || p.terminationStatus != 0 {
            printWarning("--notify: '\(command)' ended with status \(p.terminationStatus); the run's own status is \(status.rawValue)")
        }
    }
}
