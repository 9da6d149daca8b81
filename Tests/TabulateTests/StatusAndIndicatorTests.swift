import Testing
import SurveyModel
@testable import Tabulate

@Suite struct ResponseStatusTests {
    let status = Fixture.tabulation.status

    @Test func nationalTotals() {
        #expect(status.prefecturesReturned == 2)
        #expect(status.prefecturesTotal == 3)
        #expect(status.prefectureShare == 2.0 / 3.0)
        #expect(status.municipalitiesReturned == 8)
        #expect(status.municipalitiesTotal == 10)
        #expect(status.municipalityShare == 0.8)
        #expect(status.coordinators == 4)
        #expect(status.unknownRespondents.isEmpty)
    }

    @Test func notReturnedLists() {
        #expect(status.prefecturesNotReturned.map(\.name) == ["沖縄県"])
        #expect(status.municipalitiesNotReturned.map(\.code) == ["013048", "472018"])
        #expect(status.municipalitiesNotReturned.map(\.name) == ["乙村", "那覇市"])
    }

    @Test func perPrefecture() throws {
        #expect(status.perPrefecture.map(\.prefecture.prefCode) == ["01", "13", "47"])
        let hokkaido = try #require(status.prefecture("01"))
        #expect(hokkaido.prefectureReturned)
        #expect(hokkaido.municipalitiesReturned == 3)
        #expect(hokkaido.municipalitiesTotal == 4)
        #expect(hokkaido.municipalityShare == 0.75)
        #expect(hokkaido.coordinators == 2)
        #expect(hokkaido.municipalitiesNotReturned.map(\.code) == ["013048"])

        let tokyo = try #require(status.prefecture("13"))
        #expect(tokyo.municipalityShare == 1.0)
        #expect(tokyo.municipalitiesNotReturned.isEmpty)
        #expect(tokyo.coordinators == 2)

        let okinawa = try #require(status.prefecture("47"))
        #expect(!okinawa.prefectureReturned)
        #expect(okinawa.municipalitiesReturned == 0)
        #expect(okinawa.municipalityShare == 0.0)
        #expect(okinawa.coordinators == 0)
    }

    /// Each form's received/expected follows its audience, nationally and per prefecture.
    @Test func formReturnsFollowTheAudience() throws {
        #expect(status.forms == [FormReturn(form: .pref, received: 2, expected: 3),
                                 FormReturn(form: .muni, received: 8, expected: 10),
                                 FormReturn(form: .coord, received: 4, expected: nil)])
        #expect(status.form(.muni)?.share == 0.8 && status.form(.coord)?.share == nil)
        let hokkaido = try #require(status.prefecture("01"))
        #expect(hokkaido.forms.map(\.received) == [1, 3, 2] && hokkaido.forms.map(\.expected) == [1, 4, nil])
        #expect(status.prefecture("47")?.forms.map(\.received) == [0, 0, 0])
    }

    /// A second per-municipality form is counted on its own; "returned" stays the first one's.
    @Test func aSecondFormPerMunicipalityIsCountedOnItsOwn() throws {
        var second = Fixture.muni
        second.id = FormID("CENTER"); second.title = "地域包括支援センター票"; second.feedsCategoryMatrix = false
        let cb = Codebook(id: "t", version: "1", title: "t", year: "y", forms: Fixture.codebook.forms + [second])
        let extra = ["011002", "012025", "131016"].map { Response(respondent: Respondent(form: second.id, code: $0), answers: [:]) }
        let s = ResponseStatus.make(responses: Fixture.responses + extra, prefectures: Fixture.prefectures,
                                    municipalities: Fixture.municipalities, codebook: cb)
        #expect(s.form(second.id) == FormReturn(form: second.id, received: 3, expected: 10))
        #expect(s.municipalitiesReturned == 8, "the first per-municipality form decides 未回収")
        #expect(s.prefecture("01")?.form(second.id)?.received == 2 && s.prefecture("13")?.form(second.id)?.received == 1)
    }

    @Test func duplicateCodesCountOnceAndUnknownCodesAreListed() {
        let responses = [
            Response(respondent: Respondent(form: .muni, code: "011002"), answers: [:]),
            Response(respondent: Respondent(form: .muni, code: "011002"), answers: [:]),
            Response(respondent: Respondent(form: .muni, code: "999999"), answers: [:]),
            Response(respondent: Respondent(form: .pref, code: "990009"), answers: [:]),
        ]
        let s = ResponseStatus.make(responses: responses, prefectures: Fixture.prefectures,
                                    municipalities: Fixture.municipalities, codebook: Fixture.codebook)
        #expect(s.municipalitiesReturned == 1)
        #expect(s.prefecturesReturned == 0)
        #expect(s.unknownRespondents.map(\.description) == ["PREF:990009", "MUNI:999999"])
    }

    @Test func prefectureWithoutMunicipalitiesHasNilShare() {
        let s = ResponseStatus.make(responses: [], prefectures: Fixture.prefectures, municipalities: [], codebook: Fixture.codebook)
        #expect(s.perPrefecture.allSatisfy { $0.municipalitiesTotal == 0 && $0.municipalityShare == nil })
        #expect(s.municipalityShare == nil)
        #expect(s.prefecturesNotReturned.map(\.prefCode) == ["01", "13", "47"])
    }
}

