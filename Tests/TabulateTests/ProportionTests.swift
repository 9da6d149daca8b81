import Testing
@testable import Tabulate

/// The one division behind every ％: a count of those a question applies to, under either base.
@Suite struct ProportionTests {
    @Test func bothBases() {
        // 東京都's M2 (fixture): 1 設置している of 4 valid answers, 1 more asked and blank.
        let p = Proportion(1, valid: 4, noAnswer: 1)
        #expect(p.applicable == 5)
        #expect(p.base(.applicable) == 5 && p.base(.valid) == 4)
        #expect(p.share(.applicable) == 0.2 && p.share(.valid) == 0.25)
    }

    @Test func nothingToDivideByIsNil() {
        #expect(Proportion(0, valid: 0).share(.valid) == nil)
        #expect(Proportion(0, valid: 0).share(.applicable) == nil)
        // Everyone asked left it blank: no valid base, but a base of those asked.
        #expect(Proportion(0, valid: 0, noAnswer: 3).share(.valid) == nil)
        #expect(Proportion(0, valid: 0, noAnswer: 3).share(.applicable) == 0)
        #expect(Proportion.rate(3, of: 0) == nil && Proportion.rate(3, of: 4) == 0.75)
    }

    /// A table's options, bands and 無回答 all divide through the table's own proportion.
    @Test func tableSharesFollowTheBase() throws {
        let t = Tabulator.tabulate(Fixture.muni, responses: Fixture.responses)
        let m2 = try #require(t.table("M2"))
        let yes = try #require(m2.option(code: 1))
        #expect(yes.proportion == m2.proportion(yes.count))
        #expect(yes.share(.valid) == Double(yes.count) / Double(m2.n))
        #expect(yes.share(.applicable) == Double(yes.count) / Double(m2.n + m2.noAnswer))
    }
}
