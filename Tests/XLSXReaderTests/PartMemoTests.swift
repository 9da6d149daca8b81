import Foundation
import TestSupport
import Testing
@testable import XLSXReader

/// Parts byte-identical to ones parsed before are taken from the run's `PartMemo`: the workbook
/// must read exactly as if parsed again, and a damaged copy must still be refused.
@Suite struct PartMemoTests {
    static let styles = "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d\"/></numFmts>"
        + "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs>"

    /// One of a survey's returned forms: the same workbook part, names and styles, its own answer.
    static func form(_ answer: Int) -> [UInt8] {
        ZipBuilder.workbook(sheets: [("回答", "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>\(answer)</v></c></row>")], styles: styles,
                            workbookExtra: "<definedNames><definedName name=\"RK_A\">'回答'!$A$1</definedName></definedNames>")
    }

    @Test func identicalPartsAreParsedOnceAndReadAsIfParsedAgain() throws {
        let memo = PartMemo(limits: .default)
        for answer in [45000, 45001, 45002] {
            let bytes = Self.form(answer)
            let fresh = try Workbook(bytes: bytes)
            let memoized = try Workbook(archive: ZipArchive(bytes: bytes), memo: memo)
            #expect(memoized.sheets == fresh.sheets)
            #expect(memoized.definedNames == fresh.definedNames)
            #expect(memoized.namedCells(prefix: "RK_") == fresh.namedCells(prefix: "RK_"))
            let cells = try memoized.worksheet(at: 0, selecting: .everyCell).cells
            #expect(cells == (try fresh.worksheet(at: 0)).cells)
            #expect(cells.first?.value == .number(Double(answer)) && cells.first?.isDateFormatted == true)
        }
        // The second and third file: package and workbook relationships, workbook part, styles.
        #expect(memo.hits == 8)
    }

    @Test func aDamagedCopyOfAPartSeenBeforeIsStillRefused() throws {
        let memo = PartMemo(limits: .default)
        let good = Self.form(45000)
        _ = try Workbook(archive: ZipArchive(bytes: good), memo: memo)
        // The same central directory (sizes, CRC) over one changed byte of the stored workbook part.
        var bad = good
        let marker = Array("<sheets>".utf8)
        let at = try #require(bad.indices.first { bad[$0...].starts(with: marker) })
        bad[at + 1] = UInt8(ascii: "S")
        #expect(throws: XLSXError.corruptZip("CRC mismatch in xl/workbook.xml")) {
            try Workbook(archive: ZipArchive(bytes: bad), memo: memo)
        }
    }

    @Test func otherLimitsReadWithoutTheMemo() throws {
        let memo = PartMemo(limits: .default)
        _ = try Workbook(archive: ZipArchive(bytes: Self.form(1)), memo: memo)
        let tight = ReaderLimits(maxEntrySize: 64)
        #expect(throws: XLSXError.self) { try Workbook(archive: ZipArchive(bytes: Self.form(1), limits: tight), limits: tight, memo: memo) }
        #expect(memo.hits == 0)
    }
}
