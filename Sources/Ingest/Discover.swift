import Foundation
import XLSXReader

/// Walks the inbox: every regular file becomes an `InboxFile`. Only names decide what is
/// litter (lock files, OS files); everything else is judged by content later.
public enum Discover {
    public static func walk(inbox: URL) -> [InboxFile] {
        let fm = FileManager.default
        var out: [InboxFile] = []
        func visit(_ dir: URL, _ prefix: String) {
            guard let names = try? fm.contentsOfDirectory(atPath: dir.path) else { return }
            for name in names.sorted() {
                let url = dir.appendingPathComponent(name)
                let rel = prefix.isEmpty ? name : prefix + "/" + name
                let id = InputID(path: rel)
                guard let attrs = try? fm.attributesOfItem(atPath: url.path) else {
                    out.append(InboxFile(id: id, size: 0, fileModified: nil, content: .rejected(RejectReason.vanished.reason)))
                    continue
                }
                let type = attrs[.type] as? FileAttributeType
                let size = (attrs[.size] as? NSNumber)?.intValue ?? 0
                let mtime = attrs[.modificationDate] as? Date
                if type == .typeSymbolicLink {
                    out.append(InboxFile(id: id, size: size, fileModified: mtime, content: .rejected(RejectReason.symlink.reason)))
                } else if type == .typeDirectory {
                    if name == "__MACOSX" { continue }  // resource forks of a Mac-made zip, unpacked
                    visit(url, rel)
                } else if let skip = litter(name) {
                    out.append(InboxFile(id: id, size: size, fileModified: mtime, content: .skipped(skip.reason)))
                } else if type == .typeRegular {
                    out.append(InboxFile(id: id, size: size, fileModified: mtime, content: .bytes([])))
                } else {
                    out.append(InboxFile(id: id, size: size, fileModified: mtime, content: .rejected(RejectReason.notAWorkbook.reason)))
                }
            }
        }
        visit(inbox, "")
        return out
    }

    /// Editor and OS litter, by name: these are never submissions.
    public static func litter(_ path: String) -> SkipReason? {
        let parts = path.split(separator: "/")
        guard let name = parts.last.map(String.init) else { return nil }
        if name.hasPrefix("~$") { return .lockFile }
        if parts.contains("__MACOSX") || name.hasPrefix("._") { return .osLitter }
        if [".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"].contains(name.lowercased()) { return .osLitter }
        return nil
    }

    /// Reads a file found by `walk`. Done inside the parallel stage so I/O overlaps with parsing.
    static func load(_ file: InboxFile, inbox: URL) -> InboxFile {
        guard case .bytes = file.content else { return file }
        var f = file
        let path = inbox.appendingPathComponent(file.id.path).path
        guard FileManager.default.fileExists(atPath: path) else {
            f.content = .rejected(RejectReason.vanished.reason); return f
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            f.content = .rejected(RejectReason.unreadable("読み取り権限がありません").reason); return f
        }
        // Straight into [UInt8]: FileHandle's Data plus a copy held a large file twice in memory.
        do {
            let bytes = try ZipArchive.fileBytes(path)
            f.content = .bytes(bytes); f.size = bytes.count
        } catch {
            if !FileManager.default.fileExists(atPath: path) {
                f.content = .rejected(RejectReason.vanished.reason)
            } else if case .io(_, let reason) = error {
                f.content = .rejected(RejectReason.unreadable(reason).reason)
            } else {
                f.content = .rejected(RejectReason.unreadable("\(error)").reason)
            }
        }
        return f
    }
}
