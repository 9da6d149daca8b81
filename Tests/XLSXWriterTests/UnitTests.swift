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

    /// Temp files in memory when there is /dev/shm; a folder that cannot be used falls back to
    /// the library's own choice instead of failing the workbook.
    @Test(arguments: [WorkbookWriter.Options.memoryTemporaryDirectory, "/nonexistent-renkei-tmp"])
    func temporaryDirectoryFallsBack(tmpdir: String?) throws {
        let file = try temporaryDirectory().appendingPathComponent("t.xlsx")
        let wb = try WorkbookWriter(path: file.path, options: .init(temporaryDirectory: tmpdir))
        try wb.addSheet("S").write("x", row: 0, column: 0)
        try wb.close()
        #expect(try part("xl/worksheets/sheet1.xml", of: file).contains("<c r=\"A1\""))
    }

    /// More formats than the table of recent ones has slots, asked for in shuffled order: each
    /// spec always gets its own format back.
    @Test func recentFormatsNeverMixUp() throws {
        let wb = try WorkbookWriter(path: try temporaryDirectory().appendingPathComponent("r.xlsx").path)
        var specs: [CellFormat] = []
        for i in 0..<300 {
            let fill = Color(rgb: UInt32(i * 7919))
            let code = i.isMultiple(of: 2) ? "0.0%" : "0.00"
            specs.append(CellFormat(bold: i.isMultiple(of: 3), fillColor: fill, numberFormat: code))
        }
        let first = specs.map { wb.formats.cell($0) }
        #expect(Set(first.compactMap { $0 }).count == specs.count)
        var mixedUp = 0
        for _ in 0..<3 {
            for i in specs.indices.shuffled() where wb.formats.cell(specs[i]) != first[i] { mixedUp += 1 }
        }
        #expect(mixedUp == 0)
        #expect(wb.formatCount == specs.count)
        try wb.close()
    }

    /// The cache hashes a packed word; specs that pack alike must still get their own format.
    @Test func formatsDifferingOnlyInTextStayApart() throws {
        let wb = try WorkbookWriter(path: try temporaryDirectory().appendingPathComponent("g.xlsx").path)
        let sheet = try wb.addSheet("S")
        let specs = [CellFormat(numberFormat: "0.0%"), CellFormat(numberFormat: "0.00"), CellFormat(numberFormat: "0.0%"),
                     CellFormat(fontName: "Arial"), CellFormat(fontName: "Times"), CellFormat(), CellFormat(fontName: "Arial")]
        for (row, spec) in specs.enumerated() { try sheet.write(1.5, row: row, column: 0, format: spec) }
        try sheet.write(2, row: 0, column: 1)  // nil spec: the plain format, already made
        #expect(wb.formatCount == 5)
        try wb.close()
    }
}

@Suite struct FeatureTests {
    @Test(arguments: [
        (ChartWriter.Kind.barStacked, "<c:barDir val=\"bar\"/><c:grouping val=\"stacked\"/>"),
        (.barPercentStacked, "<c:barDir val=\"bar\"/><c:grouping val=\"percentStacked\"/>"),
        (.column, "<c:barDir val=\"col\"/><c:grouping val=\"clustered\"/>"),
        (.columnStacked, "<c:barDir val=\"col\"/><c:grouping val=\"stacked\"/>"),
        (.columnPercentStacked, "<c:barDir val=\"col\"/><c:grouping val=\"percentStacked\"/>"),
    ])
    func chartKinds(kind: ChartWriter.Kind, expected: String) throws {
        let file = try temporaryDirectory().appendingPathComponent("c.xlsx")
        let wb = try WorkbookWriter(path: file.path)
        let sheet = try wb.addSheet("My Data")
        for row in 0..<3 {
            try sheet.write("項目\(row)", row: row, column: 0)
            try sheet.write(Double(row), row: row, column: 1)
            try sheet.write(Double(row * 2), row: row, column: 2)
        }
        let chart = try wb.addChart(kind)
        for column in 1...2 {
            try chart.addSeries(name: .cell(.cell(sheet: "My Data", row: 0, column: column)),
                                categories: .range(sheet: "My Data", rows: 0...2, column: 0),
                                values: .range(sheet: "My Data", rows: 0...2, column: column))
        }
        try chart.setAxisTitles(category: "区分", value: "件数")
        try sheet.insertChart(chart, row: 5, column: 0)
        try wb.close()
        let xml = try part("xl/charts/chart1.xml", of: file)
        #expect(xml.contains(expected))
        #expect(xml.contains("<c:f>'My Data'!$C$1:$C$3</c:f>"))
        #expect(xml.contains("<c:tx><c:strRef><c:f>'My Data'!$B$1</c:f>"))
        let catAx = try #require(xml.components(separatedBy: "<c:catAx>").last?.components(separatedBy: "</c:catAx>").first)
        #expect(catAx.contains("<a:t>区分</a:t>"))
    }

    @Test func passwordProtectionAndDecimalValidation() throws {
        let file = try temporaryDirectory().appendingPathComponent("p.xlsx")
        let wb = try WorkbookWriter(path: file.path)
        let sheet = try wb.addSheet("S")
        try sheet.addValidation(DataValidation(.decimal(min: 0, max: nil), errorStyle: .information),
                                rows: 0...9, columns: 0...2)
        try sheet.addValidation(DataValidation(.textLength(min: nil, max: 100)), row: 0, column: 4)
        try sheet.protect(password: "renkei", options: SheetProtection(selectLockedCells: false))
        try wb.close()
        let xml = try part("xl/worksheets/sheet1.xml", of: file)
        #expect(xml.contains("<sheetProtection password="))
        #expect(xml.contains("selectLockedCells=\"1\""))
        #expect(xml.contains("type=\"decimal\" operator=\"greaterThanOrEqual\" errorStyle=\"information\""))
        #expect(xml.contains("sqref=\"A1:C10\"><formula1>0</formula1>"))
        #expect(xml.contains("type=\"textLength\" operator=\"lessThanOrEqual\""))
    }

    @Test func calibriWorkbookOptionAndBetweenRule() throws {
        let file = try temporaryDirectory().appendingPathComponent("o.xlsx")
        let wb = try WorkbookWriter(path: file.path, options: .init(defaultFont: .calibri))
        let sheet = try wb.addSheet("S")
        try sheet.write(0.5, row: 0, column: 0)
        try sheet.addConditionalFormat(.cellValue(.between(0.4, 0.6), format: CellFormat(bold: true, fillColor: .yellow)),
                                       rows: 0...0, columns: 0...0)
        try sheet.addConditionalFormat(.twoColorScale(min: .white, max: .green), rows: 0...9, columns: 0...0)
        try wb.close()
        let styles = try part("xl/styles.xml", of: file)
        let xml = try part("xl/worksheets/sheet1.xml", of: file)
        #expect(!styles.contains("游ゴシック"))
        #expect(xml.contains("operator=\"between\"><formula>0.4</formula><formula>0.6</formula>"))
        #expect(xml.contains("<cfRule type=\"colorScale\""))
    }
}
