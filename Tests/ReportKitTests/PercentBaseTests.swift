import Foundation
import SurveyModel
import Tabulate
import Testing
import XLSXReader
@testable import ReportKit

/// What a ％ is of, as written in the cells: everyone asked (default) or valid answers only;
/// and a prefecture's own single 都道府県票 shown as its answer, not as 100.0% / 0.0%.
@Suite("Percent base and single answers", .serialized)
struct PercentBaseTests {
    /// Tokyo's 都道府県票 also says it has coordinators (P7) and how many (P7_1, an integer).
    static let responses: [Response] = Fixture.responses.map { r in
        guard r.respondent == Respondent(form: .pref, code: "130001") else { return r }
        var r = r
        r.answers["P7"] = .single(1); r.answers["P7_1"] = .integer(12)
        return r
    }
    static let applicable = try! Fixture.write(Fixture.input(responses: responses, percentBase: .applicable))
    static let valid = try! Fixture.write(Fixture.input(responses: responses, percentBase: .valid))

    /// M2 (問番号 in the sheet): 7 municipalities asked, 6 answered (3 設置している), 1 left it blank.
    @Test(arguments: [(PercentBase.applicable, "n（対象者数）", 7.0, 3.0 / 7, 1.0 / 7 as Double?),
                      (.valid, "n（有効回答数）", 6.0, 0.5, nil)])
    func nationalTableFollowsTheBase(_ base: PercentBase, _ nLabel: String, _ n: Double, _ yesShare: Double,
                                     _ noAnswerShare: Double?) throws {
        let folder = (base == .applicable ? Self.applicable : Self.valid).folder
        let s = try Sheet(folder + "/全国集計.xlsx", "市町村票")
        let nRow = try #require(s.questionRow("M2", nLabel))
        #expect(s.number(nRow, 2) == n)
        let yes = try #require(s.questionRow("M2", "設置している"))
        #expect(s.number(yes, 2) == 3)
        #expect(approx(s.number(yes, 3), yesShare))
        let none = try #require(s.questionRow("M2", "無回答"))
        #expect(s.number(none, 2) == 1)
        if let noAnswerShare { #expect(approx(s.number(none, 3), noAnswerShare)) }
        else { #expect(s.number(none, 3) == nil && (s.string(none, 3) ?? "").isEmpty) }
        // The note under the title says which base.
        #expect(s.string(1, 0)?.contains(base.explanation) == true, "\(s.string(1, 0) ?? "")")
        // The cover explains the same base.
        let cover = try Sheet(folder + "/全国集計.xlsx", "表紙")
        let pct = try #require(cover.row("％", column: 0))
        #expect(cover.string(pct, 1)?.hasPrefix(base.explanation) == true)
    }

    /// The category matrix's presence ％ follows the base too: 日常の療養支援 (M6_daily) was answered
    /// by 4 municipalities (3 ある); 3 more were asked and left it blank.
    @Test(arguments: [(PercentBase.applicable, 7.0, 3.0 / 7), (.valid, 4.0, 3.0 / 4)])
    func categoryMatrixFollowsTheBase(_ base: PercentBase, _ n: Double, _ share: Double) throws {
        let folder = (base == .applicable ? Self.applicable : Self.valid).folder
        let s = try Sheet(folder + "/全国集計.xlsx", "場面・テーマ別")
        let daily = try #require(s.row("日常の療養支援", column: 1))
        #expect(s.number(daily, 2) == n)
        #expect(s.number(daily, 3) == 3)
        #expect(approx(s.number(daily, 4), share))
    }

    /// Tokyo's 集計: its own 都道府県票 column shows ○ on the chosen option and the number, never a ％.
    @Test func prefectureOwnFormIsShownAsItsAnswer() throws {
        let s = try Sheet(Self.applicable.folder + "/prefectures/13_東京都.xlsx", "集計")
        let yes = try #require(s.questionRow("P1", "設置している"))
        #expect(s.string(yes, 2) == "○")
        #expect(s.number(yes, 3) == nil && (s.string(yes, 3) ?? "").isEmpty)
        let no = try #require(s.questionRow("P1", "設置していない"))
        #expect((s.string(no, 2) ?? "").isEmpty)
        // 全国 beside it is still a distribution: 2 prefectures answered, 1 設置している.
        #expect(s.number(yes, 4) == 1)
        #expect(approx(s.number(yes, 5), 0.5))
        // An integer: the value itself on 合計, ○ on its band, nothing on the other statistics.
        let sum = try #require(s.questionRow("P7_1", "合計"))
        #expect(s.number(sum, 2) == 12)
        #expect((s.string(try #require(s.questionRow("P7_1", "平均")), 2) ?? "").isEmpty)
        let marks = (0..<200).compactMap { r in s.string(r, 2) == "○" ? r : nil }
        #expect(marks.contains { s.string($0, 1)?.hasSuffix("（分布）") == true }, "P7_1's band is marked")
        #expect(!marks.contains(try #require(s.questionRow("P7_1", "無回答"))))
        // The 市町村票 of the same sheet stays counts and ％ (Tokyo: 3 answered M2, 2 設置している).
        let m2 = try #require(s.questionRow("M2", "設置している"))
        #expect(s.number(m2, 2) == 2 && approx(s.number(m2, 3), 2.0 / 3))
        // No cell of Tokyo's own 都道府県票 column reads as a ％.
        let section = try #require(s.ws.cells.first { $0.ref.column == 0 && $0.text.hasPrefix("都道府県票（") }?.ref.row)
        let end = s.ws.cells.filter { $0.ref.column == 0 && $0.text.hasPrefix("市町村票（") }.map(\.ref.row).min() ?? Int.max
        let percents = s.ws.cells.filter { $0.ref.row > section && $0.ref.row < end && $0.ref.column == 3 && !$0.text.isEmpty }
        #expect(percents.isEmpty, "\(percents.map(\.text))")
    }

    /// Osaka answered P1 with 設置していない, so P1_1 did not apply: "－", no ○ and no 0.0%.
    @Test func notApplicableIsADash() throws {
        let s = try Sheet(Self.applicable.folder + "/prefectures/27_大阪府.xlsx", "集計")
        let n = try #require(s.questionRow("P1_1", "n（対象者数）"))
        #expect(s.string(n, 2) == "－")
        let no = try #require(s.questionRow("P1", "設置していない"))
        #expect(s.string(no, 2) == "○")
    }

    /// 都道府県別一覧: the P1 column is each prefecture's answer (○), the 全国 row a ％.
    @Test func indicatorOfThePrefectureFormIsAnAnswer() throws {
        let s = try Sheet(Self.applicable.folder + "/全国集計.xlsx", "都道府県別一覧")
        let column = try #require((0..<30).first { s.string(3, $0) == "都道府県の協議会の設置" })
        let tokyo = try #require(s.row("東京都", column: 1)), osaka = try #require(s.row("大阪府", column: 1))
        let okinawa = try #require(s.row("沖縄県", column: 1)), nation = try #require(s.row("全国", column: 1))
        #expect(s.string(tokyo, column) == "○")
        #expect((s.string(osaka, column) ?? "").isEmpty)
        #expect(s.string(okinawa, column) == "－")  // no 都道府県票
        #expect(approx(s.number(nation, column), 0.5))
        // No data bar on that column: the sheet's conditional formats skip it.
        let national = Self.applicable.folder + "/全国集計.xlsx"
        let index = try #require(try Workbook(path: national).sheets.firstIndex { $0.name == "都道府県別一覧" })
        let xml = try unzipped("xl/worksheets/sheet\(index + 1).xml", of: national)
        let letter = CellRef.columnLetters(column)
        #expect(xml.contains("<conditionalFormatting"), "the other columns keep theirs")
        #expect(!xml.contains("sqref=\"\(letter)5:\(letter)"), "a format on column \(letter)")
    }
}

/// One part of an .xlsx, read with `unzip -p` (conditional formats are not the reader's business).
func unzipped(_ part: String, of file: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
    process.arguments = ["-p", file, part]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
