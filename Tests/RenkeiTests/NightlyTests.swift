import Foundation
import TestSupport
import Testing
import XLSXReader
#if canImport(Glibc)
import Glibc
#endif

/// What a sysadmin relies on when nobody watches: the shrink guard, honest exit statuses, clean
/// stops on signals, unreadable folders reported, config errors with a line, --notify.
extension E2E {
    @Suite struct Nightly {
        func visibleRuns(_ out: String) -> [String] { listing(out + "/runs").filter { !$0.hasPrefix(".") } }

        /// A copy of a simulated inbox the test can change.
        func copyInbox(_ sim: Inboxes.Simulated, _ name: String) throws -> String {
            let dir = Temp.dir(name) + "/inbox"
            try FileManager.default.copyItem(atPath: sim.inbox, toPath: dir)
            return dir
        }

        // MARK: shrink guard

        @Test func emptyInboxAfterAGoodRunIsHeldAndLatestStays() throws {
            let out = Temp.dir("shrink-empty")
            let good = try Run.renkei(["run", "--inbox", Inboxes.clean.inbox, "--out", out])
            #expect(good.status == 0, "\(good.stderr)")
            let before = try #require(latestFolder(out))

            let empty = Temp.dir("empty-inbox")
            let o = try Run.renkei(["run", "--inbox", empty, "--out", out])
            #expect(o.status == 5, "\(o.status) \(o.stderr)")
            #expect(o.stderr.contains("受理した回答がありません"), "\(o.stderr)")
            #expect(o.stdout.contains("保留（公開せず）: 受理した回答がありません"), "\(o.stdout)")
            #expect(latestFolder(out) == before)
            checkPublishedState(out, context: "after a held run")
            let held = visibleRuns(out).filter { $0.hasSuffix("-held") }
            #expect(held.count == 1, "\(visibleRuns(out))")
            let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/runs/\(held[0])/run.json"))) as? [String: Any]
            #expect((record?["held"] as? String)?.contains("受理した回答がありません") == true)

            // The rare legitimate case: published on request.
            let accepted = try Run.renkei(["run", "--inbox", empty, "--out", out, "--accept-shrink"])
            #expect(accepted.status == 0, "\(accepted.status) \(accepted.stderr)")
            #expect(latestFolder(out) != before)
            #expect(try RunJSON.load(try #require(latestFolder(out))).inputs.isEmpty)
        }

        /// One of three prefectures' files gone: held by the per-prefecture rule, which names it;
        /// two of three gone: held by the threshold too; the config key publishes it.
        @Test func prefecturesGoneIsHeld() throws {
            let out = Temp.dir("shrink-pref")
            let good = try Run.renkei(["run", "--inbox", Inboxes.clean.inbox, "--out", out])
            #expect(good.status == 0, "\(good.stderr)")
            let before = try #require(latestFolder(out))

            let inbox = try copyInbox(Inboxes.clean, "shrink-inbox")
            try FileManager.default.removeItem(atPath: inbox + "/18_福井県")
            let one = try Run.renkei(["run", "--inbox", inbox, "--out", out])
            #expect(one.status == 5, "\(one.status) \(one.stderr)")
            #expect(one.stderr.contains("18 福井県"), "\(one.stderr)")
            #expect(latestFolder(out) == before)

            try FileManager.default.removeItem(atPath: inbox + "/31_鳥取県")
            let cfg = Temp.dir("shrink-cfg") + "/renkei.yaml"
            try "shrink_guard:\n  prefectures: false\n".write(toFile: cfg, atomically: true, encoding: .utf8)
            let two = try Run.renkei(["run", "--inbox", inbox, "--out", out, "--config", cfg])
            #expect(two.status == 5, "\(two.status) \(two.stderr)")
            #expect(two.stderr.contains("の 50% を下回ります"), "\(two.stderr)")
            #expect(latestFolder(out) == before)
            checkPublishedState(out, context: "after held runs")

            try "accept_shrink: true\n".write(toFile: cfg, atomically: true, encoding: .utf8)
            let published = try Run.renkei(["run", "--inbox", inbox, "--out", out, "--config", cfg])
            #expect(published.status == 0, "\(published.status) \(published.stderr)")
            #expect(latestFolder(out) != before)
            checkPublishedState(out, context: "published with accept_shrink")
        }

        // MARK: exit statuses

        /// The operator's guide's table (docs/operator.md), parsed: status → meaning.
        static func readmeTable() throws -> [Int32: String] {
            let text = try String(contentsOf: Paths.root.appendingPathComponent("docs/operator.md"), encoding: .utf8)
            let block = try #require(text.components(separatedBy: "<!-- exit-statuses:begin -->").last?
                .components(separatedBy: "<!-- exit-statuses:end -->").first)
            var table: [Int32: String] = [:]
            for line in block.split(separator: "\n") {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                if cells.count == 2, let code = Int32(cells[0]) { table[code] = cells[1] }
            }
            return table
        }

