import Foundation
import Testing
import XLSXReader
@testable import XLSXWriter

/// Control characters become visible escapes in every text cell; everything else is untouched.
@Suite struct VisibleTextTests {
    static let cases: [(String, String)] = [
        ("plain 東京都", "plain 東京都"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\u{85}次\u{9B}.xlsx", "\\x85次\\x9B.xlsx"),     // C1 (NEL, CSI)
        ("\u{1B}[31m", "\\x1B[31m"),                      // C0 escape
        ("a\u{0}b\u{7F}", "a\\x00b\\x7F"),
        ("two\r\nlines\rthree", "two\nlines\nthree"),     // CR is a line break, not a character
        ("¥°±\u{A0}", "¥°±\u{A0}"),                      // U+00A0–U+00BF share the C2 lead byte, and stay
        ("\u{80}\u{9F}", "\\x80\\x9F"),
    ]

    @Test(arguments: cases)
    func escapes(_ input: String, _ expected: String) {
        #expect(VisibleText.escapingControls(input) == expected)
        #expect(VisibleText.containsControl(input) == (input != expected))
    }

    @Test func cellsReadBackEscaped() throws {
        let url = try temporaryDirectory().appendingPathComponent("controls.xlsx")
        let wb = try WorkbookWriter(path: url.path)
        let sheet = try wb.addSheet("S")
        for (i, c) in Self.cases.enumerated() { try sheet.write(c.0, row: i, column: 0) }
        try sheet.merge(rows: 0...1, columns: 2...3, text: "\u{85}merged")
        try wb.close()
        let ws = try Workbook(path: url.path).worksheet(at: 0)
        for (i, c) in Self.cases.enumerated() { #expect(ws.cell(row: i, column: 0)?.text == c.1, "\(c.0.debugDescription)") }
        #expect(ws.cell(row: 0, column: 2)?.text == "\\x85merged")
    }
}
