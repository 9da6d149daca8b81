import Foundation
@testable import RenkeiRun
import SurveyModel
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Removing an old run or a failed staging folder: every file and folder of it goes, on several
/// workers, and nothing a symbolic link inside it points to is touched.
@Suite struct FolderRemovalTests {
    @Test func removesEveryGeneratedTreeAndFollowsNoLink() throws {
        for seed in UInt64(1)...40 {
            var rng = SplitMix64(seed: seed, key: "folder-removal")
            let base = Temp.dir("removal")
            // Outside the tree: a file and a folder that links inside it point to.
            let outside = base + "/outside"
            try FileManager.default.createDirectory(atPath: outside + "/kept", withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: URL(fileURLWithPath: outside + "/kept/file.txt"))
            let tree = base + "/run"
            var folders = [tree]
            try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
            var made = 0
            for i in 0..<Int(rng.next() % 300) {
                let parent = folders[Int(rng.next() % UInt64(folders.count))]
                switch rng.next() % 10 {
                case 0, 1:
                    let dir = parent + "/フォルダ\(i)"
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
                    folders.append(dir)
                case 2:
                    #expect(symlink(outside + "/kept", parent + "/link\(i)") == 0)
                case 3:
                    #expect(symlink(outside + "/kept/file.txt", parent + "/flink\(i)") == 0)
                case 4:
                    // Read-only file: unlink needs only the folder's write permission.
                    let path = parent + "/ro\(i).html"
                    try Data(count: Int(rng.next() % 5000)).write(to: URL(fileURLWithPath: path))
                    chmod(path, 0o400)
                default:
                    try Data(count: Int(rng.next() % 5000)).write(to: URL(fileURLWithPath: parent + "/\(i).html"))
                }
                made += 1
            }
            FolderRemoval.removeHidden(tree, as: base + "/.pruning-run")
            #expect(listing(base) == ["outside"], "seed \(seed): \(made) entries, left \(listing(base))")
            #expect(listing(outside + "/kept") == ["file.txt"], "seed \(seed): a link was followed")
        }
    }

    @Test func aFileOrAMissingPathIsHandled() throws {
        let base = Temp.dir("removal-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: base + "/a.txt"))
        FolderRemoval.remove(base + "/a.txt")
        FolderRemoval.remove(base + "/missing")
        #expect(listing(base).isEmpty)
    }
}
