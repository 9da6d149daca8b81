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

    /// Parses `B7`, `$B$7`, `b7`, `B07`; nil for anything else or beyond XFD1048576. The rules
    /// are `parse(_:_:)`'s: this reads the string's UTF-8 bytes with it.
    public init?(_ text: String) {
        var text = text
        guard let ref = text.withUTF8({ CellRef.parse($0, 0 ..< $0.count) }) else { return nil }
        self = ref
    }

    /// THE A1 parser: a cell's `r`, a defined name's target, a merged range, a meta sheet's
    /// column all pass here, so no two readers of a file can disagree on a reference.
    /// Accepts column letters in either case, then row digits, each after at most one `$`
    /// (`$A$1`, `$A1`, `A$1`); leading zeros in the row (`A01`, Excel reads it as A1). Nil for
    /// row 0, anything else (spaces, a sign, a sheet, `#REF!`) and beyond XFD1048576.
    @inline(__always)
    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> CellRef? {
        var i = r.lowerBound
        let end = r.upperBound
        guard let column = parseColumn(b, &i, end), i < end else { return nil }
        if b[i] == UInt8(ascii: "$") { i += 1; guard i < end else { return nil } }
        var row = 0
        while i < end {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            row = row * 10 + Int(c - 48)
            if row > CellRef.maxRow + 1 { return nil }
            i += 1
        }
        guard row > 0 else { return nil }
        return CellRef(row: row - 1, column: column)
    }

    /// The column part of A1 (`$`, then letters) from `i`, leaving `i` after it: 0-based column.
    @inline(__always)
    private static func parseColumn(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Int? {
        if i < end && b[i] == UInt8(ascii: "$") { i += 1 }
        var col = 0
        while i < end {
            var c = b[i]
            if c >= 0x61 && c <= 0x7A { c -= 32 }
            guard c >= 0x41 && c <= 0x5A else { break }
            col = col * 26 + Int(c - 64)
            i += 1
            if col > CellRef.maxColumn + 1 { return nil }
        }
        return col > 0 ? col - 1 : nil
    }

    /// 0-based column of column letters alone (`D`, `$d`, a meta sheet's `answer_column`);
    /// nil for anything else or beyond XFD.
    public static func column(letters text: String) -> Int? {
        var text = text
        return text.withUTF8 { b -> Int? in
            var i = 0
            guard let column = parseColumn(b, &i, b.count), i == b.count else { return nil }
            return column
        }
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

    /// Parses `A1:C3`, `$A$1:$C$3` or a single `B7` (a one-cell range), by `parse(_:_:)`.
    public init?(_ text: String) {
        var text = text
        guard let range = text.withUTF8({ CellRange.parse($0, 0 ..< $0.count) }) else { return nil }
        self = range
    }

    /// Two A1 references around one `:`, or one alone; whole columns or rows (`A:A`, `1:3`)
    /// are not cell ranges here.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> CellRange? {
        var colon = r.lowerBound
        while colon < r.upperBound && b[colon] != UInt8(ascii: ":") { colon += 1 }
        guard let a = CellRef.parse(b, r.lowerBound ..< colon) else { return nil }
        if colon == r.upperBound { return CellRange(start: a, end: a) }
        guard let z = CellRef.parse(b, colon + 1 ..< r.upperBound) else { return nil }
        return CellRange(start: a, end: z)
    }

    /// The one cell of a one-cell range.
    public var single: CellRef? { start == end ? start : nil }

    public func contains(_ ref: CellRef) -> Bool {
        ref.row >= start.row && ref.row <= end.row && ref.column >= start.column && ref.column <= end.column
    }

    public var a1: String { start == end ? start.a1 : start.a1 + ":" + end.a1 }
    public var description: String { a1 }
}
