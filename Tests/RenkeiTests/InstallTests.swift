import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What `make install` puts on a server, installed as a sysadmin would (into a DESTDIR): the
/// stripped binary, man pages in Japanese, the user and folders from the sysusers / tmpfiles
/// snippets, a unit systemd accepts, and reports that are not world-readable under its umask.
extension E2E {
    @Suite struct Install {
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        static let hasSystemd = FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-sysusers")
        static let hasMan = FileManager.default.isExecutableFile(atPath: "/usr/bin/man")

        /// `make install-files` with the test's binary: the same recipe `make install` ends with.
        static func install(_ vars: [String]) throws -> Outcome {
            let args = ["-C", root, "--no-print-directory", "install-files", "RENKEI_BIN=\(Binary.url.path)",
                        "MAN_OUT=\(Temp.dir("man"))", "SYSTEM_SETUP=no"] + vars
            return try Run.tool(URL(fileURLWithPath: "/usr/bin/make"), args)
        }

        @Test func installedBinaryIsStrippedAndNotifyIsWhereTheConfigSays() throws {
            let dest = Temp.dir("destdir")
            let o = try Self.install(["DESTDIR=\(dest)"])
            #expect(o.status == 0, "\(o.stdout) \(o.stderr)")
            let bin = dest + "/usr/local/bin/renkei"
            let sections = try Run.shell("readelf -S \(shellQuote(bin))")
            #expect(sections.status == 0 && !sections.stdout.contains(".symtab") && !sections.stdout.contains(".debug_info"), "\(sections.stdout)")
            let size = { (p: String) in ((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? NSNumber)?.intValue ?? 0 }
            #expect(size(bin) < size(Binary.url.path), "installed \(size(bin)) bytes, built \(size(Binary.url.path))")
            let version = try Run.tool(URL(fileURLWithPath: bin), ["--version"])
            #expect(version.status == 0 && !version.stdout.isEmpty, "the stripped binary does not run: \(version.stderr)")

            // The example config names the notify command where install put it, and renkei accepts the file.
            let yaml = try String(contentsOfFile: dest + "/usr/local/share/doc/renkei/contrib/renkei.yaml", encoding: .utf8)
            let notify = try #require(yaml.split(separator: "\n").first { $0.hasPrefix("notify:") }?
                .dropFirst("notify:".count).split(separator: "#").first?.trimmingCharacters(in: .whitespaces))
            #expect(FileManager.default.isExecutableFile(atPath: dest + notify), "notify: \(notify) is not installed")
            let unit = try String(contentsOfFile: dest + "/usr/local/lib/systemd/system/renkei.service", encoding: .utf8)
            let exec = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
            #expect(FileManager.default.isExecutableFile(atPath: dest + String(exec.dropFirst("ExecStart=".count).split(separator: " ")[0])))
            let config = Temp.dir("contrib-config") + "/renkei.yaml"
            // Paths of this machine instead of /srv and /var/log; every other line as shipped.
            try yaml.replacingOccurrences(of: "inbox: inbox", with: "inbox: \(Inboxes.small.inbox)")
                .replacingOccurrences(of: "/var/log/renkei/run.log", with: (config as NSString).deletingLastPathComponent + "/run.log")
                .replacingOccurrences(of: "notify: /usr/local", with: "notify: \(dest)/usr/local")
                .write(toFile: config, atomically: true, encoding: .utf8)
            let run = try Run.renkei(["run", "--config", config])
            #expect(run.status == 1, "\(run.status) \(run.stderr)")
            #expect(!run.stderr.contains("notify"), "the shipped notify command complained on an ordinary night: \(run.stderr)")
        }

