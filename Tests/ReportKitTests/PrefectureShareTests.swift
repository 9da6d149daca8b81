@testable import ReportKit
import SurveyModel
import Testing

/// A prefecture's share of the issues and responses is a slice of the input, not a copy: on
/// generated inputs (sorted, shuffled, with unkeyed rows anywhere) each key gets exactly its own
/// elements in input order, as a plain grouping would.
@Suite struct PrefectureShares {
    @Test func everyKeyGetsItsOwnElementsInOrder() {
        var rng = SplitMix64(seed: 0x5A_1CE5)
        var sliced = 0
        for round in 0..<2_000 {
            let n = Int.random(in: 0...60, using: &rng)
            var all: [(id: Int, key: String?)] = (0..<n).map { i in
                (i, Int.random(in: 0..<8, using: &rng) == 0 ? nil : String(format: "%02d", Int.random(in: 1...5, using: &rng)))
            }
            // Half the rounds sorted the way report order sorts (keyed rows by key, unkeyed last).
            if round.isMultiple(of: 2) { all.sort { ($0.key ?? "~", $0.id) < ($1.key ?? "~", $1.id) } }
            var expected: [String: [Int]] = [:]
            for e in all { if let k = e.key { expected[k, default: []].append(e.id) } }

            let runs = ReportContext.runs(of: all, by: \.key)
            var got: [String: [Int]] = [:]
            for (k, part) in runs {
                #expect(got[k] == nil, "round \(round): key \(k) twice")
                got[k] = part.map(\.id)
            }
            #expect(got == expected, "round \(round): \(all.map { "\($0.id):\($0.key ?? "-")" })")
            // Sorted, every key's elements are adjacent: its share is that very range of the input.
            if round.isMultiple(of: 2) {
                for (k, part) in runs {
                    let first = all.firstIndex { $0.key == k }!, last = all.lastIndex { $0.key == k }!
                    #expect(part.indices == first..<last + 1, "round \(round): key \(k) copied, not sliced")
                }
                sliced += runs.count
            }
        }
        #expect(sliced > 1_000)
    }

    /// Report order keeps a prefecture's issues together, and respondent order its responses, so
    /// each share is a slice of the input's storage (no copy) holding every one of its own once.
    @Test func reportOrderSlicesTheInput() throws {
        let ctx = ReportContext(Fixture.input())
        #expect(!ctx.input.issues.isEmpty && ctx.byPrefecture.count == Fixture.prefCodes.count)
        for (code, share) in ctx.byPrefecture {
            #expect(Array(share.issues) == ctx.input.issues.filter { $0.respondent?.prefectureCode == code })
            #expect(share.responses.map(\.respondent) == ctx.input.responses.filter { $0.respondent.prefectureCode == code }.map(\.respondent))
            ctx.input.issues.withUnsafeBufferPointer { whole in
                share.issues.withUnsafeBufferPointer { part in
                    #expect(part.isEmpty || (part.baseAddress! >= whole.baseAddress! && part.baseAddress! < whole.baseAddress! + whole.count))
                }
            }
        }
    }
}
