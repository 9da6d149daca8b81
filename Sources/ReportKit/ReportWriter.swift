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
    /// The folders whose files hold a prefecture's own contacts (names, phone numbers).
    public static let contactFolders = [prefectureFolder, WideExport.folder + "/" + prefectureFolder, QueryForm.folder]
    /// Owner read-write, group read, nobody else.
    public static let contactFileMode: mode_t = 0o640

    /// 全国集計.xlsx, prefectures/NN_名称.xlsx (one per prefecture, in parallel), answers.csv,
    /// issues.csv (contact values masked), ledger.csv, summary.json, 回答データ.xlsx and wide/
    /// (per form; contacts only in wide/prefectures/), 疑義照会/. Same input, same bytes.
    /// `folder` must exist (the run's staging folder): it is never created here.
    public static func writeAll(_ input: ReportInput, to folder: String) throws -> [WrittenFile] {
        let ctx = ReportContext(input)
        let fm = FileManager.default
        let prefDir = folder + "/" + prefectureFolder
        let wideDir = folder + "/" + WideExport.folder
        let queryDir = folder + "/" + QueryForm.folder
        // Not intermediate: a run stopped by a signal removes `folder`, and must not see it come back.
        for dir in [prefDir, wideDir, wideDir + "/" + prefectureFolder, queryDir] {
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: false) }
            catch { throw ReportError.cannotWrite(path: dir, underlying: error.localizedDescription) }
        }

        let prefectures = input.prefectures
        // The machine exports are small next to a workbook; they run beside them, not after.
        typealias Export = (String, @Sendable () throws -> Data)
        var machine: [Export] = [
            ("answers.csv", { Data(AnswersCSV.bytes(codebook: input.codebook, responses: input.responses, corrected: ctx.correctedAnswers)) }),
            ("corrections.csv", { Data(CorrectionsCSV.bytes(ctx)) }),
            ("issues.csv", { Data(LedgerCSV.issuesBytes(input.issues, codebook: input.codebook, maskPII: true, names: ctx.name(of:))) }),
            ("ledger.csv", { Data(LedgerCSV.ledgerBytes(input.files, timeZone: input.timeZone)) }),
            ("summary.json", { Data(try SummaryJSON.render(input).utf8) }),
            (RunState.fileName, { try RunState(input).json() }),
        ]
        // 回答データ: each prefecture its own, with contacts (the national files are one job below).
        for pref in prefectures {
            for form in input.codebook.forms {
                let own: Export = (WideExport.csvPath(form, prefecture: pref), {
                    Data(WideExport.csvBytes(WideExport.table(ctx, form: form, responses: ctx.share(pref).responses, contacts: true)))
                })
                machine.append(own)
            }
        }
        let exports = machine
        // Jobs: the national workbook, the national 回答データ, the exports, one workbook per
        // prefecture, then one 疑義照会票 per prefecture: every prefecture, so its 督促 list and a
        // place to reply are always there and the set of files never changes from night to night.
        let jobs = 2 + exports.count + 2 * prefectures.count
        // Each job returns its error, if any; the lowest job's is reported, so the message is stable.
        let failures = Array(0..<jobs).parallelMap { i -> ReportError? in
            var relative = NationalWorkbook.fileName
            do {
                switch i {
                case 0:
                    try NationalWorkbook.write(ctx, to: folder + "/" + relative)
                case 1:
                    relative = WideExport.workbookName
                    try WideExport.writeNational(ctx, folder: folder)
                case 2...(exports.count + 1):
                    relative = exports[i - 2].0
                    let data = try exports[i - 2].1()
                    do { try data.write(to: URL(fileURLWithPath: folder + "/" + relative)) }
                    catch { throw ReportError.cannotWrite(path: folder + "/" + relative, underlying: error.localizedDescription) }
                case (2 + exports.count + prefectures.count)...:
                    let pref = prefectures[i - 2 - exports.count - prefectures.count]
                    relative = QueryForm.folder + "/" + QueryWorkbook.fileName(pref)
                    try QueryWorkbook.write(ctx, pref, to: folder + "/" + relative)
                default:
                    let pref = prefectures[i - 2 - exports.count]
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

        let names = [NationalWorkbook.fileName, WideExport.workbookName] + input.codebook.forms.map(WideExport.csvPath)
            + prefectures.map { prefectureFolder + "/" + PrefectureWorkbook.fileName($0) }
            + prefectures.map { QueryForm.folder + "/" + QueryWorkbook.fileName($0) } + exports.map(\.0)
        // A prefecture's files carry names and phone numbers: never world-readable, whatever the umask.
        for name in names where contactFolders.contains(where: { name.hasPrefix($0 + "/") }) {
            guard chmod(folder + "/" + name, contactFileMode) == 0 else {
                throw ReportError.cannotWrite(path: folder + "/" + name, underlying: String(cString: strerror(errno)))
            }
        }
        return try names.map { name in
            let attrs = try fm.attributesOfItem(atPath: folder + "/" + name)
            return WrittenFile(path: name, bytes: (attrs[.size] as? NSNumber)?.intValue ?? 0)
        }.sorted()
    }
}
