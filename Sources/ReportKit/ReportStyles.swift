import SurveyModel
import Foundation
import XLSXWriter

/// The few looks every report sheet shares, so the national and prefecture workbooks read alike.
enum Style {
    static let headerFill = Color(rgb: 0xDDEBF7)
    static let groupFill = Color(rgb: 0xBDD7EE)
    static let subtotalFill = Color(rgb: 0xF2F2F2)
    static let chartBlue = Color(rgb: 0x4472C4)
    static let chartOrange = Color(rgb: 0xED7D31)
    static let chartGray = Color(rgb: 0xA5A5A5)

    static let title = CellFormat(bold: true, fontSize: 14)
    static let subtitle = CellFormat(bold: true, fontSize: 12)
    /// 10 pt: still 8 pt on a page fitted down to the 80% the print plans allow.
    static let note = CellFormat(fontSize: 10, fontColor: Color(rgb: 0x595959))
    static let label = CellFormat(bold: true)
    static let header = CellFormat(bold: true, fillColor: headerFill, border: .thin,
                                   horizontalAlignment: .center, verticalAlignment: .center, wrapText: true)
    static let group = header.with { $0.fillColor = groupFill }
    static let questionHeading = CellFormat(bold: true, fillColor: subtotalFill, border: .thin,
                                            verticalAlignment: .center)
    static let text = CellFormat(border: .thin, numberFormat: "@", verticalAlignment: .top)
    static let wrapped = text.with { $0.wrapText = true }
    static let wrappedBold = wrapped.with { $0.bold = true }
    static let centered = text.with { $0.horizontalAlignment = .center }
    // Figures sit at the top of their cell like the text beside them, when a row grows for wrapped text.
    static let count = CellFormat(border: .thin, numberFormat: "#,##0", verticalAlignment: .top)
    static let countBold = count.with { $0.bold = true }
    static let percent = CellFormat(border: .thin, numberFormat: "0.0%", verticalAlignment: .top)
    static let decimal = CellFormat(border: .thin, numberFormat: "#,##0.0", verticalAlignment: .top)
    static let dateTime = CellFormat(border: .thin, numberFormat: Shown.dateTimeFormat, horizontalAlignment: .left,
                                     verticalAlignment: .top)
    static let missing = CellFormat(fontColor: Color(rgb: 0x808080), border: .thin, horizontalAlignment: .right, verticalAlignment: .top)
    static let flagged = text.with { $0.fontColor = Color(rgb: 0xC00000); $0.bold = true }

    /// Shares shaded in one hue, white to light blue: "more", never "better" (no red/green), and
    /// light enough that black figures stay readable on screen and in grey-scale print.
    static let shareScale = ConditionalFormat.twoColorScale(min: .white, max: Color(rgb: 0x9BC2E6))
    /// A light gradient bar: prints as a pale band behind the figure, not a dark block.
    static let bar = ConditionalFormat.dataBar(color: Color(rgb: 0x9BC2E6), solid: false)
}

