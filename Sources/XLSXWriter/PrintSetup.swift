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
