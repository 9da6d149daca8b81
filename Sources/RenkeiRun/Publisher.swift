import Foundation
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
    /// An old run being removed: hidden first, so a kill mid-removal never leaves a visible half run.
    static let pruningPrefix = ".pruning-"

    enum Failure: Error, CustomStringConvertible {
        case io(String, path: String, reason: String)
        var description: String {
            switch self {
            case .io(let what, let path, let reason): "\(what) failed for \(path): \(reason)"
            }
        }
    }

    /// Makes a fresh staging folder; stale staging and pruning folders of killed runs are removed
    /// first (we hold the lock). A stop (SIGINT/SIGTERM) from here on removes it.
    func beginStaging(stamp: String) throws -> String {
        try makeFolder(runsFolder)
        removeStaleStaging()
        let staging = (runsFolder as NSString).appendingPathComponent("\(Self.stagingPrefix)\(stamp)-\(getpid())")
        guard Interruption.shared.willStage(staging, note: "nothing published; \(latestPath) unchanged") else {
            Interruption.shared.waitIfStopping()
            throw InternalFailure(description: "stopping")
        }
        try makeFolder(staging)
        return staging
    }

    /// Flushes every file of `staging`, renames it to `runs/<stamp>` and points `latest` at it.
    /// Returns the published folder.
    func publish(staging: String, stamp: String) throws -> String {
        try place(staging: staging, name: stamp, switchLatest: true)
    }

    /// A run the shrink guard holds: kept as `runs/<stamp>-held` for inspection, `latest` untouched.
    func hold(staging: String, stamp: String) throws -> String {
        try place(staging: staging, name: stamp + Self.heldSuffix, switchLatest: false)
    }

    static let heldSuffix = "-held"

    private func place(staging: String, name stamp: String, switchLatest: Bool) throws -> String {
        try syncTree(staging)
        let placed = try Interruption.shared.publishing { () throws -> String in
            var name = stamp
            var n = 2
            while FileManager.default.fileExists(atPath: (runsFolder as NSString).appendingPathComponent(name)) {
                name = "\(stamp)-\(n)"; n += 1
            }
            let final = (runsFolder as NSString).appendingPathComponent(name)
            guard rename(staging, final) == 0 else { throw io("rename", staging) }
            syncFolder(runsFolder)
            guard switchLatest else { return final }
            // Switch `latest` atomically: a new symlink under a temporary name renamed over the old.
            let tmpLink = (outFolder as NSString).appendingPathComponent(".latest-\(getpid())")
            unlink(tmpLink)
            guard symlink("runs/\(name)", tmpLink) == 0 else { throw io("symlink", tmpLink) }
            guard rename(tmpLink, latestPath) == 0 else { throw io("rename", latestPath) }
            syncFolder(outFolder)
            return final
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
            try? FileManager.default.removeItem(atPath: hidden)
            removed.append(name)
        }
        return removed
    }

    private func removeStaleStaging() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runsFolder) else { return }
        for name in names where name.hasPrefix(Self.stagingPrefix) || name.hasPrefix(Self.pruningPrefix) {
            try? FileManager.default.removeItem(atPath: (runsFolder as NSString).appendingPathComponent(name))
        }
        // A run killed between making its new link and renaming it over `latest` leaves `.latest-<pid>`.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: outFolder)) ?? [] where name.hasPrefix(".latest-") {
            unlink((outFolder as NSString).appendingPathComponent(name))
        }
    }

    private func makeFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        catch { throw Failure.io("create folder", path: path, reason: error.localizedDescription) }
    }

    private func io(_ what: String, _ path: String) -> Failure {
        .io(what, path: path, reason: String(cString: strerror(errno)))
    }

    /// fsync every regular file below `root`, then the folders: the rename must not publish
    /// files whose data is still only in the page cache. The files are synced from several
    /// threads at once: each fsync waits on the disk, and concurrent ones share a journal commit
    /// (one after another they took a fifth of a second for a nation's reports).
    private func syncTree(_ root: String) throws {
        guard let e = FileManager.default.enumerator(atPath: root) else { return }
        var folders = [root]
        var files: [String] = []
        while let rel = e.nextObject() as? String {
            let path = (root as NSString).appendingPathComponent(rel)
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR { folders.append(path) } else { files.append(path) }
        }
        let failures = SyncFailures()
        let work = files
        let next = SyncCursor()
        let threads = (0 ..< min(16, work.count)).map { _ in
            Thread {
                while let i = next.take(below: work.count) {
                    let path = work[i]
                    let fd = open(path, O_RDONLY | O_CLOEXEC)
                    guard fd >= 0 else { failures.add(i, "open", path, errno); continue }
                    if fsync(fd) != 0 { failures.add(i, "fsync", path, errno) }
                    close(fd)
                }
                next.finished()
            }
        }
        threads.forEach { $0.start() }
        next.waitAll(threads.count)
        if let f = failures.first { throw Failure.io(f.what, path: f.path, reason: String(cString: strerror(f.errno))) }
        for f in folders { syncFolder(f) }
    }

    private func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

/// Hands out file indices to the sync threads and counts them out again.
private final class SyncCursor: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextIndex = 0
    private var done = 0

    func take(below count: Int) -> Int? {
        condition.lock(); defer { condition.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func finished() {
        condition.lock(); done += 1; condition.broadcast(); condition.unlock()
    }

    func waitAll(_ threads: Int) {
        condition.lock()
        while done < threads { condition.wait() }
        condition.unlock()
    }
}

/// The first (lowest index) file that could not be synced, so the message is stable.
private final class SyncFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [(index: Int, what: String, path: String, errno: Int32)] = []
    func add(_ i: Int, _ what: String, _ path: String, _ e: Int32) { lock.lock(); all.append((i, what, path, e)); lock.unlock() }
    var first: (what: String, path: String, errno: Int32)? {
        lock.lock(); defer { lock.unlock() }
        return all.min { $0.index < $1.index }.map { ($0.what, $0.path, $0.errno) }
    }
}
