import Foundation
import Synchronization

/// Shared strings as a worksheet parse needs them: all decoded up front when every cell is read,
/// or decoded one by one on demand when a `CellSelection` reads a few cells. A form's table
/// holds every label of the form; its answers use a handful of entries.
///
/// Safe to share between threads, as the workbook is: the on-demand cache sits behind a Mutex.
final class SharedStringTable: @unchecked Sendable {
    private enum Storage {
        case decoded([String])
        /// The part's bytes and where each `<si>` starts (its end is the next start).
        case indexed(bytes: [UInt8], starts: [Int], part: String, limits: ReaderLimits)
    }
    private let storage: Storage
    /// Entries already decoded on demand: cells that share an entry (the same option label
    /// in several answers) then share one String, as with a table decoded in full.
    /// By entry number, made on first use: an array, not a dictionary (no hashing, no regrowing);
    /// entry → place in `strings` (-1: not yet), plain Ints: an array of optional Strings cost
    /// more to fill with nils than the handful of entries a form's answers use.
    private let decodedOnDemand = Mutex<(place: [Int], strings: [String])>(([], []))

    static let empty = SharedStringTable(decoded: [])

    init(decoded: [String]) { storage = .decoded(decoded) }

    /// An on-demand table, or nil when the part cannot be indexed by a plain byte search
    /// (comments, CDATA or a DOCTYPE, where `<si` might appear outside markup; a namespace
    /// prefix on the elements): then the caller decodes it all with `SharedStrings.parse`.
    init?(indexing bytes: [UInt8], part: String, limits: ReaderLimits) throws {
        guard let starts = try SharedStrings.elementStarts(bytes, limits: limits) else { return nil }
        storage = .indexed(bytes: bytes, starts: starts, part: part, limits: limits)
    }

    var count: Int {
        switch storage {
        case .decoded(let s): s.count
        case .indexed(_, let starts, _, _): starts.count
        }
    }

    /// Entry `i`, or nil when out of range. On-demand entries that are malformed throw.
    func string(at i: Int) throws -> String? {
        switch storage {
        case .decoded(let s):
            return i >= 0 && i < s.count ? s[i] : nil
        case let .indexed(bytes, starts, part, limits):
            guard i >= 0 && i < starts.count else { return nil }
            return try decodedOnDemand.withLock { (decoded) throws -> String in
                if decoded.place.isEmpty { decoded.place = Array(repeating: -1, count: starts.count) }
                if decoded.place[i] >= 0 { return decoded.strings[decoded.place[i]] }
                let end = i + 1 < starts.count ? starts[i + 1] : bytes.count
                let s = try SharedStrings.decodeOne(bytes, starts[i] ..< end, part: part, limits: limits)
                decoded.place[i] = decoded.strings.count
                decoded.strings.append(s)
                return s
            }
        }
    }
}
