import Foundation
import SurveyModel
#if canImport(Glibc)
import Glibc
#endif

/// One `renkei run` per output folder. An advisory `flock` on `<out>/.renkei.lock`: the kernel
/// drops it when the holder dies, so a lock left by a killed run is simply taken over.
public final class RunLock {
    private let fd: Int32
    public let path: String

    public enum Failure: Error, CustomStringConvertible {
        case held(path: String, holder: String)
        case cannotOpen(path: String, reason: String)

        public var description: String {
            switch self {
            case .held(let path, let holder):
                "別の renkei の実行（\(holder)）がこの出力フォルダに書き込み中です（ロック \(path)）。終わるのを待つか、別の --out を指定してください。"
            case .cannotOpen(let path, let reason):
                "ロックファイル \(path) を作れません: \(reason)。出力フォルダがあり、書き込めるかを確認してください。"
            }
        }
    }

    /// Takes the lock or fails at once: cron must never queue runs behind a stuck one.
    public init(folder: String) throws {
        path = (folder as NSString).appendingPathComponent(".renkei.lock")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure.cannotOpen(path: path, reason: SystemError.text(errno)) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = RunLock.readHolder(fd: fd)
            close(fd)
            throw Failure.held(path: path, holder: holder)
        }
        self.fd = fd
        // Record who holds it, for the message the second run prints.
        let note = "pid \(getpid())、\(LogLines.shared.now()) から実行中\n"
        // Write first, then cut to length: a reader never sees an empty note from an old holder's file.
        let written = note.withCString { pwrite(fd, $0, strlen($0), 0) }
        if written > 0 { _ = ftruncate(fd, off_t(written)) }
    }

    /// The holder's note. A holder that has just taken the lock may not have written it yet,
    /// so an empty note is read again for up to a quarter of a second.
    private static func readHolder(fd: Int32) -> String {
        var buf = [UInt8](repeating: 0, count: 200)
        for _ in 0..<25 {
            let n = pread(fd, &buf, buf.count, 0)
            let text = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
            if !text.isEmpty { return text }
            usleep(10_000)
        }
        return "不明なプロセス"
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
