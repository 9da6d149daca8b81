import Foundation
import SurveyModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Atomic publishing of a run's outputs: everything is written into a hidden staging folder,
/// flushed, renamed into `runs/<local time stamp>/` in one step, then `latest` is switched by renaming
/// a new symlink over the old one. A crash at any moment leaves the previous `latest` intact and
/// no half-written run under a visible name.
struct Publisher {
    let outFolder: String
    var runsFolder: String { (outFolder as NSString).appendingPathComponent("runs") }
    var latestPath: String { (outFolder as NSString).appendingPathComponent("latest") }
    static let stagingPrefix = ".staging-"
    /// The staging folder, open from `beginStaging` until it is published or discarded.
    private let stagingHandle = StagingHandle()
    /// An old run being removed: hidden first, so a kill mid-removal never leaves a visible half run.
    static let pruningPrefix = ".pruning-"

    enum Failure: Error, CustomStringConvertible {
        case io(String, path: String, reason: String)
        var description: String {
            switch self {
            case .io(let what, let path, let reason): "\(path) の\(what)に失敗しました: \(reason)"
            }
        }
    }

    /// Makes a fresh staging folder; stale staging and pruning folders of killed runs are removed
    /// first (we hold the lock). A stop (SIGINT/SIGTERM) from here on removes it.
    func beginStaging(stamp: String) throws -> String {
        try makeFolder(runsFolder)
        removeStaleStaging()
        let staging = (runsFolder as NSString).appendingPathComponent("\(Self.stagingPrefix)\(stamp)-\(getpid())")
        guard Interruption.shared.willStage(staging, note: "公開していません。\(latestPath) は変わりません") else {
            Interruption.shared.waitIfStopping()
            throw InternalFailure(description: "stopping")
        }
        try makeFolder(staging)
        // Opened before anything is written, so syncfs reports a write-back error of any file written after.
        let fd = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw io("読み込み", staging) }
        stagingHandle.put(fd)
        return staging
    }

    /// Flushes every file of `staging`, renames it to `runs/<stamp>` and points `latest` at it.
    /// Returns the published folder.
    func publish(staging: String, stamp: String, status: ExitStatus) throws -> String {
        try place(staging: staging, name: stamp, switchLatest: true, status: status)
    }

    /// A run the shrink guard holds: kept as `runs/<stamp>-held` for inspection, `latest` untouched.
    func hold(staging: String, stamp: String) throws -> String {
        try place(staging: staging, name: stamp + Self.heldSuffix, switchLatest: false, status: .held)
    }

    /// After a failure: the staging folder goes before the process exits (not left on a full disk).
    func discard(staging: String) {
        Interruption.shared.unstage()
        if let fd = stagingHandle.take() { close(fd) }
        FolderRemoval.removeHidden(staging, as: staging + ".failed")
    }

    static let heldSuffix = "-held"

    private func place(staging: String, name stamp: String, switchLatest: Bool, status: ExitStatus) throws -> String {
        try syncStaging(staging)
        let placed = try Interruption.shared.publishing(status: status) { () throws -> (String, note: String) in
            var name = stamp
            var n = 2
            while FileManager.default.fileExists(atPath: (runsFolder as NSString).appendingPathComponent(name)) {
                name = "\(stamp)-\(n)"; n += 1
            }
            let final = (runsFolder as NSString).appendingPathComponent(name)
            guard rename(staging, final) == 0 else { throw io("名前の変更", staging) }
            syncFolder(runsFolder)
            guard switchLatest else { return (final, "保留（公開せず）: \(final) に残し、\(latestPath) は変わりません") }
            // Switch `latest` atomically: a new symlink under a temporary name renamed over the old.
            let tmpLink = (outFolder as NSString).appendingPathComponent(".latest-\(getpid())")
            unlink(tmpLink)
            guard symlink("runs/\(name)", tmpLink) == 0 else { throw io("シンボリックリンク作成", tmpLink) }
            guard rename(tmpLink, latestPath) == 0 else { throw io("名前の変更", latestPath) }
            syncFolder(outFolder)
            return (final, "公開しました: \(final)（\(latestPath) はここを指します）")
        }
        guard let placed else {
            Interruption.shared.waitIfStopping()
            throw InternalFailure(description: "stopping")
        }
        return placed
    }

    /// The run folder `latest` points to, if any.
    var latestRun: String? {
        guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: latestPath) else { return nil }
        return dest.hasPrefix("/") ? dest : (outFolder as NSString).appendingPathComponent(dest)
    }

    /// Keeps the newest `keep` runs; never removes the one `latest` points to.
    func prune(keep: Int) -> [String] {
        guard keep > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: runsFolder) else { return [] }
        let current = (try? FileManager.default.destinationOfSymbolicLink(atPath: latestPath)).map { ($0 as NSString).lastPathComponent }
        let runs = names.filter { !$0.hasPrefix(".") }.sorted()
        guard runs.count > keep else { return [] }
        var removed: [String] = []
        for name in runs.dropLast(keep) where name != current {
            let path = (runsFolder as NSString).appendingPathComponent(name)
            let hidden = (runsFolder as NSString).appendingPathComponent(Self.pruningPrefix + name)
            guard rename(path, hidden) == 0 else { continue }
            FolderRemoval.remove(hidden)
            removed.append(name)
        }
        return removed
    }

    private func removeStaleStaging() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runsFolder) else { return }
        for name in names where name.hasPrefix(Self.stagingPrefix) || name.hasPrefix(Self.pruningPrefix) {
            FolderRemoval.remove((runsFolder as NSString).appendingPathComponent(name))
        }
        // A run killed between making its new link and renaming it over `latest` leaves `.latest-<pid>`.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: outFolder)) ?? [] where name.hasPrefix(".latest-") {
            unlink((outFolder as NSString).appendingPathComponent(name))
        }
    }

    private func makeFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        catch { throw Failure.io("フォルダ作成", path: path, reason: SystemError.text(error)) }
    }

    private func io(_ what: String, _ path: String) -> Failure {
        .io(what, path: path, reason: SystemError.text(errno))
    }

    /// Flushes the staging folder's whole file system (every output, every folder) to disk: the
    /// rename must not publish files whose data is still only in the page cache.
    private func syncStaging(_ staging: String) throws {
        // One syncfs, not ~2,000 fsyncs (16 threads each waiting on the disk per file): one flush for the lot, no tree walk.
        guard let fd = stagingHandle.take() else { throw Failure.io("ディスクへの書き出し（syncfs）", path: staging, reason: "フォルダが開かれていません") }
        defer { close(fd) }
        guard syncfs(fd) == 0 else { throw io("ディスクへの書き出し（syncfs）", staging) }
    }

    private func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

/// The open staging folder of a Publisher (a value type, copied freely): one descriptor, taken once.
private final class StagingHandle: Sendable {
    private let fd = Mutex<Int32?>(nil)
    func put(_ new: Int32) { if let old = fd.withLock({ f in defer { f = new }; return f }) { close(old) } }
    func take() -> Int32? { fd.withLock { f in defer { f = nil }; return f } }
}

/// syncfs(2): in glibc's unistd.h only under _GNU_SOURCE, which Swift's Glibc module does not define.
@_silgen_name("syncfs") private func syncfs(_ fd: Int32) -> Int32
