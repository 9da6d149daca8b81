import SurveyModel
import Tabulate

/// A small survey shaped like R5: enough of each form to exercise every rule, with answers
/// chosen so each figure in the tests can be checked by hand (see the table in `muniAnswers`).
enum Fixture {
    static func options(_ labels: String...) -> [Option] {
        labels.enumerated().map { Option(code: $0.offset + 1, label: $0.element) }
    }
    static let yesNo = options("ある", "ない")
    static let setUp = options("設置している", "設置していない")
    static let initiatives = options("現状分析・課題抽出", "目標・評価指標の設定", "会議・協議", "情報共有ツール",
                                     "研修", "普及啓発", "相談支援", "市町村・都道府県との連携", "その他")

    static func category(_ c: Category) -> [Question] {
        [Question(id: "M6_\(c.rawValue)", label: "「\(c.label)」と関連づけた取組の有無", type: .single,
                  options: yesNo, category: c),
         Question(id: "M6_\(c.rawValue)_1", label: "取組の内容", type: .multi, options: initiatives,
                  condition: Condition(question: "M6_\(c.rawValue)", op: .equals, option: 1), category: c)]
    }

    static let muni = Form(id: .muni, title: "市町村票", audience: .eachMunicipality, feedsCategoryMatrix: true, instructions: [], sections: [
        Section(id: "id", title: "回答者", questions: [
            Question(id: "MUNI_CODE", label: "団体コード", type: .text, identity: .code, prefilled: true),
            Question(id: "MUNI_NAME", label: "担当者氏名", type: .text, pii: true, identity: .contactName),
            Question(id: "MUNI_TEL", label: "電話番号", type: .text, pii: true),
        ]),
        Section(id: "s1", title: "実施体制", questions: [
            Question(id: "M1", label: "事業の実施方法", type: .single, options: options("直営のみ", "一部委託", "全部委託")),
            Question(id: "M1_1", label: "委託先", type: .multi,
                     options: options("郡市区医師会", "医療機関", "地域包括支援センター", "訪問看護事業所", "社会福祉協議会", "その他"),
                     condition: Condition(question: "M1", op: .notEquals, option: 1)),
            Question(id: "M2", label: "協議会の設置", type: .single, options: setUp),
            Question(id: "M2_1", label: "協議会の開催圏域", type: .single,
                     options: options("市町村", "郡市区医師会単位", "保健所単位", "2次医療圏", "都道府県", "その他"),
                     condition: Condition(question: "M2", op: .equals, option: 1)),
            Question(id: "M2_2", label: "協議会の年間開催回数", type: .integer, range: 0...99,
                     condition: Condition(question: "M2", op: .equals, option: 1)),
            // Tagged with a category but nothing hangs on it: must not be taken for the 有無.
            Question(id: "M4_daily", label: "目標設定", type: .single, options: options("設定している", "設定していない"),
                     category: .daily),
        ]),
        Section(id: "s2", title: "場面・テーマ", questions: category(.daily) + category(.eol)),
        Section(id: "s3", title: "相談", questions: [
            Question(id: "M7", label: "相談窓口の設置", type: .single, options: setUp),
            Question(id: "M8", label: "コーディネーターの配置", type: .single, options: options("配置している", "配置していない")),
            Question(id: "M8_1", label: "配置人数", type: .integer, range: 1...50,
                     condition: Condition(question: "M8", op: .equals, option: 1)),
            Question(id: "M9", label: "課題", type: .multi,
                     options: options("予算の確保", "ノウハウの不足", "その他") + [Option(code: 4, label: "特にない", exclusive: true)]),
            Question(id: "M10", label: "自由記述", type: .text, required: false),
        ]),
    ])

    static let pref = Form(id: .pref, title: "都道府県票", audience: .eachPrefecture, instructions: [], sections: [
        Section(id: "p", title: "協議会", questions: [
            Question(id: "PREF_CODE", label: "団体コード", type: .text, identity: .code, prefilled: true),
            Question(id: "P1", label: "協議会の設置", type: .single, options: setUp),
            Question(id: "P1_1", label: "開催圏域", type: .single, options: options("都道府県単位", "2次医療圏", "保健所単位", "その他"),
                     condition: Condition(question: "P1", op: .equals, option: 1)),
        ]),
    ])

    static let coord = Form(id: .coord, title: "コーディネーター票", audience: .eachCoordinator, instructions: [], sections: [
        Section(id: "c", title: "業務", questions: [
            Question(id: "C1", label: "所属", type: .single, options: options("市町村（直営）", "地域包括支援センター", "その他")),
            Question(id: "C4", label: "経験年数", type: .integer, range: 0...40),
            Question(id: "C5", label: "相談件数", type: .integer, range: 0...100_000),
        ]),
    ])

    static let codebook = Codebook(id: "test", version: "T1", title: "テスト調査", year: "令和5年度",
                                   forms: [pref, muni, coord], categories: Codebook.r5.categories,
                                   indicators: Codebook.r5.indicators)

    static let prefectures = [
        // Out of code order on purpose: outputs must come back sorted.
        Prefecture(prefCode: "13", code: "130001", name: "東京都", kana: "とうきょうと", nameEn: "Tokyo"),
        Prefecture(prefCode: "01", code: "010006", name: "北海道", kana: "ほっかいどう", nameEn: "Hokkaido"),
        Prefecture(prefCode: "47", code: "470007", name: "沖縄県", kana: "おきなわけん", nameEn: "Okinawa"),
    ]

    static func m(_ code: String, _ pref: String, _ name: String, _ kind: MunicipalityKind) -> Municipality {
        Municipality(code: code, prefCode: pref, prefectureName: "", name: name, kana: "", kind: kind)
    }

