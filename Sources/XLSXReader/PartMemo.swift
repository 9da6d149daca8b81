#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Parts already parsed in this run, by their compressed bytes: the forms of one survey carry
/// byte-identical `workbook.xml`, relationships and `styles.xml` (a nation of 3,500 files has a
/// hundred distinct workbook parts and six style parts), and inflating, checking and parsing
/// them again was a fifth of reading a file.
///
/// Honest by construction: a part is taken from here only when its compressed bytes, method,
/// declared CRC-32 and sizes equal those of a part that was inflated, CRC-checked and parsed
/// without error under the same limits — inflating it again would give the same bytes, the same
/// check and the same result. Failures are never kept, so a damaged part is read (and rejected) as before.
public final class PartMemo: @unchecked Sendable {
    /// A part's identity before inflating: how it is stored and what it must inflate to.
    struct Key: Hashable {
        var role: String
        var crc: UInt32
        var method: Int
        var compressed: Int
        var declared: Int
    }

    struct Entry {
        var stored: [UInt8]
        /// Bytes the part inflated to (counted against the file's inflate budget as if inflated).
        var inflated: Int
        var value: any Sendable
    }

    let limits: ReaderLimits
    /// A bound on what is kept: a run whose files are all different keeps the first few and reads the rest.
    private let capacity: Int
    private let table = Mutex<(entries: [Key: [Entry]], count: Int, hits: Int)>(([:], 0, 0))

    public init(limits: ReaderLimits, capacity: Int = 512) {
        self.limits = limits
        self.capacity = capacity
    }

    func lookup(_ key: Key, stored: UnsafeBufferPointer<UInt8>) -> Entry? {
        table.withLock { t in
            let hit = t.entries[key]?.first { Self.same($0.stored, stored) }
            if hit != nil { t.hits += 1 }
            return hit
        }
    }

    /// Byte for byte, with memcmp (a generic comparison cost a tenth of what the memo saved).
    private static func same(_ kept: [UInt8], _ stored: UnsafeBufferPointer<UInt8>) -> Bool {
        guard kept.count == stored.count else { return false }
        guard let b = stored.baseAddress else { return true }
        return kept.withUnsafeBufferPointer { memcmp($0.baseAddress!, b, stored.count) == 0 }
    }

    /// How many parts were taken from here instead of being inflated (for tests).
    var hits: Int { table.withLock { $0.hits } }

    func insert(_ key: Key, stored: UnsafeBufferPointer<UInt8>, inflated: Int, value: any Sendable) {
        table.withLock { t in
            guard t.count < capacity else { return }
            if t.entries[key]?.contains(where: { Self.same($0.stored, stored) }) == true { return }
            t.entries[key, default: []].append(Entry(stored: Array(stored), inflated: inflated, value: value))
            t.count += 1
        }
    }
}
