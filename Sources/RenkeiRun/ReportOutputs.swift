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

    /// Every file of every output into `folder` (the run's staging folder, which must exist):
    /// one parallel map over them all. Same input, same bytes.
    public static func writeAll(_ input: ReportInput, to folder: String) throws -> [WrittenFile] {
        try ReportWriter.write(all, input, to: folder)
    }

    /// Pattern and purpose of every output, in registry order (for `--help` and README's test).
    public static var listing: [OutputListing] { all.map { OutputListing(pattern: $0.pattern, purpose: $0.purpose) } }

    /// The listing as `run --help` prints it: each pattern, and its purpose indented below it
    /// (a Japanese line beside a long pattern would not fit the help's width).
    public static var helpText: String {
        listing.map { "  " + $0.pattern + "\n      " + $0.purpose }.joined(separator: "\n")
    }
}