    /// 10 municipalities; 013048 and 472018 do not return their form.
    static let municipalities = [
        m("011002", "01", "札幌市", .designatedCity), m("012025", "01", "函館市", .city),
        m("013030", "01", "甲町", .town), m("013048", "01", "乙村", .village),
        m("131016", "13", "千代田区", .specialWard), m("131024", "13", "中央区", .specialWard),
        m("132012", "13", "八王子市", .city), m("133035", "13", "瑞穂町", .town),
        m("134015", "13", "丙村", .village), m("472018", "47", "那覇市", .city),
    ]

    static func s(_ c: Int) -> AnswerValue { .single(c) }
    static func ms(_ cs: Int...) -> AnswerValue { .multi(cs) }
    static func i(_ v: Int) -> AnswerValue { .integer(v) }

    /// Row per returned municipality (r1…r8); nil = blank.
    ///
    ///       code    kind  M1 M1_1    M2 M2_1 M2_2 M6d M6d_1   M6e M6e_1 M7 M8 M8_1 M9
    ///   r1 011002 指定   1  (2)*    1  1    12   1   1,2     1   3     1  1  3    1,2
    ///   r2 012025 市     2  1,3     2  -    -    1   2       2   -     1  1  1    4
    ///   r3 013030 町     3  1       1  3    4    2   -       2   -     2  2  -    1
    ///   r4 131016 特別区 2  -       1  -    0    1   -       2   -     1  1  2    2,3
    ///   r5 131024 特別区 1  -       2  -   (5)*  1   2,7     2   -     1  2  -    1
    ///   r6 132012 市     2  3,6     2  -    -    2   -       1   3,4   1  1  1    -
    ///   r7 133035 町     -  -       2  -    -    2   -       -   -     2  2  -    4
    ///   r8 134015 村     1  -       -  -    -    1   9       2   -     2  2  -    -
    ///   * answered although not asked: must not be counted.
    static let muniAnswers: [(String, [String: AnswerValue])] = [
        ("011002", ["M1": s(1), "M1_1": ms(2), "M2": s(1), "M2_1": s(1), "M2_2": i(12), "M4_daily": s(1),
                    "M6_daily": s(1), "M6_daily_1": ms(1, 2), "M6_eol": s(1), "M6_eol_1": ms(3),
                    "M7": s(1), "M8": s(1), "M8_1": i(3), "M9": ms(1, 2), "M10": .text("連携が進んだ")]),
        ("012025", ["M1": s(2), "M1_1": ms(1, 3), "M2": s(2), "M6_daily": s(1), "M6_daily_1": ms(2),
                    "M6_eol": s(2), "M7": s(1), "M8": s(1), "M8_1": i(1), "M9": ms(4), "M10": .text("")]),
        ("013030", ["M1": s(3), "M1_1": ms(1), "M2": s(1), "M2_1": s(3), "M2_2": i(4), "M6_daily": s(2),
                    "M6_eol": s(2), "M7": s(2), "M8": s(2), "M9": ms(1)]),
        ("131016", ["M1": s(2), "M2": s(1), "M2_2": i(0), "M6_daily": s(1), "M6_eol": s(2),
                    "M7": s(1), "M8": s(1), "M8_1": i(2), "M9": ms(2, 3)]),
        ("131024", ["M1": s(1), "M2": s(2), "M2_2": i(5), "M6_daily": s(1), "M6_daily_1": ms(2, 7),
                    "M6_eol": s(2), "M7": s(1), "M8": s(2), "M9": ms(1)]),
        ("132012", ["M1": s(2), "M1_1": ms(3, 6), "M2": s(2), "M6_daily": s(2), "M6_eol": s(1),
                    "M6_eol_1": ms(3, 4), "M7": s(1), "M8": s(1), "M8_1": i(1)]),
        ("133035", ["M2": s(2), "M6_daily": s(2), "M7": s(2), "M8": s(2), "M9": ms(4)]),
        ("134015", ["M1": s(1), "M6_daily": s(1), "M6_daily_1": ms(9), "M6_eol": s(2), "M7": s(2), "M8": s(2)]),
    ]

    static let responses: [Response] = {
        var out = [Response]()
        out.append(Response(respondent: Respondent(form: .pref, code: "010006"),
                            answers: ["PREF_CODE": .text("010006"), "P1": s(1), "P1_1": s(2)]))
        out.append(Response(respondent: Respondent(form: .pref, code: "130001"), answers: ["P1": s(2)]))
        for (code, answers) in muniAnswers {
            var a = answers
            a["MUNI_CODE"] = .text(code); a["MUNI_NAME"] = .text("山田太郎")
            out.append(Response(respondent: Respondent(form: .muni, code: code), answers: a))
        }
        let coords: [(String, Int, [String: AnswerValue])] = [
            ("011002", 1, ["C1": s(1), "C4": i(0), "C5": i(120)]),
            ("011002", 2, ["C1": s(2), "C4": i(3)]),
            ("131016", 1, ["C1": s(2), "C4": i(10), "C5": i(5)]),
            ("130001", 1, ["C1": s(3), "C4": i(25), "C5": i(3000)]),  // a prefecture's own coordinator
        ]
        for (code, number, answers) in coords {
            out.append(Response(respondent: Respondent(form: .coord, code: code, coordinatorNumber: number),
                                answers: answers))
        }
        return out
    }()

    static let tabulation = Tabulation.make(codebook: codebook, responses: responses,
                                            prefectures: prefectures, municipalities: municipalities)
}
