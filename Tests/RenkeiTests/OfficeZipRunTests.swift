import Foundation
import RenkeiRun
import Simulate
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// A simulated inbox plus zips made the way municipal offices make them (CP932 names without
    /// the UTF-8 flag, a zip in a zip, an Info-ZIP Unicode Path, PPAP zips, DOS times in Japan
    /// time with and without the extended timestamp, a correction mailed after a zipped answer),
    /// and a zip whose names carry control characters; one real `renkei run` over all of it.
    /// Name bytes are CP932 as Python's codec encodes them (Fixtures/zipnames/cp932.py).
    @Suite struct OfficeZips {
        struct Prepared: Sendable {
            let folder: String
            let outcome: NightlyRun.Outcome
            /// Municipality codes of the workbooks put into the zips, in `Member` order.
            let codes: [String]
        }

        static let prepared: Prepared = try! make()

        /// The workbooks that go into the zips: clean 島根県 (32) and 福井県 (18) municipality forms.
        enum Member: Int, CaseIterable {
            case sato, takahashiIBM, necSpecials, fujii, unicodePath, nested, zipped
            case c1Name, escName  // 福井県, names with control characters
            var prefecture: String { rawValue < Member.c1Name.rawValue ? "32" : "18" }
        }

        static let shimane: [UInt8] = [0x93, 0x87, 0x8D, 0xAA, 0x8C, 0xA7]  // 島根県
        static let slash: [UInt8] = [0x2F], xlsx = Array(".xlsx".utf8)
        static let takahashi: [UInt8] = [0x8D, 0x82, 0x8B, 0xB4]
        static let kaitou: [UInt8] = [0x89, 0xF1, 0x93, 0x9A]  // 回答

        static func wall(_ h: Int, _ m: Int) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
            (2023, 9, 12, h, m, 0)
        }

        static func make() throws -> Prepared {
            let clean = Inboxes.clean
            var picked: [Member: (code: String, bytes: [UInt8])] = [:]
            for pref in ["32", "18"] {
                let files = clean.key.files.filter {
                    $0.member == nil && $0.state == "accepted" && $0.faults.isEmpty && $0.respondent?.hasPrefix("MUNI:\(pref)") == true
                }.sorted { $0.respondent! < $1.respondent! }
                let members = Member.allCases.filter { $0.prefecture == pref }
                guard files.count >= members.count else { throw TestFailure("only \(files.count) clean MUNI files in \(pref)") }
                for (m, f) in zip(members, files) {
                    let bytes = try ZipArchive.fileBytes(clean.inbox + "/" + f.path)
                    picked[m] = (String(f.respondent!.dropFirst("MUNI:".count)), try withoutSavedTime(bytes))
                }
            }
            func wb(_ m: Member) -> [UInt8] { picked[m]!.bytes }

            let inbox = Temp.dir("officezip-inbox")
            try FileManager.default.removeItem(atPath: inbox)
            try FileManager.default.copyItem(atPath: Inboxes.small.inbox, toPath: inbox)
            func write(_ name: String, _ bytes: [UInt8]) throws {
                try Data(bytes).write(to: URL(fileURLWithPath: inbox + "/" + name))
            }

            // Windows' "send to compressed folder": CP932 names, bit 11 clear, DOS times in JST.
            var inner = ZipWriter(modified: Date())
            inner.add(.init(name: takahashi + xlsx, bytes: wb(.nested), wallClock: wall(8, 0)))
            var outer = ZipWriter(modified: Date())
            outer.add(.init(name: shimane + slash + [0x8D, 0xB2, 0x93, 0xA1] + xlsx, bytes: wb(.sato), wallClock: wall(9, 0)))
            outer.add(.init(name: shimane + slash + [0xFB, 0xFC, 0x8B, 0xB4] + xlsx, bytes: wb(.takahashiIBM), wallClock: wall(9, 10)))
            outer.add(.init(name: shimane + slash + [0x87, 0x40, 0x87, 0x8A, 0xB1, 0xDD, 0xB9, 0xB0, 0xC4] + xlsx,
                            bytes: wb(.necSpecials), wallClock: wall(9, 20)))
            var fujii = ZipWriter.Member(name: shimane + slash + [0xCC, 0xBC, 0xDE, 0xB2] + xlsx, bytes: wb(.fujii), wallClock: wall(9, 30))
            fujii.addExtendedTimestamp(Date(timeIntervalSince1970: 1_694_483_100))  // 01:45 UTC = 10:45 JST
            outer.add(fujii)
            var yoshida = ZipWriter.Member(name: shimane + slash + [0x3F, 0x93, 0x63] + xlsx, bytes: wb(.unicodePath), wallClock: wall(9, 40))
            yoshida.addUnicodePath("島根県/𠮷田.xlsx")  // 𠮷 is not in CP932: the stored name has "?"
            outer.add(yoshida)
            var locked = ZipWriter.Member(name: shimane + slash + [0x88, 0xC3, 0x8D, 0x86, 0x89, 0xBB] + xlsx,
                                          bytes: Array(repeating: 0x5A, count: 400), wallClock: wall(9, 50))
            locked.encrypt(aes: false)
            outer.add(locked)
            outer.add(.init(name: shimane + slash + [0x92, 0xC7, 0x89, 0xC1] + Array(".zip".utf8), bytes: inner.finish(),
                            wallClock: wall(8, 5)))
            try write("島根県_回答.zip", outer.finish())

            // PPAP: every member AES-encrypted.
            var ppap = ZipWriter(modified: Date())
            for name in [kaitou + xlsx, kaitou + [0x32] + xlsx] {
                var m = ZipWriter.Member(name: name, bytes: Array(repeating: 0x33, count: 500), wallClock: wall(11, 0))
                m.encrypt(aes: true)
                ppap.add(m)
            }
            try write("島根県_PPAP.zip", ppap.finish())

            // Zipped at 12:00 JST; the correction mailed at 14:00 JST (file time 05:00 UTC).
            var first = ZipWriter(modified: Date())
            first.add(.init(name: [0x8F, 0x43, 0x90, 0xB3, 0x91, 0x4F] + xlsx, bytes: wb(.zipped), wallClock: wall(12, 0)))
            try write("島根県_再提出.zip", first.finish())
            try write("修正版.xlsx", wb(.zipped))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_694_494_800)],
                                                  ofItemAtPath: inbox + "/修正版.xlsx")

            // Names that would put control characters into cells: C1 in a flagged UTF-8 name, ESC in a CP932 one.
            var controls = ZipWriter(modified: Date())
            controls.add(.init(name: Array("\u{85}次\u{9B}.xlsx".utf8), bytes: wb(.c1Name), flags: 0x0800, wallClock: wall(15, 0)))
            controls.add(.init(name: [0x1B] + kaitou + xlsx, bytes: wb(.escName), wallClock: wall(15, 0)))
            controls.add(.init(name: Array("\u{80}\u{7F}.txt".utf8), bytes: [1, 2, 3], flags: 0x0800, wallClock: wall(15, 0)))
            try write("福井県_制御.zip", controls.finish())

            let out = Temp.dir("officezip-out")
            let o = try InProcess.run(inbox: inbox, out: out)
            let folder = latestFolder(out) ?? "(no latest)"
            return Prepared(folder: folder, outcome: o, codes: Member.allCases.map { picked[$0]!.code })
        }

        /// The same workbook without `dcterms:modified`, as some producers write it.
        static func withoutSavedTime(_ xlsx: [UInt8]) throws -> [UInt8] {
            let zip = try ZipArchive(bytes: xlsx)
            var w = ZipWriter(modified: Date(timeIntervalSince1970: 1_693_526_400))
            for e in zip.entries {
                var data = try zip.extract(e, budget: 1 << 26)
                if e.name == "docProps/core.xml" {
                    var s = String(decoding: data, as: UTF8.self)
                    if let r = s.range(of: "<dcterms:modified[^>]*>[^<]*</dcterms:modified>", options: .regularExpression) {
                        s.removeSubrange(r)
                    }
                    data = Array(s.utf8)
                }
                w.add(.init(name: Array(e.name.utf8), bytes: data, flags: 0x0800, wallClock: (2023, 9, 1, 9, 0, 0)))
            }
            let out = w.finish()
            guard try Workbook(bytes: out).properties.modified == nil else { throw TestFailure("dcterms:modified still there") }
            return out
        }

        var folder: String { Self.prepared.folder }

        @Test func runPublishes() {
            let o = Self.prepared.outcome
            #expect(o.status == .inputErrors || o.status == .clean, "\(o.status) \(o.text)")
            #expect(FileManager.default.fileExists(atPath: folder + "/ledger.csv"), "\(o.text)")
        }

        /// Ledger id, state, reason, time (JST) and, for an identified file, the municipality
        /// whose 回収状況 row in 32_島根県.xlsx names it. One line per case. (The accepted forms warn
        /// that their coordinators' forms are missing: those were left out of the zips.)
        @Test(arguments: [
            ("島根県_回答.zip!島根県/佐藤.xlsx", "accepted", "accepted-with-warnings", "09:00", Member.sato),
            ("島根県_回答.zip!島根県/髙橋.xlsx", "accepted", "accepted-with-warnings", "09:10", .takahashiIBM),
            ("島根県_回答.zip!島根県/①㈱ｱﾝｹｰﾄ.xlsx", "accepted", "accepted-with-warnings", "09:20", .necSpecials),
            ("島根県_回答.zip!島根県/ﾌｼﾞｲ.xlsx", "accepted", "accepted-with-warnings", "10:45", .fujii),  // extended timestamp
            ("島根県_回答.zip!島根県/𠮷田.xlsx", "accepted", "accepted-with-warnings", "09:40", .unicodePath),
            ("島根県_回答.zip!島根県/追加.zip/高橋.xlsx", "accepted", "accepted-with-warnings", "08:00", .nested),
            ("修正版.xlsx", "accepted", "accepted-with-warnings", "14:00", .zipped),
            ("島根県_再提出.zip!修正前.xlsx", "superseded", "superseded", "12:00", nil),
            ("島根県_回答.zip!島根県/暗号化.xlsx", "rejected", "encrypted", "09:50", nil),
            ("島根県_PPAP.zip!回答.xlsx", "rejected", "encrypted", "11:00", nil),
            ("島根県_PPAP.zip!回答2.xlsx", "rejected", "encrypted", "11:00", nil),
        ] as [(String, String, String, String, Member?)])
        func ledgerAndPrefectureWorkbook(_ id: String, _ state: String, _ reason: String, _ time: String, _ member: Member?) throws {
            let ledger = try CSVFile.rows(folder + "/ledger.csv")
            let row = try #require(ledger.first { $0["ファイル"] == id }, "\(ledger.compactMap { $0["ファイル"] }.filter { $0.contains("島根県") })")
            #expect(row["状態コード"] == state)
            #expect(row["理由コード"] == reason)
            #expect(row["更新日時"] == "2023/09/12 " + time)
            if reason == "encrypted" {
                #expect(row["理由"]?.contains("パスワード付きZIPファイルは開けません。ZIPにパスワードを付けず、調査票ファイル（.xlsx）そのものを送付してください。") == true)
            }
            if state == "superseded" { #expect(row["理由"]?.contains("（差替先: 修正版.xlsx）") == true) }
            guard let member else { return }

            // The municipality's row of 回収状況: the file's name, its time as a date cell in JST, its state.
            let code = Self.prepared.codes[member.rawValue]
            let s = try Sheet(folder + "/prefectures/32_島根県.xlsx", "回収状況")
            let r = try #require(s.row(code, column: 0, from: 5))
            #expect(s.string(r, 4) == String(id.split(separator: "/").last ?? ""))
            let (h, m) = (Int(time.prefix(2))!, Int(time.suffix(2))!)
            #expect(approx(s.number(r, 5).map { ($0 * 1440).rounded() / 1440 }, 45181 + Double(h * 60 + m) / 1440), "\(String(describing: s.number(r, 5)))")
            #expect(s.string(r, 6) == "受理")
            if member == .zipped { #expect(s.string(r, 8)?.contains("修正前.xlsx: 差替済") == true, "\(s.string(r, 8) ?? "")") }
            // 疑義一覧, the list sent back to respondents, names the same file.
            let issues = try Sheet(folder + "/prefectures/32_島根県.xlsx", "疑義一覧")
            let ir = try #require(issues.row(code, column: 0, from: 4))
            #expect(issues.string(ir, 4) == s.string(r, 4))
        }

        /// No cell of any written workbook and no CSV field holds a control character (except tab
        /// and newline); the injected names are there, escaped.
        @Test func noControlCharacterInAnyOutput() throws {
            func control(_ s: String) -> Bool {
                s.unicodeScalars.contains { v in (v.value < 0x20 && v != "\t" && v != "\n") || (0x7F...0x9F).contains(v.value) }
            }
            var cells = 0, fields = 0
            let files = FileManager.default.enumerator(atPath: folder)!.compactMap { $0 as? String }.sorted()
            for f in files where f.hasSuffix(".xlsx") {
                let book = try Workbook(path: folder + "/" + f)
                for info in book.sheets {
                    #expect(!control(info.name), "\(f) sheet name")
                    for c in try book.worksheet(at: info.index).cells {
                        cells += 1
                        #expect(!control(c.text), "\(f) \(info.name)!\(c.ref.a1): \(c.text.unicodeScalars.map { String($0.value, radix: 16) })")
                    }
                }
            }
            for f in files where f.hasSuffix(".csv") {
                let text = try String(contentsOfFile: folder + "/" + f, encoding: .utf8)
                #expect(!text.contains("\r") || text.components(separatedBy: "\r\n").allSatisfy { !$0.contains("\r") }, "\(f): lone CR")
                for field in CSVFile.parse(text).joined() {
                    fields += 1
                    #expect(!control(field), "\(f): \(field.unicodeScalars.map { String($0.value, radix: 16) })")
                }
            }
            #expect(cells > 10_000 && fields > 1_000, "\(cells) cells, \(fields) fields")

            let ledger = try CSVFile.rows(folder + "/ledger.csv").compactMap { $0["ファイル"] }
            for escaped in ["福井県_制御.zip!\\x85次\\x9B.xlsx", "福井県_制御.zip!\\x1B回答.xlsx", "福井県_制御.zip!\\x80\\x7F.txt"] {
                #expect(ledger.contains(escaped), "\(ledger.filter { $0.hasPrefix("福井県") })")
            }
            // The identified ones name their file in 18_福井県.xlsx's 回収状況, escaped the same way.
            let s = try Sheet(folder + "/prefectures/18_福井県.xlsx", "回収状況")
            for (member, name) in [(Member.c1Name, "\\x85次\\x9B.xlsx"), (.escName, "\\x1B回答.xlsx")] {
                let r = try #require(s.row(Self.prepared.codes[member.rawValue], column: 0, from: 5))
                #expect(s.string(r, 4) == name)
            }
        }
    }
}
