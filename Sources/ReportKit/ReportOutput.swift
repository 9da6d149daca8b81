import Foundation
import SurveyModel

/// One file of a run's output folder, or one per prefecture or form, registered once in
/// `ReportOutputs.all`: the writer, `run --help` (and so the man page) and README's list of
/// files all read the registry. (SendableMetatype: the parallel writer calls `files` through the type.)
protocol ReportOutput: SendableMetatype {
    /// The path as a reader finds it in a run folder: `prefectures/NN_都道府県名.xlsx`.
    static var pattern: String { get }
    /// What it is for, one Japanese line.
    static var purpose: String { get }
    /// Folders it writes into, made before any file is written.
    static var folders: [String] { get }
    /// Holds a prefecture's own contacts (names, phone numbers): written 0640 whatever the umask.
    static var holdsContacts: Bool { get }
    /// The files this run writes, each with its writer; empty when it writes none this run.
    static func files(_ ctx: ReportContext) -> [OutputFile]
}

extension ReportOutput {
    static var folders: [String] { [] }
    static var holdsContacts: Bool { false }
}

/// One file to write, relative to the output folder, and how.
struct OutputFile: Sendable {
    var path: String
    /// Writes the file at the absolute path given.
    var write: @Sendable (String) throws -> Void

    init(_ path: String, write: @escaping @Sendable (String) throws -> Void) {
        self.path = path; self.write = write
    }

    /// A file made in memory (CSV, JSON), written in one call.
    static func bytes(_ path: String, _ make: @escaping @Sendable () throws -> Data) -> OutputFile {
        OutputFile(path) { target in
            let data = try make()
            do { try data.write(to: URL(fileURLWithPath: target)) }
            catch { throw ReportError.cannotWrite(path: target, underlying: error.localizedDescription) }
        }
    }
}

/// One line of the registry: an output type's static members, read once.
struct RegisteredOutput: Sendable {
    let pattern: String
    let purpose: String
    let folders: [String]
    let holdsContacts: Bool
    let files: @Sendable (ReportContext) -> [OutputFile]

    init<Output: ReportOutput>(_ output: Output.Type) {
        pattern = Output.pattern; purpose = Output.purpose; folders = Output.folders; holdsContacts = Output.holdsContacts
        files = { Output.files($0) }
    }
}

/// How `run --help` and README list an output.
public struct OutputListing: Sendable, Equatable {
    public var pattern: String
    public var purpose: String
}

/// Every output of a run. Order is writing order too: the longest jobs (the national
/// workbook, 回答データ) first, so the parallel writer does not end on one of them.
public enum ReportOutputs {
    static let all: [RegisteredOutput] = [
        .init(NationalWorkbook.self),
        .init(AnswerDataOutput.self),
        .init(WideCSVOutput.self),
        .init(AnswersCSV.self),
        .init(CorrectionsCSV.self),
        .init(IssuesCSVOutput.self),
        .init(LedgerCSVOutput.self),
        .init(SummaryJSON.self),
        .init(RunState.self),
        .init(WidePrefectureCSVOutput.self),
        .init(PrefectureWorkbook.self),
        .init(QueryWorkbook.self),
        .init(RunRecordOutput.self),
        .init(DashboardOutput.self),
    ]

    /// Pattern and purpose of every output, in registry order (for `--help` and README's test).
    public static var listing: [OutputListing] { all.map { OutputListing(pattern: $0.pattern, purpose: $0.purpose) } }

    /// The listing as `run --help` prints it: each pattern, and its purpose indented below it
    /// (a Japanese line beside a long pattern would not fit the help's width).
    public static var helpText: String {
        listing.map { "  " + $0.pattern + "\n      " + $0.purpose }.joined(separator: "\n")
    }
}

// MARK: - The outputs

extension NationalWorkbook: ReportOutput {
    static let pattern = fileName
    static let purpose = "全国集計（回収状況、調査票ごとの単純集計、場面・テーマ別、都道府県別一覧、疑義件数）。連絡先を含まない"
    static func files(_ ctx: ReportContext) -> [OutputFile] {
        [OutputFile(fileName) { try write(ctx, to: $0) }]
    }
}

extension PrefectureWorkbook: ReportOutput {
    static let pattern = ReportWriter.prefectureFolder + "/NN_都道府県名.xlsx"
    static let purpose = "都道府県ごとの集計結果。その都道府県の回答者のみ（連絡先を含む）と全国の集計"
    static let folders = [ReportWriter.prefectureFolder]
    static let holdsContacts = true
    static func files(_ ctx: ReportContext) -> [OutputFile] {
        ctx.input.prefectures.map { pref in
            OutputFile(ReportWriter.prefectureFolder + "/" + fileName(pref)) { try write(ctx, pref, to: $0) }
        }
    }
}

extension QueryWorkbook: ReportOutput {
    static let pattern = QueryForm.folder + "/NN_都道府県名.xlsx"
    static let purpose = "疑義照会票（都道府県ごと）。送付し、回答を記入して返送してもらう。督促の一覧を含む"
    static let folders = [QueryForm.folder]
    static let holdsContacts = true
    /// Every prefecture, so its 督促 list and a place to reply are always there and the set
    /// of files never changes from night to night.
    static func files(_ ctx: ReportContext) -> [OutputFile] {
        ctx.input.prefectures.map { pref in
            OutputFile(QueryForm.folder + "/" + fileName(pref)) { try write(ctx, pref, to: $0) }
        }
    }
}

