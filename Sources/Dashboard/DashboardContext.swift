import Foundation
import Ingest
import ReportKit
import SurveyModel
import Tabulate

/// What every page reads, made once per run from the workbooks' own input and tabulation.
struct DashboardContext: Sendable {
    let input: ReportInput
    let map: MapData
    var base: PercentBase { input.percentBase }
    var codebook: Codebook { input.codebook }
    var tabulation: Tabulation { input.tabulation }
    var indicators: Indicators { input.tabulation.indicators }
    /// Indicators a map can colour by: a share per prefecture (not a 都道府県票 answer, not a count).
    let mapIndicators: [Int]
    /// Municipalities of each prefecture (by 2-digit code), in the master list's order.
    let municipalities: [String: [Municipality]]
    /// Accepted responses by respondent.
    let responses: [Respondent: Response]
    /// Issues with contact values masked, by the prefecture they belong to.
    let issuesByPrefecture: [String: [Issue]]
    /// The form each municipality returns (audience: municipality).
    let muniForm: FormID?
    /// Contact questions per form: their answers never appear.
    let contacts: [FormID: Set<String>]
    /// The question each indicator reads (nil for counts and rates), by indicator index.
    let indicatorQuestions: [(SurveyModel.Form, Question, Option?)?]
    /// Indicators a municipality has an answer to (the 市町村票's), and those about a category.
    let municipalityIndicators: [Int]
    let categoryIndicators: [Int]
    /// Each municipality's standing and answer text on each indicator (by index), made once.
    let standings: [String: [(Standing, String)?]]
    /// Indicator rows by prefecture code.
    let indicatorRows: [String: IndicatorRow]
    let previousRows: [String: IndicatorRow]

    /// A prefecture's municipalities (by 2-digit code), in the master list's order: the pages the
    /// writer lists and the pages' own tables read the same grouping.
    static func municipalities(_ input: ReportInput) -> [String: [Municipality]] {
        Dictionary(grouping: input.municipalities, by: \.prefCode)
    }

    init(_ input: ReportInput, map: MapData = .embedded, municipalities: [String: [Municipality]]? = nil) {
        self.input = input
        self.map = map
        mapIndicators = input.tabulation.indicators.definitions.indices.filter {
            switch input.tabulation.indicators.definitions[$0].measure {
            case .option(let form, _, _): input.codebook.form(form)?.audience != .eachPrefecture
            case .municipalityResponseRate: true
            case .coordinatorForms: false
            }
        }
        self.municipalities = municipalities ?? Self.municipalities(input)
        responses = Dictionary(input.responses.map { ($0.respondent, $0) }, uniquingKeysWith: { a, _ in a })
        var issues = [String: [Issue]]()
        for i in input.maskedIssues() {
            if let code = i.respondent?.prefectureCode { issues[code, default: []].append(i) }
        }
        issuesByPrefecture = issues
        contacts = input.contactQuestions
        let definitions = input.tabulation.indicators.definitions
        let questions: [(SurveyModel.Form, Question, Option?)?] = definitions.map { d in
            guard case let .option(formID, qid, code) = d.measure,
                  let form = input.codebook.form(formID), let q = form.question(qid) else { return nil }
            return (form, q, q.options.first { $0.code == code })
        }
        indicatorQuestions = questions
        let muni = definitions.indices.filter { questions[$0]?.0.audience == .eachMunicipality && questions[$0]?.2 != nil }
        municipalityIndicators = muni
        categoryIndicators = muni.filter { definitions[$0].category != nil }
        let byRespondent = responses
        var standings = [String: [(Standing, String)?]]()
        let muniForm = input.codebook.municipalityForm?.id
        self.muniForm = muniForm
        // The question and option of each 市町村票 indicator, without its form: copying the
        // (Form, Question, Option) tuple for every municipality was half of this loop.
        let asked: [(Question, Option)?] = definitions.indices.map { i in
            guard muni.contains(i), let (_, q, option) = questions[i], let option else { return nil }
            return (q, option)
        }
        for m in input.municipalities {
            let r = muniForm.flatMap { byRespondent[Respondent(form: $0, code: m.code)] }
            standings[m.code] = asked.map { $0.flatMap { Self.standing($0.0, $0.1, r) } }
        }
        self.standings = standings
        indicatorRows = Dictionary(input.tabulation.indicators.rows.map { ($0.prefecture.prefCode, $0) }, uniquingKeysWith: { a, _ in a })
        previousRows = Dictionary((input.previous?.indicators.rows ?? []).map { ($0.prefecture.prefCode, $0) }, uniquingKeysWith: { a, _ in a })
    }

