import XLSXReader

/// A sheet's non-empty cells by A1 reference. Stored as row-major sorted positions with a binary
/// search, because building a String-keyed dictionary of every cell of every file (refs spelled out,
/// then hashed) cost a fifth of ingestion; most cells are never looked up.
public struct CellMap: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// row × 16384 + column, both 0-based: Excel's column limit keeps the packing unique.
    private var keys: [Int] = []
    private var values: [RawValue] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, RawValue)...) {
        for (ref, value) in elements { self[ref] = value }
    }

    /// Cells already in row-major order (as the reader yields them): no sorting needed.
    init(rowMajor cells: [(row: Int, column: Int, value: RawValue)]) {
        keys.reserveCapacity(cells.count); values.reserveCapacity(cells.count)
        var sorted = true
        for c in cells {
            let k = Self.pack(c.row, c.column)
            if let last = keys.last, k <= last { sorted = false }
            keys.append(k); values.append(c.value)
        }
        if !sorted {
            let order = keys.indices.sorted { keys[$0] < keys[$1] }
            keys = order.map { keys[$0] }; values = order.map { values[$0] }
        }
    }

    public var count: Int { keys.count }

    public subscript(ref: String) -> RawValue? {
        get {
            guard let k = Self.key(ref), let i = index(of: k) else { return nil }
            return values[i]
        }
        set {
            guard let k = Self.key(ref) else { return }
            let i = insertionPoint(k)
            if i < keys.count, keys[i] == k {
                if let newValue { values[i] = newValue } else { keys.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                keys.insert(k, at: i); values.insert(newValue, at: i)
            }
        }
    }

    /// The cell at a 0-based position, without spelling out its reference.
    public subscript(row row: Int, column column: Int) -> RawValue? {
        index(of: Self.pack(row, column)).map { values[$0] }
    }

    /// Cells in row-major order, each with its A1 reference.
    public func makeIterator() -> AnyIterator<(key: String, value: RawValue)> {
        var i = 0
        return AnyIterator {
            guard i < keys.count else { return nil }
            defer { i += 1 }
            let (row, column) = (keys[i] / 16384, keys[i] % 16384)
            return (CellRef.columnLetters(column) + String(row + 1), values[i])
        }
    }

    /// Every cell in row-major order by 0-based position: for scanning a column without
    /// spelling out and re-reading each reference.
    func forEachCell(_ body: (_ row: Int, _ column: Int, _ value: RawValue) -> Void) {
        for i in keys.indices { body(keys[i] / 16384, keys[i] % 16384, values[i]) }
    }

    static func pack(_ row: Int, _ column: Int) -> Int { row * 16384 + column }

    static func key(_ ref: String) -> Int? {
        CellRef(ref).map { pack($0.row, $0.column) }
    }

    private func insertionPoint(_ k: Int) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi { let mid = (lo + hi) / 2; if keys[mid] < k { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    private func index(of k: Int) -> Int? {
        let i = insertionPoint(k)
        return i < keys.count && keys[i] == k ? i : nil
    }
}
