import Foundation
import Ingest
import RenkeiRun
import SurveyModel
import TestSupport
import Testing
import XLSXReader
@testable import ReportKit

@Suite("Reports on a small fixed survey", .serialized)
struct ReportTests {
    static let written: (folder: String, files: [WrittenFile]) = try! Fixture.write()
    var national: String { Self.written.folder + "/全国集計.xlsx" }
    var tokyo: String { Self.written.folder + "/prefectures/13_東京都.xlsx" }

    @Test func writesEveryFile() {
        let paths = Self.written.files.map(\.path)
        #expect(paths.contains("全国集計.xlsx"))
        #expect(paths.contains("prefectures/13_東京都.xlsx"))
        #expect(paths.contains("prefectures/27_大阪府.xlsx"))
        #expect(paths.contains("prefectures/47_沖縄県.xlsx"))
        for f in ["answers.csv", "issues.csv", "ledger.csv", "summary.json", "corrections.csv", "issues-state.json",
                  "疑義照会/13_東京都.xlsx", "疑義照会/47_沖縄県.xlsx"] { #expect(paths.contains(f)) }
        #expect(Self.written.files.allSatisfy { $0.bytes > 0 })
    }

    @Test func nationalSheetsInOrder() throws {
        let names = try Workbook(path: national).sheets.map(\.name)
        #expect(names == ["表紙", "回収状況", "都道府県票", "市町村票", "コーディネーター票", "場面・テーマ別", "都道府県別一覧", "疑義件数"])
        let pref = try Workbook(path: tokyo).sheets.map(\.name)
        #expect(pref == ["表紙", "回収状況", "市町村別回答一覧", "コーディネーター", "集計", "場面・テーマ別", "疑義一覧", "修正履歴", "都道府県票"])
    }

    @Test func coverShowsAsOfNotClock() throws {
        let s = try Sheet(national, "表紙")
        let r = try #require(s.row("集計基準日時", column: 0))
        #expect(s.string(r, 1) == "2023-09-20 17:00")
        let filesRow = try #require(s.row("受理", column: 0))
        #expect(s.number(filesRow, 1) == 12)
        let muni = try #require(s.row("市町村票", column: 0))
        #expect(s.number(muni, 1) == 7)      // received
        #expect(s.number(muni, 2) == 11)     // municipalities in the fixture list
        #expect(approx(s.number(muni, 3), 7.0 / 11))
    }

    @Test func nationalQuestionTable() throws {
        let s = try Sheet(national, "市町村票")
        // n is everyone asked (6 answered + 1 blank); ％ of that, 無回答 with its ％ (default base).
        let n = try #require(s.questionRow("M2", "n（対象者数）"))
        #expect(s.number(n, 2) == 7)
        let yes = try #require(s.questionRow("M2", "設置している"))
        #expect(s.number(yes, 2) == 3)
        #expect(approx(s.number(yes, 3), 3.0 / 7))
        let none = try #require(s.questionRow("M2", "無回答"))
        #expect(s.number(none, 2) == 1)
        #expect(approx(s.number(none, 3), 1.0 / 7))
        // Conditional: M2_1 is asked only of the three with a council; one left it blank.
        let cn = try #require(s.questionRow("M2_1", "n（対象者数）"))
        #expect(s.number(cn, 2) == 3)
        #expect(s.number(try #require(s.questionRow("M2_1", "無回答")), 2) == 1)
        // By kind: 全国, 指定都市, 市, 特別区, 町, 村 — 特別区 is group 3 (columns I:J).
        #expect(s.string(3, 8) == "特別区")
        #expect(s.number(yes, 8) == 1)
        #expect(approx(s.number(yes, 9), 1.0))
        #expect(s.number(n, 4) == 1)  // 指定都市 n
        #expect(s.number(try #require(s.questionRow("M2", "無回答")), 10) == 1)  // 町 (大阪の町) 無回答
    }

    @Test func integerStatistics() throws {
        let s = try Sheet(national, "市町村票")
        #expect(s.number(try #require(s.questionRow("M2_2", "n（対象者数）")), 2) == 3)
        #expect(s.number(try #require(s.questionRow("M2_2", "合計")), 2) == 13)
        #expect(s.number(try #require(s.questionRow("M2_2", "中央値")), 2) == 4)
        #expect(s.number(try #require(s.questionRow("M2_2", "最大")), 2) == 6)
    }

    @Test func categoryMatrixCells() throws {
        let s = try Sheet(national, "場面・テーマ別")
        let daily = try #require(s.row("日常の療養支援", column: 1))
        #expect(s.number(daily, 2) == 7)           // n: everyone asked (4 answered, 3 blank)
        #expect(s.number(daily, 3) == 3)           // 取組あり
        #expect(approx(s.number(daily, 4), 3.0 / 7))
        let countHead = try #require(s.row("取組の内容（件数）　全国", column: 0))
        let countRow = try #require(s.row("日常の療養支援", column: 1, from: countHead))
        #expect(s.number(countRow, 2) == 3)        // n of M6_daily_1: the municipalities with initiatives, shown once
        #expect(s.number(countRow, 3) == 2)        // 現状分析・課題抽出
        #expect(s.number(countRow, 5) == 2)        // 医療・介護関係者による会議・協議
        let shareHead = try #require(s.row("取組の内容（％）　全国", column: 0))
        let shareRow = try #require(s.row("日常の療養支援", column: 1, from: shareHead))
        #expect(approx(s.number(shareRow, 3), 2.0 / 3))
    }

    @Test func prefectureBesideNation() throws {
        let s = try Sheet(tokyo, "集計")
        #expect(s.string(3, 2) == "東京都")
        #expect(s.string(3, 4) == "全国")
        let yes = try #require(s.questionRow("M2", "設置している"))
        #expect(s.number(yes, 2) == 2)
        #expect(approx(s.number(yes, 3), 2.0 / 3))
        #expect(s.number(yes, 4) == 3)
        #expect(approx(s.number(yes, 5), 3.0 / 7))
        let m = try Sheet(tokyo, "場面・テーマ別")
        let daily = try #require(m.row("日常の療養支援", column: 1))
        #expect(m.number(daily, 3) == 2 && m.number(daily, 8) == 3)
    }

    @Test func prefectureStatusAndAnswers() throws {
        let s = try Sheet(tokyo, "回収状況")
        let village = Fixture.muni("13", .village)
        let r = try #require(s.row(village.code, column: 0))
        #expect(s.string(r, 3) == "未回収")
        #expect(s.row("未回収の市町村（1）", column: 0) != nil)
        let city = Fixture.muni("13", .city)
        let c = try #require(s.row(city.code, column: 0))
        #expect(s.string(c, 6) == "受理")
        #expect(s.number(c, 7) == 2)  // accepted + superseded

        let a = try Sheet(tokyo, "市町村別回答一覧")
        let ward = Fixture.muni("13", .specialWard)
        let w = try #require(a.row(ward.code, column: 0))
        let header = a.ws.cells.filter { $0.ref.row == 3 }
        let m1 = try #require(header.first { $0.text.hasPrefix("問1　") }).ref.column  // 問番号, never the id
        #expect(a.string(w, m1) == "一部委託")
        #expect(a.string(w, m1 + 1) == "○")        // M1_1 option 1
        #expect(a.string(w, m1 + 2) == nil)        // option 2 not chosen
        #expect(a.string(w, m1 + 3) == "○")
        // Text is text, never a formula.
        #expect(a.ws.cells.contains { $0.value == .string("=HYPERLINK(\"x\")") })
        #expect(a.row(Fixture.muni("13", .village).code, column: 0) != nil)  // not returned, still listed

        let i = try Sheet(tokyo, "疑義一覧")
        #expect(i.string(4, 0) == ward.code)
        #expect(i.allText.contains("leak-ward@example.test"))  // own respondents' values, unmasked
    }

    @Test func noLeakageBetweenPrefectures() throws {
        for pref in Fixture.prefectures {
            let path = Self.written.folder + "/prefectures/" + PrefectureWorkbook.fileName(pref)
            let texts = Set(try allCellTexts(path))
            let joined = texts.joined(separator: "\n")
            for m in Fixture.municipalities where m.prefCode != pref.prefCode {
                #expect(!texts.contains(m.code), "\(pref.name) shows \(m.code)")
                #expect(!joined.contains(m.name), "\(pref.name) shows \(m.name)")
            }
            for other in Fixture.prefectures where other.prefCode != pref.prefCode {
                #expect(!joined.contains(other.name), "\(pref.name) names \(other.name)")
            }
            for c in Fixture.contacts where c.pref != pref.prefCode {
                #expect(!joined.contains(c.value), "\(pref.name) shows contact \(c.value)")
            }
        }
        // The coordinators' own prefecture does see them.
        #expect(try allCellTexts(tokyo).contains { $0.contains("連絡C") })
    }

    @Test func nationalOutputsCarryNoContacts() throws {
        let national = try allCellTexts(self.national).joined(separator: "\n")
        let answers = try String(contentsOfFile: Self.written.folder + "/answers.csv", encoding: .utf8)
        let issues = try String(contentsOfFile: Self.written.folder + "/issues.csv", encoding: .utf8)
        let summary = try String(contentsOfFile: Self.written.folder + "/summary.json", encoding: .utf8)
        for c in Fixture.contacts {
            #expect(!national.contains(c.value), "national workbook shows \(c.value)")
            #expect(!answers.contains(c.value), "answers.csv shows \(c.value)")
            #expect(!issues.contains(c.value), "issues.csv shows \(c.value)")
            #expect(!summary.contains(c.value))
        }
        #expect(!national.contains("連絡"))
        #expect(issues.contains("＊＊＊"))
    }

    @Test func answersCSVIsLongAndEscaped() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.written.folder + "/answers.csv"))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let ward = Fixture.muni("13", .specialWard).code
        #expect(lines.contains("MUNI,\(ward),13,,M1_1,回答,1;3,郡市区医師会;地域包括支援センター,"))
        #expect(lines.contains("MUNI,\(ward),13,,M2_2,回答,,4,"))
        #expect(lines.contains("MUNI,\(Fixture.muni("27", .designatedCity).code),27,,M2_1,無回答,,,"))
        #expect(lines.contains("MUNI,\(Fixture.muni("13", .city).code),13,,M1_1,非該当,,,"))
        #expect(text.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(!text.contains(",contact_name,") && !text.contains(",email,"))
        let muniQuestions = Fixture.codebook.form(.muni)!.questions.filter(\.isTabulated).count
        let total = Fixture.codebook.forms.map { f in
            f.questions.filter(\.isTabulated).count * Fixture.responses.filter { $0.respondent.form == f.id }.count
        }.reduce(0, +)
        #expect(muniQuestions > 30)
        #expect(lines.count == total + 1)
    }

    @Test func summaryJSON() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.written.folder + "/summary.json"))
        let summary = try SummaryJSON.read(data)
        #expect(summary.schemaVersion == SummaryJSON.currentSchema)
        #expect(summary.responses["MUNI"] == 7)
        #expect(summary.files["superseded"] == 1)
        let daily = try #require(summary.categories.first)
        #expect(daily.id == "daily")
        // 3 ある of 4 valid answers and 3 blanks: the default base counts everyone asked.
        #expect(daily.withInitiative.count == 3 && daily.withInitiative.n == 7 && daily.withInitiative.noAnswer == 3)
        #expect(summary.percentBase == .applicable)
        #expect(summary.prefectures.count == 3)
        // One key style with run.json: snake_case (data keys such as indicator ids stay as they are).
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"with_initiative\" : {") && text.contains("\"no_answer\" : 3") && text.contains("\"run_id\" : ")
                && !text.contains("withInitiative") && !text.contains("\"percentBase\""))
        #expect(summary.prefectures.allSatisfy { Set($0.indicators.keys) == Set(summary.prefectures[0].indicators.keys) })
    }

    /// A summary.json of schema 1 (camelCase, bare numbers, no version) still reads: last year's
    /// run serves as --previous.
    @Test func summaryJSONOfSchemaOneReads() throws {
        let old = """
            {"asOf":"2023-09-20 17:00","categories":[{"id":"daily","initiatives":{},"kind":"scene","label":"日常の療養支援",
             "n":7,"noAnswer":3,"share":0.428571,"withInitiative":3}],"files":{},"issues":{},
             "prefectures":[{"code":"130001","coordinators":0,"indicators":{"M6_acute=1":0.5,"COORD":2},"issues":{},
             "municipalitiesReturned":2,"municipalitiesTotal":62,"municipalityRate":0.032258,"name":"東京都","prefCode":"13",
             "prefectureReturned":true}],"responseRates":{"MUNI":0.1,"PREF":null},"responses":{"MUNI":2},"runID":"abc",
             "survey":{"id":"zaitaku-renkei","title":"t","version":"R5-1","year":"2023"}}
            """
        let s = try SummaryJSON.read(Data(old.utf8))
        #expect(s.schemaVersion == nil && s.percentBase == nil && s.runID == "abc" && s.asOf == "2023-09-20 17:00")
        #expect(s.prefectures.first?.prefCode == "13" && s.prefectures.first?.municipalitiesTotal == 62)
        #expect(s.categories.first?.withInitiative.count == 3)
        #expect(s.prefectures.first?.indicators["M6_acute=1"]?.share == 0.5 && s.prefectures.first?.indicators["COORD"]?.count == 2)
    }

    @Test func deterministic() throws {
        let again = try Fixture.write()
        #expect(again.files.map(\.path) == Self.written.files.map(\.path))
        for f in again.files {
            let a = try Data(contentsOf: URL(fileURLWithPath: Self.written.folder + "/" + f.path))
            let b = try Data(contentsOf: URL(fileURLWithPath: again.folder + "/" + f.path))
            #expect(a == b, "\(f.path) differs between two runs")
        }
        try? FileManager.default.removeItem(atPath: again.folder)
    }
}

