import Foundation
import SurveyModel
import Tabulate

/// One file the reports wrote, relative to the output folder.
public struct WrittenFile: Sendable, Hashable, Comparable {
    /// `全国集計.xlsx`, `prefectures/13_東京都.xlsx`, `answers.csv` …
    public var path: String
    public var bytes: Int
    /// SHA-256 of the file's bytes, hex (run.json lists it): taken by the worker that wrote them.
    public var sha256: String

    public init(path: String, bytes: Int, sha256: String) { self.path = path; self.bytes = bytes; self.sha256 = sha256 }
    public static func < (a: WrittenFile, b: WrittenFile) -> Bool { a.path < b.path }
}

public enum ReportError: Error, CustomStringConvertible {
    /// A workbook failed part way (libxlsxwriter's message, with the file it was writing).
    case workbook(path: String, underlying: String)
    /// A system call on an output failed: what it was doing, the file, and errno (the run names ENOSPC / EDQUOT).
    case io(what: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .workbook(path, e): "\(path) の書き込みに失敗しました: \(e)"
        case let .io(what, path, e): "\(path) の\(what)に失敗しました: \(SystemError.text(e))"
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
    /// are made first (outermost first, never `folder` itself). Each file is sized and hashed by
    /// the worker that writes it, so nothing is read back or stat'ed afterwards.
    public static func write(_ groups: [(contacts: Bool, files: [OutputFile])], to folder: String) throws -> [WrittenFile] {
        let files = groups.flatMap { group in group.files.map { (file: $0, contacts: group.contacts) } }
        // Not intermediate: a run stopped by a signal removes `folder`, and must not see it come back.
        var folders = Set<Substring>()
        for (file, _) in files {
            var path = Substring(file.path)
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                guard folders.insert(path).inserted else { break }
            }
        }
        // Outermost first: a parent's path is a prefix of its children's, so it sorts before them.
        for dir in folders.sorted() { try OutputFiles.makeFolder(folder + "/" + dir) }

        // Each file returns its error, if any; the first in writing order is reported, so the message is stable.
        let results = files.parallelMap { file, contacts -> Result<WrittenFile, ReportError> in
            let target = folder + "/" + file.path
            do {
                let content: (size: Int, sha256: String)
                if let fill = file.fill {
                    content = try OutputFiles.create(target, contacts: contacts, fill)
                } else {
                    try file.write(target)
                    content = try OutputFiles.measure(target, contacts: contacts)
                }
                return .success(WrittenFile(path: file.path, bytes: content.size, sha256: content.sha256))
            } catch let error as ReportError {
                return .failure(error)
            } catch {
                return .failure(ReportError.workbook(path: file.path, underlying: String(describing: error)))
            }
        }
        return try results.map { try $0.get() }.sorted()
    }
}
