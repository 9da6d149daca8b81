internal import XLSXReader

/// A1-style references and sheet-qualified ranges, built from 0-based rows and columns.
public enum A1 {
    /// Column letters for a 0-based column: 0 → "A", 26 → "AA". The reader's formatter: a cell
    /// position is spelled the same written and read back.
    public static func column(_ column: Int) -> String { CellRef.columnLetters(column) }

    /// "B3" or "$B$3" for row 2, column 1.
    public static func cell(row: Int, column: Int, absolute: Bool = false) -> String {
        let d = absolute ? "$" : ""
        return "\(d)\(self.column(column))\(d)\(row + 1)"
    }

    /// "A1:C4" (or a single cell when both corners coincide).
    public static func range(rows: ClosedRange<Int>, columns: ClosedRange<Int>,
                             absolute: Bool = false) -> String {
        let first = cell(row: rows.lowerBound, column: columns.lowerBound, absolute: absolute)
        if rows.count == 1 && columns.count == 1 { return first }
        return first + ":" + cell(row: rows.upperBound, column: columns.upperBound, absolute: absolute)
    }

    /// A sheet name as it must appear in a formula: quoted unless it is a plain ASCII
    /// identifier, with embedded apostrophes doubled (`'場面・テーマ別'`, `'O''Brien'`).
    public static func quotedSheetName(_ name: String) -> String {
        let plain = !name.isEmpty
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            && !("0"..."9").contains(name.unicodeScalars.first!)
            && !looksLikeCellReference(name)
        if plain { return name }
        return "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Names like "A1" or "R1C1" would be read as references, so Excel quotes them.
    private static func looksLikeCellReference(_ name: String) -> Bool {
        let upper = name.uppercased()
        let letters = upper.prefix { $0.isLetter }
        let digits = upper.dropFirst(letters.count)
        if !letters.isEmpty, letters.count <= 3, !digits.isEmpty, digits.allSatisfy(\.isNumber) { return true }
        return upper.hasPrefix("R") || upper.hasPrefix("C") ? upper.dropFirst().allSatisfy { $0.isNumber || $0 == "C" } : false
    }
}

/// A rectangular block of cells on a named sheet — chart data, list sources, print areas.
public struct SheetRange: Hashable, Sendable {
    public var sheet: String
    public var rows: ClosedRange<Int>
    public var columns: ClosedRange<Int>

    public init(sheet: String, rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        self.sheet = sheet
        self.rows = rows
        self.columns = columns
    }

    /// A vertical run of cells in one column.
    public static func range(sheet: String, rows: ClosedRange<Int>, column: Int) -> SheetRange {
        SheetRange(sheet: sheet, rows: rows, columns: column...column)
    }
    /// A horizontal run of cells in one row.
    public static func range(sheet: String, row: Int, columns: ClosedRange<Int>) -> SheetRange {
        SheetRange(sheet: sheet, rows: row...row, columns: columns)
    }
    public static func cell(sheet: String, row: Int, column: Int) -> SheetRange {
        SheetRange(sheet: sheet, rows: row...row, columns: column...column)
    }

    /// `'場面・テーマ別'!$B$2:$B$8` — absolute, as Excel writes chart and validation sources.
    public var reference: String {
        A1.quotedSheetName(sheet) + "!" + A1.range(rows: rows, columns: columns, absolute: true)
    }
    /// The reference with a leading `=`, as formulas and defined names want it.
    public var formula: String { "=" + reference }
}
