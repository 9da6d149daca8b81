import Foundation
import SurveyModel

/// Walks the inbox: every regular file becomes an `InboxFile`. Only names decide what is
/// litter (lock files, OS files); everything else is judged by content later.
public enum Discover {
    public static func walk(inbox: URL, excluding excluded: [String] = []) -> [InboxFile] {
        let fm = FileManager.default
        var out: [InboxFile] = []
        let skipped = excludedRelativePaths(inbox: inbox.path, excluded)
        // lstat on plain paths: Foundation's URL and attribute dictionaries cost more than the
        // walk itself for thousands of files, and lstat is what tells a symlink from its target.
        func visit(_ dir: String, _ prefix: String) {
            guard let handle = opendir(dir) else {
                // A folder the service user cannot list hides every file in it: an input of its own.
                let e = errno
                if !prefix.isEmpty {
                    let detail = unreadable(e)
                    out.append(InboxFile(id: InputID(path: prefix), size: 0, fileModified: nil,
                                         content: .rejected(RejectReason.unreadableFolder(detail).reason)))
                }
                return
            }
            closedir(handle)
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { return }
            for name in names.sorted() {
                let path = dir + "/" + name
                let rel = prefix.isEmpty ? name : prefix + "/" + name
                let id = InputID(path: rel)
                var st = stat()
                guard lstat(path, &st) == 0 else {
                    out.append(InboxFile(id: id, size: 0, fileModified: nil, content: .rejected(RejectReason.vanished.reason)))
                    continue
                }
                let size = Int(st.st_size)
                let mtime = Date(timeIntervalSince1970: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
                switch st.st_mode & S_IFMT {
                case S_IFLNK:
                    out.append(InboxFile(id: id, size: size, fileModified: mtime, content: .rejected(RejectReason.symlink.reason)))
                case S_IFDIR:
                    if name == "__MACOSX" { continue }  // resource forks of a Mac-made zip, unpacked
                    if skipped.contains(rel) { continue }  // our own outputs are never inputs
                    visit(path, rel)
                case S_IFREG:
                    if let skip = litter(name) {
                        out.append(InboxFile(id: id, size: size, fileModified: mtime, content: .skipped(skip.reason)))
                    } else {
                        out.append(InboxFile(id: id, size: size, fileModified: mtime, content: .bytes([])))
                    }
                default:
                    if let skip = litter(name) {
                        out.append(InboxFile(id: id, size: size, fileModified: mtime, content: .skipped(skip.reason)))
                    } else {
                        out.append(InboxFile(id: id, size: size, fileModified: mtime, content: .rejected(RejectReason.notAWorkbook.reason)))
                    }
                }
            }
        }
        visit(inbox.path, "")
        return out
    }

    /// The excluded folders that lie inside the inbox, relative to it (both resolved first, so
    /// `--out ./inbox/../inbox/Reports` is recognised too).
    static func excludedRelativePaths(inbox: String, _ excluded: [String]) -> Set<String> {
        func real(_ p: String) -> String? {
            guard let r = realpath(p, nil) else { return nil }
            defer { free(r) }
            return String(cString: r)
        }
        guard let root = real(inbox) else { return [] }
        return Set(excluded.compactMap { real($0) }.compactMap { p in
            p.hasPrefix(root + "/") ? String(p.dropFirst(root.count + 1)) : nil
        })
    }

    /// Editor and OS litter, by name: these are never submissions.
    public static func litter(_ path: String) -> SkipReason? {
        guard mayBeLitter(path) else { return nil }
        let parts = path.split(separator: "/")
        guard let name = parts.last.map(String.init) else { return nil }
        if name.hasPrefix("~$") { return .lockFile }
        if parts.contains("__MACOSX") || name.hasPrefix("._") { return .osLitter }
        if mayLowercaseToASCII(name), [".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"].contains(name.lowercased()) { return .osLitter }
        return nil
    }

    /// What `litter` needs on the bytes before its Character-wise tests can say yes: a segment
    /// starting `~$` or `._` or spelling `__MACOSX`, or a last segment that may lowercase to ASCII.
    /// A '/' a combining mark follows joins its neighbours into one Character, so every segment is
    /// tried. Nearly every submission fails all of them and is not split into Strings at all.
    static func mayBeLitter(_ path: String) -> Bool {
        let u = Array(path.utf8)
        var start = 0
        for i in 0 ... u.count where i == u.count || u[i] == UInt8(ascii: "/") {
            let segment = u[start ..< i]
            if segment.starts(with: "~$".utf8) || segment.starts(with: "._".utf8) || segment.elementsEqual("__MACOSX".utf8) { return true }
            if i == u.count { return mayLowercaseToASCII(String(decoding: segment, as: UTF8.self)) }
            start = i + 1
        }
        return true
    }

    /// Whether `lowercased()` can give pure ASCII: not when a scalar other than ASCII or the Kelvin
    /// sign (the one non-ASCII scalar whose lowercase is ASCII) is in it — nearly every Japanese
    /// file name, which then is not lowercased at all (a tenth of the inbox walk).
    static func mayLowercaseToASCII(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0.isASCII || $0 == "\u{212A}" }
    }

    /// Reads a file found by `walk`. Done inside the parallel stage so I/O overlaps with parsing.
    /// Why a file or folder of the inbox could not be read, as its ledger line says it.
    static func unreadable(_ code: Int32) -> String {
        code == EACCES ? "読み取り権限がありません" : SystemError.text(code)
    }

    static func load(_ file: InboxFile, inbox: URL) -> InboxFile {
        guard case .bytes = file.content else { return file }
        var f = file
        let path = inbox.path + "/" + file.id.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            f.content = e == ENOENT ? .rejected(RejectReason.vanished.reason)
                : .rejected(RejectReason.unreadable(unreadable(e)).reason)
            return f
        }
        defer { close(fd) }
        // Read to the end, whatever size the walk saw: a file may grow or shrink while we read it.
        // Straight into the array's uninitialised storage: a zeroed bounce buffer per file cost
        // more than hashing it. A buffer read full means the file grew: a larger one takes over.
        var bytes: [UInt8] = []
        var st = stat()
        var capacity = fstat(fd, &st) == 0 ? max(Int(st.st_size), 0) + 1 : 1 << 16
        var failure: Int32 = 0
        while true {
            var full = false
            let previous = bytes
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buf, count in
                count = previous.withUnsafeBufferPointer { UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer($0)); return $0.count }
                while count < capacity {
                    let n = read(fd, buf.baseAddress! + count, capacity - count)
                    if n > 0 { count += n; continue }
                    if n < 0, errno == EINTR { continue }
                    if n < 0 { failure = errno }
                    return
                }
                full = true
            }
            guard full, failure == 0 else { break }
            capacity *= 2
        }
        if failure != 0 {
            f.content = .rejected(RejectReason.unreadable(unreadable(failure)).reason)
            return f
        }
        f.content = .bytes(bytes); f.size = bytes.count
        return f
    }
}
