/// A cell position. `row` and `column` are **0-based** (A1 is row 0, column 0), the way
/// arrays index; `a1` and `init?(_: String)` speak Excel's 1-based A1 notation.
public struct CellRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let maxRow = 1_048_575      // row 1,048,576
    public static let maxColumn = 16_383      // column XFD

    public let row: Int
    public let column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `B7`, `$B$7`, `xfd1048576`; nil for anything else or beyond XFD1048576.
    public init?(_ text: String) {
        var utf8 = text.utf8.makeIterator()
        var col = 0, row = 0, letters = 0, digits = 0, dollars = 0
        while let c = utf8.next() {
            switch c {
            // Absolute markers: at most one before the letters and one before the digits.
            case UInt8(ascii: "$") where digits == 0 && dollars < (letters == 0 ? 1 : 2):
                dollars = letters == 0 ? 1 : 2
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                col = col * 26 + Int(c - 64); letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                col = col * 26 + Int(c - 96); letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                if digits == 0 && c == UInt8(ascii: "0") { return nil }
                row = row * 10 + Int(c - 48); digits += 1
            default:
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, col - 1 <= CellRef.maxColumn, row - 1 <= CellRef.maxRow else { return nil }
        self.init(row: row - 1, column: col - 1)
    }

    /// Parses an A1 reference from raw bytes (the sheet parser's hot path).
    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> CellRef? {
        var col = 0, row = 0, i = r.lowerBound
        let end = r.upperBound
        while i < end {
            var c = b[i]
            if c >= 0x61 && c <= 0x7A { c -= 32 }
            guard c >= 0x41 && c <= 0x5A else { break }
            col = col * 26 + Int(c - 64)
            i += 1
            if col > CellRef.maxColumn + 1 { return nil }
        }
        guard col > 0, i < end else { return nil }
        while i < end {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            row = row * 10 + Int(c - 48)
            if row > CellRef.maxRow + 1 { return nil }
            i += 1
        }
        guard row > 0 else { return nil }
        return CellRef(row: row - 1, column: col - 1)
    }

    /// Column letters for a 0-based column: 0 → A, 25 → Z, 26 → AA, 16383 → XFD.
    public static func columnLetters(_ column: Int) -> String {
        if column >= 0 && column < commonColumns.count { return commonColumns[column] }
        return letters(column)
    }

    /// A–ZZ precomputed: every cell of every sheet asks for its letters.
    private static let commonColumns: [String] = (0..<702).map { letters($0) }

    private static func letters(_ column: Int) -> String {
        var n = column + 1
        var out: [UInt8] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.append(UInt8(65 + r))
            n = (n - 1) / 26
        }
        return String(decoding: out.reversed(), as: UTF8.self)
    }

    /// `B7` notation (1-based row).
    public var a1: String { CellRef.columnLetters(column) + String(row + 1) }
    public var description: String { a1 }

    public static func < (l: CellRef, r: CellRef) -> Bool {
        l.row != r.row ? l.row < r.row : l.column < r.column
    }
}

/// A rectangular block of cells, both corners inclusive.
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    public let start: CellRef
    public let end: CellRef

    public init(start: CellRef, end: CellRef) {
        self.start = CellRef(row: min(start.row, end.row), column: min(start.column, end.column))
        self.end = CellRef(row: max(start.row, end.row), column: max(start.column, end.column))
    }

    /// Parses `A1:C3`, `$A$1:$C$3` or a single `B7` (a one-cell range).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let a = CellRef(String(parts[0])) else { return nil }
            self.init(start: a, end: a)
        case 2:
            guard let a = CellRef(String(parts[0])), let b = CellRef(String(parts[1])) else { return nil }
            self.init(start: a, end: b)
        default:
            return nil
        }
    }

    public func contains(_ ref: CellRef) -> Bool {
        ref.row >= start.row && ref.row <= end.row && ref.column >= start.column && ref.column <= end.column
    }

    public var a1: String { start == end ? start.a1 : start.a1 + ":" + end.a1 }
    public var description: String { a1 }
}