/// Display width of text in Excel column units: full-width characters count as 2.
///
/// Every measured cell comes through here, so both functions walk the UTF-8 bytes once
/// instead of splitting into lines and decoding scalars through String's views.
enum TextWidth {
    static func units(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var n = 0, i = 0
            while i < bytes.count {
                let step = scalar(bytes, at: i)
                n += step.units
                i += step.length
            }
            return n
        }
    }

    /// The widest line of a possibly multi-line text.
    ///
    /// Lines end at "\n" as `split(separator: "\n")` sees them: a CR LF pair is one Character
    /// that is not "\n", so it does not end a line (and its two scalars count one unit each).
    static func widest(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var widest = 0, line = 0, i = 0
            while i < bytes.count {
                if bytes[i] == 0x0A && (i == 0 || bytes[i - 1] != 0x0D) {
                    widest = max(widest, line)
                    line = 0
                    i += 1
                    continue
                }
                let step = scalar(bytes, at: i)
                line += step.units
                i += step.length
            }
            return max(widest, line)
        }
    }

    /// The scalar starting at `i` of valid UTF-8: its byte length and width. Below U+1100 and
    /// half-width katakana (U+FF61–FF9F) count 1, everything else 2.
    @inline(__always)
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, units: Int) {
        let b0 = bytes[i]
        if b0 < 0xE0 { return (b0 < 0x80 ? 1 : 2, 1) }  // 1 and 2 bytes: below U+0800
        if b0 >= 0xF0 { return (4, 2) }  // beyond the BMP
        let value = (UInt32(b0 & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
        return (3, value < 0x1100 || (0xFF61...0xFF9F).contains(value) ? 1 : 2)
    }

    /// Characters of `String(value)`: the digits, and the minus sign of a negative number.
    static func decimalLength(_ value: Int) -> Int {
        var n = value < 0 ? 2 : 1
        var rest = value.magnitude / 10
        while rest > 0 { n += 1; rest /= 10 }
        return n
    }
}

/// Writes cells onto one sheet while remembering how wide each column must be, so widths are
/// set once at the end from what was actually written.
final class SheetBuilder {
    let workbook: WorkbookWriter
    let sheet: SheetWriter
    var name: String { sheet.name }
    /// Widest measured text per column (index = column); an array, as every cell updates it.
    private var widths: [Int] = []
    /// Columns whose width is set by hand and must not be measured.
    private var fixed: [Int: Double] = [:]
    private var minimumWidths: [Int: Double] = [:]
    private var notes: [(row: Int, text: String, format: CellFormat)] = []
    private(set) var lastRow = 0
    private(set) var lastColumn = 0
    /// What the page header says besides the sheet's own title (survey, 集計基準日時).
    let pageHeader: PageHeader?
    /// Paper or Excel, from the workbook's sheet list: an Excel sheet prints only its excerpt.
    var medium: SheetMedium = .paper
    /// Final column widths (Excel units), known once `fitColumns` has run.
    private(set) var columnWidths: [Double] = []
    /// Heights (points) set by the layout; rows of wrapped text grow beyond them in `fitColumns`.
    private(set) var rowHeights: [Int: Double] = [:]
    /// Runs of rows that print on one page, in the order written (see `keep`); `printSetup`
    /// breaks pages between them.
    private(set) var printBlocks: [PrintBlock] = []
    /// The columns of the sheet's first printed page when its printing starts a new page at a
    /// column (page groups): notes stay within them, so no fragment of one prints on the next group.
    var firstPageColumns: Int?
    /// Glossary terms written on the sheet (headings, 無回答, ○, －): what its cover must explain.
    private(set) var terms: Set<Term> = []
    /// Wrapped text written, so its row can be made tall enough once the widths are known.
    private var wrappedCells: [(row: Int, columns: ClosedRange<Int>, text: String, fontSize: Double)] = []

    init(_ workbook: WorkbookWriter, sheet name: String, header: PageHeader? = nil) throws {
        self.workbook = workbook
        self.sheet = try workbook.addSheet(name)
        self.pageHeader = header
    }

    /// Rows that print on one page: a question's table, a titled table, a chart's rows. `heading`:
    /// rows at its top that never end a page; `newPage`: it always starts a page.
    func keep(_ rows: ClosedRange<Int>, heading: Int = 1, newPage: Bool = false) {
        printBlocks.append(PrintBlock(rows: rows, heading: heading, newPage: newPage))
    }

    /// A row at least this tall (points); wrapped text may make it taller.
    func rowHeight(_ row: Int, _ points: Double) { rowHeights[row] = max(rowHeights[row] ?? 0, points) }

    private func noteWrapped(_ text: String, _ row: Int, _ columns: ClosedRange<Int>, _ format: CellFormat) {
        guard format.wrapText, !text.isEmpty else { return }
        wrappedCells.append((row, columns, text, format.fontSize ?? PageGeometry.bodyFontSize))
    }

    private func touch(_ row: Int, _ column: Int, width: Int) {
        lastRow = max(lastRow, row); lastColumn = max(lastColumn, column)
        if column >= widths.count { widths += repeatElement(0, count: column + 1 - widths.count) }
        if width > widths[column] { widths[column] = width }
    }

    /// Text, always a string cell (never a formula), even when it starts with `=`.
    func text(_ value: String, _ row: Int, _ column: Int, _ format: CellFormat = Style.text,
              measure: Bool = true) throws {
        try sheet.write(value, row: row, column: column, format: format)
        touch(row, column, width: measure ? TextWidth.widest(value) : 0)
        noteWrapped(value, row, column...column, format)
        noteTerm(value, row, column, format)
    }

    private func noteTerm(_ value: String, _ row: Int = -1, _ column: Int = -1, _ format: CellFormat? = nil) {
        guard value.utf8.count <= Term.longest, let t = Term(heading: value) else { return }
        terms.insert(t)
        if let format, format.wrapText, t.breaks, !value.contains("\n") { headings.append((row, column, t, format)) }
    }

    /// Wrapped headings that may break between words: rewritten once the widths are known, so a
    /// narrow column shows 都道府県／コード rather than 都道府県コ／ード.
    private var headings: [(row: Int, column: Int, term: Term, format: CellFormat)] = []

    func count(_ value: Int, _ row: Int, _ column: Int, _ format: CellFormat = Style.count) throws {
        try sheet.write(value, row: row, column: column, format: format)
        let digits = TextWidth.decimalLength(value)  // room for the thousands separators
        touch(row, column, width: digits + digits / 3)
    }

    /// A share in 0.0%; "－" when there is nothing to divide by (n = 0).
    func share(_ value: Double?, _ row: Int, _ column: Int, _ format: CellFormat = Style.percent) throws {
        guard let value else { return try dash(row, column) }
        try sheet.write(value, row: row, column: column, format: format)
        touch(row, column, width: 5)  // "100.0%": six half-width glyphs, narrower than five units plus padding
    }

    func decimal(_ value: Double?, _ row: Int, _ column: Int, _ format: CellFormat = Style.decimal) throws {
        guard let value else { return try dash(row, column) }
        try sheet.write(value, row: row, column: column, format: format)
        touch(row, column, width: TextWidth.decimalLength(Int(value)) + 3)
    }

    /// A date and time in the report's zone, as a real date cell (sortable, filterable).
    func date(_ value: Date, _ row: Int, _ column: Int, _ format: CellFormat = Style.dateTime, timeZone: TimeZone) throws {
        try sheet.write(date: value, row: row, column: column, format: format, timeZone: timeZone)
        touch(row, column, width: 16)
    }

    func dash(_ row: Int, _ column: Int) throws {
        terms.insert(.dash)
        try sheet.write(Term.dash.rawValue, row: row, column: column, format: Style.missing)
        touch(row, column, width: 2)
    }

    func blank(_ row: Int, _ column: Int, _ format: CellFormat = Style.text) throws {
        try sheet.writeBlank(row: row, column: column, format: format)
        touch(row, column, width: 0)
    }

    /// A heading merged over columns; not measured (it may spill over several columns).
    func merged(_ value: String, row: Int, columns: ClosedRange<Int>, _ format: CellFormat = Style.group) throws {
        if columns.count > 1 {
            try sheet.merge(rows: row...row, columns: columns, text: value, format: format)
        } else {
            try sheet.write(value, row: row, column: columns.lowerBound, format: format)
        }
        touch(row, columns.upperBound, width: 0)
        noteWrapped(value, row, columns, format)
        noteTerm(value)
    }

    func setWidth(_ column: Int, _ width: Double) { fixed[column] = width }
    /// At least this wide (e.g. for its heading), wider when what was written needs it.
    func setMinimumWidth(_ column: Int, _ width: Double) { minimumWidths[column] = width }

    /// A note under a title: wrapped over the columns of the first printed page, so the whole
    /// text prints instead of running off the page (merged once the widths are known).
    func note(_ value: String, _ row: Int, _ format: CellFormat = Style.note) {
        lastRow = max(lastRow, row)
        notes.append((row, value, format.with { $0.wrapText = true; $0.verticalAlignment = .top }))
        terms.formUnion(Self.termsIn(note: value))
    }

    /// A term a note uses is explained on the cover too (single letters such as n only as headings).
    static func termsIn(note: String) -> [Term] {
        // Foundation's search (canonical equivalence) cost ~100k instructions a term; plain texts match on bytes.
        guard PlainText.isPlain(note) else {
            return Term.allCases.filter { $0.rawValue.count > 1 && note.contains($0.rawValue) }
        }
        let bytes = Array(note.utf8)
        return noteTerms.filter { $0.plain ? PlainText.contains(bytes, $0.bytes) : note.contains($0.term.rawValue) }.map(\.term)
    }

    /// The terms a note may name, with their UTF-8 and whether a byte match is exact for them.
    private static let noteTerms = Term.allCases.filter { $0.rawValue.count > 1 }.map {
        (term: $0, bytes: Array($0.rawValue.utf8), plain: PlainText.isPlain($0.rawValue))
    }

    /// The width `fitColumns(minimum:maximum:)` will give `column`, from what was written so far.
    func plannedWidth(_ column: Int, minimum: Int, maximum: Int) -> Double {
        if let w = fixed[column] { return w }
        let measured = Double(min(max(column < widths.count ? widths[column] : 0, minimum), maximum)) + 2
        return max(measured, minimumWidths[column] ?? 0)
    }

    /// Sets every column's width from what was written: padded, at least `minimum`, at most
    /// `maximum` (longer text wraps where the format says so); then makes every row of wrapped
    /// text tall enough for its lines, as neither Excel nor LibreOffice grows a row on open.
    func fitColumns(minimum: Int = 6, maximum: Int = 60) throws {
        guard lastColumn >= 0 else { return }
        columnWidths = (0...lastColumn).map { plannedWidth($0, minimum: minimum, maximum: maximum) }
        for (column, width) in columnWidths.enumerated() { try sheet.setColumn(column...column, width: width) }
        if !notes.isEmpty {
            // The columns of the first landscape page (at least two, so the cell can be merged).
            var span = 0, used = 0.0
            while span < columnWidths.count - 1 {
                used += PageGeometry.points(columnWidth: columnWidths[span])
                if used + PageGeometry.points(columnWidth: columnWidths[span + 1]) > PageGeometry.printableWidth.landscape { break }
                span += 1
            }
            if let last = firstPageColumns { span = min(span, last) }
            for n in notes {
                try merged(n.text, row: n.row, columns: 0...max(1, span), n.format)
            }
            notes = []
        }
        for h in headings where h.column < columnWidths.count {
            let fontSize = h.format.fontSize ?? PageGeometry.bodyFontSize
            let room = Int(((columnWidths[h.column] - 1.5) * PageGeometry.bodyFontSize / fontSize).rounded(.down))
            let text = h.term.heading(width: room)
            if text != h.term.rawValue { try sheet.write(text, row: h.row, column: h.column, format: h.format) }
        }
        headings = []
        var heights = rowHeights
        for cell in wrappedCells {
            let width = cell.columns.reduce(0.0) { $0 + (($1 < columnWidths.count) ? columnWidths[$1] : 8.43) }
            let needed = PageGeometry.wrappedHeight(cell.text, width: width, fontSize: cell.fontSize)
            // Excel refuses rows above 409 pt: a longer text scrolls inside its cell.
            let height = min(needed, 409)
            if height > (heights[cell.row] ?? PageGeometry.defaultRowHeight) { heights[cell.row] = height }
        }
        wrappedCells = []
        rowHeights = heights
        for (row, height) in heights.sorted(by: { $0.key < $1.key }) { try sheet.setRow(row, height: height) }
    }
}

extension Style {
    /// Bar charts of shares (0–100%), categories top to bottom as in the table, legend below.
    static func shareBars(_ chart: ChartWriter, title: String) throws {
        try chart.setTitle(title)
        try chart.setLegend(.bottom)
        try chart.reverseCategories()
        // Thicker bars (gap 50%, not Excel's 150%): the two series' labels no longer overlap (68%68%).
        try chart.setGap(50)
        try chart.setValueAxis(min: 0, max: 1, numberFormat: "0%")
        try chart.setFont(Font(name: "游ゴシック", size: 10))
    }
}

/// Texts made only of scalars that are in NFC, combine with nothing and are each a character of
/// their own (ASCII, Japanese kana and kanji, full-width forms, common punctuation): two such
/// texts are canonically equivalent only when their bytes are equal, so a byte search finds
/// exactly what Foundation's `contains` finds.
enum PlainText {
    static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { s in
            switch s.value {
            case 0x09, 0x0A, 0x20 ... 0x7E: true
            // U+2212 (−, the 差 legend's minus) alone of its block: others there take U+0338 (≠, ∉).
            case 0x2010 ... 0x2027, 0x2030 ... 0x205E, 0x2190 ... 0x21FF, 0x2212, 0x2460 ... 0x24FF, 0x2500 ... 0x25FF: true
            case 0x3000 ... 0x3029, 0x3030 ... 0x303F, 0x3041 ... 0x3096, 0x309B ... 0x30FF, 0x3200 ... 0x33FF: true
            case 0x3400 ... 0x4DBF, 0x4E00 ... 0x9FFF, 0xFF01 ... 0xFF9D, 0xFFE0 ... 0xFFE6: true
            default: false
            }
        }
    }

    /// Whether `needle` occurs in `haystack` (valid UTF-8 both: a match starts on a character).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
