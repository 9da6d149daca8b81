import Foundation
import Synchronization
import XLSXReader

/// `InflateFloor INBOX`: the floor under renkei's ingestion — read every file of the inbox and
/// inflate, with zlib and nothing else, the parts renkei reads from it (package and workbook
/// relationships, workbook, shared strings, styles, every worksheet, core properties), on all
/// cores as renkei does. Zip bundles are opened and their workbooks inflated the same way.
/// No XML is parsed and no checksum is verified: any time renkei spends above this is its own.
@main
struct InflateFloor {
    static func main() {
        let args = CommandLine.arguments
        guard args.count == 2 else {
            FileHandle.standardError.write(Data("usage: InflateFloor INBOX\n".utf8)); exit(2)
        }
        let root = args[1]
        let started = DispatchTime.now()
        var paths: [String] = []
        let walker = FileManager.default.enumerator(atPath: root)
        while let rel = walker?.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix("~$") || name.hasPrefix("._") || rel.contains("__MACOSX") { continue }
            let path = root + "/" + rel
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            paths.append(path)
        }
        let totals = Totals()
        let files = paths
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            guard let bytes = try? ZipArchive.fileBytes(files[i]) else { return }
            let (parts, inflated) = inflate(bytes, depth: 0)
            totals.add(bytes: bytes.count, parts: parts, inflated: inflated)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        print(String(format: #"{"tool":"inflate-floor","files":%d,"read_bytes":%d,"parts":%d,"inflated_bytes":%d,"seconds":%.4f}"#,
                     paths.count, totals.bytes, totals.parts, totals.inflated, seconds))
    }

    static let limits: ReaderLimits = {
        var l = ReaderLimits.default
        l.verifyChecksums = false  // zlib inflate only: the floor
        return l
    }()

    /// Parts renkei's reader inflates from a workbook, by name (renkei finds them through the
    /// relationships; in the forms renkei and office software write they are these names).
    static func isReadPart(_ name: String) -> Bool {
        let n = name.lowercased()
        if n == "_rels/.rels" || n == "docprops/core.xml" || n == "xl/workbook.xml" || n == "xl/_rels/workbook.xml.rels"
            || n == "xl/sharedstrings.xml" || n == "xl/styles.xml" { return true }
        return n.hasPrefix("xl/worksheets/") && !n.contains("/_rels/") && n.hasSuffix(".xml")
    }

    /// Returns (parts inflated, bytes inflated) for a workbook, or for the workbooks of a bundle.
    static func inflate(_ bytes: [UInt8], depth: Int) -> (Int, Int) {
        guard bytes.starts(with: [0x50, 0x4b]), let zip = try? ZipArchive(bytes: bytes, limits: limits) else { return (0, 0) }
        var parts = 0, inflated = 0
        if zip.entry(named: "xl/workbook.xml") != nil {
            for e in zip.entries where isReadPart(e.name) {
                guard let data = try? zip.extract(e, budget: limits.maxTotalInflated) else { continue }
                parts += 1; inflated += data.count
            }
        } else if depth < 2 {
            // A bundle: renkei inflates each member, then reads it as a workbook.
            for e in zip.entries where !e.isDirectory {
                let base = (e.name as NSString).lastPathComponent
                if base.hasPrefix("~$") || base.hasPrefix("._") || e.name.contains("__MACOSX") { continue }
                guard let data = try? zip.extract(e, budget: limits.maxEntrySize) else { continue }
                parts += 1; inflated += data.count
                let (p, n) = inflate(data, depth: depth + 1)
                parts += p; inflated += n
            }
        }
        return (parts, inflated)
    }
}

final class Totals: Sendable {
    private let sums = Mutex((bytes: 0, parts: 0, inflated: 0))
    var bytes: Int { sums.withLock { $0.bytes } }
    var parts: Int { sums.withLock { $0.parts } }
    var inflated: Int { sums.withLock { $0.inflated } }
    func add(bytes b: Int, parts p: Int, inflated n: Int) {
        sums.withLock { $0.bytes += b; $0.parts += p; $0.inflated += n }
    }
}
