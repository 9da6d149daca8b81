import Foundation
import TestSupport
import Testing

/// `renkei cells`: what support staff see when a respondent says "but I did fill it in".
@Suite struct CellsCommandTests {
    static let fixtures = Paths.fixtures

    func lines(_ file: String, _ extra: [String] = []) throws -> [[String: Any]] {
        let out = try Run.renkei(["cells", Self.fixtures.appendingPathComponent(file).path] + extra)
        #expect(out.status == 0, "\(out.stderr)")
        return try out.stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func furiganaIsNotPartOfTheValue() throws {
        let cells = try lines("corpus/calamine/rph.xlsx")
        #expect(cells.first?["ref"] as? String == "A1")
        #expect(cells.first?["type"] as? String == "s")
        #expect(cells.first?["value"] as? String == "課きく　毛こ")
    }

    @Test func datesNumbersAndErrorsHaveTheirTypes() throws {
        let dates = try lines("corpus/calamine/date.xlsx")
        let a1 = try #require(dates.first { $0["ref"] as? String == "A1" })
        #expect(a1["type"] as? String == "d" && a1["value"] as? String == "2021-01-01T00:00:00")
        let b1 = try #require(dates.first { $0["ref"] as? String == "B1" })
        #expect(b1["type"] as? String == "n" && (b1["value"] as? NSNumber)?.doubleValue == 15)
        let errors = try lines("corpus/calamine/errors.xlsx")
        #expect(errors.contains { $0["type"] as? String == "e" && $0["value"] as? String == "#DIV/0!" })
    }

    @Test func sheetOptionAndOrder() throws {
        let all = try lines("producers/muni-131016-openpyxl.xlsx")
        let sheets = all.compactMap { $0["sheet"] as? String }
        #expect(sheets.first == "記入要領")
        let meta = try lines("producers/muni-131016-openpyxl.xlsx", ["--sheet", "_renkei"])
        #expect(meta.allSatisfy { $0["sheet"] as? String == "_renkei" })
        #expect(meta.first?["value"] as? String == "renkei:meta")
    }

    @Test func refusedFileIsOneLineOnStderrAndStatusOne() throws {
        let out = try Run.renkei(["cells", Self.fixtures.appendingPathComponent("reader/legacy-biff.xls").path])
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty)
        let lines = out.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        // The kind for scripts, then the ledger's words for the reader.
        #expect(lines.first == "error legacyXLS: Excel 97-2003形式(.xls)です。.xlsx形式（Excelブック）で保存し直して再送してください。")
    }
}
