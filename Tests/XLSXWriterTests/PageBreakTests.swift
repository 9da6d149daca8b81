import Foundation
import Testing
@testable import XLSXWriter

/// Manual page breaks and a fixed print scale, as Excel stores them.
@Suite struct PageBreakTests {
    @Test func breaksAndScaleAreWritten() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("breaks.xlsx")
        let wb = try WorkbookWriter(path: file.path)
        let sheet = try wb.addSheet("一覧")
        for r in 0..<30 { for c in 0..<12 { try sheet.write(r * 12 + c, row: r, column: c) } }
        try sheet.setColumnPageBreaks([8, 4, 4])  // unsorted and repeated: written once, in order
        try sheet.setRowPageBreaks([20])
        try sheet.setPrintScale(90)
        try sheet.setColumnPageBreaks([])  // nothing to break: no error, breaks kept
        try wb.close()
        let xml = try part("xl/worksheets/sheet1.xml", of: file)
        #expect(xml.contains("<colBreaks count=\"2\" manualBreakCount=\"2\"><brk id=\"4\" max=\"1048575\" man=\"1\"/><brk id=\"8\" max=\"1048575\" man=\"1\"/></colBreaks>"))
        #expect(xml.contains("<rowBreaks count=\"1\" manualBreakCount=\"1\"><brk id=\"20\" max=\"16383\" man=\"1\"/></rowBreaks>"))
        #expect(xml.contains("scale=\"90\""))
    }

    @Test(arguments: [[0], [-1], [2_000_000]])
    func invalidBreaksAreRefused(_ rows: [Int]) throws {
        let dir = try temporaryDirectory()
        let wb = try WorkbookWriter(path: dir.appendingPathComponent("bad.xlsx").path)
        let sheet = try wb.addSheet("S")
        #expect(throws: WriterError.self) { try sheet.setRowPageBreaks(rows) }
        #expect(throws: WriterError.self) { try sheet.setPrintScale(5) }
    }
}
