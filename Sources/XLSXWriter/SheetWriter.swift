import CXlsxWriter
import Foundation

/// One worksheet of a `WorkbookWriter`. Rows and columns are 0-based, as in libxlsxwriter.
///
/// Holds its workbook strongly so the C worksheet outlives every use of this object.
public final class SheetWriter {
    public let name: String
    let workbook: WorkbookWriter
    private let sheet: UnsafeMutablePointer<lxw_worksheet>

    init(workbook: WorkbookWriter, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook
        self.sheet = handle
        self.name = name
    }

    /// The worksheet pointer, refused once the workbook is closed (the memory is gone).
    func live() throws -> UnsafeMutablePointer<lxw_worksheet> {
        _ = try workbook.live()
        return sheet
    }

    func format(_ spec: CellFormat?) -> UnsafeMutablePointer<lxw_format>? {
        workbook.formats.cell(spec)
    }

    // MARK: Cells

    /// Writes text. Always a string cell, even for "=SUM(A1)", "+81", "-", "@home".
    /// Control characters are written as visible escapes (`VisibleText`).
    public func write(_ text: String, row: Int, column: Int, format: CellFormat? = nil) throws {
        let (r, c) = try cell(row, column)
        let text = VisibleText.escapingControls(text)
        if text.isEmpty { return try writeBlank(row: row, column: column, format: format) }
        let (sheet, spec) = (try live(), self.format(format))
        // withCString lends the String's own bytes (or a stack copy of a small one); passing
        // the String as a `const char *` argument made a heap array for every cell.
        try check(text.withCString { worksheet_write_string(sheet, r, c, $0, spec) }, "worksheet_write_string")
    }

    public func write(_ number: Double, row: Int, column: Int, format: CellFormat? = nil) throws {
        let (r, c) = try cell(row, column)
        guard number.isFinite else {
            throw WriterError.invalidArgument("cannot write \(number) to \(A1.cell(row: row, column: column)); Excel has no NaN or infinity")
        }
        try check(worksheet_write_number(try live(), r, c, number, self.format(format)), "worksheet_write_number")
    }

    public func write(_ number: Int, row: Int, column: Int, format: CellFormat? = nil) throws {
        try write(Double(number), row: row, column: column, format: format)
    }

    public func write(_ value: Bool, row: Int, column: Int, format: CellFormat? = nil) throws {
        let (r, c) = try cell(row, column)
        try check(worksheet_write_boolean(try live(), r, c, value ? 1 : 0, self.format(format)), "worksheet_write_boolean")
    }

    /// An empty cell that still carries a format (borders, fill, unlocked input cells).
    public func writeBlank(row: Int, column: Int, format: CellFormat? = nil) throws {
        let (r, c) = try cell(row, column)
        try check(worksheet_write_blank(try live(), r, c, self.format(format)), "worksheet_write_blank")
    }

    /// Writes a formula ("=SUM(B2:B9)" or without "="). `cachedResult` is what viewers that
    /// do not recalculate (and our own reader) see; Excel recalculates on open regardless.
    public func writeFormula(_ formula: String, row: Int, column: Int, format: CellFormat? = nil,
                             cachedResult: Double? = nil) throws {
        let (r, c) = try cell(row, column)
        if let cachedResult {
            try check(worksheet_write_formula_num(try live(), r, c, formula, self.format(format), cachedResult),
                      "worksheet_write_formula_num")
        } else {
            try check(worksheet_write_formula(try live(), r, c, formula, self.format(format)), "worksheet_write_formula")
        }
    }

