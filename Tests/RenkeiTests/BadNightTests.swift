import Foundation
import RenkeiRun
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The nights that actually go wrong — a typo in the config, a hung mail command, a stop during
/// notify, a full disk, the empty inbox before the first file — each through the real binary:
/// the operator hears of it, in words, and the status says what was published.
extension E2E {
    @Suite struct BadNights {
        /// A notify command that records its status, environment and stdin into `dir`.
        func recorder(_ dir: String) -> String {
            "echo \"$RENKEI_STATUS $RENKEI_EXIT_STATUS\" > \(shellQuote(dir + "/notified.env")); cat > \(shellQuote(dir + "/notified.json"))"
        }

        /// Whether the process group `pgid` still has a running member (a zombie waiting for its
        /// reaper is not running: /proc's state Z).
        func groupAlive(_ pgid: pid_t) -> Bool {
            for name in listing("/proc") where Int32(name) != nil {
                guard let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")") else { continue }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                if fields.count > 2, fields[0] != "Z", Int32(fields[2]) == pgid { return true }
            }
            return false
        }

        func waitForFile(_ path: String, seconds: Double = 120) -> String? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let s = try? String(contentsOfFile: path, encoding: .utf8), s.hasSuffix("\n") { return s }
                usleep(20_000)
            }
            return nil
        }

        @Test func configWithMistakesStillNotifiesAndListsEveryMistake() throws {
            let dir = Temp.dir("bad-config")
            try """
                inbox: \(Inboxes.small.inbox)
                out: out
                shrink_gaurd:
                  min_percent: 50
                keep_runs: 0
                log_level: loud
                time_zone: UTC
                notify: \(recorder(dir))
                """.write(toFile: dir + "/renkei.yaml", atomically: true, encoding: .utf8)
            let o = try Run.renkei(["run", "--config", dir + "/renkei.yaml"])
            #expect(o.status == 2, "\(o.status) \(o.stderr)")
            let lines = o.stderr.split(separator: "\n")
            // Every mistake, each on a dated line (the file's zone: UTC), in the file's order.
            let expected = ["renkei.yaml:3: キー 'shrink_gaurd' はありません。'shrink_guard' のことですか？",
                            "renkei.yaml:5: keep_runs は 1 以上の整数で指定してください（'0' ではなく）",
                            "renkei.yaml:6: log_level は trace, debug"]
            #expect(lines.count == expected.count, "\(o.stderr)")
            for (line, text) in zip(lines, expected) {
                #expect(line.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 error: "#, options: .regularExpression) != nil, "\(line)")
                #expect(line.contains(text), "\(line)")
            }
            #expect(try String(contentsOfFile: dir + "/notified.env", encoding: .utf8) == "usage 2\n")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/notified.json"))) as? [String: Any])
            #expect(json["exit_status"] as? Int == 2 && json["status"] as? String == "usage")
            for text in expected { #expect((json["error"] as? String)?.contains(text) == true, "\(json)") }
            #expect(!fileExists(dir + "/out/latest"))

            // Not YAML at all: the command line's --notify is used, and the log says so.
            try "inbox: [unclosed\n".write(toFile: dir + "/broken.yaml", atomically: true, encoding: .utf8)
            let broken = try Run.renkei(["run", "--config", dir + "/broken.yaml", "--notify", recorder(dir)])
            #expect(broken.status == 2)
            #expect(broken.stderr.contains("コマンドラインの --notify で通知します"), "\(broken.stderr)")
            #expect(try String(contentsOfFile: dir + "/notified.env", encoding: .utf8) == "usage 2\n")
        }

        @Test func hungNotifyIsKilledAtItsTimeout() throws {
            let dir = Temp.dir("notify-hang")
            let out = dir + "/out"
            let pidFile = dir + "/notify.pid"
            let o = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", out,
                                    "--notify", "echo $$ > \(shellQuote(pidFile)); sleep 600", "--notify-timeout", "2"])
            #expect(o.status == 1, "the run's own status: \(o.status) \(o.stderr)")
            #expect(o.seconds < 60, "took \(o.seconds) s")
            #expect(o.stderr.contains("2 秒たっても終わらない") && o.stderr.contains("実行そのものの終了ステータスは 1 です"), "\(o.stderr)")
            let pgid = try #require(pid_t((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(!groupAlive(pgid), "the notify command's process group outlived the run")
            #expect(latestFolder(out) != nil)
        }

        /// Notify runs while the lock is held: a second run meanwhile is refused (status 4).
        @Test func notifyRunsInsideTheLockAndAStopDuringItTellsWhatWasPublished() throws {
            let dir = Temp.dir("notify-stop")
            let out = dir + "/out"
            let before = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", out])
            #expect(before.status == 1)
            let previous = latestFolder(out)
            let pidFile = dir + "/notify.pid"
            let p = try Run.start(Binary.url, ["run", "--inbox", Inboxes.small.inbox, "--out", out,
                                               "--notify", "echo $$ > \(shellQuote(pidFile)); sleep 600"])
            let pid = try #require(waitForFile(pidFile).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }, "notify never started")
            let second = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", out])
            #expect(second.status == 4, "a second run during notify: \(second.status) \(second.stderr)")
            p.kill(SIGTERM)
            let o = p.wait()
            let now = try #require(latestFolder(out))
            #expect(now != previous, "the run had published before notify")
            // The reports stand: the run's own status, and a line that says they were published.
            #expect(!o.signaled && o.status == 1, "\(o.status) \(o.stderr)")
            let last = try #require(o.stderr.split(separator: "\n").last)
            #expect(last.contains("SIGTERM で停止しました（通知の実行中") && last.contains("公開しました")
                    && last.contains((now as NSString).lastPathComponent), "\(o.stderr)")
            #expect(!last.contains("公開していません"))
            #expect(!groupAlive(pid), "the notify command outlived the run")
            checkPublishedState(out, context: "after a stop during notify")
        }

        /// A stop during the notify of a failed night says, in Japanese, what failed (the error's own
        /// line), never the exit-status table's English meaning.
        @Test func aStopDuringTheNotifyOfAFailedNightSaysWhatFailed() throws {
            let dir = Temp.dir("notify-stop-failed")
            let pidFile = dir + "/notify.pid"
            let missing = dir + "/届いていない受付フォルダ"
            let p = try Run.start(Binary.url, ["run", "--inbox", missing, "--out", dir + "/out",
                                               "--notify", "echo $$ > \(shellQuote(pidFile)); sleep 600"])
            _ = try #require(waitForFile(pidFile), "notify never started")
            p.kill(SIGTERM)
            let o = p.wait()
            #expect(!o.signaled && o.status == 2, "\(o.status) \(o.stderr)")
            let last = try #require(o.stderr.split(separator: "\n").last)
            #expect(last.contains("SIGTERM で停止しました（通知の実行中") && last.contains(missing), "\(o.stderr)")
            #expect(!last.contains(ExitStatus.usage.meaning), "\(o.stderr)")
        }

        /// A full disk: status 3, one line with the cause and the folder, no staging left, no
        /// library noise; `latest` as it was. Needs root (mounts a small tmpfs).
        @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
        func fullDiskIsOneSentenceAndNoStagingIsLeft() throws {
            let mountPoint = Temp.dir("full-disk")
            let mounted = try Run.shell("mount -t tmpfs -o size=640k renkei-test \(shellQuote(mountPoint))")
            guard mounted.status == 0 else {
                print("skipped fullDiskIsOneSentenceAndNoStagingIsLeft: cannot mount a tmpfs here: \(mounted.stderr)")
                return
            }
            defer { _ = try? Run.shell("umount \(shellQuote(mountPoint))") }
            let out = mountPoint + "/Reports"
            let o = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", out])
            #expect(o.status == 3, "\(o.status) \(o.stderr)")
            let lines = o.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(lines.count) lines: \(o.stderr.prefix(2000))")
            #expect(lines.first?.contains("ENOSPC") == true && lines.first?.contains("ディスクの空きがありません") == true
                    && lines.first?.contains(out) == true, "\(o.stderr)")
            #expect(!o.stderr.contains("[ERROR]") && !o.stderr.contains("lxw_error"))
            #expect(listing(out + "/runs").isEmpty, "left behind: \(listing(out + "/runs"))")
            #expect(latestFolder(out) == nil)

            // After a published run: the disk fills up again the next night; latest stays as it was.
            let roomy = Temp.dir("roomy-disk")
            // Room for a whole run: the 見える化 alone is ~12 MB (a カルテ page per municipality).
            #expect(try Run.shell("mount -t tmpfs -o size=32m renkei-test \(shellQuote(roomy))").status == 0)
            defer { _ = try? Run.shell("umount \(shellQuote(roomy))") }
            let good = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", roomy + "/Reports"])
            #expect(good.status == 1, "\(good.stderr)")
            let before = try #require(latestFolder(roomy + "/Reports"))
            // 3 MB left: once the failed run's staging folder is removed the disk is no longer
            // full, so the cause must be read before (a workbook's error carries no errno).
            for left in [400 * 1024, 3 << 20] {
                _ = try Run.shell("rm -f \(shellQuote(roomy + "/filler"))")
                var st = statvfs()
                #expect(statvfs(roomy, &st) == 0)
                let free = Int(st.f_bavail) * Int(st.f_frsize)
                #expect(try Run.shell("head -c \(max(0, free - left)) /dev/zero > \(shellQuote(roomy + "/filler"))").status == 0)
                let again = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", roomy + "/Reports"])
                #expect(again.status == 3 && again.stderr.split(separator: "\n").count == 1
                        && again.stderr.contains("ENOSPC") && again.stderr.contains("ディスクの空きがありません"),
                        "\(left) bytes left: \(again.status) \(again.stderr)")
                #expect(latestFolder(roomy + "/Reports") == before)
                #expect(listing(roomy + "/Reports/runs") == [(before as NSString).lastPathComponent], "\(listing(roomy + "/Reports/runs"))")
                checkPublishedState(roomy + "/Reports", context: "after a full disk, \(left) bytes left")
            }
        }

        @Test func emptyInboxBeforeTheFirstFileIsAQuietNight() throws {
            let dir = Temp.dir("first-night")
            let inbox = Temp.dir("first-inbox")
            let out = dir + "/Reports"
            for _ in 0..<2 {
                let o = try Run.renkei(["run", "--inbox", inbox, "--out", out, "--notify", recorder(dir)])
                #expect(o.status == 0, "\(o.status) \(o.stderr)")
                #expect(o.stdout.contains("まだ回答ファイルがありません"), "\(o.stdout)")
                #expect(o.stderr.isEmpty, "\(o.stderr)")
                #expect(listing(out).filter { !$0.hasPrefix(".") }.isEmpty, "published or kept something: \(listing(out)) \(listing(out + "/runs"))")
                #expect(try String(contentsOfFile: dir + "/notified.env", encoding: .utf8) == "clean 0\n")
            }
            // A missing inbox is still an error.
            #expect(try Run.renkei(["run", "--inbox", dir + "/nowhere", "--out", out]).status == 2)
            // Once something was published, an empty inbox is the shrink guard's again.
            #expect(try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", out]).status == 1)
            #expect(try Run.renkei(["run", "--inbox", inbox, "--out", out]).status == 5)
        }

        /// The shipped mail command through a real held night, an ordinary one and a broken config:
        /// the mail says in Japanese what happened (subject from the status table, the summary as
        /// the operator reads it, then the JSON); an ordinary night sends nothing.
        @Test func notifyMailTellsABadNightInWords() throws {
            let dir = Temp.dir("notify-mail")
            let sendmail = dir + "/sendmail"
            // A stand-in MTA: each message it is handed goes to the next numbered file.
            try "#!/bin/sh\nn=$(ls \(shellQuote(dir))/sent.* 2>/dev/null | wc -l)\necho \"$*\" > \(shellQuote(dir))/args.$n\ncat > \(shellQuote(dir))/sent.$n\n"
                .write(toFile: sendmail, atomically: true, encoding: .utf8)
            chmod(sendmail, 0o755)
            // A message's subject, decoded from its one RFC 2047 word.
            func subject(_ message: String) throws -> String {
                let word = try #require(message.split(separator: "\n").first { $0.hasPrefix("Subject: =?UTF-8?B?") }?
                    .dropFirst("Subject: =?UTF-8?B?".count).dropLast(2))
                return try #require(Data(base64Encoded: String(word)).flatMap { String(data: $0, encoding: .utf8) })
            }
            let notify = "RENKEI_SENDMAIL=\(shellQuote(sendmail)) RENKEI_MAIL_TO=ops@example.jp \(shellQuote(E2E.Install.root + "/contrib/renkei-notify-mail"))"
            let out = dir + "/Reports", empty = Temp.dir("notify-mail-empty")
            let ordinary = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", out, "--notify", notify])
            #expect(ordinary.status == 1, "\(ordinary.status) \(ordinary.stderr)")
            #expect(!fileExists(dir + "/sent.0"), "an ordinary night (status 1) was mailed")
            let held = try Run.renkei(["run", "--inbox", empty, "--out", out, "--notify", notify])
            #expect(held.status == 5, "\(held.status) \(held.stderr)")
            let broken = dir + "/broken.yaml"
            try "inbox: \(empty)\nout: \(out)\nkeep_run: 3\n".write(toFile: broken, atomically: true, encoding: .utf8)
            #expect(try Run.renkei(["run", "--config", broken, "--notify", notify]).status == 2)

            for (n, status) in [(0, ExitStatus.held), (1, .usage)] {
                let message = try String(contentsOfFile: dir + "/sent.\(n)", encoding: .utf8)
                #expect(try String(contentsOfFile: dir + "/args.\(n)", encoding: .utf8) == "-oi -t\n")
                let parts = message.components(separatedBy: "\n\n")
                let headers = parts[0].split(separator: "\n").map(String.init)
                let body = parts.dropFirst().joined(separator: "\n\n")
                #expect(headers.contains("To: ops@example.jp") && headers.contains("Content-Type: text/plain; charset=UTF-8"), "\(headers)")
                // The subject: the status's meaning up to its first 。.
                let title = try subject(parts[0])
                let head = String(status.meaning.prefix { $0 != "。" })
                #expect(title.hasPrefix("renkei（") && title.hasSuffix("）: \(head)（終了ステータス \(status.rawValue)）"), "\(title)")
                #expect(body.hasPrefix(status.meaning + "\n"), "\(body)")
                let json = try #require(body.components(separatedBy: "要約（JSON、機械処理用）:\n").last)
                let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
                #expect(object?["status"] as? String == status.name && object?["exit_status"] as? Int == Int(status.rawValue))
            }
            // The summary as the operator reads it: the held night's reason, the config's mistake.
            let heldBody = try String(contentsOfFile: dir + "/sent.0", encoding: .utf8)
            #expect(heldBody.contains("保留（公開せず）: 受理した回答がありません"), "\(heldBody)")
            #expect(try String(contentsOfFile: dir + "/sent.1", encoding: .utf8).contains("キー 'keep_run' はありません"))
            #expect(!fileExists(dir + "/sent.2"))

            // renkei.service's ExecStopPost: a night systemd saw killed (renkei could not tell it) is
            // mailed; one renkei ended itself (and so told) is not mailed twice.
            let unit = "RENKEI_SENDMAIL=\(shellQuote(sendmail)) SERVICE_RESULT=signal \(shellQuote(E2E.Install.root + "/contrib/renkei-notify-mail")) --after-unit"
            #expect(try Run.shell("EXIT_CODE=exited EXIT_STATUS=5 " + unit).status == 0)
            #expect(!fileExists(dir + "/sent.2"), "a night renkei ended itself was mailed again")
            #expect(try Run.shell("EXIT_CODE=killed EXIT_STATUS=KILL " + unit + " < /dev/null").status == 0)
            let killed = try String(contentsOfFile: dir + "/sent.2", encoding: .utf8)
            let killedTitle = try subject(killed)
            #expect(killedTitle.hasSuffix("）: 途中で止まりました（シグナル SIGKILL）"), "\(killedTitle)")
            #expect(killed.contains("renkei 自身は通知できませんでした") && killed.contains("\"exit_status\": \"KILL\""), "\(killed)")
            let service = try String(contentsOfFile: E2E.Install.root + "/contrib/renkei.service", encoding: .utf8)
            #expect(service.contains("\nExecStopPost=-/usr/local/bin/renkei-notify-mail --after-unit\n"))
        }

        /// Log lines dated in the run's zone, also in log_file; debug shows each stage's time and
        /// each file's decision; the summary in the reports' words, counting what progress counts.
        @Test func logsAndSummaryInWords() throws {
            let dir = Temp.dir("logs")
            try """
                inbox: \(Inboxes.faulty.inbox)
                out: out
                time_zone: America/New_York
                log_level: debug
                log_file: run.log
                """.write(toFile: dir + "/renkei.yaml", atomically: true, encoding: .utf8)
            let o = try Run.renkei(["run", "--config", dir + "/renkei.yaml"])
            #expect(o.status == 1, "\(o.stderr)")
            let zone = TimeZone(identifier: "America/New_York")!
            let offset = { () -> String in
                let f = DateFormatter(); f.timeZone = zone; f.dateFormat = "Z"; return f.string(from: Date())
            }()
            let lines = o.stderr.split(separator: "\n")
            for line in lines {
                #expect(line.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d "# + offset.replacingOccurrences(of: "+", with: "\\+") + " ", options: .regularExpression) != nil,
                        "not dated in the run's zone: \(line)")
            }
            let record = try RunJSON.load(try #require(latestFolder(dir + "/out")))
            for stage in ["discover", "parse", "resolve", "tabulate", "reports", "publish"] {
                #expect(lines.contains { $0.contains("debug: stage \(stage): ") }, "no timing for \(stage)")
            }
            let decisions = lines.filter { $0.contains("debug: file ") }
            #expect(decisions.count == record.inputs.count, "\(decisions.count) decisions for \(record.inputs.count) inputs")
            #expect(decisions.contains { $0.contains("受理") } && decisions.contains { $0.contains("不受理") })

            let summary = o.stdout
            for token in ["acceptedWithErrors", "accepted ", "PREF", "MUNI", "COORD", "new_files", "issues_opened", "superseded", "rejected"] {
                #expect(!summary.contains(token), "summary shows \(token): \(summary)")
            }
            for word in ["受理", "受理（エラーあり）", "不受理", "都道府県票", "市町村票", "コーディネーター票", "照会中"] {
                #expect(summary.contains(word), "summary lacks \(word)")
            }
            // The files the progress line counts (one per inbox file; a zip once), in the first line.
            let files = Set(record.inputs.map(\.input.path)).count
            let first = try #require(summary.split(separator: "\n").first)
            #expect(first.contains("ファイル \(files) 件"), "\(first)")
            #expect(files != record.inputs.count, "the faulty inbox has zip bundles: the two counts differ")
            #expect(first.contains("zip の中身を含め \(record.inputs.count) 件"), "\(first)")
            // The full log: stderr and the summary, appended.
            let log = try String(contentsOfFile: dir + "/run.log", encoding: .utf8)
            #expect(log.contains(String(first)) && log.contains(String(lines.last ?? "")), "\(log.suffix(500))")
            var st = stat()
            #expect(stat(dir + "/run.log", &st) == 0 && st.st_mode & 0o007 == 0, "the log file is world-readable")
        }

        /// On a terminal (script(1) gives it one) the progress line's total is the summary's file count.
        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "script(1) is not installed"))
        func progressAndSummaryCountTheSameFiles() throws {
            let out = Temp.dir("progress") + "/out"
            let command = [Binary.url.path, "run", "--inbox", Inboxes.faulty.inbox, "--out", out].map(shellQuote).joined(separator: " ")
            let o = try Run.shell("script -qec \(shellQuote(command)) /dev/null")
            let text = o.stdout.replacingOccurrences(of: "\r", with: "\n")
            let totals = Set(text.split(separator: "\n").compactMap { line -> Int? in
                guard let r = line.range(of: #"ファイルを確認中 \d+/(\d+)"#, options: .regularExpression) else { return nil }
                return Int(line[r].split(separator: "/").last ?? "")
            })
            let total = try #require(totals.first, "no progress line: \(text.prefix(500))")
            #expect(totals.count == 1)
            let record = try RunJSON.load(try #require(latestFolder(out)))
            #expect(total == Set(record.inputs.map(\.input.path)).count && total < record.inputs.count, "progress \(total), inputs \(record.inputs.count)")
            #expect(text.contains("renkei run ") && text.contains(": ファイル \(total) 件（zip の中身を含め \(record.inputs.count) 件）"), "\(text.suffix(800))")
        }

        /// Every top-level config key that is a value has the option of the same name
        /// (`keep_runs` / `--keep-runs`), read from the binary's own key list and `--help`.
        @Test func optionsAndConfigKeysAgree() throws {
            let dir = Temp.dir("keys")
            try "no_such_key: 1\n".write(toFile: dir + "/renkei.yaml", atomically: true, encoding: .utf8)
            let o = try Run.renkei(["run", "--config", dir + "/renkei.yaml"])
            let known = try #require(o.stderr.components(separatedBy: "（使えるキー: ").last?.components(separatedBy: "）").first)
            let keys = known.components(separatedBy: ", ")
            #expect(keys.contains("keep_runs") && keys.contains("notify_timeout") && keys.contains("log_file"), "\(keys)")
            let help = try Run.renkei(["run", "--help"]).stdout
            for key in keys where !["shrink_guard", "limits", "report"].contains(key) {
                let option = "--" + key.replacingOccurrences(of: "_", with: "-")
                #expect(help.contains(option + " ") || help.contains(option + ","), "config key \(key) has no option \(option)")
            }
            let out = dir + "/out"
            for _ in 0..<3 { _ = try Run.renkei(["run", "--inbox", Inboxes.small.inbox, "--out", out, "--keep-runs", "2"]) }
            #expect(listing(out + "/runs").filter { !$0.hasPrefix(".") }.count == 2)
        }

        /// The operator guide's cron line, run as cron would: silent on an ordinary night (0, 1), the summary
        /// and errors on stdout (cron mails them) when a night needs a person.
        @Test func documentedCronLineMailsOnlyBadNights() throws {
            let readme = try String(contentsOfFile: E2E.Install.root + "/docs/operator.md", encoding: .utf8)
            let block = try #require(readme.components(separatedBy: "```cron\n").dropFirst().first?.components(separatedBy: "\n```").first)
            let command = try #require(block.split(separator: " ", maxSplits: 5).last).replacingOccurrences(of: "\\%", with: "%")
            let dir = Temp.dir("cron")
            func night(_ yaml: String) throws -> Outcome {
                try yaml.write(toFile: dir + "/renkei.yaml", atomically: true, encoding: .utf8)
                let line = command.replacingOccurrences(of: "/usr/local/bin/renkei", with: Binary.url.path)
                    .replacingOccurrences(of: "/srv/renkei/renkei.yaml", with: dir + "/renkei.yaml")
                return try Run.shell(line)
            }
            let ordinary = try night("inbox: \(Inboxes.small.inbox)\nout: out\nlog_file: run.log\n")
            #expect(ordinary.status == 0 && ordinary.stdout.isEmpty && ordinary.stderr.isEmpty, "mailed on an ordinary night: \(ordinary.stdout)")
            #expect(try String(contentsOfFile: dir + "/run.log", encoding: .utf8).contains("ファイル"))
            let typo = try night("inbox: \(Inboxes.small.inbox)\nout: out\nkeep_run: 3\n")
            #expect(typo.stdout.contains("キー 'keep_run' はありません"), "not mailed: \(typo.stdout) \(typo.stderr)")
            #expect(typo.stdout.hasSuffix("終了ステータス 2\n"), "\(typo.stdout)")
            // Killed before it printed a word (kill -9, out of memory): still a mail, with the status.
            let killed = try Run.shell(command.replacingOccurrences(of: "/usr/local/bin/renkei run --config /srv/renkei/renkei.yaml", with: "sh -c 'kill -9 $$'"))
            #expect(killed.stdout == "\n終了ステータス 137\n", "\(killed.stdout)")
        }
    }
}
