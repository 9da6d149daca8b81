import Testing
@testable import SurveyModel

/// The embedded R5 codebook matches the survey document (R5-survey.md).
@Suite struct CodebookR5Tests {
    let cb = Codebook.r5
    var muni: Form { cb.form(.muni)! }
    var pref: Form { cb.form(.pref)! }
    var coord: Form { cb.form(.coord)! }

    @Test func embeddedLoadsWithHeader() throws {
        let fresh = try Codebook.load(yaml: Codebook.r5YAML, source: Codebook.r5SourceName)
        #expect(fresh == cb)
        #expect(cb.id == "zaitaku-renkei")
        #expect(cb.version == "R5-1")
        #expect(cb.title == "在宅医療・介護連携推進事業の実施状況等に関する調査")
        #expect(cb.year == "令和5年度")
        #expect(cb.forms.map(\.id) == [.pref, .muni, .coord])
        #expect(cb.forms.map(\.title) == ["都道府県票", "市町村票", "コーディネーター票"])
        for f in cb.forms {
            #expect(f.instructions.count >= 5)
            #expect(f.instructions.contains { $0.contains("2023年9月20日") })
            #expect(f.sections.first?.id == "identity")
            #expect(f.sections.first?.title == "基本情報")
            #expect(f.identity(.code)?.id == "code")
        }
    }