    /// Writes a date as an Excel serial number with a date format (default "yyyy/m/d").
    /// `timeZone` fixes which calendar day an instant falls on; Excel dates carry no zone.
    public func write(date: Date, row: Int, column: Int, format: CellFormat? = nil,
                      timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws {
        let serial = Self.excelSerial(date, timeZone: timeZone)
        var spec = format ?? CellFormat()
        if spec.numberFormat == nil { spec.numberFormat = "yyyy/m/d" }  // a bare serial reads as 45000
        try write(serial, row: row, column: column, format: spec)
    }

    /// Excel's 1900 date system: days since 1899-12-30 in local wall-clock time of `timeZone`.
    public static func excelSerial(_ date: Date, timeZone: TimeZone) -> Double {
        let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return seconds / 86_400 + 25_569
    }

    /// Merges a block and writes text into it (the format applies to the whole block).
    public func merge(rows: ClosedRange<Int>, columns: ClosedRange<Int>, text: String,
                      format: CellFormat? = nil) throws {
        let (r1, c1) = try cell(rows.lowerBound, columns.lowerBound)
        let (r2, c2) = try cell(rows.upperBound, columns.upperBound)
        guard rows.count > 1 || columns.count > 1 else {
            throw WriterError.invalidArgument("merge needs at least two cells, got only \(A1.cell(row: rows.lowerBound, column: columns.lowerBound))")
        }
        let (sheet, spec) = (try live(), self.format(format))
        let text = VisibleText.escapingControls(text)
        try check(text.withCString { worksheet_merge_range(sheet, r1, c1, r2, c2, $0, spec) }, "worksheet_merge_range")
    }

    // MARK: Rows and columns

    /// Sets width (in Excel character units) for columns; `hidden` hides them.
    public func setColumn(_ columns: ClosedRange<Int>, width: Double, format: CellFormat? = nil,
                          hidden: Bool = false) throws {
        let (_, c1) = try cell(0, columns.lowerBound)
        let (_, c2) = try cell(0, columns.upperBound)
        var options = lxw_row_col_options(hidden: hidden ? 1 : 0, level: 0, collapsed: 0)
        let spec = format.map { self.format($0) } ?? nil
        try check(worksheet_set_column_opt(try live(), c1, c2, width, spec, &options), "worksheet_set_column_opt")
    }

    /// Sets a row's height in points (nil keeps the default 15); `hidden` hides it.
    public func setRow(_ row: Int, height: Double? = nil, format: CellFormat? = nil,
                       hidden: Bool = false) throws {
        let (r, _) = try cell(row, 0)
        var options = lxw_row_col_options(hidden: hidden ? 1 : 0, level: 0, collapsed: 0)
        let spec = format.map { self.format($0) } ?? nil
        try check(worksheet_set_row_opt(try live(), r, height ?? LXW_DEF_ROW_HEIGHT, spec, &options),
                  "worksheet_set_row_opt")
    }

    // MARK: View

    /// Freezes rows above `row` and columns left of `column` (e.g. 1, 0 freezes the header row).
    public func freezePanes(row: Int, column: Int) throws {
        let (r, c) = try cell(row, column)
        worksheet_freeze_panes(try live(), r, c)
    }

    public func autofilter(rows: ClosedRange<Int>, columns: ClosedRange<Int>) throws {
        let (r1, c1) = try cell(rows.lowerBound, columns.lowerBound)
        let (r2, c2) = try cell(rows.upperBound, columns.upperBound)
        try check(worksheet_autofilter(try live(), r1, c1, r2, c2), "worksheet_autofilter")
    }

    /// Makes this the sheet shown when the file opens.
    public func activate() throws { worksheet_activate(try live()) }
    /// Selects the tab (several may be selected; the active one always is).
    public func select() throws { worksheet_select(try live()) }
    /// Hides the tab (e.g. a sheet of list sources); the active sheet cannot be hidden.
    public func hide() throws { worksheet_hide(try live()) }
    /// Makes this the leftmost visible tab when there are more tabs than fit.
    public func setFirstSheet() throws { worksheet_set_first_sheet(try live()) }
    public func setTabColor(_ color: Color) throws { worksheet_set_tab_color(try live(), color.lxw) }

    /// Zoom percentage, 10…400.
    public func setZoom(_ percent: Int) throws {
        guard (10...400).contains(percent) else {
            throw WriterError.invalidArgument("zoom \(percent)% is outside Excel's 10–400%")
        }
        worksheet_set_zoom(try live(), UInt16(percent))
    }

    /// Screen and print gridlines.
    public func showGridlines(onScreen: Bool, whenPrinted: Bool = false) throws {
        let option: lxw_gridlines
        switch (onScreen, whenPrinted) {
        case (false, false): option = LXW_HIDE_ALL_GRIDLINES
        case (true, false): option = LXW_SHOW_SCREEN_GRIDLINES
        case (false, true): option = LXW_SHOW_PRINT_GRIDLINES
        case (true, true): option = LXW_SHOW_ALL_GRIDLINES
        }
        worksheet_gridlines(try live(), UInt8(option.rawValue))
    }

    // MARK: Helpers

    /// Checks bounds here so errors name the cell instead of a bare "index out of range".
    func cell(_ row: Int, _ column: Int) throws -> (lxw_row_t, lxw_col_t) {
        guard (0..<1_048_576).contains(row), (0..<16_384).contains(column) else {
            throw WriterError.invalidArgument(
                "cell row \(row), column \(column) on '\(name)' is outside Excel's 1,048,576 × 16,384 grid")
        }
        return (lxw_row_t(row), lxw_col_t(column))
    }
}
