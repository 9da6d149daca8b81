import Testing
import SurveyModel
@testable import Tabulate

@Suite struct QuestionTableTests {
    let muni = Tabulator.tabulate(Fixture.muni, responses: Fixture.responses)

    @Test func tablesFollowFormOrderWithoutIdentityOrContactFields() {
        #expect(muni.respondents == 8)
        #expect(muni.title == "市町村票")
        #expect(muni.tables.map(\.questionID) == ["M1", "M1_1", "M2", "M2_1", "M2_2", "M4_daily",
            "M6_daily", "M6_daily_1", "M6_eol", "M6_eol_1", "M7", "M8", "M8_1", "M9", "M10"])
    }

    @Test func singleCountsAndSharesOfN() throws {
        let m2 = try #require(muni.table("M2"))
        #expect(m2.n == 7)
        #expect(m2.noAnswer == 1)
        #expect(m2.options.map(\.count) == [3, 4])
        #expect(m2.options.map(\.label) == ["設置している", "設置していない"])
        #expect(m2.option(code: 1)?.share(.valid) == 3.0 / 7.0)
        #expect(m2.option(code: 2)?.share(.valid) == 4.0 / 7.0)
        #expect(m2.condition == nil)
    }

    @Test func conditionalSingleCountsOnlyWhereAsked() throws {
        // Asked of the 3 with a council; one of them left it blank.
        let m21 = try #require(muni.table("M2_1"))
        #expect(m21.asked == 3)
        #expect(m21.n == 2)
        #expect(m21.noAnswer == 1)
        #expect(m21.options.map(\.count) == [1, 0, 1, 0, 0, 0])
        #expect(m21.option(code: 3)?.share(.valid) == 0.5)
        #expect(m21.condition == Condition(question: "M2", op: .equals, option: 1))
    }

    @Test func notEqualsConditionWithBlankGuardIsNotAsked() throws {
        // M1 ≠ 直営のみ: r2, r3, r4, r6. r7 left M1 blank (not asked); r1 answered M1_1 anyway.
        let m11 = try #require(muni.table("M1_1"))
        #expect(m11.n == 3)
        #expect(m11.noAnswer == 1)
        #expect(m11.options.map(\.count) == [2, 0, 2, 0, 0, 1])
        #expect(m11.option(code: 2)?.count == 0)
    }

    @Test func multiSharesAreEachOverNAndDoNotAddToOne() throws {
        let m9 = try #require(muni.table("M9"))
        #expect(m9.n == 6)
        #expect(m9.noAnswer == 2)
        #expect(m9.options.map(\.count) == [3, 2, 1, 2])
        #expect(m9.options.map { $0.share(.valid) } == [0.5, 2.0 / 6.0, 1.0 / 6.0, 2.0 / 6.0])
        #expect(m9.option(code: 4)?.label == "特にない")
    }

    @Test func integerStatsWithOddCount() throws {
        // M2_2 of the 3 with a council: 12, 4, 0. r5's 5 is not asked.
        let stats = try #require(muni.table("M2_2")?.integerStats)
        #expect(muni.table("M2_2")?.n == 3)
        #expect(stats.n == 3)
        #expect(stats.sum == 16)
        #expect(stats.mean == 16.0 / 3.0)
        #expect(stats.median == 4)
        #expect(stats.min == 0)
        #expect(stats.max == 12)
        #expect(stats.bands.map(\.label) == ["0", "1～2", "3～5", "6～10", "11以上"])
        #expect(stats.bands.map(\.count) == [1, 0, 1, 0, 1])
        #expect(muni.table("M2_2")?.proportion(stats.bands[0].count).share(.valid) == 1.0 / 3.0)
        #expect(muni.table("M2_2")?.options == [])
    }

    @Test func integerStatsWithEvenCount() throws {
        // M8_1 of the 4 with a coordinator: 3, 1, 2, 1.
        let stats = try #require(muni.table("M8_1")?.integerStats)
        #expect(stats.median == 1.5)
        #expect(stats.mean == 1.75)
        #expect(stats.sum == 7)
        #expect(stats.bands.map(\.label) == ["1～2", "3～5", "6～10", "11以上"])
        #expect(stats.bands.map(\.count) == [3, 1, 0, 0])
    }

    @Test func wideRangeGetsDecadeBands() throws {
        let coord = Tabulator.tabulate(Fixture.coord, responses: Fixture.responses)
        #expect(coord.respondents == 4)
        let c5 = try #require(coord.table("C5"))
        #expect(c5.n == 3)
        #expect(c5.noAnswer == 1)
        let stats = try #require(c5.integerStats)
        #expect(stats.median == 120)
        #expect(stats.bands.map(\.label) == ["0", "1～9", "10～99", "100～999", "1,000～9,999", "10,000以上"])
        #expect(stats.bands.map(\.count) == [0, 1, 0, 1, 1, 0])
        #expect(coord.table("C4")?.integerStats?.bands.map(\.count) == [1, 0, 1, 1, 1])
    }

    @Test func textCountsAnsweredOnlyAndEmptyTextIsBlank() throws {
        let m10 = try #require(muni.table("M10"))
        #expect(m10.n == 1)
        #expect(m10.noAnswer == 7)
        #expect(m10.options.isEmpty)
        #expect(m10.integerStats == nil)
    }

    @Test func emptyGroupHasNilSharesAndStats() throws {
        let empty = Tabulator.tabulate(Fixture.muni, responses: [])
        #expect(empty.respondents == 0)
        let m2 = try #require(empty.table("M2"))
        #expect(m2.n == 0 && m2.noAnswer == 0)
        #expect(m2.options.allSatisfy { $0.count == 0 && $0.share(.valid) == nil && $0.share(.applicable) == nil })
        let stats = try #require(empty.table("M2_2")?.integerStats)
        #expect(stats.mean == nil && stats.median == nil && stats.min == nil && stats.max == nil)
        #expect(stats.bands.allSatisfy { $0.count == 0 && empty.table("M2_2")?.proportion($0.count).share(.applicable) == nil })
    }

    @Test func byGroupSplitsByKey() throws {
        let groups = Tabulator.byGroup(Fixture.muni, responses: Fixture.responses) { $0.respondent.prefectureCode }
        #expect(Set(groups.keys) == ["01", "13"])
        #expect(groups["01"]?.respondents == 3)
        #expect(groups["13"]?.table("M2")?.option(code: 1)?.count == 1)
    }
}
