import Foundation
import SurveyModel
@testable import ReportKit
import TestSupport
import Testing

/// issues-state.json: one Codable definition (RunState) with a schema version; a file from before
/// versions still gives the next night its 前回公開からの変更.
@Suite struct RunStateFile {
    @Test func aFileFromBeforeVersionsStillLoads() throws {
        let folder = Temp.dir("state")
        let old = #"{"corrections":[],"files":{"a.xlsx":"00ff"},"issues":[{"key":"MUNI:131016\tM2\trequired\t","status":"open"}]}"#
        try old.write(toFile: folder + "/" + RunState.fileName, atomically: true, encoding: .utf8)
        let state = try #require(RunState.load(runFolder: folder))
        #expect(state.schemaVersion == nil && state.files == ["a.xlsx": "00ff"] && state.issues.map(\.status) == ["open"])
    }
}

/// issues-state.json is written piece by piece (its issues and sent queries a batch at a time):
/// the bytes are JSONEncoder's own for the whole document, whatever the lists hold.
@Suite struct RunStateStreamed {
    @Test func theStreamedFileIsTheEncodersDocument() throws {
        var seed: UInt64 = 0x5EED_2025
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let pieces = ["MUNI:131016", "\t", "設問\"1\"", "a/b", "\\", "記入値", " ", "ｱ", "😀", "", "PREF:130001", "\n"]
        func text() -> String { (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined() }
        for round in 0..<40 {
            let issues = (0..<[0, 1, 255, 256, 257, 600][round % 6]).map { _ in
                RunState.IssueState(key: text(), status: ["open", "corrected", "confirmed"][next(3)])
            }
            let queries = (0..<[0, 1, 256, 513][next(4)]).map { i in
                Sent(id: "Q" + String(i), respondent: text(), question: text(), rule: text(),
                     raisedValueSHA256: text(), sourceSHA256: text(), prefecture: String(next(47) + 1))
            }
            let document = Document(files: Dictionary((0..<next(5)).map { ("f\($0)/" + text(), text()) }, uniquingKeysWith: { a, _ in a }),
                                    issues: issues, corrections: (0..<next(3)).map { _ in text() },
                                    queries: round % 3 == 0 ? nil : Record(queries: queries, workbooks: ["W1": text(), "W2": text()]))
            let state = try JSONDecoder().decode(RunState.self, from: JSONEncoder().encode(document))
            let whole = try JSONPieces.encoder().encode(state)
            #expect(try state.json() == whole, "round \(round): \(issues.count) issues, \(queries.count) queries")
            #expect(try JSONDecoder().decode(RunState.self, from: state.json()) == state)
        }
    }

    /// The file's shape as another program would write it (SentQuery is made only from an issue).
    struct Sent: Encodable {
        var id, respondent, question, rule, raisedValueSHA256, sourceSHA256, prefecture: String
    }
    struct Record: Encodable {
        var queries: [Sent]
        var workbooks: [String: String]
    }
    struct Document: Encodable {
        var files: [String: String]
        var issues: [RunState.IssueState]
        var corrections: [String]
        var queries: Record?
        var schema_version = 1
    }
}

/// The skeleton's empty lists are found by memmem: the same place Data's firstRange(of:) names,
/// in slices that start anywhere, for needles found first, last, twice or not at all.
@Suite struct JSONPiecesFind {
    @Test func memmemFindsWhatFirstRangeFinds() {
        var rng = SplitMix64(seed: 0xF1AD)
        for _ in 0..<2_000 {
            let hay = Data((0..<rng.below(80)).map { _ in UInt8(ascii: "a") + UInt8(rng.below(3)) })
            let needle = Data((0..<(1 + rng.below(4))).map { _ in UInt8(ascii: "a") + UInt8(rng.below(3)) })
            let from = hay.isEmpty ? 0 : rng.below(hay.count + 1)
            let slice = hay[from...]
            #expect(JSONPieces.find(needle, in: slice) == slice.firstRange(of: needle), "\(Array(slice)) \(Array(needle))")
        }
    }
}
