import Foundation
import RenkeiRun
import TestSupport
import Testing

extension E2E {
    @Suite struct ConfigAndUsage {
        var inbox: String { Inboxes.small.inbox }

        func visibleRuns(_ out: String) -> [String] { listing(out + "/runs").filter { !$0.hasPrefix(".") } }

        /// A YAML config holds inbox, out and keep_runs; options on the command line win over it.
        @Test func configFileAndOverrides() throws {
            let dir = Temp.dir("config")
            let outA = dir + "/A", outB = dir + "/B"
            let cfg = dir + "/renkei.yaml"
            try """
                # nightly run
                inbox: \(inbox)
                out: \(outA)
                keep_runs: 1
                log_level: error
                """.write(toFile: cfg, atomically: true, encoding: .utf8)
            for _ in 0..<2 {
                let o = try Run.renkei(["run", "--config", cfg])
                #expect(o.status == 0 || o.status == 1, "\(o.stderr)")
            }
            #expect(visibleRuns(outA).count == 1, "keep_runs: 1 kept \(visibleRuns(outA))")
            checkPublishedState(outA, context: "config out")
            let latestA = latestFolder(outA)

            // --out and --keep override the file.
            for _ in 0..<2 {
                let o = try Run.renkei(["run", "--config", cfg, "--out", outB, "--keep", "5"])
                #expect(o.status == 0 || o.status == 1, "\(o.stderr)")
            }
            #expect(visibleRuns(outB).count == 2, "--keep 5 over keep_runs 1: \(visibleRuns(outB))")
            #expect(latestFolder(outA) == latestA && visibleRuns(outA).count == 1, "the config's out was touched")
            checkPublishedState(outB, context: "overridden out")

            // --inbox overrides too: an empty inbox after a published run is held by the shrink guard.
            let empty = Temp.dir("empty-inbox")
            let latestB = latestFolder(outB)
            let o = try Run.renkei(["run", "--config", cfg, "--inbox", empty, "--out", outB, "--json"])
            #expect(o.status == 5, "\(o.stderr)")
            #expect(latestFolder(outB) == latestB)
            let held = try #require(visibleRuns(outB).first { $0.hasSuffix("-held") })
            #expect(try RunJSON.load(outB + "/runs/" + held).inputs.isEmpty)
        }

