import CZlib
import Foundation
import TestSupport
import Testing
@testable import XLSXReader

/// Entry names, times and encryption as Japanese offices' zip tools write them. Byte literals
/// come from Python's `cp932` codec (Fixtures/zipnames/cp932.py), not from the decoder under test.
@Suite struct ZipEntryNameTests {
    static func archive(_ members: [ZipBuilder.Member]) throws -> ZipArchive {
        var z = ZipBuilder()
        z.members = members
        return try ZipArchive(bytes: z.build())
    }

    static func member(_ raw: [UInt8], flags: UInt16 = 0, extra: [UInt8] = [], method: Int? = nil) -> ZipBuilder.Member {
        ZipBuilder.Member(name: "", data: Array("x".utf8), nameBytes: raw, flags: flags, method: method, extra: extra)
    }

    /// Bit 11 clear, as Windows' "send to compressed folder" writes on Japanese Windows.
    @Test(arguments: [
        ("佐藤.xlsx", [0x8D, 0xB2, 0x93, 0xA1, 0x2E, 0x78, 0x6C, 0x73, 0x78]),
        ("高橋.xlsx", [0x8D, 0x82, 0x8B, 0xB4, 0x2E, 0x78, 0x6C, 0x73, 0x78]),
        ("髙橋.xlsx", [0xEE, 0xE0, 0x8B, 0xB4, 0x2E, 0x78, 0x6C, 0x73, 0x78]),  // NEC-selected IBM extension
        ("髙橋.xlsx", [0xFB, 0xFC, 0x8B, 0xB4, 0x2E, 0x78, 0x6C, 0x73, 0x78]),  // IBM extension (what Windows writes)
        ("①回答.xlsx", [0x87, 0x40, 0x89, 0xF1, 0x93, 0x9A, 0x2E, 0x78, 0x6C, 0x73, 0x78]),
        ("㈱ケアネット.xlsx", [0x87, 0x8A, 0x83, 0x50, 0x83, 0x41, 0x83, 0x6C, 0x83, 0x62, 0x83, 0x67, 0x2E, 0x78, 0x6C, 0x73, 0x78]),
        ("ｱﾝｹｰﾄ回答.xlsx", [0xB1, 0xDD, 0xB9, 0xB0, 0xC4, 0x89, 0xF1, 0x93, 0x9A, 0x2E, 0x78, 0x6C, 0x73, 0x78]),
        ("ﾌｼﾞｲ.xlsx", [0xCC, 0xBC, 0xDE, 0xB2, 0x2E, 0x78, 0x6C, 0x73, 0x78]),  // also valid UTF-8: CP932 wins
        ("千代田区/コーディネーター/佐藤.xlsx", [0x90, 0xE7, 0x91, 0xE3, 0x93, 0x63, 0x8B, 0xE6, 0x2F, 0x83, 0x52, 0x81, 0x5B,
                                       0x83, 0x66, 0x83, 0x42, 0x83, 0x6C, 0x81, 0x5B, 0x83, 0x5E, 0x81, 0x5B, 0x2F,
                                       0x8D, 0xB2, 0x93, 0xA1, 0x2E, 0x78, 0x6C, 0x73, 0x78]),
        ("～－∥￢.xlsx", [0x81, 0x60, 0x81, 0x7C, 0x81, 0x61, 0x81, 0xCA, 0x2E, 0x78, 0x6C, 0x73, 0x78]),  // CP932, not JIS, forms
        ("\u{E000}.xlsx", [0xF0, 0x40, 0x2E, 0x78, 0x6C, 0x73, 0x78]),  // user-defined area → private use
    ] as [(String, [UInt8])])
    func cp932Names(_ expected: String, _ raw: [UInt8]) throws {
        let e = try Self.archive([Self.member(raw)]).entries[0]
        #expect(e.name == expected)
        #expect(e.nameEncoding == .cp932)
    }

