import Foundation
import TestSupport
import Testing
@testable import Ingest
import SurveyModel

/// What travels with a return but is not one (送付状, scans, forwarded mail) is skipped with one
/// ledger line and a reason that asks for nothing; only spreadsheets are read, only `.zip` unpacked.
@Suite struct OtherDocumentTests {
    static func ole2(_ streams: [String]) -> [UInt8] {
        var b: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        for s in streams { b += s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0] }
        return b
    }
    static let docx = TestZip.make([("[Content_Types].xml", Array("<Types/>".utf8)), ("_rels/.rels", Array("<Relationships/>".utf8)),
                                    ("word/document.xml", Array("<w:document/>".utf8)), ("word/styles.xml", Array("<w:styles/>".utf8))])
    static let pptx = TestZip.make([("[Content_Types].xml", Array("<Types/>".utf8)), ("ppt/presentation.xml", Array("<p/>".utf8)),
                                    ("ppt/slides/slide1.xml", Array("<p/>".utf8))])
    static let odt = TestZip.make([("mimetype", Array("application/vnd.oasis.opendocument.text".utf8)), ("content.xml", Array("<x/>".utf8))])
    static let eml = Array("""
        Return-Path: <kenko@pref.tottori.lg.jp>
        From: 鳥取県 <kenko@pref.tottori.lg.jp>
        To: survey@example.jp
        Subject: 調査票の送付について

        調査票を送付します。
        """.utf8)

    @Test(arguments: [
        ("送付状.docx", docx, "skipped office-document", "Word文書"),
        ("説明資料.pptx", pptx, "skipped office-document", "PowerPoint資料"),
        ("送付状.odt", odt, "skipped office-document", "OpenDocument文書"),
        ("送付状.doc", ole2(["Root Entry", "WordDocument", "1Table"]), "skipped office-document", "Word文書"),
        ("送付状.pdf", Array("%PDF-1.7\n1 0 obj\n".utf8), "skipped pdf", "PDF"),
        ("調査票の写真.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] + Array("JFIF".utf8), "skipped image", "画像"),
        ("scan.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "skipped image", "画像"),
        ("転送メール.eml", eml, "skipped mail", "メール"),
        ("noext", eml, "skipped mail", "メール"),
        ("転送メール.msg", ole2(["Root Entry", "__substg1.0_0037001F", "__properties_version1.0"]), "skipped mail", "メール"),
        ("old.xls", ole2(["Root Entry", "Workbook", "SummaryInformation"]), "rejected legacy-xls", "xls"),
        ("forms.dat", TestZip.make([("131016.xlsx", [1, 2, 3])]), "rejected not-a-workbook", "Excel"),
        ("memo.txt", Array("よろしくお願いします".utf8), "rejected not-a-workbook", "Excel"),
    ] as [(String, [UInt8], String, String)])
    func oneLedgerLineWithAFittingReason(name: String, bytes: [UInt8], expected: String, says: String) {
        let r = Ingestion.ingest(inputs: [(InputID(path: name), bytes, nil)], options: TestData.options)
        #expect(r.ledger.count == 1, "\(r.ledger.map(\.input.description))")
        let e = r.ledger[0]
        #expect("\(e.state.rawValue) \(e.reason.code)" == expected)
        #expect(e.reason.message.contains(says), "\(e.reason.message)")
        #expect(r.issues.isEmpty)
    }

    /// A cover letter inside a forwarded bundle is one skipped line too, beside the forms.
    @Test func coverLetterInABundle() {
        let wb = TestWorkbook(.muni, code: "131016", TestData.validMuni()).bytes
        let zip = TestZip.make([("131016.xlsx", wb), ("送付状.docx", Self.docx), ("依頼文.pdf", Array("%PDF-1.4".utf8))])
        let r = Ingestion.ingest(inputs: [(InputID(path: "東京都.zip"), zip, nil)], options: TestData.options)
        let got = r.ledger.map { "\($0.input.description) \($0.state.rawValue) \($0.reason.code)" }
        #expect(got == ["東京都.zip!131016.xlsx accepted accepted",
                        "東京都.zip!依頼文.pdf skipped pdf",
                        "東京都.zip!送付状.docx skipped office-document"])
    }

    /// `--out` inside the inbox: the walk never enters it, however the path is written.
    @Test func outputFolderInsideTheInboxIsNotRead() throws {
        let fm = FileManager.default
        let inbox = fm.temporaryDirectory.appendingPathComponent("renkei-excl-\(UUID().uuidString)")
        try fm.createDirectory(at: inbox.appendingPathComponent("Reports/runs/x"), withIntermediateDirectories: true)
        try fm.createDirectory(at: inbox.appendingPathComponent("muni"), withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: inbox) }
        try Data([1]).write(to: inbox.appendingPathComponent("Reports/runs/x/全国集計.xlsx"))
        try Data([1]).write(to: inbox.appendingPathComponent("muni/a.xlsx"))
        let files = Discover.walk(inbox: inbox, excluding: [inbox.path + "/muni/../Reports"])
        #expect(files.map(\.id.path) == ["muni/a.xlsx"])
        #expect(Discover.walk(inbox: inbox).count == 2)
    }
}
