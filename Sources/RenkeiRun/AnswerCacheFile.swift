import Foundation
import Ingest
import Synchronization
import SurveyModel
import XLSXReader

/// Where a run keeps the answer cache: `<out>/.cache/answers.bin`, beside the runs and never in
/// one, so it is never published, listed in run.json, or shown to anyone as a report. It holds
/// answer cells (contact fields included), so only the service user may read it.
public enum AnswerCacheFile {
    public static func path(out: String) -> String { (out as NSString).appendingPathComponent(".cache/answers.bin") }

    /// The tool, codebook and reader limits an entry is valid for.
    public static func key(codebook: Codebook, limits: ReaderLimits) -> String {
        AnswerCache.key(toolVersion: RenkeiVersion.current, codebook: codebook, limits: limits)
    }

    /// The last run's cache when it was written for `key`; otherwise nil, with a line in the log
    /// saying why (the run then reads every file, as without a cache).
    static func load(_ path: String, key: String) -> AnswerCache? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            Log.logger.notice("前回の読み取り結果（キャッシュ）\(path) を読めないため使いません。すべてのファイルを読み直します。")
            return nil
        }
        switch AnswerCache.decode([UInt8](data), key: key) {
        case .success(let cache):
            Log.logger.info("前回の読み取り結果（キャッシュ）を使います", metadata: ["entries": "\(cache.count)"])
            return cache
        case .failure(.corrupt):
            Log.logger.notice("前回の読み取り結果（キャッシュ）\(path) が壊れているため使いません。すべてのファイルを読み直します。")
        case .failure(.foreign):
            Log.logger.notice("前回の読み取り結果（キャッシュ）\(path) は別のバージョンの renkei、別の調査票定義、または別の読み取り上限で作られたものなので使いません。すべてのファイルを読み直します。")
        }
        return nil
    }

    /// Tonight's cache, written under a temporary name beside the last one while the reports are
    /// written; `place` renames it over the cache once the run is published, `discard` drops it.
    struct Pending: Sendable {
        let temp: String
        let path: String
        let entries: Int
    }

    /// Writes `cache` beside `path` under a temporary name. A failure only costs the next night
    /// its shortcut: it is logged, never fatal (nil).
    static func write(_ cache: AnswerCache, for path: String) -> Pending? {
        let folder = (path as NSString).deletingLastPathComponent
        let temp = path + ".tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            // A run killed while writing left its temporary file (we hold the lock: none is in use).
            let name = (path as NSString).lastPathComponent + ".tmp-"
            for old in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where old.hasPrefix(name) {
                unlink((folder as NSString).appendingPathComponent(old))
            }
            let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
            let file = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try cache.encode { try file.write(contentsOf: $0) }
            try file.close()
            return Pending(temp: temp, path: path, entries: cache.count)
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            notSaved(path, SystemError.text(error))
            return nil
        }
    }

    /// Replaces the cache with the written one (only beside a published run).
    static func place(_ pending: Pending) {
        guard rename(pending.temp, pending.path) == 0 else {
            let reason = SystemError.text(errno)
            discard(pending)
            notSaved(pending.path, reason)
            return
        }
        Log.logger.info("読み取り結果（キャッシュ）を保存しました", metadata: ["entries": "\(pending.entries)", "path": "\(pending.path)"])
    }

    /// A cache that could not be saved only costs the next night its shortcut: said, never fatal.
    private static func notSaved(_ path: String, _ reason: String) {
        Log.logger.warning("読み取り結果（キャッシュ）\(path) を保存できませんでした（次回はすべてのファイルを読み直します）: \(reason)")
    }

    /// Drops the written cache (a held or failed run): the last one stays.
    static func discard(_ pending: Pending) { unlink(pending.temp) }

    /// Tonight's cache, written on a thread of its own from the moment the inbox is read (the forms
    /// are freed once written, before the reports' peak); placed only beside a published run.
    final class Writing: Sendable {
        private let pending: Background<Pending?>
        private let settled = Mutex(false)

        init(_ cache: AnswerCache, path: String) { pending = Background { AnswerCacheFile.write(cache, for: path) } }

        /// Renames it over the last cache (the run was published).
        func place() { unsettled().map(AnswerCacheFile.place) }

        /// A held, failed or empty night: the last cache stays. Does nothing once placed.
        func discard() { unsettled().map(AnswerCacheFile.discard) }

        /// The written cache the first time it is asked for (nil afterwards, or when not written).
        private func unsettled() -> Pending? {
            guard let written = try? pending.value(), settled.withLock({ s in defer { s = true }; return !s }) else { return nil }
            return written
        }
    }
}
