import Foundation
import Ingest
#if canImport(Glibc)
import Glibc
#endif

/// An output file's bytes through open/write/close, sized and hashed where they are written: a
/// run writes ~2,000 files, and a Foundation object, a stat and a read-back per file were a large
/// part of writing them. Failures keep their errno, so the run can name a full disk as such.
enum OutputFiles {
    /// Creates (or empties) `path` and writes what `fill` hands the sink, piece by piece, sizing
    /// and hashing as it goes; a contact file gets 0640 whatever the umask.
    static func create(_ path: String, contacts: Bool, _ fill: (OutputSink) throws -> Void) throws -> (size: Int, sha256: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, contacts ? ReportWriter.contactFileMode : 0o666)
        guard fd >= 0 else { throw ReportError.io(what: "作成", path: path, errno: errno) }
        var closed = false
        defer { if !closed { close(fd) } }
        if contacts { try restrict(fd, path) }
        let sink = OutputSink(fd: fd, path: path)
        try fill(sink)
        startWriteBack(fd)
        closed = true
        // A network file system may report a failed write only here.
        if close(fd) != 0, errno != EINTR { throw ReportError.io(what: "書き込み", path: path, errno: errno) }
        return (sink.size, sink.hash.finalizeHex())
    }

    /// A file a library wrote by its path (a workbook): read back once for its size and SHA-256,
    /// and restricted to 0640 if it holds contacts.
    static func measure(_ path: String, contacts: Bool) throws -> (size: Int, sha256: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReportError.io(what: "読み込み", path: path, errno: errno) }
        defer { close(fd) }
        if contacts { try restrict(fd, path) }
        var hash = SHA256()
        var size = 0
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress!, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                throw ReportError.io(what: "読み込み", path: path, errno: errno)
            }
            if n == 0 { break }
            hash.update(UnsafeRawBufferPointer(rebasing: buffer[0 ..< n]).bindMemory(to: UInt8.self))
            size += n
        }
        startWriteBack(fd)
        return (size, hash.finalizeHex())
    }

    /// Starts writing the file's data to disk now, without waiting: the run's one syncfs before
    /// publishing then finds most of ~2,000 files written instead of flushing them all at once.
    private static func startWriteBack(_ fd: Int32) {
        #if os(Linux)
        _ = syncFileRange(fd, 0, 0, 2)  // SYNC_FILE_RANGE_WRITE; a failure only leaves the work to syncfs
        #endif
    }

    /// Owner read-write, group read, nobody else (`ReportWriter.contactFileMode`), on the open file.
    private static func restrict(_ fd: Int32, _ path: String) throws {
        guard fchmod(fd, ReportWriter.contactFileMode) == 0 else {
            throw ReportError.io(what: "権限の設定", path: path, errno: errno)
        }
    }

    /// Makes `path` as a folder; one that is there already is fine, anything else in the way is not.
    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o777) == 0 { return }
        let e = errno
        var st = stat()
        if e == EEXIST, stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { return }
        throw ReportError.io(what: "フォルダ作成", path: path, errno: e)
    }
}

/// An open output file: every piece written whole (short writes and EINTR resumed), counted and hashed.
final class OutputSink {
    private let fd: Int32
    private let path: String
    fileprivate var hash = SHA256()
    fileprivate var size = 0

    fileprivate init(fd: Int32, path: String) { self.fd = fd; self.path = path }

    func write<Bytes: ContiguousBytes>(_ bytes: Bytes) throws {
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ReportError.io(what: "書き込み", path: path, errno: errno)
                }
                done += n
            }
            hash.update(raw.bindMemory(to: UInt8.self))
            size += raw.count
        }
    }
}

#if os(Linux)
/// sync_file_range(2): in glibc's fcntl.h only under _GNU_SOURCE, which Swift's Glibc module does not define.
@_silgen_name("sync_file_range") private func syncFileRange(_ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32) -> Int32
#endif
