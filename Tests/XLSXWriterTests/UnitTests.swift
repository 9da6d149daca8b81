import Foundation
import Testing
@testable import XLSXWriter

@Suite struct UnitTests {
    @Test func columnLetters() {
        #expect(A1.column(0) == "A")
        #expect(A1.column(25) == "Z")
        #expect(A1.column(26) == "AA")
        #expect(A1.column(701) == "ZZ")
        #expect(A1.column(16_383) == "XFD")
        #expect(A1.cell(row: 2, column: 1) == "B3")
        #expect(A1.cell(row: 2, column: 1, absolute: true) == "$B$3")
        #expect(A1.range(rows: 1...7, columns: 1...1, absolute: true) == "$B$2:$B$8")
    }

    @Test func sheetNameQuoting() {
        #expect(A1.quotedSheetName("Sheet1") == "Sheet1")
        #expect(A1.quotedSheetName("_lists") == "_lists")
        #expect(A1.quotedSheetName("場面・テーマ別") == "'場面・テーマ別'")
        #expect(A1.quotedSheetName("My Sheet") == "'My Sheet'")
        #expect(A1.quotedSheetName("O'Brien") == "'O''Brien'")
        #expect(A1.quotedSheetName("A1") == "'A1'")
        #expect(A1.quotedSheetName("2024") == "'2024'")
        #expect(SheetRange.range(sheet: "場面・テーマ別", rows: 1...7, column: 1).formula == "='場面・テーマ別'!$B$2:$B$8")
    }

    @Test func excelSerialDates() {
        let newYear = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z
        #expect(SheetWriter.excelSerial(newYear, timeZone: TimeZone(identifier: "UTC")!) == 45292)
        // The same instant is already 09:00 on 2024-01-01 in Tokyo.
        #expect(SheetWriter.excelSerial(newYear, timeZone: TimeZone(identifier: "Asia/Tokyo")!) == 45292.375)
    }

    @Test func identicalFormatsShareOneStyle() throws {
        let wb = try WorkbookWriter(path: try temporaryDirectory().appendingPathComponent("f.xlsx").path)
        let sheet = try wb.addSheet("S")
        for row in 0..<100 {
            try sheet.write("x", row: row, column: 0, format: CellFormat(bold: true))
            try sheet.write(Double(row), row: row, column: 1, format: CellFormat(bold: true))
            try sheet.writeBlank(row: row, column: 2, format: .unlocked)
        }
        #expect(wb.formatCount == 2)
        try wb.close()
    }
}
