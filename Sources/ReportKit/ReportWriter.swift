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

    /// Every file of `ReportOutputs.all`, all at once (one parallel map over the files the
    /// registry lists for this run). Same input, same bytes.
    /// `folder` must exist (the run's staging folder): it is never created here.
    public static func writeAll(_ input: ReportInput, to folder: String) throws -> [WrittenFile] {
        let ctx = ReportContext(input)
        let fm = FileManager.default
        // Outermost first; not intermediate: a run stopped by a signal removes `folder`, and must not see it come back.
        var folders = [String]()
        for dir in ReportOutputs.all.flatMap({ $0.folders }) where !folders.contains(dir) { folders.append(dir) }
        for dir in folders.sorted(by: { $0.split(separator: "/").count < $1.split(separator: "/").count }) {
            do { try fm.createDirectory(atPath: folder + "/" + dir, withIntermediateDirectories: false) }
            catch { throw ReportError.cannotWrite(path: folder + "/" + dir, underlying: error.localizedDescription) }
        }

        let files = ReportOutputs.all.flatMap { $0.files(ctx) }
        // Each file returns its error, if any; the first in registry order is reported, so the message is stable.
        let failures = files.parallelMap { file -> ReportError? in
            do {
                try file.write(folder + "/" + file.path)
                return nil
            } catch let error as ReportError {
                return error
            } catch {
                return ReportError.workbook(path: file.path, underlying: String(describing: error))
            }
        }
        if let first = failures.compactMap({ $0 }).first { throw first }

        return try files.map { file in
            let attrs = try fm.attributesOfItem(atPath: folder + "/" + file.path)
            return WrittenFile(path: file.path, bytes: (attrs[.size] as? NSNumber)?.intValue ?? 0)
        }.sorted()
    }
}
