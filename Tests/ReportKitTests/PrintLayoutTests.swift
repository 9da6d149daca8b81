import Foundation
import Ingest
import SurveyModel
import TestSupport
import Testing
import XLSXReader
import XLSXWriter
@testable import ReportKit

/// What a reader sees in print: Japanese names, the glossary, page setups, rows tall enough.
@Suite("Print layout and reader-facing words", .serialized)
struct PrintLayoutTests {
    var national: String { ReportTests.written.folder + "/全国集計.xlsx" }
    var tokyo: String { ReportTests.written.folder + "/prefectures/13_東京都.xlsx" }

    @Test func issueCountHeadersAreJapaneseRuleNames() throws {
        let s = try Sheet(national, "疑義件数")
        let header = s.ws.cells.filter { $0.ref.row == 3 }.map(\.text)
        #expect(header.contains("範囲外の数値"))          // range
        #expect(header.contains("必須の設問が未回答"))    // required
        #expect(header.contains("メールアドレスの形式")) // email
        for id in ["range", "required", "email", "phone"] { #expect(!header.contains(id), "\(id) shown as an id") }
    }

    @Test func issueListShowsRuleAndSeverityInJapanese() throws {
        let s = try Sheet(tokyo, "疑義一覧")
        #expect(s.string(4, 11) == "エラー" || s.string(4, 11) == "確認")
        let rules = Set((4...8).compactMap { s.string($0, 12) })
        #expect(rules.isSubset(of: Set(Issue.Rule.known.map(\.label))), "\(rules)")
        #expect(!rules.isEmpty)
    }

    /// One home for the names: every rule has one, and no two rules share it.
    @Test func everyRuleHasItsOwnJapaneseName() {
        let labels = Issue.Rule.known.map(\.label)
        #expect(Set(labels).count == labels.count)
        #expect(labels.allSatisfy { !$0.isEmpty && !$0.contains("-") })
        #expect(Issue.Rule(rawValue: "no-such-rule").label == "no-such-rule")
        #expect(Issue.Rule(rawValue: "range").label == "範囲外の数値")
        #expect(Issue.Severity.error.label == "エラー" && Issue.Severity.warning.label == "確認")
    }

    @Test func coverUsesReadersWordsAndExplainsTheSigns() throws {
        let s = try Sheet(national, "表紙")
        let texts = Set(s.ws.cells.map(\.text))
        #expect(texts.contains("調査票の版") && texts.contains("集計番号"))
        #expect(!texts.contains("コードブック") && !texts.contains("実行ID"))
        // No ids on the cover: the survey by its name and 版, not `zaitaku-renkei R5-1`.
        #expect(!texts.contains { $0.contains("zaitaku") || $0.contains("R5-1") }, "\(texts.filter { $0.contains("R5") })")
        let glossary = try #require(s.row("用語・凡例", column: 0))
        for term in ["n", "無回答", "非該当", "％"] {
            #expect(s.row(term, column: 0, from: glossary) != nil, "\(term) not explained")
        }
    }

    @Test func pageHeadersNameSurveySheetAndAsOf() throws {
        let book = try Workbook(path: tokyo)
        for sheet in book.sheets {
            let setup = try book.layout(ofSheetAt: sheet.index).pageSetup
            #expect(setup.paperSize == 9)
            #expect(setup.header?.contains("在宅医療・介護連携推進事業") == true, "\(sheet.name): \(setup.header ?? "")")
            #expect(setup.footer?.contains("集計基準日時 2023-09-20 17:00") == true, "\(sheet.name): \(setup.footer ?? "")")
            #expect(setup.header?.contains("&A") == false)
            #expect(setup.footer?.contains("&P / &N") == true)
        }
    }

    /// 備考 naming two files wraps, and its row is made tall enough for the lines.
    @Test func wrappedCellsGetTallEnoughRows() throws {
        let book = try Workbook(path: tokyo)
        let index = try #require(book.sheets.first { $0.name == "疑義一覧" }).index
        let layout = try book.layout(ofSheetAt: index)
        let ws = try book.worksheet(at: index)
        for cell in ws.cells where cell.ref.row > 3 && cell.ref.column == 10 {
            let width = try #require(layout.columnWidths[10]) - 0.71
            let needed = PageGeometry.wrappedHeight(cell.text, width: width, fontSize: 11)
            #expect((layout.rowHeights[cell.ref.row] ?? 15) >= needed, "row \(cell.ref.row + 1): \(cell.text)")
        }
    }

    @Test(arguments: [
        // 3-line text in a 12-unit column at 11 pt: 3 lines of ~1.35 em.
        ("あいうえおかきくけこさしすせそ", 12.0, 11.0, 3),
        ("short", 20.0, 11.0, 1),
        ("一行目\n二行目\n三行目\n四行目", 40.0, 11.0, 4),
    ])
    func wrappedHeightCountsLines(text: String, width: Double, font: Double, lines: Int) {
        let h = PageGeometry.wrappedHeight(text, width: width, fontSize: font)
        #expect(h == (lines == 1 ? PageGeometry.defaultRowHeight : (Double(lines) * font * 1.35 + 3).rounded(.up)))
    }

    /// Page groups: forced starts always break, small blocks move whole, wide blocks fill the page.
    @Test func columnBreaksFollowGroupsAndBlocks() {
        let w = [50.0, 50, 300, 300, 300, 100, 100]  // points; key columns 0…1 = 100 pt
        // Forced group at 5: a page for 2…4 (900 > 700 → break inside), then 5… on its own.
        #expect(SheetBuilder.columnBreaks(widths: w, pageWidth: 800, keyColumns: 0...1, groups: [5]) == [4, 5])
        // A block that fits on a page (5…6 = 200 pt) is moved whole instead of split …
        #expect(SheetBuilder.columnBreaks(widths: [50, 50, 300, 300, 100, 100], pageWidth: 800, keyColumns: 0...1,
                                          groups: [], blocks: [4]) == [4])
        // … but not off a page less than half full: then it fills the page and goes on.
        #expect(SheetBuilder.columnBreaks(widths: [50, 50, 100, 300, 300, 100], pageWidth: 800, keyColumns: 0...1,
                                          groups: [], blocks: [3]) == [5])
        // Everything fits: no breaks.
        #expect(SheetBuilder.columnBreaks(widths: [100, 100, 100], pageWidth: 800, keyColumns: 0...0, groups: []) == [])
    }

    /// Row page breaks, tried on many seeded sheets of blocks of random heights: a block that fits
    /// on a page is never split; no page ends with a block's heading; every page is within its height
    /// (the repeated header counted on every page after the first) unless one row alone is taller.
    @Test func rowBreaksKeepBlocksWholeAndNeverStrandAHeading() {
        var rng = SplitMix64(seed: 22)
        for trial in 0..<500 {
            var heights: [Double] = [20, 15, 30]  // title, note, header (row 2 repeats)
            var blocks: [PrintBlock] = []
            while heights.count < 60 + Int(rng.next() % 200) {
                let start = heights.count
                let rows = 1 + Int(rng.next() % 40)  // some blocks taller than the page
                for _ in 0..<rows { heights.append([15, 15, 15, 30, 45][Int(rng.next() % 5)]) }
                let heading = min(rows, 1 + Int(rng.next() % 2))
                blocks.append(PrintBlock(rows: start...(start + rows - 1), heading: heading, newPage: rng.next() % 20 == 0))
                if rng.next() % 3 == 0 { heights.append(15) }  // a blank row between blocks
            }
            let page = 400.0
            let breaks = SheetBuilder.rowBreaks(heights: heights, pageHeight: page, repeated: 2...2, blocks: blocks)
            #expect(breaks == breaks.sorted() && Set(breaks).count == breaks.count, "trial \(trial)")
            let starts = [0] + breaks, ends = breaks + [heights.count]
            for (a, b) in zip(starts, ends) {
                let used = heights[a..<b].reduce(0, +) + (a > 0 ? heights[2] : 0)
                #expect(used <= page || b - a == 1, "trial \(trial): rows \(a)..<\(b) take \(used) pt")
            }
            for block in blocks {
                let total = heights[block.rows].reduce(0, +)
                let inside = breaks.filter { block.rows.lowerBound < $0 && $0 <= block.rows.upperBound }
                if total + heights[2] <= page { #expect(inside.isEmpty, "trial \(trial): \(block.rows) (\(total) pt) split at \(inside)") }
                // Its heading never ends a page: no break right after it.
                #expect(!inside.contains { $0 < block.rows.lowerBound + block.heading }, "trial \(trial): heading of \(block.rows) ends a page")
                if block.newPage && block.rows.lowerBound > 0 { #expect(breaks.contains(block.rows.lowerBound)) }
            }
        }
    }

    /// A sheet whose plan needs more than Excel's 1,023 manual row breaks (a prefecture's list of
    /// thousands of respondents) is still written: the first 1,023 are set, the rest left to the program.
    @Test func aListNeedingMoreThanExcelsBreaksIsStillWritten() throws {
        let path = NSTemporaryDirectory() + "breaks-" + UUID().uuidString + ".xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wb = try WorkbookWriter(path: path)
        let b = try SheetBuilder(wb, sheet: "一覧")
        try b.text("団体名", 0, 0, Style.header)
        // 1,500 blocks of one row, each taller than half a page: one a page.
        for r in 1...1500 {
            try b.text("市町村\(r)", r, 0)
            b.rowHeight(r, 500)
            b.keep(r...r, heading: 0)
        }
        try b.fitColumns()
        let plan = try b.printSetup(headerRows: 0...0, title: "一覧")
        try wb.close()
        #expect(plan.rowBreaks.count == SheetWriter.maxPageBreaks)
        #expect(plan.rowBreaks.prefix(3) == [2, 3, 4], "\(plan.rowBreaks.prefix(3))")
        let layout = try Workbook(path: path).layout(ofSheetAt: 0)
        #expect(layout.rowBreaks.count == SheetWriter.maxPageBreaks)
    }
}