        /// `report: {percent_base: valid}` makes every ％ of valid answers; --percent-base wins over it;
        /// a wrong value is a usage error naming the line.
        @Test func percentBaseFromConfigAndFlag() throws {
            let dir = Temp.dir("percent-base")
            let cfg = dir + "/renkei.yaml"
            try "inbox: \(inbox)\nout: \(dir)/out\nlog_level: error\nreport:\n  percent_base: valid\n"
                .write(toFile: cfg, atomically: true, encoding: .utf8)
            func firstN(_ out: String) throws -> String? {
                let s = try Sheet(try #require(latestFolder(out)) + "/全国集計.xlsx", "市町村票")
                return s.string(try #require(s.row("問1", column: 0)) + 1, 1)
            }
            let o = try Run.renkei(["run", "--config", cfg])
            #expect(o.status == 0 || o.status == 1, "\(o.stderr)")
            #expect(try firstN(dir + "/out") == "n（有効回答数）")
            let flag = try Run.renkei(["run", "--config", cfg, "--percent-base", "applicable", "--out", dir + "/flag"])
            #expect(flag.status == 0 || flag.status == 1, "\(flag.stderr)")
            #expect(try firstN(dir + "/flag") == "n（対象者数）")

            try "inbox: \(inbox)\nout: \(dir)/bad\nreport:\n  percent_base: valied\n".write(toFile: cfg, atomically: true, encoding: .utf8)
            let bad = try Run.renkei(["run", "--config", cfg])
            #expect(bad.status == 2, "\(bad.status) \(bad.stderr)")
            #expect(bad.stderr.contains("renkei.yaml:4") && bad.stderr.contains("report.percent_base") && bad.stderr.contains("'valid'"), "\(bad.stderr)")
            let badFlag = try Run.renkei(["run", "--inbox", inbox, "--out", dir + "/bad", "--percent-base", "all"])
            #expect(badFlag.status == 2 && badFlag.stderr.contains("--percent-base"), "\(badFlag.stderr)")
            #expect(!fileExists(dir + "/bad/latest"))
        }

        /// `--omit 見える化` (or `report: omit:`) leaves the dashboard out and nothing else: the same
        /// files as a full run but 見える化/, run.json listing none of it; a workbook cannot be omitted.
        @Test func omitLeavesOutTheDashboardOnly() throws {
            let dir = Temp.dir("omit")
            func outputs(_ out: String) throws -> [String] { try RunJSON.load(try #require(latestFolder(out))).outputs.map(\.path) }
            let full = try Run.renkei(["run", "--inbox", inbox, "--out", dir + "/full", "--log-level", "error"])
            #expect(full.status == 0 || full.status == 1, "\(full.stderr)")
            let omitted = try Run.renkei(["run", "--inbox", inbox, "--out", dir + "/omit", "--omit", "見える化"])
            #expect(omitted.status == 0 || omitted.status == 1, "\(omitted.stderr)")
            #expect(omitted.stderr.contains("見える化 を出力しません（--omit）"), "\(omitted.stderr)")
            let all = try outputs(dir + "/full"), without = try outputs(dir + "/omit")
            #expect(all.contains("見える化/index.html"))
            #expect(without == all.filter { !$0.hasPrefix("見える化/") }, "\(without)")
            #expect(!fileExists(try #require(latestFolder(dir + "/omit")) + "/見える化"))

            let cfg = dir + "/renkei.yaml"
            try "inbox: \(inbox)\nout: \(dir)/cfg\nlog_level: error\nreport:\n  omit: [見える化]\n".write(toFile: cfg, atomically: true, encoding: .utf8)
            let fromConfig = try Run.renkei(["run", "--config", cfg])
            #expect(fromConfig.status == 0 || fromConfig.status == 1, "\(fromConfig.stderr)")
            #expect(try outputs(dir + "/cfg") == without)

            let workbook = try Run.renkei(["run", "--inbox", inbox, "--out", dir + "/bad", "--omit", "全国集計.xlsx"])
            #expect(workbook.status == 2 && workbook.stderr.contains("--omit") && workbook.stderr.contains("見える化"), "\(workbook.stderr)")
            try "inbox: \(inbox)\nout: \(dir)/bad\nreport:\n  omit: 見える化x\n".write(toFile: cfg, atomically: true, encoding: .utf8)
            let badConfig = try Run.renkei(["run", "--config", cfg])
            #expect(badConfig.status == 2 && badConfig.stderr.contains("renkei.yaml:4") && badConfig.stderr.contains("report.omit"), "\(badConfig.stderr)")
            #expect(!fileExists(dir + "/bad/latest"))
        }

        @Test func unknownConfigKeyIsAUsageError() throws {
            let dir = Temp.dir("badconfig")
            let cfg = dir + "/renkei.yaml"
            try "inbox: \(inbox)\nout: \(dir)/out\nkeep: 3\n".write(toFile: cfg, atomically: true, encoding: .utf8)
            let o = try Run.renkei(["run", "--config", cfg])
            #expect(o.status == 2, "\(o.status) \(o.stderr)")
            #expect(o.stderr.contains("'keep'"), "\(o.stderr)")
            #expect(!fileExists(dir + "/out/latest"))
        }

        @Test func missingInboxIsAUsageError() throws {
            let dir = Temp.dir("noinbox")
            let o = try Run.renkei(["run", "--inbox", dir + "/nowhere", "--out", dir + "/out"])
            #expect(o.status == 2, "\(o.status) \(o.stderr)")
            #expect(o.stderr.contains("nowhere"), "\(o.stderr)")
            let none = try Run.renkei(["run", "--out", dir + "/out"])
            #expect(none.status == 2, "\(none.status) \(none.stderr)")
            #expect(none.stderr.contains("inbox"))
            let keep0 = try Run.renkei(["run", "--inbox", inbox, "--out", dir + "/out", "--keep", "0"])
            #expect(keep0.status == 2, "\(keep0.status) \(keep0.stderr)")
        }

        /// Tests run as root, so permissions cannot make a folder unwritable: a regular file in the
        /// way (or where the lock file belongs) does.
        @Test func unwritableOutIsAnIOFailureAndLatestSurvives() throws {
            let dir = Temp.dir("io")
            try "not a folder".write(toFile: dir + "/file.txt", atomically: true, encoding: .utf8)
            let o = try Run.renkei(["run", "--inbox", inbox, "--out", dir + "/file.txt/sub"])
            #expect(o.status == 3, "\(o.status) \(o.stderr)")
            #expect(o.stderr.contains("file.txt"), "\(o.stderr)")

            // An output folder with a good latest, whose lock file cannot be opened.
            let out = dir + "/out"
            let first = try Run.renkei(["run", "--inbox", inbox, "--out", out])
            #expect(first.status == 0 || first.status == 1, "\(first.stderr)")
            let before = try #require(latestFolder(out))
            let beforeRuns = visibleRuns(out)
            try FileManager.default.removeItem(atPath: out + "/.renkei.lock")
            try FileManager.default.createDirectory(atPath: out + "/.renkei.lock", withIntermediateDirectories: false)
            let failed = try Run.renkei(["run", "--inbox", inbox, "--out", out])
            #expect(failed.status == 3, "\(failed.status) \(failed.stderr)")
            #expect(failed.stderr.contains(".renkei.lock"), "\(failed.stderr)")
            #expect(latestFolder(out) == before)
            #expect(visibleRuns(out) == beforeRuns)
            checkPublishedState(out, context: "after an I/O failure")

            // `runs` itself blocked by a file: nothing can be staged; latest still intact.
            try FileManager.default.removeItem(atPath: out + "/.renkei.lock")
            let moved = out + "/runs-moved"
            try FileManager.default.moveItem(atPath: out + "/runs", toPath: moved)
            try "x".write(toFile: out + "/runs", atomically: true, encoding: .utf8)
            let blocked = try Run.renkei(["run", "--inbox", inbox, "--out", out])
            #expect(blocked.status == 3, "\(blocked.status) \(blocked.stderr)")
            try FileManager.default.removeItem(atPath: out + "/runs")
            try FileManager.default.moveItem(atPath: moved, toPath: out + "/runs")
            #expect(latestFolder(out) == before)
            checkPublishedState(out, context: "after runs/ was blocked")
        }

        @Test func keepPrunesOlderRuns() throws {
            let out = Temp.dir("keep")
            var published: [String] = []
            for _ in 0..<4 {
                let o = try InProcess.run(inbox: inbox, out: out, keep: 2)
                #expect(o.status == .clean || o.status == .inputErrors, "\(o.text)")
                published.append(try #require(latestFolder(out)).components(separatedBy: "/").last!)
            }
            #expect(Set(published).count == 4, "each run its own folder: \(published)")
            #expect(visibleRuns(out) == Array(published.suffix(2)), "kept \(visibleRuns(out)), published \(published)")
            checkPublishedState(out, context: "after pruning")
        }
    }
}
