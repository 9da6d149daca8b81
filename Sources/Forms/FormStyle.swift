import XLSXWriter

/// The look of a form: which cells a respondent types into and which only explain.
/// Colours follow Japanese government survey habit: pale yellow = 入力欄, grey = 記入済み (do not touch).
enum FormStyle {
    static let inputFill = Color(rgb: 0xFFF2CC)
    static let prefilledFill = Color(rgb: 0xE7E6E6)
    static let sectionFill = Color(rgb: 0xDDEBF7)
    static let headerFill = Color(rgb: 0x1F4E78)
    static let noteColor = Color(rgb: 0x7F6000)
    static let grid = CellFormat.Border(.thin, color: Color(rgb: 0xA6A6A6))

    static let title = CellFormat(bold: true, fontSize: 14, verticalAlignment: .center)
    static let subtitle = CellFormat(fontSize: 11, verticalAlignment: .center)
    static let guidance = CellFormat(fontSize: 10, fontColor: noteColor, verticalAlignment: .center, wrapText: true)
    static let columnHeader = CellFormat(bold: true, fontColor: .white, fillColor: headerFill, border: grid,
                                         horizontalAlignment: .center, verticalAlignment: .center)
    static let section = CellFormat(bold: true, fillColor: sectionFill, border: grid, verticalAlignment: .center)
    static let number = CellFormat(bold: true, border: grid, horizontalAlignment: .center, verticalAlignment: .top)
    static let label = CellFormat(border: grid, verticalAlignment: .top, wrapText: true)
    static let optionLabel = CellFormat(border: grid, verticalAlignment: .center, wrapText: true, indent: 1)
    /// 10 pt: a form printed on A4 landscape is fitted to about 80%, and notes stay ≥ 8 pt.
    static let note = CellFormat(fontSize: 10, fontColor: noteColor, border: grid, verticalAlignment: .top, wrapText: true)
    static let blankCell = CellFormat(border: grid)
    /// Text format `@`, so 団体コード 011002 keeps its leading zero and phone numbers stay text.
    static let input = CellFormat(fillColor: inputFill, border: .thin, numberFormat: "@",
                                  verticalAlignment: .center, wrapText: true, locked: false)
    static let inputNumber = CellFormat(fillColor: inputFill, border: .thin, horizontalAlignment: .right,
                                        verticalAlignment: .center, locked: false)
    static let inputMark = CellFormat(fillColor: inputFill, border: .thin, horizontalAlignment: .center,
                                      verticalAlignment: .center, locked: false)
    static let inputText = CellFormat(fillColor: inputFill, border: .thin, numberFormat: "@",
                                      verticalAlignment: .top, wrapText: true, locked: false)
    static let prefilled = CellFormat(fillColor: prefilledFill, border: .thin, numberFormat: "@",
                                      verticalAlignment: .center)
    static let idColumn = CellFormat(fontSize: 8, fontColor: .gray)
    static let paragraph = CellFormat(verticalAlignment: .top, wrapText: true)
    static let legendLabel = CellFormat(border: .thin, verticalAlignment: .center, wrapText: true)

    /// Widths in Excel character units; a kanji is about two units wide.
    enum Width {
        static let id = 10.0
        static let number = 14.0
        static let label = 52.0
        static let answer = 30.0
        static let note = 34.0
    }

    /// Display width of text in Excel units: East Asian characters count double.
    static func displayWidth(_ s: String) -> Double {
        s.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1.0 : ($1.value >= 0xFF61 && $1.value <= 0xFF9F ? 1.0 : 2.0)) }
    }

    /// Row height (points) for wrapped text in a column: Excel does not grow rows on open.
    static func height(for texts: [(String, Double)], minimum: Double = 20, lineHeight: Double = 15.5) -> Double {
        var lines = 1.0
        for (text, width) in texts where !text.isEmpty {
            let usable = max(4, width - 1.5)
            let n = text.split(separator: "\n", omittingEmptySubsequences: false)
                .reduce(0.0) { $0 + max(1, (displayWidth(String($1)) / usable).rounded(.up)) }
            lines = max(lines, n)
        }
        return max(minimum, lines * lineHeight + 5)
    }
}
