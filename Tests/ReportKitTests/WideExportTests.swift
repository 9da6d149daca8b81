import Foundation
import RenkeiRun
import SurveyModel
import Tabulate
import Testing
import XLSXReader
@testable import ReportKit

/// 回答データ (wide/*.csv, 回答データ.xlsx): pivoted back, the same counts as the national tables;
/// contact fields only in a prefecture's own files.
@Suite("Respondent-level export")
struct WideExportTests {
    /// The whole simulated-by-hash nation, written once.
    static let written: (folder: String, input: ReportInput) = {
        let master = MasterList.embedded
        let input = ReportInput(codebook: .r5, prefectures: master.prefectures, municipalities: master.municipalities,
                                responses: Nation.responses(), files: [], issues: [], asOf: "2023-09-20 17:00", runID: "wide")
        let folder = NSTemporaryDirectory() + "reportkit-wide-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try! ReportOutputs.writeAll(input, to: folder)
        return (folder, input)
    }()

    /// A CSV as rows of fields (BOM dropped; the writer's own format: quoted fields, CRLF).
    static func csv(_ path: String) throws -> [[String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try CSVTable(parsing: text).rows.map(\.fields)
    }

    @Test(arguments: FormID.allCases) func pivotedBackGivesTheNationalCounts(_ formID: FormID) throws {
        let (folder, input) = Self.written
        let form = try #require(input.codebook.form(formID))
        let rows = try Self.csv(folder + "/wide/\(form.title).csv")
        let ids = rows[0], body = Array(rows.dropFirst(2))
        #expect(body.count == input.responses.filter { $0.respondent.form == formID }.count)
        let nation = try #require(input.tabulation.nation(formID))
        var checked = 0
        for q in form.questions where q.isTabulated && (q.type == .single || q.type == .multi) {
            let table = try #require(nation.table(q.id))
            var n = 0, counts = [Int: Int]()
            if q.type == .single {
                let c = try #require(ids.firstIndex(of: q.id), "\(q.id) column")
                #expect(ids[c + 1] == q.id + ".label")
                for r in body where !r[c].isEmpty {
                    n += 1; counts[Int(r[c])!, default: 0] += 1
                    #expect(r[c + 1] == q.option(code: Int(r[c])!)?.label)
                }
            } else {
                let columns = try q.options.map { o in (o.code, try #require(ids.firstIndex(of: "\(q.id).\(o.code)"), "\(q.id).\(o.code)")) }
                for r in body where !r[columns[0].1].isEmpty {
                    n += 1
                    for (code, c) in columns {
                        #expect(r[c] == "0" || r[c] == "1")
                        if r[c] == "1" { counts[code, default: 0] += 1 }
                    }
                }
            }
            #expect(n == table.n, "\(q.id) n")
            for o in table.options { #expect(counts[o.code] ?? 0 == o.count, "\(q.id) option \(o.code)") }
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test func headingsAreIDsThenJapaneseNumberAndText() throws {
        let (folder, input) = Self.written
        let rows = try Self.csv(folder + "/wide/市町村票.csv")
        let form = try #require(input.codebook.form(.muni))
        let m2 = try #require(form.question("M2")), m11 = try #require(form.question("M1_1"))
        let c = try #require(rows[0].firstIndex(of: "M2"))
        #expect(rows[1][c] == m2.printedName + "（コード）")
        #expect(m2.printedName.hasPrefix("問"))
        let o = try #require(rows[0].firstIndex(of: "M1_1.1"))
        #expect(rows[1][o] == m11.printedName + "：" + m11.options[0].label)
        #expect(Array(rows[0].prefix(4)) == ["code", "pref_code", "prefecture", "municipality_kind"])
        #expect(Array(rows[1].prefix(4)) == ["団体コード", "都道府県コード", "都道府県", "市町村区分"])
        // An integer question is a number column.
        let i = try #require(rows[0].firstIndex(of: "M2_2"))
        #expect(rows.dropFirst(2).contains { Int($0[i]) != nil })
        // The same table as a sheet per form in 回答データ.xlsx, numbers as numbers.
        let ws = try Workbook(path: folder + "/回答データ.xlsx").worksheet(named: "市町村票")
        #expect(ws.cell(row: 0, column: c)?.text == "M2")
        #expect(ws.cell(row: 1, column: c)?.text == rows[1][c])
        if case .number(let d)? = ws.cell(row: 2, column: c)?.value { #expect(Double(rows[2][c]) == d) }
        else { #expect(rows[2][c].isEmpty) }
    }

    /// Contact fields: never in the national files; in a prefecture's own, its own only.
    @Test func contactsOnlyInThePrefecturesOwnFiles() throws {
        let folder = try Fixture.write().folder
        let national = try String(contentsOfFile: folder + "/wide/市町村票.csv", encoding: .utf8)
            + String(contentsOfFile: folder + "/wide/コーディネーター票.csv", encoding: .utf8)
        let sheets = try Workbook(path: folder + "/回答データ.xlsx").worksheets().flatMap { $0.cells.map(\.text) }
        #expect(!national.contains("phone") && !national.contains("contact_name"))
        for (_, value) in Fixture.contacts {
            #expect(!national.contains(value), "\(value) in a national CSV")
            #expect(!sheets.contains(value), "\(value) in 回答データ.xlsx")
        }
        let tokyo = try ["都道府県票", "市町村票", "コーディネーター票"].map {
            try String(contentsOfFile: folder + "/wide/prefectures/13_東京都_\($0).csv", encoding: .utf8)
        }.joined()
        #expect(tokyo.contains("phone"))
        for (pref, value) in Fixture.contacts where value.hasPrefix("contact-") || value.hasPrefix("099-") {
            #expect(tokyo.contains(value) == (pref == "13"), "\(value) of \(pref) in 東京都's own file")
        }
    }

    /// The files are streamed piece by piece: each holds exactly the document made whole in memory,
    /// and a document cut into small pieces joins back to the same bytes.
    @Test func streamedFilesHoldTheWholeDocument() throws {
        let (folder, input) = Self.written
        let ctx = ReportContext(input)
        let answers = AnswersCSV.bytes(codebook: input.codebook, responses: input.responses)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: folder + "/answers.csv"))) == answers)
        var pieces: [[UInt8]] = []
        AnswersCSV.write(codebook: input.codebook, responses: input.responses, chunk: 4096) { pieces.append($0) }
        #expect(pieces.count > 10 && pieces.joined().elementsEqual(answers))
        for form in input.codebook.forms {
            let table = ctx.nationalWideTable(form)
            let whole = WideExport.csvBytes(table)
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: folder + "/" + WideExport.csvPath(form)))) == whole, "\(form.title)")
            var parts: [[UInt8]] = []
            WideExport.writeCSV(table, chunk: 1024) { parts.append($0) }
            #expect(parts.joined().elementsEqual(whole) && parts.count > 1, "\(form.title)")
        }
    }
}
