import Foundation
import Ingest
import RenkeiRun
import Testing
@testable import ReportKit

/// The writer's own account of each file (size, SHA-256, mode), taken as it wrote it, is the file
/// on disk; a failure names the file, what failed and errno, in Japanese.
@Suite("Output files as written", .serialized)
struct OutputFileTests {
    static func fresh() throws -> String {
        let folder = NSTemporaryDirectory() + "outputfiles-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Every file of a whole fixture run: the size and digest the writer reports are the file's,
    /// read back independently; contact files are 0640 whatever the umask, others keep the umask's mode.
    @Test func sizesDigestsAndModesAreTheFiles() throws {
        let mask = umask(0o022); umask(mask)
        let run = try Fixture.write()
        defer { try? FileManager.default.removeItem(atPath: run.folder) }
        let contacts = ReportOutputs.all.filter(\.holdsContacts).flatMap { $0.files(ReportContext(Fixture.input())).map(\.path) }
        #expect(!contacts.isEmpty)
        #expect(run.files.count > 20)
        for file in run.files {
            let data = try Data(contentsOf: URL(fileURLWithPath: run.folder + "/" + file.path))
            #expect(file.bytes == data.count && data.count > 0, "\(file.path)")
            #expect(file.sha256 == SHA256.hex([UInt8](data)), "\(file.path)")
            var st = stat()
            #expect(stat(run.folder + "/" + file.path, &st) == 0)
            #expect(st.st_mode & 0o777 == (contacts.contains(file.path) ? 0o640 : 0o666 & ~mask), "\(file.path): \(String(st.st_mode & 0o777, radix: 8))")
        }
    }

    /// A file a library writes by its path (as a workbook does) is measured once it is closed;
    /// one made in memory is hashed as it is written. Both land in the folders their paths name.
    @Test func pathWrittenAndInMemoryFilesAreMeasured() throws {
        let folder = try Self.fresh()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let big = [UInt8]((0 ..< 3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) })  // more than one read
        let files = try ReportWriter.write([
            (contacts: true, files: [OutputFile("a/b/streamed.bin") { try Data(big).write(to: URL(fileURLWithPath: $0)) }]),
            (contacts: false, files: [.bytes("a/表.csv") { Data("設問,回答\n".utf8) }, .bytes("empty.txt") { Data() }]),
        ], to: folder)
        #expect(files.map(\.path) == ["a/b/streamed.bin", "a/表.csv", "empty.txt"])
        #expect(files[0].bytes == big.count && files[0].sha256 == SHA256.hex(big))
        #expect(files[1].bytes == 14 && files[1].sha256 == SHA256.hex(Array("設問,回答\n".utf8)))
        #expect(files[2].bytes == 0 && files[2].sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var st = stat()
        #expect(stat(folder + "/a/b/streamed.bin", &st) == 0 && st.st_mode & 0o777 == 0o640)
    }

    /// A file standing where a folder must go, and a folder where a file must go: each is one
    /// Japanese sentence with the path and errno, the first failure in writing order.
    @Test func failuresNameTheFileAndErrno() throws {
        let folder = try Self.fresh()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(FileManager.default.createFile(atPath: folder + "/wide", contents: Data("x".utf8)))
        #expect {
            try ReportWriter.write([(contacts: false, files: [.bytes("wide/a.csv") { Data("a".utf8) }])], to: folder)
        } throws: { error in
            guard case let ReportError.io(what, path, code) = error else { return false }
            return what == "フォルダ作成" && path == folder + "/wide" && code == EEXIST
                && "\(error)" == "\(folder)/wide の\(what)に失敗しました: すでにあります（File exists）"
        }
        try FileManager.default.createDirectory(atPath: folder + "/x.csv", withIntermediateDirectories: false)
        #expect {
            try ReportWriter.write([(contacts: false, files: [.bytes("ok.csv") { Data("a".utf8) },
                                                              .bytes("x.csv") { Data("b".utf8) }])], to: folder)
        } throws: { error in
            guard case let ReportError.io(what, path, code) = error else { return false }
            return what == "作成" && path == folder + "/x.csv" && code == EISDIR
                && "\(error)" == "\(folder)/x.csv の作成に失敗しました: フォルダです（Is a directory）"
        }
    }
}
