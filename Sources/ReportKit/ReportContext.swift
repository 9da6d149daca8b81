import Foundation
import Ingest
import SurveyModel
import Tabulate
import XLSXWriter

/// Lookups every layout needs, made once per run and shared (read-only) by the parallel writers.
/// Public as what `ReportOutput.files` is given; outputs outside ReportKit read its `input`.
public struct ReportContext: Sendable {
    public let input: ReportInput
    var codebook: Codebook { input.codebook }
    var tabulation: Tabulation { input.tabulation }
    let municipalityByCode: [String: Municipality]
    let prefectureByCode: [String: Prefecture]
    let prefectureByPrefCode: [String: Prefecture]
    let responseByRespondent: [Respondent: Response]
    /// Question ids whose answers are personal contact data, per form.
    let piiQuestions: [FormID: Set<String>]
    /// Each prefecture's share of the input, by 2-digit prefCode, in input order: grouped once
    /// here instead of 47 workbooks each scanning the whole nation.
    let byPrefecture: [String: PrefectureShare]
    /// SHA-256 of each ledger file, by its inbox name.
    let shaByFile: [String: String]
    /// The 団体コード typed in a refused file, by its inbox name.
    let typedCodeByFile: [String: String]
    /// Ledger rows of refused files, picked once: each query workbook looks for its own among them.
    let refusedFiles: [FileRecord]
    /// Gregorian in the input's zone: every shown time goes through it.
    let calendar: Calendar
    /// Each form's national 回答データ table, made once for 回答データ.xlsx and wide/<form>.csv.
    private let wideTables = Memo<FormID, WideExport.Table>()
    var timeZone: TimeZone { input.timeZone }

    struct PrefectureShare: Sendable {
        var municipalities: [Municipality] = []
        /// A slice of the input's (sorted by respondent, so a prefecture's are adjacent): not a copy.
        var responses: ArraySlice<Response> = []
        /// Ledger rows of files identified as one of the prefecture's respondents.
        var files: [FileRecord] = []
        /// A slice of the input's (report order puts a prefecture's together): not a copy.
        var issues: ArraySlice<Issue> = []
    }

