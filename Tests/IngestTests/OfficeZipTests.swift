import Foundation
import TestSupport
import Testing
@testable import Ingest
import SurveyModel

/// Zip bundles as municipal offices make them: CP932 names without the UTF-8 flag (Windows'
/// "send to compressed folder"), password-protected zips (PPAP), DOS times in Japan time.
/// Name bytes are CP932 as Python's codec encodes them (Fixtures/zipnames/cp932.py).
@Suite struct OfficeZipTests {
    static let chiyoda: [UInt8] = [0x90, 0xE7, 0x91, 0xE3, 0x93, 0x63, 0x8B, 0xE6]  // 千代田区
    static let coordinatorFolder: [UInt8] = [0x83, 0x52, 0x81, 0x5B, 0x83, 0x66, 0x83, 0x42, 0x83, 0x6C, 0x81, 0x5B,
                                             0x83, 0x5E, 0x81, 0x5B]  // コーディネーター
    static let xlsx = Array(".xlsx".utf8), slash = [UInt8(ascii: "/")]
    static func path(_ name: [UInt8]) -> [UInt8] { chiyoda + slash + coordinatorFolder + slash + name + xlsx }

    static func coord(_ n: Int, _ name: String, modified: String? = nil) -> [UInt8] {
        var wb = TestWorkbook(.coord, TestData.validCoord(number: n, name: name))
        wb.modified = modified
        return wb.bytes
    }

    static func entry(_ name: [UInt8], _ data: [UInt8], wall: (Int, Int)? = (12, 0)) -> TestZip.Entry {
        var e = TestZip.Entry(name: name, data: data)
        if let wall { e.wallClock(2023, 9, 12, wall.0, wall.1) }
        return e
    }