        /// Each documented status, produced through the real binary; the operator's guide's table, every
        /// `--help` and the binary agree.
        @Test func everyDocumentedExitStatus() throws {
            let table = try Self.readmeTable()
            #expect(table.count == 9, "\(table)")
            // Japanese has no spaces to wrap at: the help wraps between characters, so compare without any.
            func flat(_ s: String) -> String { s.filter { !$0.isWhitespace } }
            for command in [[], ["run"], ["validate"]] {
                let help = flat(try Run.renkei(command + ["--help"]).stdout)
                for (code, meaning) in table where command != ["validate"] || ![4, 5].contains(code) {
                    #expect(help.contains(flat("\(code) \(meaning)")), "renkei \(command) --help lacks status \(code): \(meaning)")
                }
            }

            var seen: [Int32: String] = [:]
            func expect(_ status: Int32, _ o: Outcome, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(o.status == status && !o.signaled, "\(what): \(o.status) \(o.stderr)", sourceLocation: sourceLocation)
                seen[status] = what
            }
            let dir = Temp.dir("statuses")
            let out = dir + "/out"
            expect(0, try Run.renkei(["run", "--inbox", Inboxes.clean.inbox, "--out", out]), "clean inbox")
            expect(1, try Run.renkei(["run", "--inbox", Inboxes.faulty.inbox, "--out", dir + "/faulty"]), "faulty inbox")
            expect(1, try Run.renkei(["validate", "--inbox", Inboxes.faulty.inbox]), "validate, faulty inbox")
            for args in [["run", "--bogus"], ["template", "--prefecture", "31"], ["run", "--keep", "abc"], ["validate"]] {
                expect(2, try Run.renkei(args), "argument-parser: \(args)")
            }
            try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
            expect(2, try Run.renkei(["run", "--inbox", Inboxes.clean.inbox, "--out", dir + "/file"]), "--out is a file")
            expect(3, try Run.renkei(["run", "--inbox", Inboxes.clean.inbox, "--out", dir + "/file/sub"]), "--out under a file")
            expect(3, try Run.renkei(["validate", "--inbox", Inboxes.clean.inbox, "--csv", dir + "/file"]), "validate --csv is a file")

            let fd = open(out + "/.renkei.lock", O_RDWR | O_CREAT, 0o644)
            #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
            expect(4, try Run.renkei(["run", "--inbox", Inboxes.clean.inbox, "--out", out]), "locked")
            close(fd)

            expect(5, try Run.renkei(["run", "--inbox", Temp.dir("empty"), "--out", out]), "held")
            let bug = try Run.tool(URL(fileURLWithPath: "/usr/bin/env"),
                                        ["RENKEI_TEST_FAULT=internal", Binary.url.path, "run", "--inbox", Inboxes.clean.inbox, "--out", out])
            expect(6, bug, "internal error")
            #expect(bug.stderr.contains("RENKEI_TEST_FAULT"))
            for sig in [SIGINT, SIGTERM] {
                let (o, _) = try stopRun(sig, out: dir + "/stopped-\(sig)")
                expect(128 + sig, o, "signal \(sig)")
            }
            #expect(Set(seen.keys) == Set(table.keys), "produced \(seen.keys.sorted()), README documents \(table.keys.sorted())")
        }

        // MARK: signals

        /// Starts a run after a good one, sends `sig` while the reports are being written.
        func stopRun(_ sig: Int32, out: String) throws -> (Outcome, before: String?) {
            let args = ["run", "--inbox", Inboxes.small.inbox, "--out", out]
            _ = try Run.renkei(args)
            let before = latestFolder(out)
            let p = try Run.start(Binary.url, args)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, p.isRunning, !listing(out + "/runs").contains(where: { $0.hasPrefix(".staging-") }) { usleep(500) }
            p.kill(sig)
            return (p.wait(), before)
        }

