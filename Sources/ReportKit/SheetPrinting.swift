import SurveyModel
import XLSXWriter

/// What every printed page names at its top besides the sheet: the survey and 集計基準日時.
struct PageHeader: Sendable {
    var survey: String
    var asOf: String
}

/// A4 and the sizes a printed sheet is planned with, in points (1/72 inch).
///
/// Column widths are converted as LibreOffice renders them on a server without 游ゴシック (9.5 px
/// per width unit plus 5 px padding, 96 px per inch, measured on its PDFs): wider than Excel's
/// 8 px for 游ゴシック 11, so a plan that fits in LibreOffice fits in Excel too.
enum PageGeometry {
    static let bodyFontSize = 11.0
    static let defaultRowHeight = 15.0
    /// Smallest print scale allowed: 11 pt text stays ≥ 8.8 pt and 10 pt text ≥ 8 pt.
    static let minimumScale = 0.8
    /// Share of a page's height a plan fills: rows LibreOffice sizes itself (titles) come out a
    /// little taller than planned, and a page it breaks early would split a block.
    static let heightMargin = 0.95
    /// The share when the layout set every row's height (both programs keep a set height).
    static let setHeightMargin = 0.995
    /// Share of a page's width a fixed scale may fill: LibreOffice's column widths come out a
    /// little wider than planned (a column spilled onto a page of its own at 0.2 pt over).
    static let widthMargin = 0.995
    static let a4 = (short: 595.3, long: 841.9)
    static let margins = (side: 0.3, top: 0.75, bottom: 0.6)  // inches; header and footer sit inside
    /// The header (10 pt) and footer (11 pt) at 0.3 inch from the edge end by ~0.5 inch.
    static let compactMargins = (side: margins.side, top: 0.6, bottom: 0.55)
    static let printableWidth = (landscape: a4.long - 2 * margins.side * 72, portrait: a4.short - 2 * margins.side * 72)
    static let printableHeight = (landscape: a4.short - (margins.top + margins.bottom) * 72,
                                  portrait: a4.long - (margins.top + margins.bottom) * 72)

    /// A column of `width` Excel units, in points.
    static func points(columnWidth width: Double) -> Double {
        let pixels = width < 1 ? (width * 14.5).rounded() : (width * 9.5).rounded() + 5
        return pixels * 0.75
    }

    /// The widest column (Excel units, whole halves) that fits in `points`.
    static func columnWidth(points: Double) -> Double {
        ((points / 0.75 - 5) / 9.5 * 2).rounded(.down) / 2
    }

    /// Points a row needs to show `text` wrapped in `width` Excel units at `fontSize`.
    /// A full-width character is two units at 11 pt; units scale with the font size.
    static func wrappedHeight(_ text: String, width: Double, fontSize: Double) -> Double {
        let perLine = max(2, width - 1.5) * bodyFontSize / fontSize
        func count(_ units: Int) -> Int { max(1, Int((Double(units) / perLine).rounded(.up))) }
        // Most cells are one paragraph: measured once, without splitting (a report has ~10⁵ of them).
        var lines = 0
        if !text.utf8.contains(0x0A) {
            lines = count(TextWidth.units(text))
        } else {
            for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
                lines += count(TextWidth.units(String(decoding: line, as: UTF8.self)))
            }
        }
        // One line keeps the default height; more lines take about 1.35 em each.
        guard lines > 1 else { return defaultRowHeight }
        return (Double(lines) * fontSize * 1.35 + 3).rounded(.up)
    }
}

