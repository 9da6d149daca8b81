import Foundation
@testable import Ingest
import SurveyModel
import XLSXReader
import Testing
@testable import ReportKit

/// The respondent of a rejected file guessed from its name (不受理ファイル of the 疑義照会票).
@Suite struct RejectedFileGuessTests {
    static let known: Set<String> = ["131016", "130001", "011002"]

    @Test(arguments: [
        ("市町村票_131016_千代田区.xls", "131016"),       // 6 digits with a valid check digit
        ("13101_千代田区_回答.xlsx", "131016"),           // 5 digits: the check digit is completed
        ("都道府県票130001.pdf", "130001"),
        ("2023-09-01_011002.xlsx", "011002"),           // a date's digits are no code; the next run is
        ("131017_千代田区.xlsx", nil),                    // wrong check digit
        ("999999.xlsx", nil),                            // not in the master list
        ("回答.xlsx", nil),
    ] as [(String, String?)])
    func codeInFileName(_ name: String, _ expected: String?) {
        #expect(ReportContext.codeInName(name, known: Self.known.contains) == expected)
    }
}

/// The 疑義照会票 on paper: every query with its reply columns on one landscape A4 width at
/// ≥ 8 pt, the options numbered where the question has them, rows as tall as their text.
@Suite struct QueryPrintTests {
    /// Tokyo's fixture issues plus queries on a choice question (short options, in the row) and on
    /// one with 27 options (named in the row, listed on 選択肢一覧).
    static func written() throws -> String {
        var input = Fixture.input()
        let ward = Respondent(form: .muni, code: Fixture.muni("13", .specialWard).code)
        for (i, q) in ["M2", "M9"].enumerated() {
            input.issues.append(Issue(.warning, IssueRule(rawValue: "required"), input: InputID(path: "inbox/a.xlsx"), respondent: ward,
                                      sheet: "回答", cell: CellRef("D\(30 + i)"), question: q, questionLabel: "", value: nil,
                                      message: "回答が必要です。"))
        }
        let ctx = ReportContext(input)
        let path = NSTemporaryDirectory() + "query-" + UUID().uuidString + ".xlsx"
        try QueryWorkbook.write(ctx, try #require(ctx.prefectureByPrefCode["13"]), to: path)
        return path
    }

    @Test func oneLandscapeWidthWithOptionsAndReplies() throws {
        let path = try Self.written()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let book = try Workbook(path: path)
        let index = try #require(book.sheets.first { $0.name == QueryForm.sheetName }).index
        let layout = try book.layout(ofSheetAt: index)
        let setup = layout.pageSetup
        // A fixed scale, not "fit to width" (manual row breaks are ignored on a fitted sheet), at ≥ 8/9.
        #expect(setup.landscape && !setup.fitToPage, "\(setup)")
        #expect(Double(setup.scale) / 100 >= QueryWorkbook.minimumScale, "\(setup)")
        #expect(layout.columnBreaks.isEmpty)
        // Fitted to the width at ≥ 8/9: its 9 pt text prints at ≥ 8 pt.
        // 未反映の回答 is hidden when no reply came back unapplied (the fixture has none).
        #expect(layout.hiddenColumns.contains(QueryForm.Column.previousReply.rawValue))
        let visible = QueryForm.Column.allCases.filter { $0.term != nil && !layout.hiddenColumns.contains($0.rawValue) }
        // Widths as set (the file stores them rounded up to whole pixels, + 5/7).
        let points = visible.map { PageGeometry.points(columnWidth: (layout.columnWidths[$0.rawValue] ?? 8.43) - 5.0 / 7) }.reduce(0, +)
        // At the smallest whole percent ≥ 8/9, with the width margin LibreOffice needs (it draws columns a little wider).
        #expect(Double(setup.scale) / 100 == QueryWorkbook.printScale, "\(setup)")
        #expect(points * Double(setup.scale) / 100 <= PageGeometry.printableWidth.landscape * PageGeometry.widthMargin, "\(points) pt at \(setup.scale)%")
        #expect(QueryWorkbook.minimumScale * QueryWorkbook.fontSize >= 8 - 1e-9)
        let ws = try book.worksheet(at: index)
        func cell(_ row: Int, _ c: QueryForm.Column) -> String { ws.cell(row: row, column: c.rawValue)?.text ?? "" }
        let rows = (QueryForm.headerRow + 1)...(QueryForm.headerRow + 4)
        let m2 = try #require(rows.first { cell($0, .questionID) == "M2" })
        #expect(cell(m2, .options) == "1 設置している／2 設置していない", "\(cell(m2, .options))")
        #expect(cell(m2, .questionNumber) == "問2" || !cell(m2, .questionNumber).isEmpty)
        let m9 = try #require(rows.first { cell($0, .questionID) == "M9" })
        #expect(cell(m9, .options).hasPrefix(QueryWorkbook.optionSheet), "\(cell(m9, .options))")
        let list = try book.worksheet(named: QueryWorkbook.optionSheet)
        #expect(list.cells.contains { $0.text.hasPrefix("1 予算の確保\n2 ") }, "\(list.cells.map(\.text).prefix(12))")
        // Every visible heading is the glossary's word, the reply columns among them.
        for c in QueryForm.Column.allCases where c.term != nil {
            #expect(Term(heading: cell(QueryForm.headerRow, c)) == c.term, "\(c): \(cell(QueryForm.headerRow, c))")
        }
        // Rows sized to their text: the longest cell of each query row fits its height.
        for r in rows where !cell(r, .queryID).isEmpty {
            let texts = visible.filter { !$0.isReply }.map { ($0, cell(r, $0)) }
            #expect(layout.rowHeights[r] ?? 15 >= QueryWorkbook.rowHeight(texts) - 0.5, "row \(r)")
        }
    }

    /// Citations of other questions become their 問番号 wherever they stand in the message, as a
    /// replacement question by question would make them; brackets that cite nothing stay.
    @Test func citationsAreReplacedAsOneByOne() throws {
        let form = try #require(Fixture.codebook.form(.muni))
        let numbered = form.questions.filter { !$0.number.isEmpty }
        let a = try #require(numbered.first), b = try #require(numbered.last)
        func issue(_ message: String) -> Ingest.Issue {
            Issue(.warning, IssueRule(rawValue: "not_applicable"), input: InputID(path: "inbox/a.xlsx"),
                  respondent: Respondent(form: .muni, code: Fixture.muni("13", .specialWard).code), sheet: "回答",
                  cell: CellRef("D30"), question: nil, questionLabel: "", value: "1", message: message)
        }
        let cases = [
            ("「\(a.printedName)」と「\(b.printedName)」が矛盾します。「\(a.printedName)」", "\(a.number)と\(b.number)が矛盾します。\(a.number)"),
            ("「未知の設問」「「\(b.printedName)」を確認", "「未知の設問」「\(b.number)を確認"),
            ("「\(a.printedName)」」と「\(b.printedName)", "\(a.number)」と「\(b.printedName)"),
            ("かっこなし", "かっこなし"),
        ]
        for (message, expected) in cases {
            var oneByOne = message
            for q in numbered { oneByOne = oneByOne.replacingOccurrences(of: "「" + q.printedName + "」", with: q.number) }
            #expect(oneByOne == expected)
            #expect(QueryWorkbook.shortMessage(issue(message), question: nil, form: form) == expected, "\(message)")
        }
    }

    /// The message names neither the row's own question nor another question's text: 問番号 only.
    @Test func messageCitesQuestionsByNumber() throws {
        let form = try #require(Fixture.codebook.form(.muni))
        let q = try #require(form.questions.first { $0.condition != nil && !$0.number.isEmpty })
        let guardQ = try #require(form.questions.first { !$0.number.isEmpty && $0.id != q.id })
        let issue = Issue(.warning, IssueRule(rawValue: "not_applicable"), input: InputID(path: "inbox/a.xlsx"),
                          respondent: Respondent(form: .muni, code: Fixture.muni("13", .specialWard).code), sheet: "回答",
                          cell: CellRef("D30"), question: q.id, questionLabel: "", value: "1",
                          message: "\(q.printedName)は「\(guardQ.printedName)」の回答により回答不要です。")
        #expect(QueryWorkbook.shortMessage(issue, question: q, form: form) == "\(guardQ.number)の回答により回答不要です。")
        // The label without its condition: 「協議会の開催圏域（協議会を設置している場合）」 → 「協議会の開催圏域」.
        if q.label.hasSuffix("場合）") { #expect(!QueryWorkbook.shortLabel(q).contains("場合") && q.label.hasPrefix(QueryWorkbook.shortLabel(q))) }
    }

    /// A long message wraps into more lines and a taller row; a short one keeps the row low.
    @Test func rowHeightFollowsTheText() {
        let short = QueryWorkbook.rowHeight([(.message, "未回答です。")])
        let long = QueryWorkbook.rowHeight([(.message, String(repeating: "回答を確認してください。", count: 8))])
        #expect(short <= 20 && long > 3 * short, "\(short) \(long)")
    }
}

/// 前回の回答 on a query asked again: the latest unapplied reply by 回答日, whatever order the files came in.
@Suite struct LastReplyTests {
    static func reply(_ value: String, on day: String, file: String, _ outcome: Correction.Outcome) -> Correction {
        var c = Correction(respondent: nil, question: "M2", rule: "required", original: "", corrected: value,
                           source: InputID(path: "inbox/\(file)"), row: 7, kind: .prefecture, by: "", on: day, note: "",
                           outcome: outcome, reason: "選択肢にない値です。")
        c.queryID = "Q1"; c.repliedAt = day
        return c
    }

    @Test(arguments: [false, true])
    func latestByReplyDayNotFileOrder(_ laterFirst: Bool) {
        var input = Fixture.input()
        let early = Self.reply("5", on: "2026-11-02", file: "13_東京都_回答.xlsx", .refused)
        let late = Self.reply("たくさん", on: "2026-11-09", file: "13_東京都_再回答.xlsx", .refused)
        input.corrections = laterFirst ? [late, early] : [early, late]
        let said = ReportContext(input).lastReply["Q1"] ?? ""
        #expect(said.contains("「たくさん」") && !said.contains("「5」"), "\(said)")
    }
}

/// A query row's height counts its text's lines found by byte as splitting by Character found them:
/// CR LF one break, a lone CR none, an LF before a combining mark still one.
@Suite struct QueryRowLines {
    @Test func linesByByteAreTheCharacterSplitsLines() {
        var rng = SplitMix64(seed: 0x11E5)
        func reference(_ c: QueryForm.Column, _ text: String) -> Int {
            let perLine = max(2, 2 * (QueryWorkbook.width(c) * 8 - 6) / (QueryWorkbook.fontSize * 4 / 3))
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { max(1, Int((Double(TextUnits.count(String($0))) / perLine).rounded(.up))) }.reduce(0, +)
        }
        let pieces = ["\n", "\r", "\r\n", "\u{0301}", "あ", "a", "回答が範囲外です。", "ｱ", "  ", "\n\n"]
        for _ in 0..<3_000 {
            let text = (0..<rng.below(40)).map { _ in rng.pick(pieces) }.joined()
            for c in [QueryForm.Column.message, .value, .question] {
                #expect(QueryWorkbook.lines(c, text) == reference(c, text), "\(text.debugDescription)")
            }
        }
    }
}
