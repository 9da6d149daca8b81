import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Removes a run folder (an old run, a failed or stopped staging folder) and everything in it.
/// A run holds ~2,100 files in ~150 folders; unlinking them one after another waits on the file
/// system for each (0.1–0.2 s on ext4), so folders are emptied by several workers at once — more
/// than the cores, as they mostly wait. Symbolic links are removed, never followed.
enum FolderRemoval {
    static let workers = 8

    /// Removes `path` by renaming it to `hidden` first (a kill mid-removal leaves no
    /// half folder under the visible name), or in place if the rename fails.
    static func removeHidden(_ path: String, as hidden: String) {
        remove(rename(path, hidden) == 0 ? hidden : path)
    }

    /// Removes `path` and all it holds; what cannot be removed is left (the caller logs nothing:
    /// a leftover old run is removed by the next run's pruning).
    static func remove(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        guard st.st_mode & S_IFMT == S_IFDIR else { unlink(path); return }
        let queue = WorkQueue(first: path)
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread { queue.drain(); group.leave() }.start()
        }
        group.wait()
        // Deepest first: a folder's path is longer than its parent's.
        for dir in queue.folders.sorted(by: { $0.utf8.count > $1.utf8.count }) { rmdir(dir) }
    }

    /// Folders waiting to be emptied, and every folder seen (removed at the end).
    private final class WorkQueue: Sendable {
        private let state: Mutex<(pending: [String], busy: Int, seen: [String])>
        init(first: String) { state = Mutex(([first], 0, [first])) }

        var folders: [String] { state.withLock { $0.seen } }

        /// Takes folders until none is pending and no worker can add more.
        func drain() {
            while true {
                let next: String?? = state.withLock { s in
                    if let dir = s.pending.popLast() { s.busy += 1; return .some(dir) }
                    return s.busy == 0 ? .some(nil) : nil
                }
                switch next {
                case .some(.some(let dir)):
                    let subfolders = empty(dir)
                    state.withLock { s in s.pending += subfolders; s.seen += subfolders; s.busy -= 1 }
                case .some(.none): return
                case .none: usleep(200)  // another worker is listing a folder that may hold more
                }
            }
        }

        /// Unlinks every non-folder entry of `dir`; returns its subfolders.
        private func empty(_ dir: String) -> [String] {
            guard let handle = opendir(dir) else { return [] }
            defer { closedir(handle) }
            var subfolders: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name == "." || name == ".." { continue }
                let path = dir + "/" + name
                var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                    var st = stat()
                    isFolder = lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR
                }
                if isFolder { subfolders.append(path) } else { unlink(path) }
            }
            return subfolders
        }
    }
}
