import Foundation

/// Names one input: a file of the inbox, or a member of a zip bundle inside it.
/// Paths are relative to the inbox so ledgers from different machines compare.
public struct InputID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Path relative to the inbox, `/`-separated.
    public var path: String
    /// Path inside a zip bundle (`a.zip` → `市町村/131016.xlsx`); nested bundles join with `/`.
    public var member: String?

    public init(path: String, member: String? = nil) {
        self.path = path; self.member = member
    }

    /// `dir/a.zip!131016.xlsx` — the `!` convention of jar URLs, never part of a real name here.
    public var description: String {
        guard let member else { return path }
        return path + "!" + member
    }

    /// Last path component of the member (or the file), for tie-breaks and messages.
    public var fileName: String {
        let full = member ?? path
        // The last non-empty component: searched back from the end (splitting the whole path by
        // Character cost ~18,000 instructions a file); a path ending in "/" takes the split.
        if let slash = full.lastIndex(of: "/") {
            let name = full[full.index(after: slash)...]
            if !name.isEmpty { return String(name) }
        } else if !full.isEmpty {
            return full
        }
        return full.split(separator: "/").last.map(String.init) ?? full
    }

    public static func < (a: InputID, b: InputID) -> Bool {
        (a.path, a.member ?? "") < (b.path, b.member ?? "")
    }
}

/// What Discover found at one place of the inbox, before any workbook is parsed.
public struct InboxFile: Sendable {
    public var id: InputID
    public var size: Int
    /// File-system modification time (for a bundle member, the zip entry's time).
    public var fileModified: Date?
    public var content: Content

    public enum Content: Sendable {
        /// Bytes to read as a workbook (or a bundle): classified by content later.
        case bytes([UInt8])
        /// Already decided: never parsed.
        case rejected(Reason)
        case skipped(Reason)
    }

    public init(id: InputID, size: Int, fileModified: Date?, content: Content) {
        self.id = id; self.size = size; self.fileModified = fileModified; self.content = content
    }
}

/// Why an input ended as it did: a stable code for machines and a Japanese sentence for people.
public struct Reason: Sendable, Hashable {
    /// Stable identifier, e.g. `legacy-xls`, `superseded`, `unknown-code`.
    public var code: String
    /// 日本語: what is wrong and what to do.
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code; self.message = message
    }
}
