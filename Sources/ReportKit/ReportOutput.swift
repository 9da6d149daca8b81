import Foundation
import SurveyModel

/// One file of a run's output folder, or one per prefecture or form: a type of its own, in its
/// own file, registered by one line in `ReportOutputs.all` (RenkeiRun, which sees every module
/// that writes one). The writer, `run --help` (and so the man page) and README's list of files
/// all read the registry. (SendableMetatype: the parallel writer calls `files` through the type.)
public protocol ReportOutput: SendableMetatype {
    /// The path as a reader finds it in a run folder: `prefectures/NN_都道府県名.xlsx`.
    static var pattern: String { get }
    /// What it is for, one Japanese line.
    static var purpose: String { get }
    /// Holds a prefecture's own contacts (names, phone numbers): written 0640 whatever the umask.
    static var holdsContacts: Bool { get }
    /// A night may leave it out (`run --omit`): nothing else reads it and no check counts on it.
    static var omittable: Bool { get }
    /// The files this run writes, each with its writer; empty when it writes none this run.
    /// Folders are made from the files' own paths before any is written.
    static func files(_ ctx: ReportContext) -> [OutputFile]
}

extension ReportOutput {
    public static var holdsContacts: Bool { false }
    public static var omittable: Bool { false }
}

/// One file to write, relative to the output folder, and how.
public struct OutputFile: Sendable {
    public var path: String
    /// Writes the file at the absolute path given.
    public var write: @Sendable (String) throws -> Void
    /// A file the run makes itself: its bytes handed to the writer's sink, which writes, sizes and
    /// hashes them (nil: `write` makes the file, a workbook through libxlsxwriter).
    let fill: (@Sendable (OutputSink) throws -> Void)?

    public init(_ path: String, write: @escaping @Sendable (String) throws -> Void) {
        self.path = path; self.write = write; fill = nil
    }

    private init(_ path: String, fill: @escaping @Sendable (OutputSink) throws -> Void) {
        self.path = path; self.fill = fill
        write = { target in _ = try OutputFiles.create(target, contacts: false, fill) }
    }

    /// A file made in memory (CSV, JSON, HTML), written in one call.
    public static func bytes(_ path: String, _ make: @escaping @Sendable () throws -> Data) -> OutputFile {
        OutputFile(path) { try $0.write(make()) }
    }

    /// A file written piece by piece as it is made, so the whole document is never in memory
    /// (answers.csv is tens of MB for a large nation).
    static func streamed(_ path: String, _ fill: @escaping @Sendable (OutputSink) throws -> Void) -> OutputFile {
        OutputFile(path, fill: fill)
    }
}

/// One line of the registry: an output type's static members, read once.
public struct RegisteredOutput: Sendable {
    public let pattern: String
    public let purpose: String
    public let holdsContacts: Bool
    public let omittable: Bool
    public let files: @Sendable (ReportContext) -> [OutputFile]

    public init<Output: ReportOutput>(_ output: Output.Type) {
        pattern = Output.pattern; purpose = Output.purpose; holdsContacts = Output.holdsContacts; omittable = Output.omittable
        files = { Output.files($0) }
    }
}

/// How `run --help` and README list an output.
public struct OutputListing: Sendable, Equatable {
    public var pattern: String
    public var purpose: String

    public init(pattern: String, purpose: String) { self.pattern = pattern; self.purpose = purpose }
}

// MARK: - The outputs

extension NationalWorkbook: ReportOutput {
    public static let pattern = fileName
    public static let purpose = "全国集計（回収状況、調査票ごとの単純集計、場面・テーマ別、都道府県別一覧、疑義件数）。連絡先を含まない"
    public static func files(_ ctx: ReportContext) -> [OutputFile] {
        [OutputFile(fileName) { try write(ctx, to: $0) }]
    }
}

extension PrefectureWorkbook: ReportOutput {
    public static let pattern = ReportWriter.prefectureFolder + "/NN_都道府県名.xlsx"
    public static let purpose = "都道府県ごとの集計結果。その都道府県の回答者のみ（連絡先を含む）と全国の集計"
    public static let holdsContacts = true
    public static func files(_ ctx: ReportContext) -> [OutputFile] {
        ctx.input.prefectures.map { pref in
            OutputFile(ReportWriter.prefectureFolder + "/" + fileName(pref)) { try write(ctx, pref, to: $0) }
        }
    }
}

extension QueryWorkbook: ReportOutput {
    public static let pattern = QueryForm.folder + "/NN_都道府県名.xlsx"
    public static let purpose = "疑義照会票（都道府県ごと）。送付し、回答を記入して返送してもらう。督促の一覧を含む"
    public static let holdsContacts = true
    /// Every prefecture, so its 督促 list and a place to reply are always there and the set
    /// of files never changes from night to night.
    public static func files(_ ctx: ReportContext) -> [OutputFile] {
        ctx.input.prefectures.map { pref in
            OutputFile(QueryForm.folder + "/" + fileName(pref)) { try write(ctx, pref, to: $0) }
        }
    }
}

