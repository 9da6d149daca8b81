import CXlsxWriter

/// Page setup for printing: orientation, paper, scaling, titles, margins, header/footer.
extension SheetWriter {
    public enum Orientation: Sendable { case portrait, landscape }

    /// Excel paper codes for the sizes Japanese offices use.
    public enum Paper: UInt8, Sendable {
        case printerDefault = 0
        case letter = 1
        case a3 = 8
        case a4 = 9
        case b4 = 12
        case b5 = 13
    }

    public func setOrientation(_ orientation: Orientation) throws {
        let sheet = try live()
        switch orientation {
        case .portrait: worksheet_set_portrait(sheet)
        case .landscape: worksheet_set_landscape(sheet)
        }
    }

    public func setPaper(_ paper: Paper) throws { worksheet_set_paper(try live(), paper.rawValue) }

    /// Shrinks the print to `width` pages across and `height` down; 0 means "as many as needed",
    /// so `fitToPages(width: 1, height: 0)` keeps every column on one page width.
    public func fitToPages(width: Int, height: Int) throws {
        guard width >= 0, height >= 0 else {
            throw WriterError.invalidArgument("fit to pages needs non-negative counts, got \(width)×\(height)")
        }
        worksheet_fit_to_pages(try live(), UInt16(clamping: width), UInt16(clamping: height))
    }

    /// Prints at a fixed percentage (10…400) instead of fitting to pages.
    public func setPrintScale(_ percent: Int) throws {
        guard (10...400).contains(percent) else {
            throw WriterError.invalidArgument("print scale \(percent)% is outside Excel's 10–400%")
        }
        worksheet_set_print_scale(try live(), UInt16(percent))
    }

    /// Manual page breaks: a new page starts above each of these rows (0-based, > 0).
    public func setRowPageBreaks(_ rows: [Int]) throws {
        guard var list = try Self.breakList(rows, as: UInt32.self, limit: 1_048_575) else { return }
        let sheet = try live()
        try check(list.withUnsafeMutableBufferPointer { worksheet_set_h_pagebreaks(sheet, $0.baseAddress!) },
                  "worksheet_set_h_pagebreaks")
    }

    /// Manual page breaks: a new page starts left of each of these columns (0-based, > 0).
    public func setColumnPageBreaks(_ columns: [Int]) throws {
        guard var list = try Self.breakList(columns, as: lxw_col_t.self, limit: 16_383) else { return }
        let sheet = try live()
        try check(list.withUnsafeMutableBufferPointer { worksheet_set_v_pagebreaks(sheet, $0.baseAddress!) },
                  "worksheet_set_v_pagebreaks")
    }

    /// Excel keeps at most 1,023 manual breaks in each direction.
    public static let maxPageBreaks = 1023

    /// Sorted, distinct, 0-terminated as the library wants; nil when there is none.
    private static func breakList<T: FixedWidthInteger>(_ at: [Int], as: T.Type, limit: Int) throws -> [T]? {
        let breaks = Array(Set(at)).sorted()
        guard let first = breaks.first, let last = breaks.last else { return nil }
        guard first > 0, last <= limit, breaks.count <= maxPageBreaks else {
            throw WriterError.invalidArgument("page breaks must be 1–\(maxPageBreaks) positions in 1…\(limit), got \(breaks.count) from \(first) to \(last)")
        }
        return breaks.map { T($0) } + [0]
    }

    /// Rows printed at the top of every page (e.g. the table header).
    public func repeatRows(_ rows: ClosedRange<Int>) throws {
        let (r1, _) = try cell(rows.lowerBound, 0)
        let (r2, _) = try cell(rows.upperBound, 0)
        try check(worksheet_repeat_rows(try live(), r1, r2), "worksheet_repeat_rows")
    }

    /// Columns printed at the left of every page.
    public func repeatColumns(_ columns: ClosedRange<Int>) throws {
        let (_, c1) = try cell(0, columns.lowerBound)
        let (_, c2) = try cell(0, columns.upperBound)
        try check(worksheet_repeat_columns(try live(), c1, c2), "worksheet_repeat_columns")
    }

    public func setPrintArea(rows: ClosedRange<Int>, columns: ClosedRange<Int>) throws {
        let (r1, c1) = try cell(rows.lowerBound, columns.lowerBound)
        let (r2, c2) = try cell(rows.upperBound, columns.upperBound)
        try check(worksheet_print_area(try live(), r1, c1, r2, c2), "worksheet_print_area")
    }

    /// Page margins in inches (Excel's unit); nil keeps Excel's default for that side.
    public func setMargins(left: Double? = nil, right: Double? = nil, top: Double? = nil,
                           bottom: Double? = nil) throws {
        // The library treats a negative value as "keep the default".
        worksheet_set_margins(try live(), left ?? -1, right ?? -1, top ?? -1, bottom ?? -1)
    }

    /// Header text with Excel's codes: `&L` `&C` `&R` sections, `&P` page, `&N` pages, `&A` sheet.
    public func setHeader(_ text: String) throws {
        try check(worksheet_set_header(try live(), text), "worksheet_set_header")
    }

    /// Footer text, same codes as `setHeader` (e.g. `"&C&P / &N"`).
    public func setFooter(_ text: String) throws {
        try check(worksheet_set_footer(try live(), text), "worksheet_set_footer")
    }

    public func centerHorizontally() throws { worksheet_center_horizontally(try live()) }
    public func centerVertically() throws { worksheet_center_vertically(try live()) }
}
