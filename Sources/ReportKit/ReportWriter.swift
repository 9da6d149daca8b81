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
    /// A file with contacts (`ReportOutput.holdsContacts`): owner read-write, group read, nobody else.
    public static let contactFileMode: mode_t = 0o640

    /// Every file of `outputs` (the run passes the whole registry, `ReportOutputs.all`), all at
    /// once: one parallel map over the files the outputs list for this run. Same input, same bytes.
    /// `folder` must exist (the run's staging folder): it is never created here.
    public static func write(_ outputs: [RegisteredOutput], _ input: ReportInput, to folder: String) throws -> [WrittenFile] {
        let ctx = ReportContext(input)
        return try write(outputs.map { (contacts: $0.holdsContacts, files: $0.files(ctx)) }, to: folder)
    }

    /// Files grouped by whether they hold contacts, in writing order; the folders their paths name
    /// are made first (outermost first, never `folder` itself).
    public static func write(_ groups: [(contacts: Bool, files: [OutputFile])], to folder: String) throws -> [WrittenFile] {
        let fm = FileManager.default
        let files = groups.flatMap(\.files)
        // Not intermediate: a run stopped by a signal removes `folder`, and must not see it come back.
        var folders = Set<String>()
        for file in files {
            var dir = (file.path as NSString).deletingLastPathComponent
            while !dir.isEmpty, folders.insert(dir).inserted { dir = (dir as NSString).deletingLastPathComponent }
        }
        for dir in folders.sorted(by: { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }) {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: folder + "/" + dir, isDirectory: &isDir), isDir.boolValue { continue }
            do { try fm.createDirectory(atPath: folder + "/" + dir, withIntermediateDirectories: false) }
            catch { throw ReportError.cannotWrite(path: folder + "/" + dir, underlying: error.localizedDescription) }
        }

        // Each file returns its error, if any; the first in writing order is reported, so the message is stable.
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

        // A prefecture's files carry names and phone numbers: never world-readable, whatever the umask.
        for group in groups where group.contacts {
            for file in group.files where chmod(folder + "/" + file.path, contactFileMode) != 0 {
                throw ReportError.cannotWrite(path: folder + "/" + file.path, underlying: String(cString: strerror(errno)))
            }
        }
        return try files.map { file in
            let attrs = try fm.attributesOfItem(atPath: folder + "/" + file.path)
            return WrittenFile(path: file.path, bytes: (attrs[.size] as? NSNumber)?.intValue ?? 0)
        }.sorted()
    }
}
