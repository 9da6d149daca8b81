import Foundation
import ReportKit
import SurveyModel

/// 見える化/: the static dashboard every run writes beside its workbooks. Opened by double click
/// (file://) or from any web server; it loads nothing from outside its folder.
///
///     見える化/index.html, dashboard.css, dashboard.js            national (prefecture aggregates only)
///     見える化/prefectures/13_東京都/index.html (+ css, js)      one prefecture, self-contained
///     見える化/prefectures/13_東京都/karte/131016_千代田区.html    one page per municipality (カルテ)
public enum DashboardWriter {
    public static let folder = DashboardOutput.folder
    public static let indexPath = folder + "/index.html"

    /// Writes the dashboard into `runFolder` (which must exist) and lists what it wrote,
    /// relative to `runFolder`. Same input, same bytes.
    public static func write(_ input: ReportInput, to runFolder: String, map: MapData = .embedded) throws -> [WrittenFile] {
        let ctx = DashboardContext(input, map: map)
        let root = runFolder + "/" + folder
        try makeFolder(root)
        try makeFolder(root + "/" + ReportWriter.prefectureFolder)
        let peers = KartePage.initiativeCounts(ctx)
        let css = Data(Assets.cssText.utf8), js = Data(Assets.jsText.utf8)

        // One job for the national page, one per prefecture (its page, assets and カルテ).
        let prefectures = input.prefectures
        let results = Array(0...prefectures.count).parallelMap { job -> Result<[WrittenFile], ReportError> in
            do {
                if job == 0 {
                    return .success([try put(Data(NationalPage.render(ctx).utf8), indexPath, in: runFolder),
                                     try put(css, folder + "/" + Assets.css, in: runFolder),
                                     try put(js, folder + "/" + Assets.js, in: runFolder)])
                }
                let pref = prefectures[job - 1]
                let dir = folder + "/" + DashboardContext.folder(pref)
                try makeFolder(runFolder + "/" + dir)
                var files = [try put(Data(PrefecturePage.render(ctx, pref).utf8), dir + "/index.html", in: runFolder),
                             try put(css, dir + "/" + Assets.css, in: runFolder),
                             try put(js, dir + "/" + Assets.js, in: runFolder)]
                let karte = dir + "/" + DashboardContext.karteFolder
                try makeFolder(runFolder + "/" + karte)
                for (name, page) in KartePage.render(ctx, pref, peers: peers) {
                    files.append(try put(Data(page.utf8), karte + "/" + name, in: runFolder))
                }
                return .success(files)
            } catch let e as ReportError {
                return .failure(e)
            } catch {
                return .failure(.cannotWrite(path: root, underlying: error.localizedDescription))
            }
        }
        var written: [WrittenFile] = []
        for r in results { written += try r.get() }
        return written.sorted()
    }

    /// One file, written with open/write/close: 1,741 カルテ through Foundation's Data.write cost
    /// as much as rendering them.
    static func put(_ data: Data, _ relative: String, in runFolder: String) throws -> WrittenFile {
        let path = runFolder + "/" + relative
        func fail() -> ReportError { .cannotWrite(path: path, underlying: String(cString: strerror(errno))) }
        let fd = openFile(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail() }
        defer { closeFile(fd) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var done = 0
            while done < buffer.count {
                let n = writeFile(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 { if errno == EINTR { continue }; throw fail() }
                done += n
            }
        }
        return WrittenFile(path: relative, bytes: data.count)
    }

    /// Not intermediate: a run stopped by a signal removes its staging folder and must not see it come back.
    static func makeFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }
        catch { throw ReportError.cannotWrite(path: path, underlying: error.localizedDescription) }
    }
}

// The C calls under other names: inside DashboardWriter, `write` is its own method.
private func openFile(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func writeFile(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func closeFile(_ fd: Int32) { close(fd) }
