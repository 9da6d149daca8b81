import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `--notify CMD`: after every run, `/bin/sh -c CMD` with the summary JSON on stdin and the
/// status in its environment (its name, number and meaning, and the summary as the operator reads
/// it), so a held or failed night reaches a person (mail, chat) in words. It runs
/// while the run still holds its lock, in a process group of its own, for at most `timeout`
/// seconds; a stop (SIGINT/SIGTERM) meanwhile kills the group (`Interruption`).
public enum Notify {
    public static let defaultTimeout = 60
    /// Bytes of the summary text passed in the environment: far above any summary, and far below
    /// the kernel's limit for one variable (128 KiB), past which the command could not start at all.
    static let textLimit = 16_384

    /// `text` whole, or its first lines and a line saying the rest is in the log, in `textLimit` bytes.
    static func shortened(_ text: String) -> String {
        guard text.utf8.count > textLimit else { return text }
        let rest = "…（長いため以下を省きました。全文は renkei のログにあります）"
        var kept = "", size = rest.utf8.count
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            size += line.utf8.count + 1
            guard size <= textLimit else { break }
            kept += line + "\n"
        }
        return kept + rest
    }

    /// `text`: the summary as stdout shows it, or the error's lines when the run failed.
    public static func run(_ command: String, summary: Data, text: String, status: ExitStatus, timeout: Int) {
        var env = ProcessInfo.processInfo.environment
        env["RENKEI_EXIT_STATUS"] = String(status.rawValue)
        env["RENKEI_STATUS"] = status.name
        env["RENKEI_STATUS_MEANING"] = status.meaning
        env["RENKEI_SUMMARY_TEXT"] = shortened(text)
        // A command that does not read its stdin must not break us: ignore EPIPE.
        signal(SIGPIPE, SIG_IGN)
        Log.logger.debug("notify: running '\(command)' (timeout \(timeout) s)")
        let ending = ShellChild.run(command, input: summary, environment: env, timeout: Double(timeout),
                                    launching: Interruption.shared.notifying)
        Interruption.shared.notified()
        let own = "実行そのものの終了ステータスは \(status.rawValue) です"
        switch ending {
        case .exited(0):
            Log.logger.debug("notify: '\(command)' done")
        case .exited(let code):
            printWarning("--notify: '\(command)' が終了ステータス \(code) で終わりました。\(own)")
        case .signaled(let sig):
            printWarning("--notify: '\(command)' がシグナル \(sig) で止まりました。\(own)")
        case .timedOut(let seconds):
            printWarning("--notify: '\(command)' が \(Int(seconds)) 秒たっても終わらないため（notify_timeout）、起動したものごと止めました。\(own)")
        case .cannotStart(let reason):
            printWarning("--notify: '\(command)' を起動できません: \(reason)。\(own)")
        }
    }
}
