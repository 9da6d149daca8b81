import Foundation
import TestSupport
import Testing
@testable import Simulate
import SurveyModel
import XLSXReader
#if canImport(Glibc)
import Glibc
#endif

/// What must hold of an output folder at any moment, however a run ended.
func checkPublishedState(_ out: String, context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let runs = out + "/runs"
    // No visible run folder without its run.json (run.json is written last, before the rename).
    for name in listing(runs) where !name.hasPrefix(".") {
        #expect(fileExists(runs + "/" + name + "/run.json"), "\(context): runs/\(name) has no run.json", sourceLocation: sourceLocation)
    }
    guard let latest = latestFolder(out) else { return }
    #expect(fileExists(latest + "/run.json"), "\(context): latest → \(latest) has no run.json", sourceLocation: sourceLocation)
    #expect(fileExists(latest + "/全国集計.xlsx"), "\(context): latest has no 全国集計.xlsx", sourceLocation: sourceLocation)
    guard let rec = try? RunJSON.load(latest) else {
        Issue.record("\(context): run.json at latest does not parse", sourceLocation: sourceLocation); return
    }
    for o in rec.outputs {
        let size = (try? FileManager.default.attributesOfItem(atPath: latest + "/" + o.path))?[.size] as? NSNumber
        #expect(size?.intValue == o.size, "\(context): \(o.path) is \(size?.intValue ?? -1) bytes, run.json says \(o.size)",
                sourceLocation: sourceLocation)
    }
    do {
        let wb = try Workbook(path: latest + "/全国集計.xlsx")
        _ = try wb.worksheet(named: "回収状況")
    } catch {
        Issue.record("\(context): 全国集計.xlsx at latest does not open: \(error)", sourceLocation: sourceLocation)
    }
}

extension E2E {
    @Suite struct Kill {
        /// 20 runs killed with SIGKILL at random points of a run: the previous latest always stays
        /// complete and readable, no half-written run becomes visible, and the next run cleans up.
        @Test func killedRunsNeverLeaveAPartialRun() throws {
            let sim = Inboxes.small
            let out = Temp.dir("kill")
            let args = ["run", "--inbox", sim.inbox, "--out", out, "--keep", "3", "--log-level", "error"]
            let first = try Run.renkei(args)
            #expect(first.status == 0 || first.status == 1, "\(first.stderr)")
            let duration = first.seconds
            checkPublishedState(out, context: "first run")
            #expect(latestFolder(out) != nil)

            var rng = SplitMix64(seed: 20230823)  // the simulator's PRNG: same seed, same kill points
            var killed = 0, finished = 0
            for i in 0..<20 {
                let delay = rng.unit() * duration
                let p = try Run.start(Binary.url, args)
                usleep(useconds_t(delay * 1_000_000))
                p.kill(SIGKILL)
                let o = p.wait()
                if o.signaled { killed += 1 } else { finished += 1 }
                #expect(o.signaled || o.status == 0 || o.status == 1, "run \(i): status \(o.status) \(o.stderr)")
                // A latest existed before, so one must exist now: the old one or a complete new one.
                #expect(latestFolder(out) != nil, "run \(i) (killed after \(delay) s): latest is gone")
                checkPublishedState(out, context: "run \(i) killed after \(String(format: "%.3f", delay)) s")
            }
            #expect(killed >= 10, "only \(killed) of 20 runs were killed (run takes \(duration) s)")

            let last = try Run.renkei(args)
            #expect(last.status == 0 || last.status == 1, "\(last.stderr)")
            checkPublishedState(out, context: "after the kills")
            let hidden = listing(out + "/runs").filter { $0.hasPrefix(".") }
            #expect(hidden.isEmpty, "stale staging left: \(hidden)")
            #expect(listing(out + "/runs").filter { !$0.hasPrefix(".") }.count <= 3)
            let newest = listing(out + "/runs").filter { !$0.hasPrefix(".") }.last
            #expect(latestFolder(out).map { ($0 as NSString).lastPathComponent } == newest)
        }

        /// Killed while pruning an old run: the old run is either whole or gone, never a visible
        /// folder that has lost its run.json. An old run padded with many files makes its removal
        /// slow enough to be caught in the middle.
        @Test func killDuringPruneLeavesNoHalfRun() throws {
            let sim = Inboxes.small
            let out = Temp.dir("kill-prune")
            let args = ["run", "--inbox", sim.inbox, "--out", out, "--keep", "1", "--log-level", "error"]
            let first = try Run.renkei(args)
            #expect(first.status == 0 || first.status == 1, "\(first.stderr)")
            let old = try #require(latestFolder(out))
            let oldName = (old as NSString).lastPathComponent
            for i in 0..<20_000 { FileManager.default.createFile(atPath: old + "/padding-\(i).txt", contents: nil) }

            let p = try Run.start(Binary.url, args)
            let deadline = Date().addingTimeInterval(120)
            // The new run switches latest, then prunes the old one: kill at the worst moment, as
            // soon as the old run's run.json is gone (or the old folder is, if that comes first).
            while Date() < deadline, p.isRunning, fileExists(old + "/run.json") { usleep(200) }
            p.kill(SIGKILL)
            let o = p.wait()
            #expect(o.signaled, "the run finished before it could be killed while pruning")
            let left = listing(old).count
            #expect(left == 0 || left > 1000, "killed too late to mean anything: \(left) files left")
            #expect(latestFolder(out).map { ($0 as NSString).lastPathComponent } != oldName)
            #expect(!fileExists(old) || fileExists(old + "/run.json"), "runs/\(oldName) half removed but still visible")
            checkPublishedState(out, context: "killed while pruning")

            let last = try Run.renkei(args)
            #expect(last.status == 0 || last.status == 1, "\(last.stderr)")
            #expect(listing(out + "/runs").filter { $0.hasPrefix(".") }.isEmpty, "\(listing(out + "/runs"))")
            #expect(listing(out + "/runs").count == 1)
        }
    }
}
