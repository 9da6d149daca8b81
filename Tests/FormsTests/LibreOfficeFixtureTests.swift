import Foundation
import TestSupport
import Testing
import SurveyModel
@testable import Forms

/// A form re-saved by LibreOffice (`soffice --headless --convert-to xlsx`) keeps every anchor.
@Suite struct LibreOfficeFixtureTests {
    static let fixture = Paths.root.appendingPathComponent("Fixtures/forms/libreoffice-resaved-muni.xlsx")

    @Test func resavedFormKeepsAllAnchors() throws {
        let back = try ReadBack(Self.fixture)
        let form = try #require(Codebook.r5.form(.muni))
        for key in ReadBack.expectedKeys(form) {
            #expect(back.byName[key] != nil, "defined name lost for \(key)")
            #expect(back.byColumn[key] != nil, "id column lost for \(key)")
            #expect(back.byName[key]?.ref.row == back.byColumn[key])
        }
        #expect(back.meta["form_id"] == "MUNI")
        #expect(back.meta["code"] == "131016")
        #expect(back.value("code") == "131016")
        #expect(back.value("municipality_name") == "千代田区")
    }
}