        @Test(arguments: [SIGINT, SIGTERM])
        func signalStopsTheRunCleanly(sig: Int32) throws {
            let out = Temp.dir("signal")
            let (o, before) = try stopRun(sig, out: out)
            #expect(!o.signaled && o.status == 128 + sig, "\(o.status) \(o.stderr) \(o.stdout)")
            let lines = o.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(sig == SIGINT ? "SIGINT で停止しました" : "SIGTERM で停止しました"), "\(o.stderr)")
            #expect(listing(out + "/runs").filter { $0.hasPrefix(".") }.isEmpty, "staging left: \(listing(out + "/runs"))")
            #expect(latestFolder(out) == before)
            checkPublishedState(out, context: "after signal \(sig)")
            // The lock went with the process: the next run is not refused.
            let next = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", out])
            #expect(next.status == 1, "\(next.status) \(next.stderr)")
        }

        // MARK: what is read

        /// An unreadable sub-folder is a ledger input with a reason and a warning; cover letters
        /// are one skipped line each; the output folder inside the inbox is never read.
        @Test func unreadableFolderCoverLettersAndOutInsideInbox() throws {
            let inbox = try copyInbox(Inboxes.small, "readable")
            let fm = FileManager.default
            let letters = inbox + "/送付状"
            try fm.createDirectory(atPath: letters, withIntermediateDirectories: true)
            let docx = TestZipBytes.make([("[Content_Types].xml", Array("<Types/>".utf8)), ("word/document.xml", Array("<w/>".utf8)),
                                          ("word/styles.xml", Array("<w/>".utf8))])
            try Data(docx).write(to: URL(fileURLWithPath: letters + "/送付状.docx"))
            let pptx = TestZipBytes.make([("[Content_Types].xml", Array("<Types/>".utf8)), ("ppt/presentation.xml", Array("<p/>".utf8))])
            try Data(pptx).write(to: URL(fileURLWithPath: letters + "/説明.pptx"))
            try Data("%PDF-1.4\n".utf8).write(to: URL(fileURLWithPath: letters + "/依頼文.pdf"))
            try Data("From: a@example.jp\nTo: b@example.jp\nSubject: 送付\n\n本文\n".utf8).write(to: URL(fileURLWithPath: letters + "/転送.eml"))
            let locked = inbox + "/31_鳥取県/保留"
            try fm.createDirectory(atPath: locked, withIntermediateDirectories: true)
            try fm.copyItem(atPath: try #require(listing(inbox + "/31_鳥取県").first { $0.hasSuffix(".xlsx") }.map { inbox + "/31_鳥取県/" + $0 }),
                            toPath: locked + "/hidden.xlsx")
            chmod(locked, 0)
            defer { chmod(locked, 0o755) }

            // Root reads everything: drop the capabilities that let it, as a service user would lack them.
            let out = inbox + "/Reports"
            func run() throws -> Outcome {
                let args = ["run", "--inbox", inbox, "--out", out, "--accept-shrink"]
                if getuid() == 0, fileExists("/usr/bin/setpriv") {
                    return try Run.tool(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                        ["--bounding-set", "-dac_override,-dac_read_search", Binary.url.path] + args)
                }
                return try Run.renkei(args)
            }
            _ = try run()
            let o = try run()  // the second run finds the first one's outputs inside the inbox
            #expect(o.status == 1, "\(o.status) \(o.stderr)")
            #expect(o.stderr.contains("31_鳥取県/保留"), "no warning naming the folder: \(o.stderr)")
            let rows = try CSVFile.rows(try #require(latestFolder(out)) + "/ledger.csv")
            let record = try RunJSON.load(try #require(latestFolder(out)))
            func state(_ path: String) -> String? { record.inputs.first { $0.input.path == path }.map { "\($0.state.rawValue) \($0.reason.code)" } }
            #expect(state("31_鳥取県/保留") == "rejected unreadable-folder")
            #expect(state("送付状/送付状.docx") == "skipped office-document")
            #expect(state("送付状/説明.pptx") == "skipped office-document")
            #expect(state("送付状/依頼文.pdf") == "skipped pdf")
            #expect(state("送付状/転送.eml") == "skipped mail")
            #expect(record.inputs.filter { $0.input.path.hasPrefix("送付状/") }.count == 4)
            #expect(!record.inputs.contains { $0.input.path.hasPrefix("Reports") }, "read its own outputs")
            #expect(rows.count == record.inputs.count)
        }

        // MARK: config

        @Test(arguments: [
            ("keep_runs: 0\n", "renkei.yaml:3: keep_runs は 1 以上の整数で指定してください"),
            ("keep_runs: abc\n", "renkei.yaml:3: keep_runs は 1 以上の整数で指定してください（'abc' ではなく）"),
            ("log_level: verbose\n", "renkei.yaml:3: log_level は trace, debug"),
            ("limits:\n  max_file_size: 3\n", "renkei.yaml:4: 'limits' の下にキー 'max_file_size' はありません"),
            ("limits:\n  max_file_md: 3\n", "'max_file_mb' のことですか？"),
            ("keep_run: 3\n", "renkei.yaml:3: キー 'keep_run' はありません。'keep_runs' のことですか？"),
            ("time_zone: Tokyo\n", "renkei.yaml:3: time_zone は Asia/Tokyo や UTC のようなタイムゾーン名"),
            ("shrink_guard:\n  min_percent: 150\n", "renkei.yaml:4: shrink_guard.min_percent は 0〜100の整数"),
            ("json: maybe\n", "renkei.yaml:3: json は true か false で指定してください"),
            ("codebook: nowhere.yaml\n", "調査票定義（renkei.yaml:3: codebook）: "),
        ])
        func configErrorsNameFileLineAndKey(extra: String, message: String) throws {
            let dir = Temp.dir("cfg-err")
            try "inbox: \(Inboxes.small.inbox)\nout: out\n\(extra)".write(toFile: dir + "/renkei.yaml", atomically: true, encoding: .utf8)
            let o = try Run.renkei(["run", "--config", dir + "/renkei.yaml"])
            #expect(o.status == 2, "\(o.status) \(o.stderr)")
            #expect(o.stderr.contains(message), "\(o.stderr)")
            #expect(!o.stderr.contains("DecodingError") && !o.stderr.contains("--keep") && !o.stderr.contains("--log-level"), "\(o.stderr)")
            #expect(!fileExists(dir + "/out/latest"))
        }

        /// Relative paths in the file are relative to the file's folder, wherever cron starts us;
        /// --notify gets the summary JSON and the status; names and the summary carry the time zone.
        @Test func relativePathsNotifyAndTimeZone() throws {
            let dir = Temp.dir("cfg-rel")
            try FileManager.default.copyItem(atPath: Inboxes.small.inbox, toPath: dir + "/inbox")
            try """
                inbox: inbox
                out: Reports
                time_zone: UTC
                notify: cat > notified.json; echo "$RENKEI_STATUS $RENKEI_EXIT_STATUS" > notified.env
                """.write(toFile: dir + "/renkei.yaml", atomically: true, encoding: .utf8)
            let cwd = Temp.dir("elsewhere")
            let o = try Run.renkei(["run", "--config", dir + "/renkei.yaml"], cwd: cwd)
            #expect(o.status == 1, "\(o.status) \(o.stderr)")
            let latest = try #require(latestFolder(dir + "/Reports"))
            #expect(latest.hasSuffix("+0000"), "\(latest)")
            let first = try #require(o.stdout.split(separator: "\n").first)
            #expect(first.range(of: #"^renkei run \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000: "#, options: .regularExpression) != nil, "\(first)")
            // The notify command ran in our working directory, with the JSON and the status.
            let env = try String(contentsOfFile: cwd + "/notified.env", encoding: .utf8)
            #expect(env == "input_errors 1\n")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cwd + "/notified.json"))) as? [String: Any]
            #expect(json?["exit_status"] as? Int == 1 && json?["status"] as? String == "input_errors")
            #expect((json?["reports"] as? String) == latest.replacingOccurrences(of: "/latest/../", with: "/"))

            // The default zone is Japan's.
            let jst = try Run.renkei(["run", "--inbox", dir + "/inbox", "--out", dir + "/J"])
            #expect(jst.status == 1)
            #expect(try #require(latestFolder(dir + "/J")).hasSuffix("+0900"))
            #expect(jst.stdout.hasPrefix("renkei run ") && jst.stdout.contains(" +0900: "), "\(jst.stdout)")
        }
    }
}

