import Foundation
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// Every workbook renkei writes in a simulated run — the national and 47 prefecture
    /// workbooks of `renkei run`, and the forms of `renkei template` — read back through the
    /// drawing parts' anchors and the sheets' widths, heights and page setup as written.
    @Suite struct Layout {
        /// The reports of the faulty simulated run, and one of each form for 鳥取県.
        static let workbooks: [String] = {
            let reports = EndToEnd.faulty.folder
            let forms = Temp.dir("layout-forms")
            _ = try? Run.renkei(["template", "--out", forms, "--prefectures", "31", "--coordinator", "312011:1"])
            return ([reports + "/全国集計.xlsx"] + listing(reports + "/prefectures").map { reports + "/prefectures/" + $0 })
                + allFiles(forms).filter { $0.hasSuffix(".xlsx") }
        }()

        static func allFiles(_ dir: String) -> [String] {
            (FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String } ?? []).sorted().map { dir + "/" + $0 }
        }

        @Test func everyWorkbookOfTheRunIsChecked() {
            let names = Self.workbooks.map { URL(fileURLWithPath: $0).lastPathComponent }
            #expect(names.contains("全国集計.xlsx"))
            #expect(names.filter { $0.range(of: #"^\d\d_.+\.xlsx$"#, options: .regularExpression) != nil }.count == 47)
            for form in ["都道府県票_", "市町村票_", "コーディネーター票_"] {
                #expect(names.contains { $0.hasPrefix(form) }, "no \(form) form")
            }
        }

        @Test func noTwoDrawingObjectsOverlapOnAnySheet() throws {
            var charts = 0
            for path in Self.workbooks {
                let book = try Workbook(path: path)
                for sheet in book.sheets {
                    let layout = try book.layout(ofSheetAt: sheet.index)
                    charts += layout.anchors.count
                    for (a, b) in layout.overlappingAnchors() {
                        Issue.record("\(URL(fileURLWithPath: path).lastPathComponent) \(sheet.name): \(a.name) \(layout.frame(of: a)) overlaps \(b.name) \(layout.frame(of: b))")
                    }
                }
            }
            // 2 charts on the national 場面・テーマ別 sheet, 1 on each prefecture's: the anchors were read.
            #expect(charts == 2 + 47)
        }

        /// The national sheet's two charts sit below its tables, one above the other.
        @Test func nationalChartsSitBelowTheTablesAndApart() throws {
            let book = try Workbook(path: EndToEnd.faulty.folder + "/全国集計.xlsx")
            let index = try #require(book.sheets.first { $0.name == "場面・テーマ別" }).index
            let layout = try book.layout(ofSheetAt: index)
            let sheet = try book.worksheet(at: index)
            #expect(layout.anchors.count == 2)
            let lastTableRow = sheet.cells.map(\.ref.row).max() ?? 0
            for a in layout.anchors { #expect(a.from.row > lastTableRow, "\(a.name) starts at row \(a.from.row)") }
            let frames = layout.anchors.map(layout.frame(of:)).sorted { $0.top < $1.top }
            #expect(frames[0].bottom <= frames[1].top)
            // Each chart starts a printed page.
            #expect(Set(layout.anchors.map(\.from.row)).isSubset(of: Set(layout.rowBreaks)))
        }

        /// Every report sheet prints on A4 with the survey, the sheet and 集計基準日時 at the top and
        /// page X / Y at the bottom; a sheet fitted to the page is never fitted to more than one
        /// page width by shrinking below what its breaks allow.
        @Test func everyReportSheetHasAnA4PageSetup() throws {
            for path in Self.workbooks.prefix(48) {
                let book = try Workbook(path: path)
                for sheet in book.sheets {
                    let setup = try book.layout(ofSheetAt: sheet.index).pageSetup
                    let name = URL(fileURLWithPath: path).lastPathComponent + " " + sheet.name
                    #expect(setup.paperSize == 9, "\(name)")
                    // The survey in the header, 集計基準日時 in the footer: no section prints over another.
                    #expect(setup.header?.contains("調査") == true, "\(name): \(setup.header ?? "no header")")
                    #expect(setup.footer?.contains("集計基準日時") == true, "\(name): \(setup.footer ?? "no footer")")
                    #expect(setup.header?.contains("&A") == false, "\(name) repeats the sheet name")
                    #expect(setup.footer?.contains("&P / &N") == true, "\(name)")
                    #expect(setup.scale == 100, "\(name)")
                }
            }
        }

        /// The coordinator list repeats 団体コード, name and 番号; the answer list 団体コード and name.
        /// Pages break between questions — inside one only when it is wider than a page beside the
        /// key columns or the page before it would be less than half full (at LibreOffice's 9.5 px
        /// per width unit) — and some between sections.
        @Test func answerListsRepeatTheirKeyColumnsAndBreakBetweenQuestions() throws {
            let book = try Workbook(path: EndToEnd.faulty.folder + "/prefectures/31_鳥取県.xlsx")
            let titles = book.definedNames.filter { $0.name == "_xlnm.Print_Titles" }
            func titlesOf(_ sheet: String) -> String? {
                guard let i = book.sheets.firstIndex(where: { $0.name == sheet }) else { return nil }
                return titles.first { $0.localSheetId == i }?.refersTo
            }
            #expect(titlesOf("コーディネーター")?.contains("$A:$C") == true, "\(titlesOf("コーディネーター") ?? "none")")
            #expect(titlesOf("市町村別回答一覧")?.contains("$A:$B") == true, "\(titlesOf("市町村別回答一覧") ?? "none")")
            let list = try book.layout(ofSheetAt: try #require(book.sheets.first { $0.name == "市町村別回答一覧" }).index)
            let ws = try book.worksheet(named: "市町村別回答一覧")
            let sections = ws.cells.filter { $0.ref.row == 2 && !$0.text.isEmpty }.map(\.ref.column).sorted()
            let questions = ws.cells.filter { $0.ref.row == 3 && $0.ref.column >= 4 && !$0.text.isEmpty }.map(\.ref.column).sorted()
            #expect(sections.count >= 6 && questions.count > 30)
            func points(_ c: Int) -> Double { ((list.columnWidths[c] ?? 8.43) - 0.71) * 9.5 * 0.75 + 3.75 }
            let page = 841.9 - 0.6 * 72 - points(0) - points(1)
            #expect(!list.columnBreaks.isEmpty)
            #expect(list.columnBreaks.contains { sections.contains($0) })
            for (k, b) in list.columnBreaks.enumerated() where !questions.contains(b) {
                let start = try #require(questions.last { $0 < b })
                let end = questions.first { $0 > start } ?? (ws.cells.map(\.ref.column).max() ?? 0) + 1
                let width = (start..<end).reduce(0.0) { $0 + points($1) }
                let pageStart = k > 0 ? list.columnBreaks[k - 1] : 2
                // A question already going on from an earlier page may go on again.
                let before = pageStart < start ? (pageStart..<start).reduce(0.0) { $0 + points($1) } : 0
                #expect(width > page || before < page / 2,
                        "page break at column \(b) splits the question at \(start)…\(end - 1) (\(width) pt, \(before) pt before it)")
            }
        }
    }
}
