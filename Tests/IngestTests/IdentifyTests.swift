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
        #expect(i.rule == .checkDigit); #expect(i.severity == .error); #expect(i.cell?.a1 == "D5"); #expect(i.value == "131017")
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

/// The real R5 codebook and master list: a form laid out from it is read back completely.
@Suite struct R5Tests {
    @Test func r5FormsReadBackWithEveryAnchor() throws {
        let options = IngestOptions.r5
        #expect(options.master.municipalities.count == 1741)
        #expect(options.master.prefectures.count == 47)
        for id in FormID.allCases {
            var wb = TestWorkbook(id, code: id == .coord ? nil : (id == .pref ? "130001" : "131016"))
            wb.form = try #require(options.codebook.form(id))
            wb.codebookID = options.codebook.id; wb.codebookVersion = options.codebook.version
            if let q = wb.form.identity(.code) { wb.answers[q.id] = .s(id == .pref ? "130001" : "131016") }
            if let q = wb.form.identity(.coordinatorNumber) { wb.answers[q.id] = .n(2) }
            let r = Ingestion.ingest(inputs: [(InputID(path: "\(id.rawValue).xlsx"), wb.bytes, nil)], options: options)
            #expect(r.ledger.first?.state == .accepted, "\(id): \(r.ledger.first?.reason.message ?? "")")
            #expect(!r.issues.contains { $0.rule == .anchorMissing }, "\(id)")
            #expect(r.issues.allSatisfy { $0.severity == .warning && $0.rule == .required }, "\(id): \(r.issues.map(\.rule))")
        }
    }
}
