import Foundation
import Testing
import SurveyModel
@testable import Forms

@Suite struct FormsSmokeTests {
    @Test func writesEveryFormOfR5() throws {
        let dir = URL(fileURLWithPath: "/tmp/renkei-smoke")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        _ = try Fixture.write(Fixture.muniDocument(), name: "muni.xlsx", in: dir)
        let cb = Codebook.r5
        _ = try Fixture.write(FormDocument(codebook: cb, form: cb.form(.pref)!, recipient: .prefecture(Fixture.tokyo)), name: "pref.xlsx", in: dir)
        _ = try Fixture.write(FormDocument(codebook: cb, form: cb.form(.coord)!, recipient: .blankCoordinator), name: "coord.xlsx", in: dir)
    }
}
