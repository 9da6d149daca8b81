/// The cells of one sheet a caller needs, when that is a few out of many: a returned form's
/// answer cells among its labels. A worksheet read with a selection skips every other cell
/// without decoding it, resolves only the shared strings the selected cells use, and stops at
/// the end of the cell data (`</sheetData>`): the data validations, conditional formats and
/// merged ranges after it are never parsed. Those are most of a form's sheet XML.
public struct CellSelection: Sendable, Equatable {
    /// row × 16384 + column (0-based), ascending, unique: a binary search per cell, no hashing.
    /// nil: every cell (a small sheet read whole, still with strings on demand).
    private let keys: [Int]?

    public init<S: Sequence>(_ refs: S) where S.Element == CellRef {
        self.init(Array(refs))
    }

    /// Concrete, so a caller in another module does not go through the generic one per cell.
    public init(_ refs: [CellRef]) {
        var k = [Int](repeating: 0, count: refs.count)
        var sorted = true
        for i in refs.indices {
            k[i] = Self.key(refs[i].row, refs[i].column)
            if i > 0 && k[i] < k[i - 1] { sorted = false }
        }
        // A form's names come in sheet order: usually nothing to sort.
        if !sorted { k.sort() }
        // Sorted, so duplicates are neighbours.
        var unique = 0
        for i in k.indices where i == 0 || k[i] != k[unique - 1] { k[unique] = k[i]; unique += 1 }
        k.removeSubrange(unique...)
        keys = k
    }

    private init(every: Void) { keys = nil }

    /// Every cell of the sheet, still read only to the end of the cell data, with shared
    /// strings decoded on demand: for a small sheet in a workbook read selectively.
    public static let everyCell = CellSelection(every: ())

    /// How many cells are selected; nil for `everyCell`.
    public var count: Int? { keys?.count }

    @inline(__always) static func key(_ row: Int, _ column: Int) -> Int { row &* 16384 &+ column }

    /// The selected keys of one row (`keys[lo ..< hi]`), found once per row.
    struct RowWindow {
        var row = -1, lo = 0, hi = 0
    }

    /// Whether any selected cell is on this 0-based row (always, for `everyCell`), keeping the
    /// row's keys in `window` for the cells that follow.
    @inline(__always) func contains(row: Int, window: inout RowWindow) -> Bool {
        guard let keys else { return true }
        if window.row != row { window = self.window(row, after: window, keys) }
        return window.lo < window.hi
    }

    /// Whether the cell is selected: a short scan of the row's keys, the row's search done once.
    @inline(__always) func contains(row: Int, column: Int, window: inout RowWindow) -> Bool {
        guard let keys else { return true }
        if window.row != row { window = self.window(row, after: window, keys) }
        let k = Self.key(row, column)
        var i = window.lo
        while i < window.hi {
            if keys[i] >= k { return keys[i] == k }
            i &+= 1
        }
        return false
    }

    private func window(_ row: Int, after previous: RowWindow, _ keys: [Int]) -> RowWindow {
        let first = Self.key(row, 0), end = Self.key(row &+ 1, 0)
        var lo: Int
        if previous.row >= 0 && previous.row < row {
            // Rows come in order: step on from the previous row's keys (a step or two), no search.
            lo = previous.hi
            while lo < keys.count && keys[lo] < first { lo &+= 1 }
        } else {
            lo = 0
            var hi = keys.count
            while lo < hi {
                let mid = (lo &+ hi) >> 1
                if keys[mid] < first { lo = mid &+ 1 } else { hi = mid }
            }
        }
        var hi = lo
        while hi < keys.count && keys[hi] < end { hi &+= 1 }
        return RowWindow(row: row, lo: lo, hi: hi)
    }
}
