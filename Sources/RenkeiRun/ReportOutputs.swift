import Dashboard
import Foundation
import ReportKit

/// Every output of a run, one line each: here, where every module that writes one is seen
/// (ReportKit's workbooks and exports, the Dashboard, the run's own record). Order is writing
/// order too: the longest jobs (the national workbook, 回答データ) first, so the parallel writer
/// does not end on one of them; it is also the order `run --help` lists them in.
public enum ReportOutputs {
    public static let all: [RegisteredOutput] = [
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
        .init(RunRecord.self),
        .init(DashboardWriter.self),
    ]

    /// Every file of every output but the `omitted` into `folder` (the run's staging folder,
    /// which must exist): one parallel map over them all. Same input, same bytes.
    public static func writeAll(_ input: ReportInput, to folder: String, omitting omitted: Set<OmittableOutput> = []) throws -> [WrittenFile] {
        try ReportWriter.write(all.filter { o in !omitted.contains { $0.name == o.name } }, input, to: folder)
    }

    /// Pattern and purpose of every output, in registry order (for `--help` and README's test).
    public static var listing: [OutputListing] { all.map { OutputListing(pattern: $0.pattern, purpose: $0.purpose) } }

    /// README's table of a run folder's files (between its `outputs:` markers): the listing in
    /// registry order, word for word, so README never describes an output in words of its own.
    public static var readmeTable: String {
        (["| ファイル | 内容 |", "| --- | --- |"] + listing.map { "| `\($0.pattern)` | \($0.purpose) |" })
            .joined(separator: "\n")
    }

    /// The listing as `run --help` prints it: each pattern, and its purpose indented below it
    /// and wrapped by display width (a Japanese line beside a long pattern would not fit).
    public static var helpText: String {
        listing.map { o in
            "  " + o.pattern + "\n      " + HelpText.wrap(o.purpose, columns: HelpText.discussionColumns - 6, indent: 6)
        }.joined(separator: "\n")
    }
}

extension RegisteredOutput {
    /// How `--omit` names it: its pattern without a folder's trailing slash (`見える化`).
    public var name: String { pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern }
}

/// An output a night goes without (`run --omit 見える化`, `report: omit:` in the config): only
/// one the registry marks omittable, so a typo or a workbook can never be left out.
public struct OmittableOutput: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// The registry's omittable output of that name, or nil.
    public init?(_ name: String) {
        guard Self.names.contains(name) else { return nil }
        self.name = name
    }

    /// Every name `--omit` accepts, in registry order.
    public static var names: [String] { ReportOutputs.all.filter(\.omittable).map(\.name) }

    /// The line `run --help` prints for `--omit`, from the registry.
    public static var helpText: String {
        "この実行で省く出力（そのファイルは書かず、run.json にも載せません）。省けるもの: "
            + ReportOutputs.all.filter(\.omittable).map { "\($0.name)（\($0.pattern)）" }.joined(separator: "、") + "。"
    }

    public var description: String { name }
}
