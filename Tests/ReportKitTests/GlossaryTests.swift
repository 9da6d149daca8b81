import Foundation
import SurveyModel
import TestSupport
import Testing
import XLSXReader
import XLSXWriter
@testable import ReportKit

/// One vocabulary: every column heading of every sheet a reader gets (national, a prefecture's
/// workbook, its 疑義照会票) is a glossary term or a name from the survey, no concept is shown
/// under a retired name, and each workbook's 用語・凡例 explains the terms its sheets use.
@Suite("One vocabulary across sheets", .serialized)
struct GlossaryTests {
    var folder: String { ReportTests.written.folder }
    var books: [String] {
        [folder + "/全国集計.xlsx", folder + "/prefectures/13_東京都.xlsx", folder + "/\(QueryForm.folder)/13_東京都.xlsx"]
    }

    @Test func everyHeadingIsAGlossaryTerm() throws {
        for book in books {
            let headings = try Headings.cells(book)
            #expect(headings.count > 10, "\(book): headings read back")
            let strays = try Headings.strays(book, codebook: Fixture.codebook)
            #expect(strays.isEmpty, "\(book): \(strays)")
        }
    }

    /// The check itself fails on what it is for: a sheet calling 団体名 市区町村名.
    @Test func aRetiredOrUnknownHeadingIsCaught() throws {
        let path = NSTemporaryDirectory() + "glossary-" + UUID().uuidString + ".xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wb = try WorkbookWriter(path: path)
        let b = try SheetBuilder(wb, sheet: "一覧")
        for (i, h) in ["団体コード", "市区町村名", "件数の合計", "市町村票 回収数"].enumerated() { try b.text(h, 3, i, Style.header) }
        try b.fitColumns()
        try b.printSetup(headerRows: 3...3, title: "一覧")
        try wb.close()
        let strays = try Headings.strays(path, codebook: Fixture.codebook)
        #expect(strays.count == 2, "\(strays)")
        #expect(strays.contains { $0.contains("市区町村名") && $0.contains("団体名") })
        #expect(strays.contains { $0.contains("件数の合計") })
    }

    /// 用語・凡例 lists every term the workbook's headings use (n, 前回件数, 記入者 …).
    @Test func coverExplainsEveryHeadingTerm() throws {
        for book in books.prefix(2) {
            let cover = try Sheet(book, CoverSheet.name)
            let start = try #require(cover.row("用語・凡例", column: 0))
            let explained = Set(cover.ws.cells.filter { $0.ref.column == 0 && $0.ref.row > start }.map(\.text))
            let used = Set(try Headings.cells(book).compactMap { Term(heading: $0.text) })
            let missing = used.filter { !explained.contains($0.rawValue) }.map(\.rawValue)
            #expect(missing.isEmpty, "\(book): \(missing.sorted())")
            for term in explained where term != "用語" {
                #expect(Term(heading: term) != nil || term.hasPrefix("○（") || term == "色の濃さ・横棒", "\(term) explained but no term")
            }
        }
    }

    /// No two terms share a name, no retired name is a term, and a long heading breaks between words.
    @Test func glossaryIsOneNamePerConcept() {
        let names = Term.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        let retired = Term.allCases.flatMap(\.retired)
        #expect(Set(retired).isDisjoint(with: names), "\(Set(retired).intersection(names))")
        #expect(Term.allCases.allSatisfy { !$0.explanation.isEmpty })
        #expect(Term.prefectureCode.heading(width: 8) == "都道府県\nコード")
        #expect(Term.code.heading(width: 12) == "団体コード")
        #expect(Shown.count(1738) == "1,738" && Shown.count(999) == "999" && Shown.count(1_000_000) == "1,000,000")
        #expect(Shown.version("R5-1") == "令和5年度 第1版")
    }

    /// A heading reads as its term however the layout broke or padded it; any other cell is no term.
    @Test func headingReadsAsItsTermThroughBreaksAndPadding() {
        #expect(Term(heading: "都道府県コード") == .prefectureCode)
        #expect(Term(heading: "都道府県\nコード") == .prefectureCode)
        #expect(Term(heading: "都道府県\r\nコード") == .prefectureCode)
        #expect(Term(heading: " 団体コード\t") == .code)
        #expect(Term(heading: "\u{3000}団体コード") == .code)
        #expect(Term(heading: "団体コード\u{00A0}") == .code)
        #expect(Term(heading: "団体コード\u{2028}") == .code)
        #expect(Term(heading: "千代田区") == nil && Term(heading: "団体 コード") == nil && Term(heading: "") == nil)
        #expect(Term(heading: "団体\u{000B}コード") == .code && Term(heading: "団体コード\u{0085}") == .code)
        // The same answer as filtering and trimming every text, on texts with and without breaks.
        for text in ["団体名", " 回答者 ", "回答\n状況", "○", "1 設置している", "市町村\n区分\n", "\t", "－"] {
            let slow = Term.allCases.first { $0.rawValue == text || $0.rawValue == text.filter { !$0.isNewline }.trimmingCharacters(in: .whitespaces) }
            #expect(Term(heading: text) == slow, "\(text)")
        }
    }

    /// A note's terms are the ones Foundation finds in it, whether it is searched on bytes or not.
    @Test func noteTermsAreFoundationsMatches() {
        let notes = ["1市町村1行。空欄は無回答または非該当。未回収の市町村も空欄で掲載。",
                     "エラー 1,234 件、確認 5 件。都道府県 = 回答者の団体コードの上2桁。",
                     "％ は各設問の対象（無回答を含む）に対する割合。n は回答数",
                     "ﾃｽﾄ　回答者（ｶﾀｶﾅ）",
                     "回答者\u{3099}の表記と e\u{301} を含む", "",
                     "差 = 今回の％ − 前回の％（ポイント。＋は増加、−は減少）。新設 = 今回の調査で新しく設けた設問。前回・差の「－」 = 前回に対応する選択肢がない",
                     "差 = 今回の％ −\u{0338} 前回の％"]
        for note in notes {
            let foundation = Term.allCases.filter { $0.rawValue.count > 1 && note.contains($0.rawValue) }
            #expect(SheetBuilder.termsIn(note: note) == foundation, "\(note)")
        }
        #expect(SheetBuilder.termsIn(note: notes[1]).contains(.code) && SheetBuilder.termsIn(note: notes[1]).contains(.respondent))
        #expect(PlainText.isPlain(notes[0]) && !PlainText.isPlain(notes[4]))
        // The 前回比較 legend (written on every compared sheet) is searched on bytes; a minus with an overlay is not.
        #expect(PlainText.isPlain(notes[6]) && !PlainText.isPlain(notes[7]))
        #expect(SheetBuilder.termsIn(note: notes[6]).contains(.options) && SheetBuilder.termsIn(note: notes[6]).contains(.new))
        #expect(PlainText.contains(Array("団体コード".utf8), Array("コード".utf8)) && !PlainText.contains(Array("コー".utf8), Array("コード".utf8)))
    }
}
