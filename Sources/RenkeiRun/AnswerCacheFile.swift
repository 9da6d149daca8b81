import Foundation
import Ingest
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
            Log.logger.notice("前回の読み取り結果（キャッシュ）\(path) は別のバージョンのrenkei・別のコードブックまたは読み取り上限のものなので使いません。すべてのファイルを読み直します。")
        }
        return nil
    }

    /// Replaces the cache with tonight's forms (a temporary file renamed over it). A failure
    /// only costs the next night its shortcut: it is logged, never fatal.
    static func save(_ cache: AnswerCache, to path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let temp = path + ".tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let bytes = cache.encoded()
            guard FileManager.default.createFile(atPath: temp, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            guard rename(temp, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            Log.logger.info("読み取り結果（キャッシュ）を保存しました", metadata: ["entries": "\(cache.count)", "path": "\(path)"])
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            Log.logger.warning("読み取り結果（キャッシュ）\(path) を保存できませんでした（次回はすべてのファイルを読み直します）: \(error.localizedDescription)")
        }
    }
}