    public init(_ input: ReportInput) {
        self.input = input
        municipalityByCode = Dictionary(input.municipalities.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        prefectureByCode = Dictionary(input.prefectures.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        prefectureByPrefCode = Dictionary(input.prefectures.map { ($0.prefCode, $0) }, uniquingKeysWith: { a, _ in a })
        responseByRespondent = Dictionary(input.responses.map { ($0.respondent, $0) }, uniquingKeysWith: { a, _ in a })
        piiQuestions = Masker(codebook: input.codebook).piiQuestions
        var shares = [String: PrefectureShare]()
        for m in input.municipalities { shares[m.prefCode, default: .init()].municipalities.append(m) }
        for (code, part) in Self.runs(of: input.responses, by: { $0.respondent.prefectureCode }) {
            shares[code, default: .init()].responses = part
        }
        // Sized first: kept all run, so not left with the spare part of doubled buffers.
        var fileCounts = [String: Int]()
        for f in input.files { if let code = f.respondent?.prefectureCode { fileCounts[code, default: 0] += 1 } }
        for (code, n) in fileCounts { shares[code, default: .init()].files.reserveCapacity(n) }
        for f in input.files {
            if let code = f.respondent?.prefectureCode { shares[code, default: .init()].files.append(f) }
        }
        for (code, part) in Self.runs(of: input.issues, by: { $0.respondent?.prefectureCode }) {
            shares[code, default: .init()].issues = part
        }
        byPrefecture = shares
        typedCodeByFile = Dictionary(input.issues.compactMap { i in i.typedCode.map { (i.file, $0) } }, uniquingKeysWith: { a, _ in a })
        refusedFiles = input.files.filter { $0.state == .rejected }
        shaByFile = Dictionary(input.files.compactMap { f in f.sha256.map { (f.file, $0) } }, uniquingKeysWith: { a, _ in a })
        calendar = Self.calendar(input.timeZone)
    }

    /// Each key's elements as one slice of `all`, in `all`'s order (nil keys left out). Adjacent
    /// runs are sliced, not copied (at 10× the nation the issues alone were ~26 MB of copies); a key
    /// whose elements are not adjacent gets them gathered into one array, so nothing depends on the sort.
    static func runs<T>(of all: [T], by key: (T) -> String?) -> [(String, ArraySlice<T>)] {
        var spans: [(key: String, range: Range<Int>)] = []
        var start = 0
        while start < all.count {
            let k = key(all[start])
            var end = start + 1
            while end < all.count, key(all[end]) == k { end += 1 }
            if let k { spans.append((k, start..<end)) }
            start = end
        }
        let keys = spans.map(\.key)
        guard Set(keys).count == keys.count else {
            let grouped = Dictionary(grouping: spans, by: \.key)
            return grouped.keys.sorted().map { k in (k, ArraySlice(grouped[k]!.flatMap { all[$0.range] })) }
        }
        return spans.map { ($0.key, all[$0.range]) }
    }

    /// A form's national 回答データ (no contacts), made by whichever writer asks first.
    func nationalWideTable(_ form: Form) -> WideExport.Table {
        wideTables.value(form.id) { WideExport.table(self, form: form, responses: input.responses, contacts: false) }
    }

    /// A prefecture's municipalities, responses, files and issues (empty when it has none).
    func share(_ pref: Prefecture) -> PrefectureShare { byPrefecture[pref.prefCode] ?? .init() }


    /// The name a respondent goes by: 市区町村名, 都道府県名, or the 自治体 of a coordinator.
    func name(of code: String) -> String {
        municipalityByCode[code]?.name ?? prefectureByCode[code]?.name ?? ""
    }

    func masked(_ issue: Issue) -> Issue { Masker(piiQuestions: piiQuestions).masked(issue) }

    /// Hides what respondents wrote into contact fields.
    struct Masker {
        let piiQuestions: [FormID: Set<String>]

        init(piiQuestions: [FormID: Set<String>]) { self.piiQuestions = piiQuestions }
        init(codebook: Codebook) {
            var pii = [FormID: Set<String>]()
            for form in codebook.forms {
                pii[form.id] = Set(form.questions.filter(\.isContact).map(\.id))
            }
            piiQuestions = pii
        }

        /// Whether an issue is about a contact field, so its written value must not leave the prefecture.
        func isPII(_ issue: Issue) -> Bool {
            guard let q = issue.question else { return false }
            if let form = issue.respondent?.form { return piiQuestions[form]?.contains(q) ?? false }
            return piiQuestions.values.contains { $0.contains(q) }
        }

        /// The issue as it may appear outside its prefecture: a contact value and any echo of it in
        /// the message replaced by ＊＊＊.
        func masked(_ issue: Issue) -> Issue {
            guard isPII(issue), let value = issue.value, !value.isEmpty else { return issue }
            var copy = issue
            copy.value = ReportContext.mask
            copy.message = issue.message.replacingOccurrences(of: value, with: ReportContext.mask)
            return copy
        }
    }

    static let mask = "＊＊＊"

    func prefectureCode(of issue: Issue) -> String? { issue.respondent?.prefectureCode }

    /// 2023/09/12 14:03 in the report's zone (Japan time by default): what a prefecture official
    /// reads as "when". ledger.csv has one per file: the digits are padded by hand, as
    /// String(format:) goes through CFString formatting and was most of the cost.
    static func timestamp(_ date: Date?, calendar: Calendar = tokyoCalendar) -> String {
        guard let date else { return "" }
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let parts = [(c.year ?? 0, 4), (c.month ?? 0, 2), (c.day ?? 0, 2), (c.hour ?? 0, 2), (c.minute ?? 0, 2)]
        return Shown.dateTime(year: parts[0].0, month: parts[1].0, day: parts[2].0, hour: parts[3].0, minute: parts[4].0)
    }

    func timestamp(_ date: Date?) -> String { Self.timestamp(date, calendar: calendar) }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        return cal
    }

    static let tokyoCalendar = calendar(tokyo)

    /// Every report workbook: the default font (游ゴシック), temp files in memory when possible.
    static let workbookOptions = WorkbookWriter.Options(temporaryDirectory: WorkbookWriter.Options.memoryTemporaryDirectory)

    static let tokyo = ReportInput.tokyo

    /// How an answer reads in a table cell: the option label(s), the number, the text.
    static func display(_ value: AnswerValue?, question: Question) -> String {
        value.map { question.kind.display($0, question) } ?? ""
    }
}
