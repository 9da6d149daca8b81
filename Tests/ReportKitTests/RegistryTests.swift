import Foundation
import RenkeiRun
import SurveyModel
import Tabulate
import TestSupport
import Testing
import XLSXReader
@testable import ReportKit

/// The registries: a cover lists exactly the sheets its workbook holds, the writer writes exactly
/// the registered outputs, and summary.json's shares are the workbooks' own.
@Suite("Registries of outputs and sheets", .serialized)
struct RegistryTests {
    /// A first run (nothing published before) and a second (a change report against the first).
    static let first = try! Fixture.write()
    static let second: (folder: String, files: [WrittenFile]) = {
        var input = Fixture.input()
        input.changes = ChangeReport.make(previous: RunState(Fixture.input()), current: input)
        return try! Fixture.write(input)
    }()

    /// The cover's シート一覧, read back: the シート column under its heading, to the first blank row.
    static func coverList(_ path: String) throws -> [String] {
        let cover = try Sheet(path, CoverSheet.name)
        let heading = try #require(cover.row("シート一覧", column: 0))
        #expect(cover.string(heading + 1, 0) == "シート")
        var names = [String](), row = heading + 2
        while let name = cover.string(row, 0), !name.isEmpty { names.append(name); row += 1 }
        return names
    }

    static func workbooks(_ run: (folder: String, files: [WrittenFile])) -> [String] {
        run.files.map(\.path).filter { $0 == NationalWorkbook.fileName || $0.hasPrefix(ReportWriter.prefectureFolder + "/") }
    }

    @Test(arguments: [false, true])
    func everyCoverListsTheSheetsWritten(secondRun: Bool) throws {
        let run = secondRun ? Self.second : Self.first
        let books = Self.workbooks(run)
        #expect(books.count == 1 + Fixture.prefectures.count)
        for book in books {
            let path = run.folder + "/" + book
            let written = try Workbook(path: path).sheets.map(\.name)
            #expect(written.first == CoverSheet.name)
            #expect(try Self.coverList(path) == Array(written.dropFirst()), "\(book)")
            // 前回公開からの変更 exactly when there was a published run to compare with.
            #expect(written.contains("前回公開からの変更") == secondRun, "\(book): \(written)")
        }
    }

    /// The count of 場面・テーマ on every cover is the codebook's, never a number in the code: the
    /// R5 codebook (7) and the same with an eighth category, as R6 adds one.
    @Test(arguments: [0, 1])
    func categoryCountComesFromTheCodebook(added: Int) throws {
        var input = Fixture.input()
        for i in 0..<added {
            input.codebook.categories.append(Category(id: "added\(i)", label: "追加テーマ\(i)", kind: .theme,
                                                      order: input.codebook.categories.count))
        }
        let count = input.codebook.categories.count
        #expect(count == 7 + added)
        let run = try Fixture.write(input)
        defer { try? FileManager.default.removeItem(atPath: run.folder) }
        for book in Self.workbooks(run) {
            let cover = try Sheet(run.folder + "/" + book, CoverSheet.name)
            let line = try #require(cover.row(CategoryMatrixSheet.name, column: 0))
            #expect(cover.string(line, 1)?.hasPrefix("\(count)つの場面・テーマ") == true, "\(book): \(cover.string(line, 1) ?? "")")
        }
    }

    /// The writer writes exactly the registry's files, and every registered pattern names them.
    @Test func writtenFilesAreTheRegistrysFiles() throws {
        let ctx = ReportContext(Fixture.input())
        let registered = ReportOutputs.all.flatMap { $0.files(ctx).map(\.path) }
        #expect(Self.first.files.map(\.path) == registered.sorted())
        #expect(Set(registered).count == registered.count)
        for path in registered {
            #expect(ReportOutputs.all.contains { Self.matches(path, $0.pattern) }, "\(path) matches no registered pattern")
        }
        // run.json is listed here but written by the run itself, once it can hash every other output.
        for output in ReportOutputs.all where output.pattern != RunRecord.fileName {
            #expect(registered.contains { Self.matches($0, output.pattern) }, "\(output.pattern) wrote nothing")
        }
    }

    /// `prefectures/NN_都道府県名.xlsx` matches `prefectures/13_東京都.xlsx`: the fixed parts in order;
    /// a folder (`見える化/`) matches everything under it.
    static func matches(_ path: String, _ pattern: String) -> Bool {
        if pattern.hasSuffix("/") { return path.hasPrefix(pattern) }
        let placeholders = ["NN", "都道府県名", "票名"]
        var fixed = [pattern]
        for p in placeholders { fixed = fixed.flatMap { $0.components(separatedBy: p) } }
        guard fixed.count > 1 else { return path == pattern }
        guard path.hasPrefix(fixed.first!), path.hasSuffix(fixed.last!) else { return false }
        return path.split(separator: "/").count == pattern.split(separator: "/").count
    }

