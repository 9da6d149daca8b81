import Foundation
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// What a respondent or reader sees names questions by 問番号 (問2(1), 問6-①); the codebook's
    /// ids (M6_daily) stay in hidden cells, hidden sheets, defined names and CSV headers.
    @Suite struct QuestionNumbers {
        static let ids = Set(Codebook.r5.forms.flatMap { $0.questions.map(\.id) })

        /// The forms of `renkei template` for 鳥取県: 都道府県票, 市町村票 and a コーディネーター票.
        static let forms: [String] = {
            let dir = Temp.dir("numbered-forms")
            _ = try? Run.renkei(["template", "--out", dir, "--prefectures", "31", "--coordinator", "312011:1"])
            return (FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".xlsx") }.sorted().map { dir + "/" + $0 }
        }()

        /// Text of every cell a reader can see: visible sheets, columns and rows only.
        static func visibleCells(_ path: String) throws -> [(sheet: String, ref: String, text: String)] {
            let book = try Workbook(path: path)
            var out: [(String, String, String)] = []
            for info in book.sheets where info.visibility == .visible {
                let layout = try book.layout(ofSheetAt: info.index)
                let sheet = try book.worksheet(at: info.index)
                for c in sheet.cells where !layout.hiddenColumns.contains(c.ref.column) && !layout.hiddenRows.contains(c.ref.row) {
                    out.append((info.name, c.ref.a1, c.text))
                }
            }
            return out
        }

        /// Question ids standing as whole words (`M6_daily`, not the M of `M6_dailyX` nor 問6).
        static func ids(in text: String) -> [String] {
            text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }.map(String.init).filter(ids.contains)
        }

        @Test func formsShowQuestionNumbersAndNoIds() throws {
            for form in ["都道府県票_", "市町村票_", "コーディネーター票_"] {
                #expect(Self.forms.contains { URL(fileURLWithPath: $0).lastPathComponent.hasPrefix(form) }, "no \(form) form")
            }
            for path in Self.forms {
                let name = URL(fileURLWithPath: path).lastPathComponent
                let cells = try Self.visibleCells(path)
                let texts = cells.map(\.text)
                #expect(texts.contains("問1"), "\(name): no 問1")
                #expect(texts.contains { $0.hasPrefix("問2") }, "\(name): no 問2")
                for c in cells where !Self.ids(in: c.text).isEmpty {
                    Issue.record("\(name) \(c.sheet)!\(c.ref): \(Self.ids(in: c.text)) in 「\(c.text)」")
                }
                // The input hints a respondent sees on selecting a cell are titled by 問番号 too.
                let index = try #require(try Workbook(path: path).sheets.first { $0.visibility == .visible && $0.name != "記入要領" }).index
                let xml = try Run.shell("unzip -p \(shellQuote(path)) xl/worksheets/sheet\(index + 1).xml").stdout
                let titles = xml.components(separatedBy: "promptTitle=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
                #expect(!titles.isEmpty, "\(name): no input hints read")
                for t in titles where !Self.ids(in: t).isEmpty { Issue.record("\(name): input hint titled \(t)") }
            }
            // The condition notes name the guarding question by its number.
            let muni = try #require(Self.forms.first { URL(fileURLWithPath: $0).lastPathComponent.hasPrefix("市町村票") })
            let number = try #require(Codebook.r5.form(.muni)?.question("M6_daily")?.number)
            #expect(try Self.visibleCells(muni).contains { $0.text.contains(number + "で「ある」と回答した場合のみ") },
                    "no note naming \(number)")
        }

        @Test func nationalWorkbookShowsQuestionNumbersAndNoIds() throws {
            let path = EndToEnd.faulty.folder + "/全国集計.xlsx"
            let cells = try Self.visibleCells(path)
            #expect(cells.contains { $0.sheet == "市町村票" && $0.text == "問1" })
            #expect(cells.contains { $0.sheet == "都道府県票" && $0.text == "問1" })
            for c in cells where !Self.ids(in: c.text).isEmpty {
                Issue.record("全国集計 \(c.sheet)!\(c.ref): \(Self.ids(in: c.text)) in 「\(c.text)」")
            }
        }
    }
}
