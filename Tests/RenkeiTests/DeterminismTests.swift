import Foundation
import RenkeiRun
import TestSupport
import Testing

extension E2E {
    @Suite struct Determinism {
        /// The same inbox into two output folders: every report byte-identical (run.json differs
        /// by design: it records times).
        @Test func sameInboxSameBytes() throws {
            let a = EndToEnd.faulty.folder
            let out = Temp.dir("determinism")
            let o = try InProcess.run(inbox: Inboxes.faulty.inbox, out: out)
            #expect(o.status == .inputErrors)
            let b = try #require(latestFolder(out))
            let recA = try RunJSON.load(a), recB = try RunJSON.load(b)
            var names = ["全国集計.xlsx", "answers.csv", "issues.csv", "ledger.csv", "summary.json"]
            names += listing(a + "/prefectures").map { "prefectures/" + $0 }
            #expect(names.count == 5 + 47)
            names += ["回答データ.xlsx"] + listing(a + "/wide").filter { $0.hasSuffix(".csv") }.map { "wide/" + $0 }
                + listing(a + "/wide/prefectures").map { "wide/prefectures/" + $0 }
            #expect(names.count == 5 + 47 + 1 + 3 + 47 * 3)
            #expect(listing(a + "/prefectures") == listing(b + "/prefectures"))
            for name in names {
                let da = try Data(contentsOf: URL(fileURLWithPath: a + "/" + name))
                let db = try Data(contentsOf: URL(fileURLWithPath: b + "/" + name))
                #expect(da == db, "\(name) differs between two runs on the same inbox")
            }
            #expect(recA.outputs.map(\.sha256) == recB.outputs.map(\.sha256))
            #expect(recA.inputs.map(\.sha256) == recB.inputs.map(\.sha256))
        }
    }
}