    /// Bit 11 clear and not CP932: UTF-8 if valid (macOS tools), else the bytes as escapes.
    @Test(arguments: [
        ("あ.xlsx", Array("あ.xlsx".utf8), ZipNameEncoding.utf8Unflagged),  // E3 81 82 2E: 0x82 0x2E is no CP932 pair
        ("\\x8F.xlsx", [0x8F, 0x2E, 0x78, 0x6C, 0x73, 0x78], .escaped),     // a lead byte without its trail
        ("a\\x80\\xFD.xlsx", [0x61, 0x80, 0xFD, 0x2E, 0x78, 0x6C, 0x73, 0x78], .escaped),  // outside CP932, not UTF-8
        ("\\x81 \\x01.xlsx", [0x81, 0x20, 0x01, 0x2E, 0x78, 0x6C, 0x73, 0x78], .escaped),  // control bytes escaped too
        ("xl/workbook.xml", Array("xl/workbook.xml".utf8), .ascii),
    ] as [(String, [UInt8], ZipNameEncoding)])
    func fallbacks(_ expected: String, _ raw: [UInt8], _ encoding: ZipNameEncoding) throws {
        let e = try Self.archive([Self.member(raw)]).entries[0]
        #expect(e.name == expected)
        #expect(e.nameEncoding == encoding)
    }

    /// Bit 11 set: UTF-8 as declared, even where the bytes would also read as CP932; invalid → escapes.
    @Test func utf8FlagIsTrusted() throws {
        let z = try Self.archive([Self.member(Array("佐藤.xlsx".utf8), flags: 0x0800),
                                  Self.member([0x8D, 0xB2, 0x2E, 0x78], flags: 0x0800)])
        #expect(z.entries.map(\.name) == ["佐藤.xlsx", "\\x8D\\xB2.x"])
        #expect(z.entries.map(\.nameEncoding) == [.utf8Flag, .escaped])
    }

    static func unicodePath(_ name: String, crcOf raw: [UInt8]) -> [UInt8] {
        let crc = ZipBuilder.crc(raw)
        let body: [UInt8] = [1] + (0..<4).map { UInt8(crc >> (8 * UInt32($0)) & 0xFF) } + Array(name.utf8)
        return [0x75, 0x70, UInt8(body.count & 0xFF), UInt8(body.count >> 8)] + body
    }

    /// Info-ZIP Unicode Path (0x7075): used when its CRC matches the stored name, ignored when stale.
    @Test func unicodePathField() throws {
        let raw: [UInt8] = [0x3F, 0x93, 0x63, 0x2E, 0x78, 0x6C, 0x73, 0x78]  // "?田.xlsx": 𠮷 is not in CP932
        let renamed: [UInt8] = [0x8D, 0xB2, 0x93, 0xA1, 0x2E, 0x78, 0x6C, 0x73, 0x78]  // 佐藤.xlsx, field left from before
        let z = try Self.archive([Self.member(raw, extra: Self.unicodePath("𠮷田.xlsx", crcOf: raw)),
                                  Self.member(renamed, extra: Self.unicodePath("𠮷田.xlsx", crcOf: raw))])
        #expect(z.entries.map(\.name) == ["𠮷田.xlsx", "佐藤.xlsx"])
        #expect(z.entries.map(\.nameEncoding) == [.unicodePathField, .cp932])
    }

