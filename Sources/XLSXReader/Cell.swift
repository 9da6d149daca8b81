import Foundation

/// A cell's value as stored. Numbers stay numbers even when formatted as dates:
/// see `Cell.dateFormat` and `Cell.date(uses1904:)`.
public enum CellValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error(String)
    /// A `t="d"` cell: ISO 8601 text as stored (rare; Excel writes serial numbers).
    case date(String)
}

/// One non-empty cell. Formula cells carry their cached value.
public struct Cell: Sendable, Equatable {
    public let ref: CellRef
    public let value: CellValue
    /// Set when the cell is numeric and its number format shows a date, time or duration.
    public let dateFormat: DateFormatKind?

    public init(ref: CellRef, value: CellValue, dateFormat: DateFormatKind? = nil) {
        self.ref = ref
        self.value = value
        self.dateFormat = dateFormat
    }

    public var isDateFormatted: Bool { dateFormat != nil }

    /// The instant for date-formatted numbers and `t="d"` cells (wall clock as UTC), else nil.
    public func date(uses1904: Bool) -> Date? {
        switch value {
        case .number(let v) where dateFormat != nil: ExcelDate.date(serial: v, uses1904: uses1904)
        case .date(let text): ExcelDate.parseISO(text)
        default: nil
        }
    }

    /// The value as text the way a person reading the form would type it back.
    public var text: String {
        switch value {
        case .string(let s), .error(let s), .date(let s): s
        case .bool(let b): b ? "TRUE" : "FALSE"
        case .number(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        }
    }
}

/// A worksheet's cells, row by row, with merged ranges and the declared dimension.
public struct Worksheet: Sendable {
    public let name: String
    /// Non-empty cells sorted by row, then column.
    public let cells: [Cell]
    public let mergedRanges: [CellRange]
    /// `<dimension ref>` as written by the producer (may be stale or absent).
    public let dimension: CellRange?
    /// Cells holding a formula saved without its result: empty to a reader, not to the person who typed it.
    public let uncachedFormulas: [CellRef]

    public init(name: String, cells: [Cell], mergedRanges: [CellRange] = [], dimension: CellRange? = nil,
                uncachedFormulas: [CellRef] = []) {
        self.name = name
        self.uncachedFormulas = uncachedFormulas
        self.cells = cells
        self.mergedRanges = mergedRanges
        self.dimension = dimension
    }

    /// O(log n) look-up by binary search over the sorted cells.
    public func cell(_ ref: CellRef) -> Cell? {
        var lo = 0, hi = cells.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cells[mid].ref < ref { lo = mid + 1 } else { hi = mid }
        }
        return lo < cells.count && cells[lo].ref == ref ? cells[lo] : nil
    }

    /// 0-based row and column.
    public func cell(row: Int, column: Int) -> Cell? { cell(CellRef(row: row, column: column)) }

    /// A1 notation; nil for an invalid reference.
    public func cell(_ a1: String) -> Cell? { CellRef(a1).flatMap { cell($0) } }

    /// The merged range covering `ref`, if any (the value lives in its top-left cell).
    public func mergedRange(containing ref: CellRef) -> CellRange? {
        mergedRanges.first { $0.contains(ref) }
    }
}
