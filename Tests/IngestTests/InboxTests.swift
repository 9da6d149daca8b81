import Foundation
import TestSupport
import Testing
@testable import Ingest
import SurveyModel

/// A whole inbox with every kind of bad input: the expected ledger, and counts that add up.
@Suite struct InboxTests {
    static let fixtures = Paths.fixtures

    func makeInbox() throws -> URL {
        let fm = FileManager.default
        let inbox = fm.temporaryDirectory.appendingPathComponent("renkei-inbox-\(UUID().uuidString)")
        try fm.createDirectory(at: inbox.appendingPathComponent("muni"), withIntermediateDirectories: true)
        func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: inbox.appendingPathComponent(name)) }

        var first = TestWorkbook(.muni, code: "131016", TestData.validMuni()); first.modified = "2023-09-01T10:00:00Z"
        var fixed = first; fixed.answers["M2_2"] = .n(6); fixed.modified = "2023-09-05T10:00:00Z"
        try write("muni/131016.xlsx", first.bytes)
        try write("muni/131016_再送.xlsx", fixed.bytes)
        for f in ["legacy-biff.xls", "password-protected.xlsx", "scanned-form.pdf", "libreoffice-export.ods"] {
            try fm.copyItem(at: Self.fixtures.appendingPathComponent("ingest/" + f), to: inbox.appendingPathComponent(f))
        }
        try write("corrupt.xlsx", Array(first.bytes.prefix(200)))
        try write("~$131016.xlsx", [0x41, 0x42])
        try write(".DS_Store", [0])
        try write("Thumbs.db", [0])
        var chuo = TestData.validMuni(); chuo["MUNI_code"] = .s("131024"); chuo["MUNI_muni"] = .s("中央区")
        let bundle = TestZip.make([("131024.xlsx", TestWorkbook(.muni, code: "131024", chuo).bytes),
                                   ("broken.xlsx", Array(first.bytes.prefix(300))),
                                   ("__MACOSX/._131024.xlsx", [0, 1]),
                                   ("memo.txt", Array("よろしくお願いします".utf8))])
        try write("東京都からの転送.zip", bundle)
        var unknown = TestData.validCoord(); unknown["COORD_code"] = .s("132012")
        try write("coord-unknown.xlsx", TestWorkbook(.coord, unknown).bytes)
        var old = TestWorkbook(.muni, code: "131016", TestData.validMuni()); old.codebookVersion = "R4.1"
        try write("R4様式.xlsx", old.bytes)
        try fm.createSymbolicLink(at: inbox.appendingPathComponent("link.xlsx"), withDestinationURL: inbox.appendingPathComponent("muni/131016.xlsx"))
        return inbox
    }

    @Test func everyKindOfBadInputEndsInItsState() throws {
        let inbox = try makeInbox()
        defer { try? FileManager.default.removeItem(at: inbox) }
        let r = Ingestion.ingest(inbox: inbox, options: TestData.options)
        let got = Dictionary(uniqueKeysWithValues: r.ledger.map { ($0.input.description, "\($0.state.rawValue) \($0.reason.code)") })
        let expected: [String: String] = [
            "muni/131016.xlsx": "superseded superseded",
            "muni/131016_再送.xlsx": "accepted accepted",
            "legacy-biff.xls": "rejected legacy-xls",
            "password-protected.xlsx": "rejected encrypted",
            "scanned-form.pdf": "skipped pdf",
            "libreoffice-export.ods": "rejected ods",
            "corrupt.xlsx": "rejected corrupt",
            "~$131016.xlsx": "skipped lock-file",
            ".DS_Store": "skipped os-litter",
            "Thumbs.db": "skipped os-litter",
            "東京都からの転送.zip!131024.xlsx": "accepted accepted",
            "東京都からの転送.zip!broken.xlsx": "rejected corrupt",
            "東京都からの転送.zip!__MACOSX/._131024.xlsx": "skipped os-litter",
            "東京都からの転送.zip!memo.txt": "rejected not-a-workbook",
            "coord-unknown.xlsx": "rejected unknown-code",
            "R4様式.xlsx": "rejected other-version",
            "link.xlsx": "rejected symlink",
        ]
        #expect(got == expected)
        #expect(r.ledger.first { $0.input.path == "muni/131016.xlsx" }?.supersededBy == InputID(path: "muni/131016_再送.xlsx"))
        #expect(r.summary.balanced)
        #expect(r.summary.inputs == 17)
        #expect(r.summary.count(.accepted) == 2 && r.summary.count(.superseded) == 1 && r.summary.count(.rejected) == 9 && r.summary.count(.skipped) == 5)
        #expect(r.responses.map(\.respondent.code) == ["131016", "131024"])
        #expect(r.responses.first?.answers["M2_2"] == .integer(6))
        #expect(r.issues.map(\.rule) == [.unknownCode])
        #expect(r.ledger.allSatisfy { !$0.reason.message.isEmpty })
    }

    @Test func sameResultWhateverTheThreads() throws {
        let inbox = try makeInbox()
        defer { try? FileManager.default.removeItem(at: inbox) }
        let a = Ingestion.ingest(inbox: inbox, options: TestData.options)
        let b = Ingestion.ingest(inbox: inbox, options: TestData.options)
        #expect(a.ledger == b.ledger); #expect(a.issues == b.issues); #expect(a.responses == b.responses)
    }

    /// A file sent twice (loose and again under another folder) reads to one answer table both
    /// copies hold, not two; a file with other answers keeps its own.
    @Test func copiesOfOneFileShareOneAnswerTable() {
        let sent = TestWorkbook(.muni, code: "131016", TestData.validMuni()).bytes
        var changed = TestData.validMuni(); changed["M2_2"] = .n(6)
        let other = TestWorkbook(.muni, code: "131016", changed).bytes
        let shared = Ingestion.SharedReadings()
        let forms = [("131016.xlsx", sent), ("再送/131016.xlsx", sent), ("131016_修正.xlsx", other)].flatMap { name, bytes in
            shared.share(ProcessInput.run(InboxFile(id: InputID(path: name), size: bytes.count, fileModified: nil, content: .bytes(bytes)),
                                          options: TestData.options))
        }.compactMap { p -> ParsedForm? in if case .form(let f) = p.kind { f } else { nil } }
        #expect(forms.map(\.input.path) == ["131016.xlsx", "再送/131016.xlsx", "131016_修正.xlsx"])
        // A Dictionary is one reference to its storage: equal bits, one table.
        func table(_ f: ParsedForm) -> UInt { unsafeBitCast(f.answers, to: UInt.self) }
        #expect(table(forms[0]) == table(forms[1]))
        #expect(table(forms[2]) != table(forms[0]))
        #expect(forms[1].answers["M2_2"] == forms[0].answers["M2_2"])
        #expect(forms[2].answers["M2_2"] == .integer(6))
        #expect(forms[0].stored?.bytes == forms[1].stored?.bytes && forms[0].stored != forms[2].stored)
    }

    /// Files of another reader's test corpus are not survey forms: each is rejected with a reason, none crashes.
    @Test func calamineCorpusIsRejectedWithoutACrash() throws {
        let corpus = Self.fixtures.appendingPathComponent("corpus/calamine")
        try #require(FileManager.default.fileExists(atPath: corpus.path))
        let r = Ingestion.ingest(inbox: corpus, options: TestData.options)
        #expect(r.ledger.count > 60)
        #expect(r.summary.balanced)
        #expect(r.responses.isEmpty)
        #expect(r.ledger.allSatisfy { ($0.state == .rejected || $0.state == .skipped) && !$0.reason.message.isEmpty })
        let xlsx = r.ledger.filter { $0.input.path.hasSuffix(".xlsx") && !$0.input.path.contains("/") }
        #expect(xlsx.contains { $0.reason.code == "not-a-survey-form" })
    }

    @Test func bytesEntryPointSurvivesGarbage() {
        var inputs: [(id: InputID, bytes: [UInt8], modified: Date?)] = []
        let good = TestWorkbook(.muni, code: "131016", TestData.validMuni()).bytes
        var rng = SystemRandomNumberGenerator()
        for i in 0..<40 {
            var b = good
            for _ in 0..<(1 + i % 8) { b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            if i % 5 == 0 { b = Array(b.prefix(Int.random(in: 0..<b.count, using: &rng))) }
            inputs.append((InputID(path: "fuzz\(i).xlsx"), b, nil))
        }
        let r = Ingestion.ingest(inputs: inputs, options: TestData.options)
        #expect(r.ledger.count == 40); #expect(r.summary.balanced)
    }
}

/// A file's name is the last non-empty path component, as splitting the whole path by Character
/// gives it: for slashes doubled, leading or trailing, and a slash a combining mark joins.
@Suite struct InputFileName {
    @Test func theNameIsTheLastComponentOfTheSplit() {
        var rng = SplitMix64(seed: 0xF11E)
        let pieces = ["/", "/", "a", "調査票", "\u{0301}", ".xlsx", " ", "//", "ｱ"]
        for _ in 0..<5_000 {
            let path = (0..<rng.below(7)).map { _ in rng.pick(pieces) }.joined()
            let member: String? = rng.below(3) == 0 ? (0..<rng.below(5)).map { _ in rng.pick(pieces) }.joined() : nil
            let full = member ?? path
            let expected = full.split(separator: "/").last.map(String.init) ?? full
            #expect(InputID(path: path, member: member).fileName == expected, "\(full.debugDescription)")
        }
    }
}
