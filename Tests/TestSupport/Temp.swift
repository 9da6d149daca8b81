import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Fresh folders under the system temporary folder, one per use, all under one folder per test
/// process; the folders of earlier test processes that are gone are removed (there is no
/// suite-wide teardown).
public enum Temp {
    static let prefix = "renkei-tests-"

    public static let root: URL = {
        let tmp = FileManager.default.temporaryDirectory
        for name in listing(tmp.path) where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name))
        }
        let u = tmp.appendingPathComponent(prefix + String(getpid()))
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }()

    /// A new empty folder named after `name`.
    public static func dir(_ name: String) -> String { url(name).path }

    public static func url(_ name: String) -> URL {
        let u = root.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}

/// A folder's entries, sorted (none when it cannot be read).
public func listing(_ path: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
