import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension E2E {
    @Suite struct Lock {
        /// Two runs started together on the same output: one publishes, the other exits 4 at once,
        /// naming the lock and its holder.
        @Test func secondConcurrentRunExitsLocked() throws {
            let sim = Inboxes.faulty
            let out = Temp.dir("lock")
            let args = ["run", "--inbox", sim.inbox, "--out", out]
            let a = try Run.start(Binary.url, args)
            let b = try Run.start(Binary.url, args)
            let (oa, ob) = (a.wait(), b.wait())
            let statuses = [oa.status, ob.status].sorted()
            #expect(statuses == [1, 4], "statuses \(oa.status) \(ob.status): \(oa.stderr) \(ob.stderr)")
            let (winner, loser, winnerPid) = oa.status == 4 ? (ob, oa, b.pid) : (oa, ob, a.pid)
            #expect(loser.stderr.contains(out + "/.renkei.lock"), "\(loser.stderr)")
            #expect(loser.stderr.contains("pid \(winnerPid)"), "\(loser.stderr)")
            // "At once": the locked run did not wait for the other to finish.
            #expect(loser.seconds < winner.seconds, "locked run took \(loser.seconds) s, the run \(winner.seconds) s")
            #expect(loser.stdout.isEmpty)
            #expect(listing(out + "/runs").filter { !$0.hasPrefix(".") }.count == 1)
            checkPublishedState(out, context: "after the concurrent runs")
        }

        /// A lock file left behind by a process that is gone holds no flock: the next run takes it.
        @Test func staleLockIsTakenOver() throws {
            let sim = Inboxes.small
            let out = Temp.dir("stale")
            try "pid 999999 since 2023-09-01T00:00:00Z\n".write(toFile: out + "/.renkei.lock", atomically: false, encoding: .utf8)
            let o = try Run.renkei(["run", "--inbox", sim.inbox, "--out", out])
            #expect(o.status == 0 || o.status == 1, "\(o.stderr)")
            #expect(latestFolder(out) != nil)
            let note = try String(contentsOfFile: out + "/.renkei.lock", encoding: .utf8)
            #expect(!note.contains("999999"), "lock note not rewritten: \(note)")

            // And the lock of a run killed while holding it.
            let p = try Run.start(Binary.url, ["run", "--inbox", sim.inbox, "--out", out])
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, p.isRunning,
                  (try? String(contentsOfFile: out + "/.renkei.lock", encoding: .utf8))?.contains("pid \(p.pid) ") != true {
                usleep(2_000)
            }
            p.kill(SIGKILL)
            _ = p.wait()
            let again = try Run.renkei(["run", "--inbox", sim.inbox, "--out", out])
            #expect(again.status == 0 || again.status == 1, "\(again.stderr)")
            checkPublishedState(out, context: "after a killed lock holder")
        }
    }
}