        @Test(.enabled(if: Install.hasMan, "man is not installed"))
        func manPagesKeepTheJapaneseAndTheExitStatuses() throws {
            let dest = Temp.dir("destdir-man")
            let o = try Self.install(["DESTDIR=\(dest)"])
            #expect(o.status == 0, "\(o.stdout) \(o.stderr)")
            let pages = listing(dest + "/usr/local/share/man/man1")
            #expect(pages == ["renkei-cells.1", "renkei-codebook.1", "renkei-run.1", "renkei-simulate.1", "renkei-template.1",
                              "renkei-validate.1", "renkei.1"], "\(pages)")
            let page = try Run.shell("LANG=C.UTF-8 MANWIDTH=200 man -l \(shellQuote(dest + "/usr/local/share/man/man1/renkei-run.1")) 2>&1")
            #expect(page.status == 0, "\(page.stdout)")
            let text = page.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for phrase in ["全国集計.xlsx", "prefectures/NN_都道府県名.xlsx", "場面・テーマ別", "無回答"] {
                #expect(text.contains(phrase), "man renkei-run lacks \(phrase)")
            }
            // The exit-status table, line by line as README has it.
            #expect(text.contains("EXIT STATUS"))
            let bare = text.filter { !$0.isWhitespace }
            for (code, meaning) in try E2E.Nightly.readmeTable() {
                #expect(bare.contains("\(code)" + meaning.filter { !$0.isWhitespace }), "man renkei-run lacks status \(code)")
            }
            #expect(!text.contains(">0 if an error occurs"))
            let top = try Run.shell("LANG=C.UTF-8 MANWIDTH=200 man -l \(shellQuote(dest + "/usr/local/share/man/man1/renkei.1")) 2>&1")
            #expect(top.stdout.contains("在宅医療・介護連携推進事業"), "\(top.stdout)")
        }

        /// The user and folders from the snippets (in a root of their own), then the unit as
        /// installed under a PREFIX of this machine checked by systemd itself.
        @Test(.enabled(if: Install.hasSystemd, "systemd (systemd-analyze, systemd-sysusers) is not installed: apt-get install systemd"))
        func sysusersTmpfilesAndTheUnitVerify() throws {
            let dest = Temp.dir("destdir-sd")
            #expect(try Self.install(["DESTDIR=\(dest)"]).status == 0)
            try FileManager.default.createDirectory(atPath: dest + "/etc", withIntermediateDirectories: true)
            for f in ["passwd", "group"] { FileManager.default.createFile(atPath: dest + "/etc/" + f, contents: Data()) }
            let users = try Run.shell("systemd-sysusers --root=\(shellQuote(dest)) \(shellQuote(dest + "/usr/local/lib/sysusers.d/renkei.conf"))")
            #expect(users.status == 0, "\(users.stderr)")
            let passwd = try String(contentsOfFile: dest + "/etc/passwd", encoding: .utf8)
            let entry = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("renkei:") }?.split(separator: ":", omittingEmptySubsequences: false))
            let uid = try #require(UInt32(entry[2])), gid = try #require(UInt32(entry[3]))
            #expect(entry[6] == "/usr/sbin/nologin")
            let dirs = try Run.shell("systemd-tmpfiles --root=\(shellQuote(dest)) --create \(shellQuote(dest + "/usr/local/lib/tmpfiles.d/renkei.conf"))")
            #expect(dirs.status == 0, "\(dirs.stderr)")
            func owner(_ path: String) -> (uid: UInt32, gid: UInt32, mode: UInt32)? {
                var st = stat()
                guard stat(dest + path, &st) == 0 else { return nil }
                return (st.st_uid, st.st_gid, UInt32(st.st_mode) & 0o7777)
            }
            let reports = try #require(owner("/srv/renkei/Reports"))
            #expect(reports.uid == uid && reports.gid == gid && reports.mode == 0o750, "\(reports)")
            let log = try #require(owner("/var/log/renkei"))
            #expect(log.uid == uid && log.mode == 0o750, "\(log)")
            let inbox = try #require(owner("/srv/renkei/inbox"))
            #expect(inbox.gid == gid && inbox.mode & 0o007 == 0 && inbox.mode & 0o050 == 0o050, "\(inbox)")
            #expect(fileExists(dest + "/srv/renkei/renkei.yaml"), "the settings were not copied into place")

            // Installed under a prefix of this machine, so ExecStart and man: resolve for systemd.
            let prefix = Temp.dir("prefix") + "/usr"
            #expect(try Self.install(["PREFIX=\(prefix)", "SYSCONFDIR=\(prefix)/etc"]).status == 0)
            let unitDir = prefix + "/lib/systemd/system"
            let verify = try Run.shell("MANPATH=\(shellQuote(prefix + "/share/man")) systemd-analyze verify \(shellQuote(unitDir + "/renkei.service")) \(shellQuote(unitDir + "/renkei.timer")) 2>&1")
            #expect(verify.status == 0 && verify.stdout.isEmpty, "systemd-analyze verify: \(verify.status) \(verify.stdout)")
            let unit = try String(contentsOfFile: unitDir + "/renkei.service", encoding: .utf8)
            func value(_ key: String) -> String? {
                unit.split(separator: "\n").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
            }
            #expect(value("ExecStart")?.hasPrefix(prefix + "/bin/renkei ") == true, "\(value("ExecStart") ?? "")")
            #expect(value("UMask") == "0027")
            #expect(value("TimeoutStartSec") != nil, "no start timeout: a hung run would keep the timer from the next night")
            // Published with input errors, and each documented stop status, end the unit well.
            let ok = Set((value("SuccessExitStatus") ?? "").split(separator: " ").map(String.init))
            let stops = try E2E.Nightly.readmeTable().filter { $0.value.contains("で停止しました") }.keys.sorted()
            #expect(ok == Set(["1"] + stops.map(String.init)), "SuccessExitStatus=\(ok), documented stops \(stops)")
        }

        /// Reports written under the unit's umask are not world-readable; a prefecture's files
        /// (contacts) are 0640 even under a lax umask.
        @Test func runFolderUnderTheUnitsUmask() throws {
            let unit = try String(contentsOfFile: Self.root + "/contrib/renkei.service", encoding: .utf8)
            let umask = try #require(unit.split(separator: "\n").first { $0.hasPrefix("UMask=") }.map { String($0.dropFirst(6)) })
            for mask in [umask, "0022"] {
                let out = Temp.dir("umask")
                let o = try Run.shell("umask \(mask) && exec \(shellQuote(Binary.url.path)) run --inbox \(shellQuote(Inboxes.small.inbox)) --out \(shellQuote(out))")
                #expect(o.status == 1, "\(o.status) \(o.stderr)")
                let latest = try #require(latestFolder(out))
                let ls = try Run.shell("cd \(shellQuote(latest)) && ls -lR")
                var contacts = 0
                var folder = ""
                for line in ls.stdout.split(separator: "\n") {
                    if line.hasSuffix(":") { folder = String(line.dropLast()).replacingOccurrences(of: "./", with: "").replacingOccurrences(of: ".", with: ""); continue }
                    guard line.hasPrefix("-") else { continue }
                    let mode = String(line.prefix(10))
                    let isContact = ["prefectures", "wide/prefectures", "疑義照会"].contains(folder)
                    if isContact { contacts += 1; #expect(mode == "-rw-r-----", "umask \(mask): \(folder)/\(line)") }
                    if mask == umask { #expect(mode.hasSuffix("---"), "umask \(mask): world-readable \(folder)/\(line)") }
                }
                #expect(contacts >= 3, "\(ls.stdout)")
            }
        }
    }
}