extension AnswersCSV: ReportOutput {
    static let pattern = "answers.csv"
    static let purpose = "回答者×設問ごとに1行の回答（修正後の値を含む。連絡先を含まない）"
    static func files(_ ctx: ReportContext) -> [OutputFile] {
        [.bytes(pattern) { Data(bytes(codebook: ctx.codebook, responses: ctx.input.responses, corrected: ctx.correctedAnswers)) }]
    }
}

extension CorrectionsCSV: ReportOutput {
    static let pattern = "corrections.csv"
    static let purpose = "疑義照会への回答と事務局の修正の全行（修正履歴。回答者名・連絡先を含まない）"
    static func files(_ ctx: ReportContext) -> [OutputFile] { [.bytes(pattern) { Data(bytes(ctx)) }] }
}

/// issues.csv: every 疑義 with its state, contact values masked.
enum IssuesCSVOutput: ReportOutput {
    static let pattern = "issues.csv"
    static let purpose = "見つかった疑義の全件と状態（連絡先の値は伏せる）"
    static func files(_ ctx: ReportContext) -> [OutputFile] {
        [.bytes(pattern) { Data(LedgerCSV.issuesBytes(ctx.input.issues, codebook: ctx.codebook, maskPII: true, names: ctx.name(of:))) }]
    }
}

/// ledger.csv: 台帳, what became of every input file.
enum LedgerCSVOutput: ReportOutput {
    static let pattern = "ledger.csv"
    static let purpose = "受け取ったすべてのファイルの処理結果（受理・置換・不受理・対象外）と理由（台帳）"
    static func files(_ ctx: ReportContext) -> [OutputFile] {
        [.bytes(pattern) { Data(LedgerCSV.ledgerBytes(ctx.input.files, timeZone: ctx.input.timeZone)) }]
    }
}

extension SummaryJSON: ReportOutput {
    static let pattern = "summary.json"
    static let purpose = "主な数値（機械処理用）。割合は集計表と同じ基準（percentBase）で、n と無回答を添える"
    static func files(_ ctx: ReportContext) -> [OutputFile] { [.bytes(pattern) { Data(try render(ctx.input).utf8) }] }
}

extension RunState: ReportOutput {
    static let pattern = fileName
    static let purpose = "次回の「前回公開からの変更」の比較元（疑義・修正・ファイルの状態）"
    static func files(_ ctx: ReportContext) -> [OutputFile] { [.bytes(fileName) { try RunState(ctx.input).json() }] }
}

/// 回答データ.xlsx: respondent-level data, a sheet per form, no contacts.
enum AnswerDataOutput: ReportOutput {
    static let pattern = WideExport.workbookName
    static let purpose = "回答者ごとに1行の回答データ（調査票ごとに1シート。連絡先を含まない）"
    static let folders = [WideExport.folder]
    static func files(_ ctx: ReportContext) -> [OutputFile] {
        [OutputFile(pattern) { try WideExport.writeWorkbook(ctx, to: $0) }]
    }
}

/// wide/<票名>.csv: the same data per form as UTF-8 CSV, no contacts.
enum WideCSVOutput: ReportOutput {
    static let pattern = WideExport.folder + "/票名.csv"
    static let purpose = "回答データと同じ内容を調査票ごとの CSV で（UTF-8。連絡先を含まない）"
    static let folders = [WideExport.folder]
    static func files(_ ctx: ReportContext) -> [OutputFile] {
        ctx.codebook.forms.map { form in
            .bytes(WideExport.csvPath(form)) { Data(WideExport.csvBytes(ctx.nationalWideTable(form))) }
        }
    }
}

/// wide/prefectures/NN_都道府県名_票名.csv: a prefecture's own respondents, contacts included.
enum WidePrefectureCSVOutput: ReportOutput {
    static let pattern = WideExport.folder + "/" + ReportWriter.prefectureFolder + "/NN_都道府県名_票名.csv"
    static let purpose = "都道府県ごとの回答データ（その都道府県の回答者のみ。連絡先を含む）"
    static let folders = [WideExport.folder, WideExport.folder + "/" + ReportWriter.prefectureFolder]
    static let holdsContacts = true
    static func files(_ ctx: ReportContext) -> [OutputFile] {
        ctx.input.prefectures.flatMap { pref in
            ctx.codebook.forms.map { form in
                .bytes(WideExport.csvPath(form, prefecture: pref)) {
                    Data(WideExport.csvBytes(WideExport.table(ctx, form: form, responses: ctx.share(pref).responses, contacts: true)))
                }
            }
        }
    }
}

/// run.json: written by the run itself once every other output is in place (it holds their SHA-256).
public enum RunRecordOutput: ReportOutput {
    public static let fileName = "run.json"
    static let pattern = fileName
    static let purpose = "この集計の記録（プログラムと調査票定義の版、すべての入力と出力の SHA-256、所要時間）"
    static func files(_ ctx: ReportContext) -> [OutputFile] { [] }
}

/// 見える化/: the static dashboard. Written by the Dashboard target after the workbooks, from the
/// same ReportInput (it builds on ReportKit, so it cannot be one of ReportKit's writers); listed
/// here, like run.json, so --help and README name it.
public enum DashboardOutput: ReportOutput {
    public static let folder = "見える化"
    static let pattern = folder + "/index.html"
    static let purpose = "見える化（静的なダッシュボード。全国・都道府県別の地図と表、市区町村のカルテ）。ブラウザで開く。prefectures/NN_都道府県名/ はその都道府県の分のみ"
    static func files(_ ctx: ReportContext) -> [OutputFile] { [] }
}
