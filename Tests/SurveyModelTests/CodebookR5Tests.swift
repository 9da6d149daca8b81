import Testing
@testable import SurveyModel

@Suite struct CodebookR5Tests {
    @Test func embeddedLoads() throws {
        let cb = try Codebook.load(yaml: Codebook.r5YAML, source: Codebook.r5SourceName)
        #expect(cb.id == "zaitaku-renkei")
    }
}
