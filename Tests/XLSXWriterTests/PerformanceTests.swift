import Foundation
import Testing
@testable import XLSXWriter

/// Prints how long form-sized workbooks take; a measurement, not an assertion.
@Suite struct PerformanceTests {
    /// About the shape of a survey form: 150 rows, ~200 validations, protection, print setup.
    static func writeForm(to url: URL, index: Int) throws {
        let wb = try WorkbookWriter(path: url.path, properties: .init(title: "調査票 \(index)"))
        let sheet = try wb.addSheet("調査票")
        let label = CellFormat(border: .thin, wrapText: true)
        let input = CellFormat(fillColor: Color(rgb: 0xFFF2CC), border: .thin, locked: false)
        try sheet.setColumn(0...0, width: 8)
        try sheet.setColumn(1...1, width: 60)
        try sheet.setColumn(2...3, width: 18)
        for row in 0..<150 {
            try sheet.write("問\(row + 1)", row: row, column: 0, format: label)
            try sheet.write("在宅医療・介護連携に関する設問 \(row + 1) について、該当するものを選んでください", row: row, column: 1, format: label)
            try sheet.writeBlank(row: row, column: 2, format: input)
            try sheet.addListValidation(row: row, column: 2, values: ["はい", "いいえ", "わからない"])
            if row % 3 == 0 {
                try sheet.writeBlank(row: row, column: 3, format: input)
                try sheet.addValidation(DataValidation(.integer(min: 0, max: 9999), errorMessage: "0〜9999 の整数"), row: row, column: 3)
            }
        }
        try sheet.protect()
        try sheet.setPaper(.a4)
        try sheet.fitToPages(width: 1, height: 0)
        try sheet.repeatRows(0...0)
        try wb.close()
    }

    @Test func twoHundredForms() throws {
        let dir = try temporaryDirectory()
        let serialStart = Date()
        for i in 0..<200 { try Self.writeForm(to: dir.appendingPathComponent("s\(i).xlsx"), index: i) }
        let serial = Date().timeIntervalSince(serialStart)

        let parallelStart = Date()
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            try? Self.writeForm(to: dir.appendingPathComponent("p\(i).xlsx"), index: i)
        }
        let parallel = Date().timeIntervalSince(parallelStart)
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.path).count
        #expect(written == 400)
        let sheet = try part("xl/worksheets/sheet1.xml", of: dir.appendingPathComponent("p7.xlsx"))
        #expect(sheet.contains("<dataValidations count=\"200\">"))
        print(String(format: "[perf] 200 forms (150 rows, 200 validations): serial %.2fs (%.1f ms each), concurrentPerform %.2fs",
                     serial, serial * 1000 / 200, parallel))
    }
}