/// A stored (uncompressed) zip, for Office-like test documents.
enum TestZipBytes {
    static func make(_ entries: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        func u16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: UInt32, _ a: inout [UInt8]) { for s in [0, 8, 16, 24] { a.append(UInt8((v >> UInt32(s)) & 0xFF)) } }
        for (name, data) in entries {
            let n = Array(name.utf8), crc = crc32(data), offset = UInt32(out.count)
            u32(0x04034B50, &out); u16(20, &out); u16(0x800, &out); u16(0, &out); u16(0, &out); u16(0, &out)
            u32(crc, &out); u32(UInt32(data.count), &out); u32(UInt32(data.count), &out); u16(n.count, &out); u16(0, &out)
            out += n + data
            u32(0x02014B50, &central); u16(20, &central); u16(20, &central); u16(0x800, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u32(crc, &central); u32(UInt32(data.count), &central); u32(UInt32(data.count), &central); u16(n.count, &central)
            u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central); u32(0, &central); u32(offset, &central)
            central += n
        }
        let cdOffset = out.count
        out += central
        u32(0x06054B50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(central.count), &out); u32(UInt32(cdOffset), &out); u16(0, &out)
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data {
            c ^= UInt32(b)
            for _ in 0..<8 { c = (c >> 1) ^ (0xEDB8_8320 & (0 &- (c & 1))) }
        }
        return ~c
    }
}