    /// README's table of a run folder's files is the registry's listing word for word, in its
    /// order (`RENKEI_UPDATE_README=1 swift test --filter readmeListsTheRegisteredOutputs`
    /// writes it there after an output is added or reworded).
    @Test func readmeListsTheRegisteredOutputs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = root.appendingPathComponent("README.md")
        var text = try String(contentsOf: readme, encoding: .utf8)
        let begin = "<!-- outputs:begin -->\n", end = "<!-- outputs:end -->"
        let start = try #require(text.range(of: begin)), stop = try #require(text.range(of: end, range: start.upperBound..<text.endIndex))
        let expected = ReportOutputs.readmeTable + "\n"
        if ProcessInfo.processInfo.environment["RENKEI_UPDATE_README"] == "1" {
            text.replaceSubrange(start.upperBound..<stop.lowerBound, with: expected)
            try text.write(to: readme, atomically: true, encoding: .utf8)
        } else {
            #expect(String(text[start.upperBound..<stop.lowerBound]) == expected,
                    "README.md の出力の表が登録簿と違います。RENKEI_UPDATE_README=1 で書き直すか、次に置き換えてください:\n\(expected)")
        }
        // The table has a row per registered output, each pattern once.
        let rows = expected.split(separator: "\n").dropFirst(2)
        #expect(rows.count == ReportOutputs.listing.count && Set(ReportOutputs.listing.map(\.pattern)).count == rows.count)
        // Every output in run --help, in registry order: its pattern, and below it its whole purpose
        // (wrapped lines indented by six; a break at a space drops that space).
        var printed: [(pattern: String, purpose: String)] = []
        for line in ReportOutputs.helpText.split(separator: "\n").map(String.init) {
            if line.hasPrefix("      ") {
                printed[printed.count - 1].purpose += line.dropFirst(6)
            } else {
                #expect(line.hasPrefix("  ") && !line.hasPrefix("   "), "\(line)")
                printed.append((String(line.dropFirst(2)), ""))
            }
        }
        #expect(printed.map(\.pattern) == ReportOutputs.listing.map(\.pattern))
        for (p, o) in zip(printed, ReportOutputs.listing) {
            #expect(p.purpose.filter { $0 != " " } == o.purpose.filter { $0 != " " }, "\(o.pattern): \(p.purpose)")
        }
    }

    // MARK: one proportion

    static func close(_ cell: Double?, _ json: Double?) -> Bool {
        switch (cell, json) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) < 1e-6
        default: false
        }
    }

    /// Every share of summary.json, under both bases, is the number in the workbook cell that
    /// shows it (場面・テーマ別, 都道府県別一覧, 回収状況, 表紙), with the same n and 無回答.
    @Test(arguments: PercentBase.allCases)
    func summarySharesAreTheWorkbooks(base: PercentBase) throws {
        let run = try Fixture.write(Fixture.input(responses: PercentBaseTests.responses, percentBase: base))
        defer { try? FileManager.default.removeItem(atPath: run.folder) }
        let summary = try SummaryJSON.read(Data(contentsOf: URL(fileURLWithPath: run.folder + "/summary.json")))
        #expect(summary.percentBase == base)
        let book = run.folder + "/" + NationalWorkbook.fileName
        var compared = 0

        let matrix = try Sheet(book, CategoryMatrixSheet.name)
        for c in summary.categories {
            let row = try #require(matrix.row(c.label, column: 1))
            let s = c.withInitiative
            #expect(matrix.number(row, 2).map(Int.init) == s.n, "\(c.id) n")
            #expect(matrix.number(row, 3).map(Int.init) == s.count, "\(c.id) 取組あり")
            #expect(matrix.number(row, 6).map(Int.init) == s.noAnswer, "\(c.id) 無回答")
            #expect(Self.close(matrix.number(row, 4), s.share), "\(c.id): cell \(String(describing: matrix.number(row, 4))), json \(String(describing: s.share))")
            compared += 1
        }

        let list = try Sheet(book, "都道府県別一覧")
        let definitions = Fixture.codebook.indicators
        let status = try Sheet(book, "回収状況")
        for p in summary.prefectures {
            let row = try #require(list.row(p.prefCode, column: 0))
            for (i, d) in definitions.enumerated() {
                let s = try #require(p.indicators[d.id], "\(p.prefCode) \(d.id)")
                switch d.measure {
                case .coordinatorForms:
                    #expect(list.number(row, 2 + i).map(Int.init) == s.count && s.share == nil)
                case .option(let form, _, _) where form == .pref:
                    // One answer per prefecture: ○ for 1 of 1, 無回答, blank for another option, － when not returned.
                    let cell = list.string(row, 2 + i) ?? ""
                    let expected = s.count > 0 ? "○" : (s.noAnswer ?? 0) > 0 ? "無回答" : (s.n ?? 0) > 0 ? "" : "－"
                    #expect(cell == expected, "\(p.prefCode) \(d.id): \(cell) vs \(s)")
                    #expect(Self.close(s.share, s.n.flatMap { $0 > 0 ? Double(s.count) / Double($0) : nil }))
                default:
                    let cell = list.number(row, 2 + i)
                    #expect(Self.close(cell, s.share), "\(p.prefCode) \(d.id): cell \(String(describing: cell)), json \(String(describing: s.share))")
                    if cell == nil { #expect(list.string(row, 2 + i) == "－") }
                }
                compared += 1
            }
            let statusRow = try #require(status.row(p.prefCode, column: 0))
            #expect(Self.close(status.number(statusRow, 5), p.municipalityRate), "\(p.prefCode) 回収率")
            compared += 1
        }

        let cover = try Sheet(book, CoverSheet.name)
        for form in Fixture.codebook.forms {
            guard let rate = summary.responseRates[form.id.rawValue] else { continue }
            let row = try #require(cover.row(form.title, column: 0))
            #expect(Self.close(cover.number(row, 3), rate), "\(form.id) 回収率")
            compared += 1
        }
        #expect(compared > 50)
    }

    /// The two bases give different shares where 無回答 exists (M2: 7 asked, 6 answered, 3
    /// 設置している), so the test above would catch summary.json on one base and the workbook on the other.
    @Test func basesDifferWhereThereIsNoAnswer() throws {
        let t = Fixture.input(responses: PercentBaseTests.responses).tabulation
        let i = try #require(t.indicators.definitions.firstIndex { $0.id == "M2=1" })
        let v = t.indicators.nation[i]
        #expect(v.share(.applicable) == 3.0 / 7 && v.share(.valid) == 0.5)
    }
}
