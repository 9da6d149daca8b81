import Testing
import SurveyModel
@testable import Tabulate

@Suite struct GroupingTests {
    let t = Fixture.tabulation

    @Test func nationHasEveryFormInCodebookOrder() throws {
        #expect(t.nation.map(\.form) == [.pref, .muni, .coord])
        #expect(t.nation.map(\.respondents) == [2, 8, 4])
        let p1 = try #require(t.nation(.pref)?.table("P1"))
        #expect(p1.n == 2)
        #expect(p1.option(code: 1)?.share(.valid) == 0.5)
        #expect(t.nation(.pref)?.table("P1_1")?.n == 1)
        #expect(t.nation(.muni)?.table("M2")?.option(code: 1)?.share(.valid) == 3.0 / 7.0)
    }

    @Test func everyPrefectureInCodeOrderEvenWithoutResponses() {
        #expect(t.byPrefecture.map(\.prefecture.prefCode) == ["01", "13", "47"])
        #expect(t.byPrefecture.map { $0.forms.map(\.form) } == Array(repeating: [.pref, .muni, .coord], count: 3))
    }

    @Test func prefectureFigures() throws {
        let hokkaido = try #require(t.prefecture("01"))
        #expect(hokkaido.tables(.muni)?.respondents == 3)
        let m2 = try #require(hokkaido.tables(.muni)?.table("M2"))
        #expect(m2.n == 3)
        #expect(m2.options.map(\.count) == [2, 1])
        #expect(m2.option(code: 1)?.share(.valid) == 2.0 / 3.0)
        #expect(hokkaido.tables(.muni)?.table("M2_1")?.n == 2)
        #expect(hokkaido.tables(.pref)?.table("P1")?.option(code: 1)?.count == 1)
        #expect(hokkaido.tables(.coord)?.respondents == 2)

        let tokyo = try #require(t.prefecture("13"))
        let m2t = try #require(tokyo.tables(.muni)?.table("M2"))
        #expect(m2t.n == 4)
        #expect(m2t.noAnswer == 1)
        #expect(m2t.option(code: 1)?.share(.valid) == 0.25)
        // The prefecture's own coordinator (団体コード 130001) counts with Tokyo.
        #expect(tokyo.tables(.coord)?.respondents == 2)
        #expect(tokyo.tables(.coord)?.table("C4")?.integerStats?.sum == 35)
    }

    @Test func prefectureWithNoResponsesHasZeroNAndNilShares() throws {
        let okinawa = try #require(t.prefecture("47"))
        #expect(okinawa.forms.allSatisfy { $0.respondents == 0 })
        let m2 = try #require(okinawa.tables(.muni)?.table("M2"))
        #expect(m2.n == 0 && m2.noAnswer == 0)
        #expect(m2.option(code: 1)?.share(.valid) == nil)
    }

    @Test func municipalityKinds() throws {
        #expect(t.byKind.map(\.kind) == [.designatedCity, .city, .specialWard, .town, .village])
        #expect(t.byKind.map(\.tables.respondents) == [1, 2, 2, 2, 1])
        #expect(t.byKind.map { $0.tables.table("M2")?.option(code: 1)?.count } == [1, 0, 1, 1, 0])
        #expect(t.kind(.city)?.tables.table("M2")?.option(code: 1)?.share(.valid) == 0.0)
        #expect(t.kind(.specialWard)?.tables.table("M2")?.option(code: 1)?.share(.valid) == 0.5)
        // The only village left M2 blank: n 0, share nil, 無回答 1.
        let village = try #require(t.kind(.village)?.tables.table("M2"))
        #expect(village.n == 0)
        #expect(village.noAnswer == 1)
        #expect(village.option(code: 1)?.share(.valid) == nil)
        #expect(t.kind(.city)?.matrix.row(.daily)?.presence.share(.valid) == 0.5)
    }

    @Test func kindGroupsAddUpToTheNation() throws {
        let nation = try #require(t.nation(.muni))
        for table in nation.tables {
            let parts = t.byKind.compactMap { $0.tables.table(table.questionID) }
            #expect(parts.map(\.n).reduce(0, +) == table.n)
            #expect(parts.map(\.noAnswer).reduce(0, +) == table.noAnswer)
        }
    }
}

@Suite struct CategoryMatrixTests {
    let t = Fixture.tabulation

    @Test func pairsAreFoundFromTheCodebook() {
        let pairs = CategoryMatrix.pairs(in: Fixture.muni)
        #expect(pairs.map(\.category) == [.daily, .eol])
        #expect(pairs.map(\.presence.id) == ["M6_daily", "M6_eol"])
        #expect(pairs.map(\.initiatives.id) == ["M6_daily_1", "M6_eol_1"])
        #expect(pairs.map(\.yes) == [1, 1])
    }

    @Test func nationalMatrix() throws {
        #expect(t.matrix.rows.map(\.category) == [.daily, .eol])
        #expect(t.matrix.initiativeLabels.count == 9)
        #expect(t.matrix.initiativeLabels.first == "現状分析・課題抽出")

        let daily = try #require(t.matrix.row(.daily))
        #expect(daily.questionID == "M6_daily")
        #expect(daily.initiativeQuestionID == "M6_daily_1")
        #expect(daily.n == 8)
        #expect(daily.withInitiative == 5)
        #expect(daily.presence.share(.valid) == 5.0 / 8.0)
        #expect(daily.initiativeN == 4)
        #expect(daily.initiativeNoAnswer == 1)
        #expect(daily.initiatives.map(\.count) == [1, 3, 0, 0, 0, 0, 1, 0, 1])
        #expect(daily.initiatives[1].share(.valid) == 0.75)

        let eol = try #require(t.matrix.row(.eol))
        #expect(eol.n == 7)
        #expect(eol.noAnswer == 1)
        #expect(eol.withInitiative == 2)
        #expect(eol.presence.share(.valid) == 2.0 / 7.0)
        #expect(eol.initiativeN == 2)
        #expect(eol.initiatives[2].share(.valid) == 1.0)
        #expect(eol.initiatives[3].share(.valid) == 0.5)
    }

    @Test func prefectureMatrix() throws {
        let daily = try #require(t.prefecture("13")?.matrix.row(.daily))
        #expect(daily.n == 5)
        #expect(daily.withInitiative == 3)
        #expect(daily.presence.share(.valid) == 0.6)
        #expect(daily.initiativeN == 2)
        #expect(daily.initiativeNoAnswer == 1)

        let empty = try #require(t.prefecture("47")?.matrix.row(.daily))
        #expect(empty.n == 0 && empty.withInitiative == 0 && empty.presence.share(.valid) == nil)
        #expect(empty.initiatives.allSatisfy { $0.share(.valid) == nil })
    }
}