@Suite("CSV escaping")
struct CSVTests {
    @Test func formulaInjection() {
        #expect(CSV.field("=cmd") == "'=cmd")
        #expect(CSV.field("+1") == "'+1")
        #expect(CSV.field("-1") == "'-1")
        #expect(CSV.field("@x") == "'@x")
        #expect(CSV.field("\tx") == "'\tx")
        #expect(CSV.field("=1,2") == "\"'=1,2\"")
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a\"b") == "\"a\"\"b\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.line(["a", "=b"]) == "a,'=b\r\n")
    }

    /// The byte buffer behind the exports writes exactly what the String functions write.
    @Test func bufferMatchesStringFields() {
        let fields = ["", " ", "a ", " a", "=1", "-", "@x y", "\tx", "\rx", "a,b", "a\"b", "\"", "\"\u{301}x",
                      "two\nlines", "東京都", "＝全角", "'quoted'", "x\r\n", "+81 3", "a;b", "=\"x\""]
        let header = ["h1", "h 2 "]
        let rows = stride(from: 0, to: fields.count, by: 3).map { Array(fields[$0..<min($0 + 3, fields.count)]) }
        let expected = CSV.bom + CSV.line(header) + rows.map(CSV.line).joined()
        #expect(CSV.documentBytes(header: header, rows: rows) == Array(expected.utf8))
        #expect(Array(CSV.document(header: header, rows: rows).utf8) == Array(expected.utf8))
        for f in fields { #expect(CSVBuffer.escaped(f) == Array(CSV.field(f).utf8), "\(f.debugDescription)") }
        // Streamed in pieces (issues.csv, ledger.csv): the same bytes, in more than one piece.
        var pieces: [[UInt8]] = []
        CSV.writeDocument(header: header, rows: rows, chunk: 16) { pieces.append($0) }
        #expect(pieces.count > 2)
        #expect(Array(pieces.joined()) == Array(expected.utf8))
    }

    /// Control characters in a field are made visible before quoting and defusing.
    @Test(arguments: [("\u{85}次.xlsx", "\\x85次.xlsx"), ("a\u{1B}b", "a\\x1Bb"), ("x\r\ny", "\"x\ny\""),
                      ("\u{7F}=1", "\\x7F=1"), ("tab\tok", "tab\tok")])
    func controlCharactersMadeVisible(_ value: String, _ field: String) {
        #expect(CSV.field(value) == field)
        #expect(CSVBuffer.escaped(value) == Array(field.utf8))
    }

    /// Every time of the reports and the ledger in the input's zone (Japan time unless told).
    @Test(arguments: [("Asia/Tokyo", "2023/09/12 15:26", 15 * 60 + 26), ("UTC", "2023/09/12 06:26", 6 * 60 + 26)])
    func timesInTheInputsZone(_ zone: String, _ shown: String, _ minutes: Int) throws {
        var input = Fixture.input()
        if zone != "Asia/Tokyo" { input.timeZone = TimeZone(identifier: zone)! }
        #expect(Fixture.input().timeZone.identifier == "Asia/Tokyo")
        let folder = NSTemporaryDirectory() + "reportkit-zone-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)  // as staging is
        _ = try ReportOutputs.writeAll(input, to: folder)
        let ward = Fixture.muni("13", .specialWard)
        let ledger = String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/ledger.csv")), as: UTF8.self)
        let line = try #require(ledger.split(separator: "\r\n").first { $0.hasPrefix("inbox/\(ward.code)_0.xlsx,") })
        #expect(line.hasSuffix("," + shown))
        let s = try Sheet(folder + "/prefectures/13_東京都.xlsx", "回収状況")
        let r = try #require(s.row(ward.code, column: 0))
        let serial = try #require(s.number(r, 5))
        #expect(((serial - 45181) * 1440).rounded(.down) == Double(minutes))
    }

    /// Hand-padded digits read as the printf format did.
    @Test func timestampsInJapanTime() {
        #expect(ReportContext.timestamp(nil) == "")
        #expect(ReportContext.timestamp(Date(timeIntervalSince1970: 1_694_495_000)) == "2023/09/12 14:03")
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = ReportContext.tokyo
        for seconds in stride(from: -70_000_000_000.0, through: 4_000_000_000, by: 123_456_789.0) {
            let date = Date(timeIntervalSince1970: seconds)
            let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let printf = String(format: "%04d/%02d/%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
            #expect(ReportContext.timestamp(date) == printf)
        }
    }

    /// Sort keys padded by hand read as printf's %0Nd: negative, short, exact and too long alike.
    @Test func handPaddedSortKeysReadAsPrintf() {
        var rng = SplitMix64(seed: 0x9AD)
        for _ in 0..<3_000 {
            let n = [rng.below(10), rng.below(1_000), rng.below(100_000_000), -rng.below(1_000), Int.max - rng.below(10), Int.min + rng.below(10)][rng.below(6)]
            let width = rng.below(9)
            #expect(Shown.zeroPadded(n, width) == String(format: "%0*ld", width, n), "\(n) \(width)")
        }
        #expect(CellOrder.key(CellRef(row: 8, column: 3)) == "000000900003")
    }

    /// Sorting by keys made once gives the order of comparing freshly made keys, ties included.
    @Test func issuesInReportOrder() {
        var rng = SystemRandomNumberGenerator()
        let issues = (Fixture.issues + Fixture.issues).shuffled(using: &rng)
        let expected = issues.sorted { Ingest.Issue.reportKey($0).lexicographicallyPrecedes(Ingest.Issue.reportKey($1)) }
        #expect(Ingest.Issue.inReportOrder(issues) == expected)
    }

    /// answers.csv written into one buffer equals the line-by-line String rendering it replaced.
    @Test func answersCSVMatchesRowRendering() {
        var rows: [[String]] = []
        for r in Fixture.responses.sorted(by: { $0.respondent < $1.respondent }) {
            guard let form = Fixture.codebook.form(r.respondent.form) else { continue }
            let who = r.respondent
            let lead = [who.form.rawValue, who.code, who.prefectureCode, who.coordinatorNumber.map(String.init) ?? ""]
            for q in form.questions where q.isTabulated && !q.pii {
                let a = r.answers[q.id]
                let state = a != nil ? "回答" : (r.isAsked(q) ? "無回答" : "非該当")
                var codes = "", value = ""
                switch a {
                case .single(let c)?: codes = String(c); value = q.option(code: c)?.label ?? ""
                case .multi(let cs)?:
                    codes = cs.map(String.init).joined(separator: ";")
                    value = cs.map { q.option(code: $0)?.label ?? String($0) }.joined(separator: ";")
                case .integer(let n)?: value = String(n)
                case .text(let t)?: value = t
                case nil: break
                }
                rows.append(lead + [q.id, state, codes, value, ""])
            }
        }
        let expected = CSV.bom + CSV.line(AnswersCSV.header) + rows.map(CSV.line).joined()
        #expect(AnswersCSV.bytes(codebook: Fixture.codebook, responses: Fixture.responses) == Array(expected.utf8))
    }

    @Test func widthCountsFullWidthAsTwo() {
        #expect(TextWidth.units("abc") == 3)
        #expect(TextWidth.units("東京都") == 6)
        #expect(TextWidth.units("ｱｲｳ") == 3)
        #expect(TextWidth.units("é😀ﾟ\u{1100}\u{10FF}") == 1 + 2 + 1 + 2 + 1)
    }

    /// The byte walk must measure lines exactly as splitting on Character "\n" did.
    @Test func widestLineAsSplitOnNewline() {
        #expect(TextWidth.widest("") == 0)
        #expect(TextWidth.widest("ab\n東京都\nc") == 6)
        #expect(TextWidth.widest("\n\nabc\n") == 3)
        #expect(TextWidth.widest("ab\r\ncd") == 6)  // CR LF is one Character, not a line end
        for text in ["", "a", "a\nbb\n", "東\r\n京\n都道府県", "\r\n\n\r", "ｱ\nｲｳ😀\n"] {
            let old = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { TextWidth.units(String($0)) }.max() ?? 0
            #expect(TextWidth.widest(text) == old, "\(text.debugDescription)")
        }
        for n in [0, 7, 10, 999, 1000, -1, -10, Int.max, Int.min] {
            #expect(TextWidth.decimalLength(n) == String(n).count)
        }
    }

    @Test func issuesMaskedOnlyWhenAsked() {
        let masked = LedgerCSV.issues(Fixture.issues, codebook: Fixture.codebook, maskPII: true)
        let open = LedgerCSV.issues(Fixture.issues, codebook: Fixture.codebook, maskPII: false)
        #expect(!masked.contains("leak-ward@example.test") && masked.contains("＊＊＊"))
        #expect(open.contains("leak-ward@example.test"))
        #expect(masked.contains("数値で記入してください。") && masked.contains(",百,"))
    }
}
