import Foundation
import Testing
@testable import Ingest
import SurveyModel

@Suite struct CrossFormTests {
    func muni(coordinators: Int) -> TestWorkbook {
        var a = TestData.validMuni(); a["M8"] = .s("配置している"); a["M8_1"] = .n(Double(coordinators))
        return TestWorkbook(.muni, code: "131016", a)
    }

    @Test func coordinatorCountMismatchWarnsOnBothSides() throws {
        let m = muni(coordinators: 3)
        let r = TestData.ingest([("m.xlsx", m), ("c1.xlsx", TestWorkbook(.coord, TestData.validCoord(number: 1))),
                                 ("c2.xlsx", TestWorkbook(.coord, TestData.validCoord(number: 2, name: "鈴木一郎")))])
        let warnings = r.issues.filter { $0.rule == .coordinatorCount }
        #expect(warnings.map(\.input.path) == ["m.xlsx", "c1.xlsx", "c2.xlsx"])
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings.first?.cell?.a1 == "D\(m.row("M8_1"))")
        #expect(r.ledger.allSatisfy { $0.state == .accepted })
    }

    @Test func matchingCoordinatorCountIsQuiet() {
        let r = TestData.ingest([("m.xlsx", muni(coordinators: 1)), ("c1.xlsx", TestWorkbook(.coord, TestData.validCoord()))])
        #expect(r.issues.isEmpty)
    }

    @Test func coordinatorsOfAMunicipalityWithoutCoordinatorsAreCounted() {
        let r = TestData.ingest([("m.xlsx", TestWorkbook(.muni, code: "131016", TestData.validMuni())),
                                 ("c1.xlsx", TestWorkbook(.coord, TestData.validCoord()))])
        #expect(r.issues.map(\.rule) == [.coordinatorCount, .coordinatorCount])
    }

    @Test func duplicateNumberWithDifferentNamesKeepsBothWithErrors() throws {
        let r = TestData.ingest([("a.xlsx", TestWorkbook(.coord, TestData.validCoord(number: 1, name: "佐藤花子"))),
                                 ("b.xlsx", TestWorkbook(.coord, TestData.validCoord(number: 1, name: "鈴木一郎")))])
        let dup = r.issues.filter { $0.rule == .duplicateCoordinatorNumber }
        #expect(dup.map(\.input.path) == ["a.xlsx", "b.xlsx"])
        #expect(dup.allSatisfy { $0.severity == .error && $0.cell?.a1 == "D6" })
        #expect(r.ledger.map(\.state) == [.acceptedWithErrors, .acceptedWithErrors])
        #expect(r.responses.count == 2)
    }

    @Test func sameNumberSameNameIsAResubmissionNewestWins() throws {
        var old = TestWorkbook(.coord, TestData.validCoord()); old.modified = "2023-09-10T09:00:00Z"
        var new = TestWorkbook(.coord, TestData.validCoord(name: "佐藤 花子")); new.modified = "2023-09-12T09:00:00Z"
        new.answers["C5"] = .n(12); new.answers["C5_2"] = .n(6)
        // Newest by the workbook's own time, even though the older one has the later name.
        let r = TestData.ingest([("z-old.xlsx", old), ("a-new.xlsx", new)])
        #expect(r.ledger.map(\.state) == [.superseded, .accepted])
        #expect(r.ledger.first?.supersededBy == InputID(path: "a-new.xlsx"))
        #expect(r.responses.map { $0.answers["C5"] } == [.integer(12)])
        #expect(r.issues.isEmpty)
    }

    @Test func sameWorkbookTimeFallsBackToFileTimeThenName() {
        let wb = TestWorkbook(.coord, TestData.validCoord())
        let t = Date(timeIntervalSince1970: 1_700_000_000)
        let r = Ingestion.ingest(inputs: [(InputID(path: "b.xlsx"), wb.bytes, t), (InputID(path: "a.xlsx"), wb.bytes, t.addingTimeInterval(60)),
                                          (InputID(path: "c.xlsx"), wb.bytes, t)], options: TestData.options)
        #expect(r.ledger.map(\.state) == [.superseded, .accepted, .superseded])
        let r2 = Ingestion.ingest(inputs: [(InputID(path: "b.xlsx"), wb.bytes, t), (InputID(path: "c.xlsx"), wb.bytes, t)], options: TestData.options)
        #expect(r2.ledger.map(\.state) == [.superseded, .accepted])
    }
}
