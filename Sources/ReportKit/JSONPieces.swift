import Foundation
import SurveyModel

/// A record written as JSONEncoder writes it in one document (pretty, sorted keys), but piece by
/// piece: the record with its long lists emptied, then each list's rows put into place. One
/// encoder document of a large nation held ~90 MB of heap (run.json, and again issues-state.json).
public enum JSONPieces {
    /// The encoder of renkei's JSON records: the whole record and each of its rows alike.
    public static func encoder() -> JSONEncoder {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return enc
    }

    /// One list emptied in the skeleton.
    public struct List {
        public var key: String
        /// How deep the key sits: 1 for a key of the record, 2 for a key of an object inside it.
        public var depth: Int
        public var isEmpty: Bool

        public init(key: String, depth: Int, isEmpty: Bool) { self.key = key; self.depth = depth; self.isEmpty = isEmpty }
    }

    /// The skeleton's bytes with each list (in the order the keys appear in the document) filled
    /// in by `rows(n, emit)` for the n-th list (`rows(_:depth:parallel:_:)`).
    public static func write(skeleton: some Encodable, lists: [List], rows: (_ list: Int, _ emit: (Data) throws -> Void) throws -> Void,
                             _ emit: (Data) throws -> Void) throws {
        var rest = try encoder().encode(skeleton)[...]
        for (n, list) in lists.enumerated() {
            let indent = String(repeating: " ", count: 2 * list.depth)
            // How the encoder writes an empty list.
            let empty = Data("\n\(indent)\"\(list.key)\" : [\n\n\(indent)]".utf8)
            guard let at = find(empty, in: rest) else {
                throw EncodingError.invalidValue(list.key, .init(codingPath: [], debugDescription: "no empty \(list.key) in the record"))
            }
            try emit(Data(rest[..<at.lowerBound]))
            rest = rest[at.upperBound...]
            guard !list.isEmpty else { try emit(empty); continue }
            try emit(Data("\n\(indent)\"\(list.key)\" : [".utf8))
            // rows and emit are both the caller's; neither outlives this call.
            try withoutActuallyEscaping(emit) { try rows(n, $0) }
            try emit(Data("\n\(indent)]".utf8))
        }
        try emit(Data(rest))
    }

    /// Where `needle` first occurs in `haystack` (indices of `haystack`): memchr to each candidate
    /// and memcmp, where Data's generic firstRange(of:) cost a large nation's skeleton ~400 M instructions.
    static func find(_ needle: Data, in haystack: Data.SubSequence) -> Range<Data.Index>? {
        guard let first = needle.first else { return haystack.startIndex ..< haystack.startIndex }
        let offset: Int? = haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin in
                guard let base = hay.baseAddress, hay.count >= pin.count else { return nil }
                var at = 0
                while at + pin.count <= hay.count {
                    guard let hit = memchr(base + at, Int32(first), hay.count - pin.count - at + 1) else { return nil }
                    let i = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(hit, pin.baseAddress!, pin.count) == 0 { return i }
                    at = i + 1
                }
                return nil
            }
        }
        return offset.map { haystack.startIndex + $0 ..< haystack.startIndex + $0 + needle.count }
    }

    /// The rows of a list at `depth` as they sit in the document, handed over a batch at a time:
    /// each row indented into place, comma-separated, without the list's brackets. A few hundred
    /// rows per encoder call (`parallel`: batches encoded on all cores, an encoder each, handed
    /// over in order).
    public static func rows<Row: Encodable & Sendable>(_ list: [Row], depth: Int, parallel: Bool = false,
                                                       _ emit: ([UInt8]) throws -> Void) throws {
        let indent = [UInt8](repeating: 0x20, count: 2 * depth)
        @Sendable func piece(_ start: Int) -> Result<[UInt8], Error> {
            Result { () throws -> [UInt8] in
                let some = try encoder().encode(Array(list[start ..< Swift.min(start + batch, list.count)]))
                var out = [UInt8]()
                out.reserveCapacity(some.count + some.count / 8 + 1)
                if start > 0 { out.append(0x2C) }
                // Between "[" and "\n]": each line break followed by the list's own indentation.
                some.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                    let end = raw.count - 2
                    var from = 1
                    for i in from ..< end where raw[i] == 0x0A {
                        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[from ... i]))
                        out.append(contentsOf: indent)
                        from = i + 1
                    }
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[from ..< end]))
                }
                return out
            }
        }
        let starts = Array(stride(from: 0, to: list.count, by: batch))
        if parallel {
            for p in starts.parallelMap(piece) { try emit(p.get()) }
        } else {
            for start in starts { try emit(piece(start).get()) }
        }
    }

    private static let batch = 256
}