extension AnswersCSV: ReportOutput {
    public static let pattern = "answers.csv"
    public static let purpose = "回答者×設問ごとに1行の回答（修正後の値を含む。連絡先を含まない）"
    public static func files(_ ctx: ReportContext) -> [OutputFile] {
        [.streamed(pattern) { sink in
            try write(codebook: ctx.codebook, responses: ctx.input.responses, corrected: ctx.correctedAnswers) { try sink.write($0) }
        }]
    }
}

extension CorrectionsCSV: ReportOutput {
    public static let pattern = "corrections.csv"
    public static let purpose = "疑義照会への回答と事務局の修正の全行（修正履歴。回答者名・連絡先を含まない）"
    public static func files(_ ctx: ReportContext) -> [OutputFile] { [.bytes(pattern) { Data(bytes(ctx)) }] }
}

/// issues.csv: every 疑義 with its state, contact values masked.
public enum IssuesCSVOutput: ReportOutput {
    public static let pattern = "issues.csv"
    public static let purpose = "見つかった疑義の全件と状態（連絡先の値は伏せる）"
    public static func files(_ ctx: ReportContext) -> [OutputFile] {
        [.streamed(pattern) { sink in
            try LedgerCSV.writeIssues(ctx.input.issues, codebook: ctx.codebook, maskPII: true, names: ctx.name(of:)) { try sink.write($0) }
        }]
    }
}

/// ledger.csv: 台帳, what became of every input file.
public enum LedgerCSVOutput: ReportOutput {
    public static let pattern = "ledger.csv"
    public static let purpose = "受け取ったすべてのファイルの処理結果（受理・置換・不受理・対象外）と理由（台帳）"
    public static func files(_ ctx: ReportContext) -> [OutputFile] {
        [.streamed(pattern) { sink in try LedgerCSV.writeLedger(ctx.input.files, timeZone: ctx.input.timeZone) { try sink.write($0) } }]
    }
}

extension SummaryJSON: ReportOutput {
    public static let pattern = "summary.json"
    public static let purpose = "主な数値（機械処理用）。割合は集計表と同じ基準（percentBase）で、n と無回答を添える"
    public static func files(_ ctx: ReportContext) -> [OutputFile] { [.bytes(pattern) { Data(try render(ctx.input).utf8) }] }
}

extension RunState: ReportOutput {
    public static let pattern = fileName
    public static let purpose = "次回の「前回公開からの変更」の比較元（疑義・修正・ファイルの状態）"
    public static func files(_ ctx: ReportContext) -> [OutputFile] { [.streamed(fileName) { sink in try RunState(ctx).write { try sink.write($0) } }] }
}

/// 回答データ.xlsx: respondent-level data, a sheet per form, no contacts.
public enum AnswerDataOutput: ReportOutput {
    public static let pattern = WideExport.workbookName
    public static let purpose = "回答者ごとに1行の回答データ（調査票ごとに1シート。連絡先を含まない）"
    public static func files(_ ctx: ReportContext) -> [OutputFile] {
        [OutputFile(pattern) { try WideExport.writeWorkbook(ctx, to: $0) }]
    }
}

/// wide/<票名>.csv: the same data per form as UTF-8 CSV, no contacts.
public enum WideCSVOutput: ReportOutput {
    public static let pattern = WideExport.folder + "/票名.csv"
    public static let purpose = "回答データと同じ内容を調査票ごとの CSV で（UTF-8。連絡先を含まない）"
    public static func files(_ ctx: ReportContext) -> [OutputFile] {
        ctx.codebook.forms.map { form in
            .streamed(WideExport.csvPath(form)) { sink in try WideExport.writeCSV(ctx.nationalWideTable(form)) { try sink.write($0) } }
        }
    }
}

/// wide/prefectures/NN_都道府県名_票名.csv: a prefecture's own respondents, contacts included.
public enum WidePrefectureCSVOutput: ReportOutput {
    public static let pattern = WideExport.folder + "/" + ReportWriter.prefectureFolder + "/NN_都道府県名_票名.csv"
    public static let purpose = "都道府県ごとの回答データ（その都道府県の回答者のみ。連絡先を含む）"
    public static let holdsContacts = true
    public static func files(_ ctx: ReportContext) -> [OutputFile] {
        ctx.input.prefectures.flatMap { pref in
            ctx.codebook.forms.map { form in
                .bytes(WideExport.csvPath(form, prefecture: pref)) {
                    Data(WideExport.csvBytes(WideExport.table(ctx, form: form, responses: ctx.share(pref).responses, contacts: true)))
                }
            }
        }
    }
}
