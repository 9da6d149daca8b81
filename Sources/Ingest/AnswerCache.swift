import Foundation
import SurveyModel
import XLSXReader

/// The answer cells of every form the last run read, by the file's SHA-256: a file seen before
/// is not parsed again. Only an optimisation — an entry holds exactly what reading the file
/// gives (its answer cells and save time); the respondent, the checks and everything after are
/// worked out again each night. Valid only for the same tool, codebook and reader limits (`key`).
public struct AnswerCache: Sendable {
    /// What reading one workbook gave, before any meaning was given to it.
    public struct Entry: Sendable, Equatable {
        /// docProps modified (the workbook's own save time).
        public var modified: Date?
        public var form: StoredForm
    }

    /// Tool version, reader limits and the codebook as loaded: another key, another reading.
    public let key: String
    public private(set) var entries: [String: Entry]

    public init(key: String, entries: [String: Entry] = [:]) { self.key = key; self.entries = entries }

    public var count: Int { entries.count }

    public subscript(sha256: String) -> Entry? { entries[sha256] }

    /// The key for this tool version, codebook (its full dump) and reader limits.
    public static func key(toolVersion: String, codebook: Codebook, limits: ReaderLimits) -> String {
        var s = SHA256()
        s.update(Array("renkei-answer-cache \(formatVersion)\n\(toolVersion)\n\(limits)\n".utf8))
        s.update(Array(codebook.exportYAML().utf8))
        return s.finalizeHex()
    }

    /// Bumped whenever what an entry means changes (the encoding, or what Extract reads).
    static let formatVersion = 1
    private static let magic = Array("RENKEI-ANSWER-CACHE\n".utf8)

    // File: magic, key, entry count, entries (raw SHA-256, save time, stored form), then the
    // SHA-256 of everything before it, so a truncated or damaged file is never half-used.
    public func encoded() -> [UInt8] {
        var all: [UInt8] = []
        encode { all += $0 }
        return all
    }

    /// `encoded()` handed over in pieces of about `piece` bytes: the run writes a large nation's
    /// cache to its file without holding it whole.
    public func encode(piece: Int = 1 << 20, _ emit: ([UInt8]) throws -> Void) rethrows {
        var w = ByteWriter()
        var s = SHA256()
        func flush() throws {
            s.update(w.bytes)
            try emit(w.bytes)
            w.bytes.removeAll(keepingCapacity: true)
        }
        w.bytes = Self.magic
        w.string(key)
        w.int(entries.count)
        for sha in entries.keys.sorted() {
            let e = entries[sha]!
            w.string(sha)
            if let m = e.modified { w.byte(1); w.uint64(m.timeIntervalSinceReferenceDate.bitPattern) } else { w.byte(0) }
            w.int(e.form.bytes.count)
            w.bytes += e.form.bytes
            if w.bytes.count >= piece { try flush() }
        }
        try flush()
        try emit(Array(s.finalizeHex().utf8))
    }

    public enum LoadFailure: Error, Equatable {
        /// Not a cache file, cut short or damaged.
        case corrupt
        /// Written by another tool version or for another codebook or reader limits.
        case foreign
    }

    /// The cache in `bytes` if it was written for `key`.
    public static func decode(_ bytes: [UInt8], key: String) -> Result<AnswerCache, LoadFailure> {
        let digestLength = 64
        guard bytes.count >= magic.count + digestLength, bytes.starts(with: magic) else { return .failure(.corrupt) }
        let body = bytes.count - digestLength
        var s = SHA256()
        s.update(bytes[0 ..< body])
        guard Array(s.finalizeHex().utf8) == Array(bytes[body...]) else { return .failure(.corrupt) }
        return bytes.withUnsafeBufferPointer { all -> Result<AnswerCache, LoadFailure> in
            var r = ByteReader(UnsafeBufferPointer(rebasing: all[magic.count ..< body]))
            guard let found = r.string() else { return .failure(.corrupt) }
            guard found == key else { return .failure(.foreign) }
            guard let n = r.int(), n >= 0, n <= body else { return .failure(.corrupt) }
            var entries: [String: Entry] = [:]
            entries.reserveCapacity(n)
            for _ in 0 ..< n {
                guard let sha = r.string(), let flag = r.byte() else { return .failure(.corrupt) }
                var modified: Date? = nil
                if flag == 1 {
                    guard let b = r.uint64() else { return .failure(.corrupt) }
                    modified = Date(timeIntervalSinceReferenceDate: Double(bitPattern: b))
                } else if flag != 0 { return .failure(.corrupt) }
                guard let length = r.int(), let form = r.bytes(length) else { return .failure(.corrupt) }
                entries[sha] = Entry(modified: modified, form: StoredForm(bytes: Array(form)))
            }
            guard r.atEnd else { return .failure(.corrupt) }
            return .success(AnswerCache(key: key, entries: entries))
        }
    }
}