extension SheetBuilder {
    /// How a sheet goes onto A4, decided from its real column widths and row heights:
    /// portrait when it fits at full size, else landscape; shrunk to one page width only when
    /// the scale stays ≥ 80% (text ≥ 8 pt); otherwise printed at full size across several
    /// pages, a new page at each of `pageGroups` (column where a named group of columns starts)
    /// and between columns where a group is wider than a page, with `keyColumns` on every page.
    /// `sections`: starts of named column groups that share a page when whole ones fit, and
    /// start a page of their own otherwise. `keepTogether`: starts of blocks (a question's
    /// columns, a group's 件数 and ％) moved whole to the next page rather than split, unless
    /// that would leave this page more than half empty.
    /// `onePage`: the whole sheet on one page when that too keeps the scale ≥ 80%.
    /// `excerpt`: on a sheet for Excel, the columns that print.
    /// `minimumScale`: higher for a sheet written in a smaller font (9 pt: 8/9), so text stays ≥ 8 pt.
    /// `compact`: top and bottom margins just clear of the header and footer (a sheet of many
    /// short rows, where they make one more row a page).
    /// Call after `fitColumns` (the widths are final then).
    @discardableResult
    func printSetup(headerRows: ClosedRange<Int>?, title: String, keyColumns: ClosedRange<Int>? = nil,
                    pageGroups: [Int] = [], sections: [Int] = [], keepTogether: [Int] = [],
                    onePage: Bool = false, excerpt: ClosedRange<Int>? = nil,
                    minimumScale: Double = PageGeometry.minimumScale, compact: Bool = false) throws -> PrintPlan {
        // A sheet read in Excel prints only the columns of its excerpt (identity and first section).
        let printed: ClosedRange<Int>? = medium == .paper ? nil : excerpt.map { $0.clamped(to: 0...max(0, columnWidths.count - 1)) }
        if let printed { try sheet.setPrintArea(rows: 0...max(lastRow, 0), columns: printed) }
        let widths = columnWidths.enumerated().map { printed == nil || printed!.contains($0.offset) ? PageGeometry.points(columnWidth: $0.element) : 0 }
        let total = widths.reduce(0, +)
        let landscape = total > PageGeometry.printableWidth.portrait
        let pageWidth = landscape ? PageGeometry.printableWidth.landscape : PageGeometry.printableWidth.portrait
        let m = compact ? PageGeometry.compactMargins : PageGeometry.margins
        let pageHeight = (landscape ? PageGeometry.a4.short : PageGeometry.a4.long) - (m.top + m.bottom) * 72
        let widthScale = min(1, pageWidth / max(total, 1))
        let height = (0...max(lastRow, 0)).reduce(0.0) { $0 + (rowHeights[$1] ?? PageGeometry.defaultRowHeight) }
        let pageScale = min(widthScale, pageHeight / max(height, 1))

        try sheet.setPaper(.a4)
        try sheet.setOrientation(landscape ? .landscape : .portrait)
        var plan = PrintPlan(landscape: landscape, scale: 1, columnBreaks: [], rowBreaks: [])
        if onePage && pageScale >= minimumScale {
            try sheet.fitToPages(width: 1, height: 1)
            plan.scale = pageScale
        } else {
            if widthScale >= minimumScale {
                // A fixed scale, not "fit to width": both Excel and LibreOffice ignore manual row
                // breaks on a sheet fitted to pages, and the breaks below are the plan.
                var percent = Int((widthScale * 100).rounded(.down))
                if Double(percent) / 100 * total > pageWidth * PageGeometry.widthMargin,
                   Double(percent - 1) / 100 >= minimumScale { percent -= 1 }
                if percent < 100 { try sheet.setPrintScale(percent) }
                plan.scale = Double(percent) / 100
            } else {
                plan.columnBreaks = Array(Self.columnBreaks(widths: widths, pageWidth: pageWidth, keyColumns: keyColumns,
                                                            groups: pageGroups, sections: sections, blocks: keepTogether)
                                              .prefix(SheetWriter.maxPageBreaks))
                try sheet.setColumnPageBreaks(plan.columnBreaks)
                if let keyColumns { try sheet.repeatColumns(keyColumns) }
            }
            // Down to the last block's row: a chart's rows hold no cell.
            let last = max(lastRow, printBlocks.map(\.rows.upperBound).max() ?? 0)
            let heights = (0...last).map { rowHeights[$0] ?? PageGeometry.defaultRowHeight }
            let margin = (0...last).allSatisfy { rowHeights[$0] != nil } ? PageGeometry.setHeightMargin : PageGeometry.heightMargin
            // Past Excel's 1,023 manual breaks (a list of thousands of rows) the program breaks the rest itself.
            plan.rowBreaks = Array(Self.rowBreaks(heights: heights, pageHeight: pageHeight * margin / plan.scale,
                                                  repeated: headerRows, blocks: printBlocks).prefix(SheetWriter.maxPageBreaks))
            try sheet.setRowPageBreaks(plan.rowBreaks)
        }
        if let headerRows { try sheet.repeatRows(headerRows) }
        try sheet.setMargins(left: m.side, right: m.side, top: m.top, bottom: m.bottom)
        try sheet.setHeader(headerText(title))
        try sheet.setFooter(footerText)
        return plan
    }

