import Foundation
import XLSXReader

/// `ReaderBench DIR [ROUNDS] [THREADS]`: reads every .xlsx in DIR (all sheets, all cells)
/// ROUNDS times and prints files per second. Files are loaded into memory first so the
/// figure is the reader's, not the disk's.
@main
struct ReaderBench {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count >= 2 else { print("usage: ReaderBench DIR [ROUNDS] [THREADS]"); exit(2) }
        let dir = args[1]
        let rounds = args.count > 2 ? Int(args[2]) ?? 5 : 5
        let threads = args.count > 3 ? Int(args[3]) ?? 1 : 1
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".xlsm") }.sorted()
        let files = try names.map { try ZipArchive.fileBytes(dir + "/" + $0) }
        guard !files.isEmpty else { print("no workbooks in \(dir)"); exit(2) }

        @Sendable func readAll(_ slice: ArraySlice<[UInt8]>) -> Int {
            var cells = 0
            for bytes in slice {
                guard let wb = try? Workbook(bytes: bytes) else { continue }
                for i in wb.sheets.indices { cells += (try? wb.worksheet(at: i).cells.count) ?? 0 }
            }
            return cells
        }

        var cells = 0
        let start = DispatchTime.now()
        for _ in 0 ..< rounds {
            if threads <= 1 {
                cells = readAll(files[...])
            } else {
                let chunk = (files.count + threads - 1) / threads
                DispatchQueue.concurrentPerform(iterations: threads) { t in
                    _ = readAll(files[min(t * chunk, files.count) ..< min((t + 1) * chunk, files.count)])
                }
                cells = readAll(files[0 ..< 1])
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let rate = Double(files.count * rounds) / seconds
        print(String(format: "renkei-reader: %d files x %d rounds, %d thread(s): %.1f files/s (%.3f ms/file)",
                     files.count, rounds, threads, rate, 1000 / rate))
        print(String(format: "RESULT files_per_s=%.1f", rate))
        _ = cells
    }
}