    var previous: PreviousTabulation? { input.previous }

    /// The forms' titles as the codebook gives them (市町村票 …), for the words around the figures.
    var muniTitle: String { codebook.municipalityForm?.title ?? "" }
    var prefTitle: String { codebook.prefectureForm?.title ?? "" }
    var coordTitle: String { codebook.formsFor(.eachCoordinator).first?.title ?? "" }

    // MARK: indicators, as the 都道府県別一覧 shows them

    /// The share an indicator shows for a group (全国 or a prefecture), on the run's base; nil for counts.
    func share(_ i: Int, _ v: IndicatorValue?) -> BasedShare? {
        guard let v, let p = v.proportion else { return nil }
        switch indicators.definitions[i].measure {
        case .option: return BasedShare(p, percentBase: base)
        case .municipalityResponseRate: return BasedShare(p, percentBase: base, isRate: true)
        case .coordinatorForms: return nil
        }
    }

    /// One cell of the 一覧: `single` for a prefecture's row, where a 都道府県票 question is its answer.
    func indicatorCell(_ i: Int, _ v: IndicatorValue?, single: Bool) -> Cell {
        let v = v ?? IndicatorValue(count: 0)
        switch indicators.definitions[i].measure {
        case .coordinatorForms: return .count(v.count)
        case .option(let form, _, _) where single && codebook.form(form)?.audience == .eachPrefecture:
            if v.count > 0 { return .mark("○", rank: 2) }
            if (v.proportion?.noAnswer ?? 0) > 0 { return .mark("無回答", rank: 0) }
            return (v.proportion?.valid ?? 0) > 0 ? .mark("", rank: 1) : .mark("－", rank: -1)
        default: return .share(share(i, v)?.share)
        }
    }

    func nationValue(_ i: Int) -> IndicatorValue? { i < indicators.nation.count ? indicators.nation[i] : nil }
    func prefectureValue(_ i: Int, _ prefCode: String) -> IndicatorValue? {
        indicatorRows[prefCode].flatMap { i < $0.values.count ? $0.values[i] : nil }
    }
    func previousNation(_ i: Int) -> IndicatorValue? {
        previous.flatMap { i < $0.indicators.nation.count ? $0.indicators.nation[i] : nil }
    }
    func previousPrefecture(_ i: Int, _ prefCode: String) -> IndicatorValue? {
        previousRows[prefCode].flatMap { i < $0.values.count ? $0.values[i] : nil }
    }

    /// An indicator in a few words, for a カルテ row: its category, else its label.
    func shortLabel(_ i: Int) -> String { label(i, limit: 16) }

    /// An indicator's whole label, where a row has the width for it (the カルテ's table).
    func label(_ i: Int, limit: Int = .max) -> String {
        let d = indicators.definitions[i]
        return d.category.map { "取組：" + $0.label } ?? NationalPage.short(d.label, limit)
    }

    /// The question an indicator reads, with its form (nil for the response rate and counts).
    func question(of i: Int) -> (SurveyModel.Form, Question, Option?)? { i < indicatorQuestions.count ? indicatorQuestions[i] : nil }