    /// Foundation's `.shiftJIS` is the whole CP932 table: every double-byte code decodes to the
    /// scalar Python's cp932 codec gives (count and CRC-32 printed by Fixtures/zipnames/cp932.py).
    @Test func foundationShiftJISIsCP932() {
        var table: [UInt8] = []
        var count = 0
        let hex = Array("0123456789ABCDEF".utf8)
        func put(_ v: UInt32, digits: Int) { for k in (0..<digits).reversed() { table.append(hex[Int(v >> (4 * UInt32(k)) & 0xF)]) } }
        for lead in UInt8(0x81)...0xFC {
            for trail in UInt8(0x40)...0xFC {
                guard let s = ZipEntryName.cp932([lead, trail][...]), s.unicodeScalars.count == 1 else { continue }
                put(UInt32(lead) << 8 | UInt32(trail), digits: 4); table.append(0x20)
                put(s.unicodeScalars.first!.value, digits: 4); table.append(0x0A)
                count += 1
            }
        }
        let crc = table.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress, UInt32($0.count))) }
        #expect(count == 9604)
        #expect(crc == 0xD75B_B829)
    }

    /// Bytes outside CP932.TXT (Python's codec maps some of them; Windows does not).
    @Test(arguments: [[0x80], [0xA0], [0xFD], [0x85, 0x40], [0x81, 0x7F], [0xFC, 0x4C], [0x81]] as [[UInt8]])
    func notCP932(_ raw: [UInt8]) {
        #expect(ZipEntryName.cp932(raw[...]) == nil)
    }

    // MARK: - Times

    static func dos(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> (date: Int, time: Int) {
        (((y - 1980) << 9) | (mo << 5) | d, (h << 11) | (mi << 5) | (s / 2))
    }

    static func extendedTimestamp(_ unix: Int32) -> [UInt8] {
        let v = UInt32(bitPattern: unix)
        return [0x55, 0x54, 5, 0, 1] + (0..<4).map { UInt8(v >> (8 * UInt32($0)) & 0xFF) }
    }

    @Test func dosTimeIsWallClockAndExtendedTimestampIsUTC() throws {
        let (d, t) = Self.dos(2023, 9, 12, 12, 0, 30)
        var plain = Self.member(Array("a.xlsx".utf8)); plain.dosDate = d; plain.dosTime = t
        var stamped = Self.member(Array("b.xlsx".utf8), extra: Self.extendedTimestamp(1_694_485_800)); stamped.dosDate = d; stamped.dosTime = t
        var zeroed = Self.member(Array("c.xlsx".utf8)); zeroed.dosDate = 0; zeroed.dosTime = 0
        let z = try Self.archive([plain, stamped, zeroed])
        let wall = try #require(z.entries[0].dosModified)
        #expect(wall.description == "2023-09-12 12:00:30")
        #expect(z.entries[0].extendedModified == nil)
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        #expect(wall.date(in: tokyo) == Date(timeIntervalSince1970: 1_694_487_630))  // 03:00:30 UTC
        #expect(wall.date(in: TimeZone(identifier: "UTC")!) == Date(timeIntervalSince1970: 1_694_520_030))
        #expect(z.entries[1].extendedModified == Date(timeIntervalSince1970: 1_694_485_800))
        #expect(z.entries[2].dosModified == nil)  // month 0: no time rather than a wrong one
    }

    /// Wall times across a daylight-saving change come out at the zone's offset of that day.
    @Test(arguments: [("America/New_York", 2023, 7, 1, 12, 1_688_227_200), ("America/New_York", 2023, 1, 1, 12, 1_672_592_400),
                      ("Asia/Tokyo", 1990, 1, 1, 0, 631_119_600)])
    func wallClockInZone(_ zone: String, _ y: Int, _ m: Int, _ d: Int, _ h: Int, _ unix: Int) throws {
        let wall = try #require(DOSDateTime(year: y, month: m, day: d, hour: h, minute: 0, second: 0))
        #expect(wall.date(in: TimeZone(identifier: zone)!) == Date(timeIntervalSince1970: Double(unix)))
    }

    // MARK: - Encryption

    /// ZipCrypto (bit 0), strong encryption (bit 6), WinZip AES (method 99 + 0x9901): flagged, and
    /// extracting says so instead of reporting a damaged file.
    @Test(arguments: [(UInt16(0x0001), 0, [UInt8]()), (0x0041, 0, []), (0x0001, 99, [0x01, 0x99, 7, 0, 2, 0, 0x41, 0x45, 3, 8, 0]),
                      (0x0000, 99, [0x01, 0x99, 7, 0, 2, 0, 0x41, 0x45, 3, 8, 0])] as [(UInt16, Int, [UInt8])])
    func encryptedEntries(_ flags: UInt16, _ method: Int, _ extra: [UInt8]) throws {
        let z = try Self.archive([Self.member(Array("回答.xlsx".utf8), flags: flags | 0x0800, extra: extra, method: method)])
        let e = z.entries[0]
        #expect(e.isEncrypted)
        #expect(throws: XLSXError.encryptedEntry("回答.xlsx")) { try z.extract(e, budget: 1 << 20) }
    }

    @Test func plainEntryIsNotEncrypted() throws {
        let z = try Self.archive([Self.member(Array("a.xlsx".utf8))])
        #expect(!z.entries[0].isEncrypted)
        #expect(try z.extract(z.entries[0], budget: 100) == Array("x".utf8))
    }
}