@Suite struct IndicatorTests {
    let ind = Fixture.tabulation.indicators

    func index(_ id: String) -> Int { ind.definitions.firstIndex { $0.id == id }! }
    func nation(_ id: String) -> IndicatorValue { ind.nation[index(id)] }
    func row(_ pref: String, _ id: String) -> IndicatorValue {
        ind.rows.first { $0.prefecture.prefCode == pref }!.values[index(id)]
    }

    @Test func defaultDefinitions() {
        #expect(ind.definitions == Codebook.r5.indicators)
        #expect(ind.definitions.map(\.id) == ["M2=1", "M7=1", "M8=1", "M6_daily=1", "M6_discharge=1",
            "M6_acute=1", "M6_eol=1", "M6_dementia=1", "M6_infection=1", "M6_disaster=1",
            "P1=1", "COORD", "MUNI_RATE"])
        #expect(ind.definitions[0].label == "協議会を設置している市町村")
        #expect(ind.rows.map(\.prefecture.prefCode) == ["01", "13", "47"])
        #expect(ind.rows.allSatisfy { $0.values.count == ind.definitions.count })
    }

    @Test func nationalValues() {
        #expect(nation("M2=1") == IndicatorValue(count: 3, of: 7, noAnswer: 1))  // 無回答 kept for the report's percent base
        #expect(nation("M7=1") == IndicatorValue(count: 5, of: 8))
        #expect(nation("M8=1") == IndicatorValue(count: 4, of: 8))
        #expect(nation("M6_daily=1") == IndicatorValue(count: 5, of: 8))
        #expect(nation("M6_eol=1") == IndicatorValue(count: 2, of: 7, noAnswer: 1))
        // Not in this codebook: nothing to divide by.
        #expect(nation("M6_acute=1") == IndicatorValue(count: 0, of: 0))
        #expect(nation("P1=1") == IndicatorValue(count: 1, of: 2))
        #expect(nation("COORD") == IndicatorValue(count: 4))
        #expect(nation("MUNI_RATE") == IndicatorValue(count: 8, of: 10))
    }

    @Test func prefectureRows() {
        #expect(row("01", "M2=1") == IndicatorValue(count: 2, of: 3))
        #expect(row("01", "M6_daily=1") == IndicatorValue(count: 2, of: 3))
        #expect(row("01", "P1=1") == IndicatorValue(count: 1, of: 1))
        #expect(row("01", "COORD").count == 2)
        #expect(row("01", "MUNI_RATE") == IndicatorValue(count: 3, of: 4))
        #expect(row("13", "M2=1") == IndicatorValue(count: 1, of: 4, noAnswer: 1))
        #expect(row("13", "P1=1") == IndicatorValue(count: 0, of: 1))
        #expect(row("47", "M2=1") == IndicatorValue(count: 0, of: 0))
        #expect(row("47", "MUNI_RATE") == IndicatorValue(count: 0, of: 1))
    }

    @Test func customDefinitions() {
        let t = Tabulation.make(codebook: Fixture.codebook, responses: Fixture.responses,
                                prefectures: Fixture.prefectures, municipalities: Fixture.municipalities,
                                indicators: [.option("全部委託", form: .muni, question: "M1", option: 3)])
        #expect(t.indicators.definitions.map(\.id) == ["M1=3"])
        #expect(t.indicators.nation == [IndicatorValue(count: 1, of: 7, noAnswer: 1)])
        #expect(t.indicators.rows.map { $0.values[0].count } == [1, 0, 0])
    }
}