    @Test func cp932NamesAreReadAsWindowsWroteThem() {
        let zip = TestZip.make(entries: [
            Self.entry(Self.path([0x8D, 0xB2, 0x93, 0xA1]), Self.coord(1, "佐藤花子")),                 // 佐藤
            Self.entry(Self.path([0x8D, 0x82, 0x8B, 0xB4]), Self.coord(2, "高橋一郎")),                 // 高橋
            Self.entry(Self.path([0xFB, 0xFC, 0x8B, 0xB4]), Self.coord(3, "髙橋次郎")),                 // 髙橋 (IBM extension)
            Self.entry(Self.path([0x87, 0x40, 0x87, 0x8A, 0xB1, 0xDD, 0xB9, 0xB0, 0xC4]), Self.coord(4, "田中")),  // ①㈱ｱﾝｹｰﾄ
            Self.entry(Self.path([0xCC, 0xBC, 0xDE, 0xB2]), Self.coord(5, "藤井")),                     // ﾌｼﾞｲ: also valid UTF-8
        ])
        let r = Ingestion.ingest(inputs: [(InputID(path: "千代田区_回答.zip"), zip, nil)], options: TestData.options)
        #expect(r.ledger.map(\.input.description) == [
            "千代田区_回答.zip!千代田区/コーディネーター/①㈱ｱﾝｹｰﾄ.xlsx",
            "千代田区_回答.zip!千代田区/コーディネーター/佐藤.xlsx",
            "千代田区_回答.zip!千代田区/コーディネーター/高橋.xlsx",
            "千代田区_回答.zip!千代田区/コーディネーター/髙橋.xlsx",
            "千代田区_回答.zip!千代田区/コーディネーター/ﾌｼﾞｲ.xlsx",
        ])
        #expect(r.ledger.allSatisfy { $0.state == .accepted })
        #expect(r.ledger.map { $0.respondent?.coordinatorNumber } == [4, 1, 2, 3, 5])
    }

    /// ZipCrypto or AES, one member or all: `encrypted` with the PPAP sentence, never `corrupt`.
    @Test(arguments: [false, true])
    func passwordProtectedMembersAreEncrypted(aes: Bool) {
        var locked = Self.entry(Self.path([0x8D, 0xB2, 0x93, 0xA1]), Array(repeating: 0xA5, count: 300))
        locked.encrypt(aes: aes)
        var alsoLocked = locked
        alsoLocked.name = Self.path([0x8D, 0x82, 0x8B, 0xB4])
        let mixed = TestZip.make(entries: [locked, Self.entry(Self.path([0x8D, 0x82, 0x8B, 0xB4]), Self.coord(2, "高橋一郎"))])
        let allLocked = TestZip.make(entries: [locked, alsoLocked])
        let r = Ingestion.ingest(inputs: [(InputID(path: "mixed.zip"), mixed, nil), (InputID(path: "ppap.zip"), allLocked, nil)],
                                 options: TestData.options)
        #expect(r.ledger.map(\.state) == [.rejected, .accepted, .rejected, .rejected])
        let rejected = r.ledger.filter { $0.state == .rejected }
        #expect(rejected.map(\.input.description) == ["mixed.zip!千代田区/コーディネーター/佐藤.xlsx",
                                                     "ppap.zip!千代田区/コーディネーター/佐藤.xlsx",
                                                     "ppap.zip!千代田区/コーディネーター/高橋.xlsx"])
        for e in rejected {
            #expect(e.reason.code == "encrypted")
            #expect(e.reason.message.hasPrefix("パスワードで保護（暗号化）されているため読み込めません。"))
            #expect(e.reason.message.contains("パスワード付きZIPファイルは開けません。ZIPにパスワードを付けず、調査票ファイル（.xlsx）そのものを送付してください。"))
        }
    }

    /// DOS time is the zipping PC's wall clock, read in `IngestOptions.timeZone`; the extended
    /// timestamp (UTC) wins when present.
    @Test(arguments: [
        ("Asia/Tokyo", false, 1_694_487_600),  // 12:00 JST = 03:00 UTC
        ("UTC", false, 1_694_520_000),         // 12:00 UTC
        ("Asia/Tokyo", true, 1_694_485_800),   // extended timestamp 02:30 UTC, whatever the zone
        ("UTC", true, 1_694_485_800),
    ])
    func entryTimeInTheSendersZone(_ zone: String, _ extended: Bool, _ unix: Int) {
        var e = Self.entry(Self.path([0x8D, 0xB2, 0x93, 0xA1]), Self.coord(1, "佐藤花子"))
        if extended { e.extendedTimestamp(1_694_485_800) }
        var options = TestData.options
        options.timeZone = TimeZone(identifier: zone)!
        let r = Ingestion.ingest(inputs: [(InputID(path: "a.zip"), TestZip.make(entries: [e]), nil)], options: options)
        #expect(r.ledger.first?.fileModified == Date(timeIntervalSince1970: Double(unix)))
    }

    @Test func tokyoIsTheDefaultZone() {
        #expect(TestData.options.timeZone.identifier == "Asia/Tokyo")
    }

    /// Neither workbook carries `dcterms:modified`: zipped at 12:00 JST, the correction mailed at
    /// 14:00 JST (file time 05:00 UTC). Read as UTC, the zipped one would seem 21:00 JST and win.
    @Test func correctionMailedAfterTheZipWins() {
        let zipped = TestZip.make(entries: [Self.entry(Self.path([0x8D, 0xB2, 0x93, 0xA1]), Self.coord(1, "佐藤花子"))])
        var fixedAnswers = TestData.validCoord(number: 1, name: "佐藤花子")
        fixedAnswers["C5"] = .n(12)
        var fixed = TestWorkbook(.coord, fixedAnswers)
        fixed.modified = nil
        let r = Ingestion.ingest(inputs: [(InputID(path: "千代田区_回答.zip"), zipped, nil),
                                          (InputID(path: "佐藤_修正.xlsx"), fixed.bytes, Date(timeIntervalSince1970: 1_694_494_800))],
                                 options: TestData.options)
        #expect(r.ledger.map(\.state) == [.superseded, .accepted])
        #expect(r.ledger[0].supersededBy == InputID(path: "佐藤_修正.xlsx"))
        #expect(r.ledger[0].workbookModified == nil && r.ledger[1].workbookModified == nil)
        #expect(r.ledger[0].fileModified == Date(timeIntervalSince1970: 1_694_487_600))
        #expect(r.responses.first?.answers["C5"] == .integer(12))
    }
}