    /// Header: the survey left, this sheet right — two sections, so the survey's long name never
    /// prints over the title even on a portrait page (three sections of a third of the width
    /// each did: `…実施状況等に関回収状況査`). 10 pt: still 8 pt on a page fitted down to 80%.
    func headerText(_ title: String) -> String {
        guard let h = pageHeader else { return "&R&B&10" + Self.escaped(title) }
        return "&L&10" + Self.escaped(h.survey) + "&R&B&10" + Self.escaped(title)
    }

    /// Footer: 集計基準日時 left (two nights' printouts differ), the page number centred. A line
    /// break in a header section is not portable (LibreOffice prints `_x000a_`).
    var footerText: String {
        guard let h = pageHeader else { return "&C&11&P / &N" }
        // 集計基準日時 without any explanation in brackets (the cover gives it in full).
        let asOf = h.asOf.split(separator: "（", maxSplits: 1).first.map(String.init) ?? h.asOf
        // 11 pt: LibreOffice scales it with the sheet, still ≥ 8.8 pt at 80%.
        return "&L&11" + Term.asOf.rawValue + " " + Self.escaped(asOf) + "&C&11&P / &N"
    }

    /// Excel's `&` codes escaped in text.
    static func escaped(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&&") }

    /// Columns where a new page starts: every group start (after the key columns); a block
    /// start whose block no longer fits on the page; and, inside a group or block wider than
    /// what a page leaves beside the key columns, the first column that no longer fits.
    static func columnBreaks(widths: [Double], pageWidth: Double, keyColumns: ClosedRange<Int>?,
                             groups: [Int], sections: [Int] = [], blocks: [Int] = []) -> [Int] {
        let keyWidth = keyColumns.map { $0.reduce(0.0) { $0 + ($1 < widths.count ? widths[$1] : 0) } } ?? 0
        let first = (keyColumns?.upperBound ?? -1) + 1
        guard first < widths.count else { return [] }
        let forced = Set(groups.filter { $0 > first })
        let starts = forced.union(blocks).union(sections).filter { $0 >= first }.sorted()
        let sectionStarts = Set(sections).union(forced).filter { $0 >= first }.sorted()
        /// Width of the section starting at `column` (to the next section start).
        func sectionWidth(_ column: Int) -> Double {
            let end = sectionStarts.first { $0 > column } ?? widths.count
            return widths[column..<end].reduce(0, +)
        }
        var breaks: [Int] = []
        var used = keyWidth
        for column in first..<widths.count {
            var newPage = forced.contains(column)
            if !newPage && used > keyWidth {
                if sections.contains(column), sectionWidth(column) <= pageWidth - keyWidth {
                    // A whole section that fits on a page is never split across two.
                    newPage = used + sectionWidth(column) > pageWidth
                } else if let i = starts.firstIndex(of: column) {
                    // A block that fits on a page is moved whole when this page is at least half
                    // full; otherwise (or when it is wider than a page) it fills the rest of this
                    // page and goes on over the next, rather than leaving a page nearly blank.
                    let end = i + 1 < starts.count ? starts[i + 1] : widths.count
                    let block = widths[column..<end].reduce(0, +)
                    let room = pageWidth - keyWidth
                    let whole = block <= room && used - keyWidth >= room / 2
                    newPage = used + (whole ? block : widths[column]) > pageWidth
                } else {
                    newPage = used + widths[column] > pageWidth
                }
            }
            if newPage {
                breaks.append(column)
                used = keyWidth
            }
            used += widths[column]
        }
        return breaks
    }
}

/// What `printSetup` chose, for tests and the render check to compare with the PDF.
struct PrintPlan: Equatable {
    var landscape: Bool
    /// 1 at full size; below 1 when fitted to the page.
    var scale: Double
    var columnBreaks: [Int]
    /// Rows a new page starts at, between the sheet's blocks.
    var rowBreaks: [Int]
}

/// Rows that print on one page unless they alone are taller than one.
struct PrintBlock: Equatable {
    var rows: ClosedRange<Int>
    /// Rows at its top (a question's heading, a table's title and header) that never end a page.
    var heading: Int = 1
    /// Always starts a page (a chart that has a page of its own).
    var newPage = false
}

extension SheetBuilder {
    /// Rows where a new page starts, from the rows' heights (points) and a page's height (points
    /// of the sheet, at its print scale): a block that fits on a page never starts on one it does
    /// not fit on; a taller block starts a page and goes on over the next (under the repeated
    /// header rows), never breaking right after its heading; rows outside blocks go where they fit.
    /// `repeated`: the header rows printed again at the top of every page.
    static func rowBreaks(heights: [Double], pageHeight: Double, repeated: ClosedRange<Int>?,
                          blocks: [PrintBlock]) -> [Int] {
        guard !heights.isEmpty else { return [] }
        func height(_ rows: ClosedRange<Int>) -> Double {
            rows.clamped(to: 0...(heights.count - 1)).reduce(0) { $0 + heights[$1] }
        }
        let header = repeated.map { height($0) } ?? 0
        let fresh = pageHeight - header  // room on a page after the first
        var byStart: [Int: PrintBlock] = [:]
        for b in blocks where b.rows.lowerBound < heights.count { byStart[b.rows.lowerBound] = byStart[b.rows.lowerBound] ?? b }
        var breaks: [Int] = []
        var used = 0.0, pageHasRows = false
        // Until a block is placed, a page holds only what heads the sheet (title, notes, header rows):
        // a block taller than a page starts right under it rather than leaving it alone on a page.
        var pageHasBlock = false
        var row = 0
        func newPage(_ at: Int) {
            if at > 0, pageHasRows { breaks.append(at) }
            // The header rows repeat only on pages after the one they are printed on.
            used = repeated.map { at > $0.upperBound ? header : 0 } ?? 0
            pageHasRows = false
            pageHasBlock = false
        }
        while row < heights.count {
            guard let block = byStart[row] else {
                if used + heights[row] > pageHeight && pageHasRows { newPage(row) }
                used += heights[row]; pageHasRows = true
                row += 1
                continue
            }
            let end = min(block.rows.upperBound, heights.count - 1)
            let total = height(row...end)
            if block.newPage {
                newPage(row)
            } else if used + total > pageHeight && (pageHasBlock || total <= fresh) {
                // It starts a page of its own: whole on it when it fits, else over as few pages as it
                // needs (then right under the sheet's title when nothing else is on the page yet).
                newPage(row)
            }
            for r in row...end {
                // Inside a block taller than a page: break where the page is full, never right after its heading.
                if used + heights[r] > pageHeight && pageHasRows && r >= row + block.heading { newPage(r) }
                used += heights[r]; pageHasRows = true
            }
            pageHasBlock = true
            row = end + 1
        }
        return breaks
    }
}
