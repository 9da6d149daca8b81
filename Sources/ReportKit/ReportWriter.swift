import Foundation
import SurveyModel
import Tabulate

/// One file the reports wrote, relative to the output folder.
public struct WrittenFile: Sendable, Hashable, Comparable {
    /// `全国集計.xlsx`, `prefectures/13_東京都.xlsx`, `answers.csv` …
    public var path: String
    public var bytes: Int

    public init(path: String, bytes: Int) { self.path = path; self.bytes = bytes }
    public static func < (a: WrittenFile, b: WrittenFile) -> Bool { a.path < b.path }
}

public enum ReportError: Error, CustomStringConvertible {
    /// The output folder could not be made or written (disk full, permissions, a file in the way).
    case cannotWrite(path: String, underlying: String)
    /// A workbook failed part way (libxlsxwriter's message, with the file it was writing).
    case workbook(path: String, underlying: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, e): "cannot write \(path): \(e)"
        case let .workbook(path, e): "could not write workbook \(path): \(e)"
        }
    }
}

/// Writes every report of a run into one folder.
public enum ReportWriter {
    public static let prefectureFolder = "prefectures"

    /// 全国集計.xlsx, prefectures/NN_名称.xlsx (one per prefecture, in parallel), answers.csv,
    /// issues.csv (contact values masked), ledger.csv, summary.json. Same input, same bytes.
    /// `folder` must exist (the run's staging folder): it is never created here.
    public static func writeAll(_ input: ReportInput, to folder: String) throws -> [WrittenFile] {
        let ctx = ReportContext(input)
        let fm = FileManager.default
        let prefDir = folder + "/" + prefectureFolder
        // Not intermediate: a run stopped by a signal removes `folder`, and must not see it come back.
        do { try fm.createDirectory(atPath: prefDir, withIntermediateDirectories: false) }
        catch { throw ReportError.cannotWrite(path: prefDir, underlying: error.localizedDescription) }

        let prefectures = input.prefectures
        // The machine exports are small next to a workbook; they run beside them, not after.
        let exports: [(String, @Sendable () throws -> Data)] = [
            ("answers.csv", { Data(AnswersCSV.bytes(codebook: input.codebook, responses: input.responses, corrected: ctx.correctedAnswers)) }),
            ("corrections.csv", { Data(CorrectionsCSV.bytes(ctx)) }),
            ("issues.csv", { Data(LedgerCSV.issuesBytes(input.issues, codebook: input.codebook, maskPII: true, names: ctx.name(of:))) }),
            ("ledger.csv", { Data(LedgerCSV.ledgerBytes(input.files, timeZone: input.timeZone)) }),
            ("summary.json", { Data(try SummaryJSON.render(input).utf8) }),
            (RunState.fileName, { try RunState(input).json() }),
        ]
        // Jobs: the national workbook, the exports, one workbook per prefecture. Each owns its file.
        let queryDir = folder + "/" + QueryForm.folder
        do { try fm.createDirectory(atPath: queryDir, withIntermediateDirectories: false) }
        catch { throw ReportError.cannotWrite(path: queryDir, underlying: error.localizedDescription) }
        // Then one 疑義照会票 per prefecture: every prefecture, so its 督促 list and a place to
        // reply are always there and the set of files never changes from night to night.
        let jobs = 1 + exports.count + 2 * prefectures.count
        // Each job returns its error, if any; the lowest job's is reported, so the message is stable.
        let failures = Array(0..<jobs).parallelMap { i -> ReportError? in
            var relative = NationalWorkbook.fileName
            do {
                switch i {
                case 0:
                    try NationalWorkbook.write(ctx, to: folder + "/" + relative)
                case 1...exports.count:
                    relative = exports[i - 1].0
                    let data = try exports[i - 1].1()
                    do { try data.write(to: URL(fileURLWithPath: folder + "/" + relative)) }
                    catch { throw ReportError.cannotWrite(path: folder + "/" + relative, underlying: error.localizedDescription) }
                case (1 + exports.count + prefectures.count)...:
                    let pref = prefectures[i - 1 - exports.count - prefectures.count]
                    relative = QueryForm.folder + "/" + QueryWorkbook.fileName(pref)
                    try QueryWorkbook.write(ctx, pref, to: folder + "/" + relative)
                default:
                    let pref = prefectures[i - 1 - exports.count]
                    relative = prefectureFolder + "/" + PrefectureWorkbook.fileName(pref)
                    try PrefectureWorkbook.write(ctx, pref, to: folder + "/" + relative)
                }
                return nil
            } catch let error as ReportError {
                return error
            } catch {
                return ReportError.workbook(path: relative, underlying: String(describing: error))
            }
        }
        if let first = failures.compactMap({ $0 }).first { throw first }

        let names = [NationalWorkbook.fileName] + prefectures.map { prefectureFolder + "/" + PrefectureWorkbook.fileName($0) }
            + prefectures.map { QueryForm.folder + "/" + QueryWorkbook.fileName($0) } + exports.map(\.0)
        return try names.map { name in
            let attrs = try fm.attributesOfItem(atPath: folder + "/" + name)
            return WrittenFile(path: name, bytes: (attrs[.size] as? NSNumber)?.intValue ?? 0)
        }.sorted()
    }
}