    @Test func muniQuestionOrder() {
        let ids = muni.tabulatedQuestions.map(\.id)
        let m6 = Category.allCases.flatMap { ["M6_\($0.rawValue)", "M6_\($0.rawValue)_1"] }
        #expect(ids == ["M1", "M1_1", "M2", "M2_1", "M2_2", "M3", "M4_daily", "M4_discharge", "M4_acute", "M4_eol",
                        "M5", "M5_1"] + m6 + ["M7", "M7_1", "M8", "M8_1", "M9", "M9_1", "M10"])
        #expect(muni.identityQuestions.map(\.id) ==
                ["code", "prefecture_name", "municipality_name", "department", "contact_name", "phone", "email"])
        #expect(muni.question("code")?.prefilled == true)
        #expect(muni.question("municipality_name")?.prefilled == true)
        #expect(muni.question("department")?.prefilled == false)
    }

    @Test func m6BlocksPerCategory() throws {
        for c in Category.allCases {
            let q = try #require(muni.question("M6_\(c.rawValue)"))
            #expect(q.type == .single)
            #expect(q.optionLabels == ["ある", "ない"])
            #expect(q.category == c)
            #expect(q.label == "「\(c.label)」と関連づけた取組の有無")
            let f = try #require(muni.question("M6_\(c.rawValue)_1"))
            #expect(f.type == .multi)
            #expect(f.options.count == 9)
            #expect(f.options.last?.label == "その他")
            #expect(f.category == c)
            #expect(f.condition == Condition(question: "M6_\(c.rawValue)", op: .equals, option: 1))
        }
        let byCat = muni.questionsByCategory
        #expect(byCat[.daily]?.map(\.id) == ["M4_daily", "M6_daily", "M6_daily_1"])
        #expect(byCat[.disaster]?.map(\.id) == ["M6_disaster", "M6_disaster_1"])
        #expect(muni.questions(dependingOn: "M6_eol").map(\.id) == ["M6_eol_1"])
    }

    @Test func conditions() {
        #expect(muni.question("M1_1")?.condition == Condition(question: "M1", op: .notEquals, option: 1))
        #expect(muni.question("M2_1")?.condition == Condition(question: "M2", op: .equals, option: 1))
        #expect(muni.question("M2_2")?.condition == Condition(question: "M2", op: .equals, option: 1))
        #expect(muni.question("M5_1")?.condition == Condition(question: "M5", op: .equals, option: 1))
        #expect(muni.question("M7_1")?.condition == Condition(question: "M7", op: .equals, option: 1))
        #expect(muni.question("M8_1")?.condition == Condition(question: "M8", op: .equals, option: 1))
        #expect(muni.question("M9_1")?.condition == Condition(question: "M9", op: .includes, option: 26))
        #expect(pref.question("P1_1")?.condition == Condition(question: "P1", op: .equals, option: 1))
        #expect(pref.question("P7_1")?.condition == Condition(question: "P7", op: .equals, option: 1))
        #expect(muni.question("M2")?.optionLabels == ["設置している", "設置していない"])
        #expect(muni.question("M1")?.optionLabels == ["直営のみ", "一部委託", "全部委託"])
    }

    @Test func m9() throws {
        let m9 = try #require(cb.question(id: "M9", in: .muni))
        #expect(m9.type == .multi)
        #expect(m9.options.count == 27)
        #expect(m9.option(code: 1)?.label == "予算の確保")
        #expect(m9.option(code: 26)?.label == "その他")
        #expect(m9.option(code: 27)?.label == "特にない")
        #expect(m9.exclusiveOptionCodes == [27])
        #expect(m9.option(code: 17)?.label == "都道府県が把握している在宅医療や介護の資源に関する当該市区町村のデータ等の提供")
        #expect(muni.question("M9_1")?.maxLength == 500)
        #expect(muni.question("M10")?.required == false)
        #expect(muni.question("M10")?.maxLength == 2000)
        #expect(muni.question("M8_1")?.range == 1...50)
        #expect(muni.question("M2_2")?.range == 0...99)
        #expect(muni.question("M4_acute")?.category == .acute)
    }

    @Test func prefForm() throws {
        #expect(pref.tabulatedQuestions.map(\.id) == ["P1", "P1_1", "P2", "P3", "P4", "P5", "P6", "P7", "P7_1", "P8"])
        #expect(pref.question("municipality_name") == nil)
        let p6 = try #require(pref.question("P6"))
        #expect(p6.options.count == 8)
        #expect(p6.options.prefix(7).map(\.category) == Category.allCases.map(Optional.some))
        #expect(p6.options.prefix(7).map(\.label) == Category.allCases.map(\.label))
        #expect(p6.options[7].label == "特にない" && p6.options[7].exclusive && p6.options[7].category == nil)
        #expect(pref.question("P5")?.options.count == 11)
        #expect(pref.question("P5")?.exclusiveOptionCodes == [11])
        #expect(pref.question("P4")?.options.count == 3)
        #expect(pref.question("P8")?.required == false)
    }

    @Test func coordForm() throws {
        #expect(coord.identityQuestions.map(\.id) == ["code", "coordinator_number", "contact_name", "phone", "email"])
        let code = try #require(coord.question("code"))
        #expect(code.label == "所属自治体の団体コード" && !code.prefilled && code.identity == .code)
        let number = try #require(coord.identity(.coordinatorNumber))
        #expect(number.type == .integer && number.range == 1...99)
        #expect(coord.question("C5")?.sumOf == ["C5_1", "C5_2", "C5_3", "C5_4"])
        #expect(coord.question("C5_3")?.range == 0...100000)
        let c6 = try #require(coord.question("C6"))
        #expect(c6.options.map(\.category) == Category.allCases.map(Optional.some))
        #expect(coord.question("C7")?.exclusiveOptionCodes == [8])
        #expect(coord.question("C8")?.required == false)
        #expect(coord.question("C4")?.range == 0...40)
    }

    @Test func piiOnContactFieldsOnly() {
        for f in cb.forms {
            let pii = f.questions.filter(\.pii).map(\.id)
            #expect(pii == ["contact_name", "phone", "email"], "\(f.id)")
            #expect(f.question("phone")?.format == .phone)
            #expect(f.question("email")?.format == .email)
            #expect(f.tabulatedQuestions.allSatisfy { $0.identity == nil && !$0.pii })
        }
    }

    @Test func everyIDIsAnAnchor() {
        for f in cb.forms {
            for q in f.questions {
                let parsed = Anchor.parse(definedName: Anchor.definedName(question: q.id))
                #expect(parsed?.question == q.id && parsed?.option == nil, "\(q.id)")
                for o in q.options where q.type == .multi {
                    let p = Anchor.parse(definedName: Anchor.definedName(question: q.id, option: o.code))
                    #expect(p?.question == q.id && p?.option == o.code)
                }
                #expect(Anchor.parse(columnKey: Anchor.columnKey(question: q.id))?.question == q.id)
            }
        }
    }

    @Test func exportRoundTrips() throws {
        let text = cb.exportYAML()
        let back = try Codebook.load(yaml: text, source: "export.yaml")
        #expect(back == cb)
        #expect(Codebook.r5YAML.contains("for_each_category"))
    }

    @Test func askedOnSampleAnswers() throws {
        let m1_1 = try #require(muni.question("M1_1"))
        let m9_1 = try #require(muni.question("M9_1"))
        let m6_1 = try #require(muni.question("M6_infection_1"))
        let r = { (a: [String: AnswerValue]) in Response(respondent: Respondent(form: .muni, code: "011002"), answers: a) }
        #expect(r(["M1": .single(2)]).isAsked(m1_1))
        #expect(!r(["M1": .single(1)]).isAsked(m1_1))
        #expect(!r([:]).isAsked(m1_1))          // blank M1: not asked
        #expect(r(["M9": .multi([3, 26])]).isAsked(m9_1))
        #expect(!r(["M9": .multi([27])]).isAsked(m9_1))
        #expect(!r(["M9": .single(26)]).isAsked(m9_1))
        #expect(r(["M6_infection": .single(1)]).isAsked(m6_1))
        #expect(!r(["M6_infection": .single(2), "M6_daily": .single(1)]).isAsked(m6_1))
        #expect(r([:]).isAsked(muni.question("M1")!))
        let c = Condition(question: "M2", op: .notEquals, option: 1)
        #expect(c.holds(in: ["M2": .single(2)]))
        #expect(!c.holds(in: ["M2": .integer(2)]))
    }
}

/// Forms sort in codebook order (respondents, tables, sheets), whatever their ids spell;
/// an id is the same form with or without its codebook's rank.
@Suite struct FormIDOrderTests {
    @Test func orderIsCodebookOrder() {
        #expect(FormID.allCases.sorted() == FormID.allCases)
        #expect(FormID.allCases.map(\.rank) == Array(0 ..< FormID.allCases.count))
        #expect(FormID.pref < .muni && FormID.muni < .coord && !(FormID.coord < .pref))
        #expect(FormID("MUNI") == .muni && Set([FormID("MUNI"), .muni]).count == 1)
        #expect(Codebook.r5.form(FormID("COORD"))?.audience == .eachCoordinator)
    }
}
