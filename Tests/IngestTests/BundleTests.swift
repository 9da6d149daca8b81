import Foundation
import Synchronization
import TestSupport
import Testing
@testable import Ingest
import SurveyModel

@Suite struct BundleTests {
    @Test func nestedBundleOneLevelDeepIsRead() {
        let inner = TestZip.make([("131016.xlsx", TestWorkbook(.muni, code: "131016", TestData.validMuni()).bytes)])
        let outer = TestZip.make([("千代田区/forms.zip", inner), ("empty/", [])])
        let r = Ingestion.ingest(inputs: [(InputID(path: "pref.zip"), outer, nil)], options: TestData.options)
        #expect(r.ledger.map(\.input.description) == ["pref.zip!千代田区/forms.zip/131016.xlsx"])
        #expect(r.ledger.map(\.state) == [.accepted])
    }

    @Test func tooDeepAndEmptyBundlesAreRejected() {
        let deep = TestZip.make([("a.zip", TestZip.make([("b.zip", TestZip.make([("c.txt", [1])]))]))])
        let empty = TestZip.make([])
        let r = Ingestion.ingest(inputs: [(InputID(path: "deep.zip"), deep, nil), (InputID(path: "empty.zip"), empty, nil)],
                                 options: TestData.options)
        #expect(r.ledger.map(\.reason.code) == ["nested-bundle", "bundle-without-workbook"])
    }

    @Test func repeatedMemberNamesStayDistinctInputs() {
        let wb = TestWorkbook(.muni, code: "131016", TestData.validMuni()).bytes
        let r = Ingestion.ingest(inputs: [(InputID(path: "x.zip"), TestZip.make([("a.xlsx", wb), ("a.xlsx", wb)]), nil)],
                                 options: TestData.options)
        #expect(r.ledger.map(\.input.member) == ["a.xlsx", "a.xlsx#2"])
        #expect(r.summary.balanced)
    }

    @Test func progressReportsEveryFile() {
        let counter = Counter()
        let wb = TestWorkbook(.coord, TestData.validCoord()).bytes
        _ = Ingestion.ingest(inputs: (0..<9).map { (InputID(path: "\($0).xlsx"), wb, nil) }, options: TestData.options) { done, total in
            counter.add(done, total)
        }
        #expect(counter.seen == Set(1...9)); #expect(counter.totals == [9])
    }

    @Test func emptyFileAndLitterByBytesEntry() {
        let r = Ingestion.ingest(inputs: [(InputID(path: "a.xlsx"), [], nil), (InputID(path: "x/~$a.xlsx"), [1], nil),
                                          (InputID(path: "desktop.ini"), [1], nil)], options: TestData.options)
        #expect(r.ledger.map(\.reason.code) == ["empty-file", "lock-file", "os-litter"])
    }
}

final class Counter: Sendable {
    private let state = Mutex((seen: Set<Int>(), totals: Set<Int>()))
    var seen: Set<Int> { state.withLock { $0.seen } }
    var totals: Set<Int> { state.withLock { $0.totals } }
    func add(_ d: Int, _ t: Int) { state.withLock { $0.seen.insert(d); $0.totals.insert(t) } }
}