    /// 指標の解説: which question (問番号 as printed), which base, n and 無回答.
    func explanation(_ i: Int, _ p: BasedShare?) -> [Body] {
        var lines: [(String, String)] = []
        if let (form, q, option) = question(of: i) {
            lines.append(("設問", form.title + "　" + q.printedName))
            if let option { lines.append(("数える回答", "「" + option.label + "」と回答")) }
            lines.append(("％の分母", base == .applicable ? "設問の対象（有効回答＋無回答）" : "有効回答（無回答を除く）"))
            if let p {
                lines.append(("n", Format.count(p.n) + "（有効回答）"))
                lines.append(("無回答", Format.count(p.noAnswer)))
            }
            if let c = q.condition { lines.append(("対象", c.reportText(form: form))) }
        } else if case .municipalityResponseRate = indicators.definitions[i].measure {
            lines.append(("定義", "\(muniTitle)を回収した市町村 ÷ 名簿の市町村数"))
            if let p { lines.append(("市町村数", Format.count(p.base))) }
        }
        return [Html.definitionList(lines)]
    }

    // MARK: municipalities

    /// A municipality's standing on an indicator question, for its point on the map and its row.
    enum Standing: Int, Sendable {
        case notReturned = -2, notAsked = -1, blank = 0, no = 1, yes = 2
        var label: String {
            switch self {
            case .notReturned: "未回収"
            case .notAsked: "対象外"
            case .blank: "無回答"
            case .no: "非該当"
            case .yes: "該当"
            }
        }
        /// How a table cell shows it (the legend says what the marks mean).
        var mark: String {
            switch self {
            case .yes: "○"
            case .no: "×"
            case .blank: "無回答"
            case .notAsked: "対象外"
            case .notReturned: "未回収"
            }
        }
        var colour: String {
            switch self {
            case .yes: Charts.yes
            case .no: Charts.no
            case .blank: Charts.blank
            case .notAsked, .notReturned: Charts.notReturned
            }
        }
    }

    func response(_ m: Municipality) -> Response? { muniForm.flatMap { responses[Respondent(form: $0, code: m.code)] } }

    /// How a municipality stands on indicator `i` and what it answered (the workbook's answer text).
    func standing(_ i: Int, _ m: Municipality) -> (Standing, String)? {
        guard let row = standings[m.code], i < row.count else { return nil }
        return row[i]
    }

    static func standing(_ q: Question, _ option: Option, _ r: Response?) -> (Standing, String)? {
        guard let r else { return (.notReturned, "未回収") }
        guard r.isAsked(q) else { return (.notAsked, "－") }
        guard let a = r.answers[q.id] else { return (.blank, "無回答") }
        let text = q.kind.display(a, q)
        switch a {
        case .single(let c): return (c == option.code ? .yes : .no, text)
        case .multi(let cs): return (cs.contains(option.code) ? .yes : .no, text)
        default: return (.no, text)
        }
    }

    /// 市町村区分 tables for a kind.
    func kindTables(_ kind: MunicipalityKind) -> FormTables? { tabulation.kind(kind)?.tables }

    /// The share of an indicator among the municipalities of one 区分 (the 市町村票 sheet's 区分 columns).
    func kindShare(_ i: Int, _ kind: MunicipalityKind) -> BasedShare? {
        guard let (_, q, option) = question(of: i), let option, let t = kindTables(kind)?.table(q.id) else { return nil }
        return BasedShare(count: t.option(code: option.code)?.count ?? 0, n: t.n, noAnswer: t.noAnswer, percentBase: base)
    }

    /// Folder of a prefecture's pages: `prefectures/13_東京都`.
    static func folder(_ p: Prefecture) -> String { "prefectures/" + p.prefCode + "_" + p.name }
    /// A municipality's カルテ, relative to its prefecture's folder: karte/131016_千代田区.html.
    static let karteFolder = "karte"
    static func karteFile(_ m: Municipality) -> String { m.code + "_" + m.name + ".html" }
    static func karte(_ m: Municipality) -> String { karteFolder + "/" + karteFile(m) }

    /// A municipality's own answer in the previous survey on indicator `i`: nil when it did not
    /// return the 市町村票 then (未回収), `.some(nil)` when the indicator had no counterpart (新設).
    func previousAnswer(_ i: Int, _ m: Municipality) -> PreviousIndicatorAnswer?? {
        guard let row = previous?.municipalityAnswers[m.code] else { return nil }
        return .some(i < row.count ? row[i] : nil)
    }
}
