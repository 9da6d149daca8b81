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
            // Each chart starts a printed page: the page breaks at the blank row above it (its top edge).
            #expect(Set(layout.anchors.map { $0.from.row - 1 }).isSubset(of: Set(layout.rowBreaks)))
        }

        /// Every report sheet prints on A4 with the survey, the sheet and 集計基準日時 at the top and
        /// page X / Y at the bottom, at 80–100%.
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
                    // A fixed scale (manual row breaks hold only then), never below 80%.
                    #expect(setup.scale >= 80 && setup.scale <= 100, "\(name): \(setup.scale)")
                }
            }
        }

        /// The answer lists are read in Excel: each prints only its identity columns and its first
        /// section (a print area ending where the second section starts), on one page width at
        /// ≥ 80%, and the cover's シート一覧 says so on its line.
        @Test func answerListsPrintTheirIdentityColumnsOnly() throws {
            let path = EndToEnd.faulty.folder + "/prefectures/31_鳥取県.xlsx"
            let book = try Workbook(path: path)
            let cover = try Sheet(path, "表紙")
            for name in ["市町村別回答一覧", "コーディネーター"] {
                let index = try #require(book.sheets.firstIndex { $0.name == name })
                let ws = try book.worksheet(named: name)
                let sections = ws.cells.filter { $0.ref.row == 2 && !$0.text.isEmpty }.map(\.ref.column).sorted()
                #expect(sections.count >= 2, "\(name)")
                let area = book.definedNames.first { $0.name == "_xlnm.Print_Area" && $0.localSheetId == index }?.refersTo ?? ""
                let last = try #require(area.split(separator: ":").last?.split(separator: "$").first)
                #expect(CellRef.column(letters: String(last)) == sections[1] - 1, "\(name): print area \(area), sections \(sections)")
                let setup = try book.layout(ofSheetAt: index).pageSetup
                #expect(setup.scale >= 80 && setup.scale <= 100, "\(name): \(setup.scale)")
                let line = try #require(cover.row(name, column: 0))
                #expect(cover.string(line, 1)?.contains("Excel で閲覧する一覧。印刷は") == true, "\(cover.string(line, 1) ?? "")")
            }
        }
    }
}
