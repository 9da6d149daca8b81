import Foundation
import Testing
@testable import Ingest
import SurveyModel

@Suite struct IdentifyTests {
    func one(_ wb: TestWorkbook) -> IngestResult { TestData.ingest([("f.xlsx", wb)]) }

    @Test func fullWidthCodeIsNormalized() {
        var a = TestData.validMuni(); a["MUNI_code"] = .s("１３１０１６")
        #expect(one(TestWorkbook(.muni, code: "131016", a)).responses.first?.respondent.code == "131016")
    }

    @Test func codeDifferentFromTheFormIsRejected() throws {
        var a = TestData.validMuni(); a["MUNI_code"] = .s("131024")
        let r = one(TestWorkbook(.muni, code: "131016", a))
        #expect(r.ledger.first?.state == .rejected); #expect(r.ledger.first?.reason.code == "code-mismatch")
        #expect(r.issues.first?.rule == .codeMismatch); #expect(r.issues.first?.severity == .error)
    }

    @Test func badCheckDigitIsRejectedWithAnIssue() throws {
        var a = TestData.validCoord(); a["COORD_code"] = .s("131017")
        let r = one(TestWorkbook(.coord, a))
        #expect(r.ledger.first?.reason.code == "check-digit")
        let i = try #require(r.issues.first)
        #expect(i.rule == .checkDigit); #expect(i.severity == .error); #expect(i.cell == "D5"); #expect(i.value == "131017")
    }

    @Test func unknownCoordinatorCodeIsRejectedWithAnIssue() throws {
        var a = TestData.validCoord(); a["COORD_code"] = .s("132012")  // valid check digit, not in the master
        let r = one(TestWorkbook(.coord, a))
        #expect(r.ledger.first?.state == .rejected); #expect(r.ledger.first?.reason.code == "unknown-code")
        #expect(r.issues.map(\.rule) == [.unknownCode])
    }

    @Test func coordinatorOfAPrefectureIsKnown() {
        var a = TestData.validCoord(); a["COORD_code"] = .s("130001")
        #expect(one(TestWorkbook(.coord, a)).responses.first?.respondent == Respondent(form: .coord, code: "130001", coordinatorNumber: 1))
    }

    @Test func prefectureCodeOnAMunicipalityFormIsUnknown() {
        var a = TestData.validMuni(); a["MUNI_code"] = .s("130001")
        #expect(one(TestWorkbook(.muni, code: nil, a)).ledger.first?.reason.code == "unknown-code")
    }

    @Test func coordinatorNumberOutOfRangeIsRejected() {
        var a = TestData.validCoord(); a["COORD_no"] = .n(120)
        let r = one(TestWorkbook(.coord, a))
        #expect(r.ledger.first?.reason.code == "coordinator-number"); #expect(r.issues.first?.rule == .coordinatorNumber)
    }

    @Test func coordinatorNumberFromMetaWhenBlank() {
        var a = TestData.validCoord(); a["COORD_no"] = nil
        #expect(one(TestWorkbook(.coord, number: 7, a)).responses.first?.respondent.coordinatorNumber == 7)
    }
}
