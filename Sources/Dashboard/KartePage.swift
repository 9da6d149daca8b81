import Foundation
import Ingest
import ReportKit
import SurveyModel
import Tabulate

/// prefectures/NN_名称/karte/団体コード_名称.html: one page per municipality, against its
/// prefecture, the nation and the municipalities of its 区分 nationally (aggregates only), with
/// its own answers in the previous survey and its open queries.
enum KartePage {
    /// Per 区分, how many category initiatives each responding municipality has, descending:
    /// the peers a カルテ ranks against (numbers only, no names).
    static func initiativeCounts(_ ctx: DashboardContext) -> [MunicipalityKind: [Int]] {
        let cats = ctx.categoryIndicators
        guard !cats.isEmpty else { return [:] }
        var out = [MunicipalityKind: [Int]]()
        for m in ctx.input.municipalities where ctx.response(m) != nil {
            out[m.kind, default: []].append(initiatives(ctx, m, cats))
        }
        return out.mapValues { $0.sorted(by: >) }
    }

    static func initiatives(_ ctx: DashboardContext, _ m: Municipality, _ cats: [Int]) -> Int {
        cats.count { ctx.standing($0, m)?.0 == .yes }
    }

    /// What every カルテ of a prefecture shares: the page around the card (head, heading, note,
    /// footer) rendered once, and the indicator cells.
    struct Prepared: Sendable {
        let municipalities: [Municipality]
        let skeleton: Html.Skeleton
        let shared: Shared
        /// The prefecture's queries on each municipality's 市町村票, by 団体コード (found once, not per カルテ).
        let issues: [String: [Issue]]

        init(_ ctx: DashboardContext, _ pref: Prefecture) {
            municipalities = ctx.municipalities[pref.prefCode] ?? []
            let note: Body = .p(.class("note"), Html.text(
                "割合は" + pref.name + "・全国・全国の同じ区分の市町村のうち、その指標に該当する市町村の割合（同じ集計の報告書と同じ値）。"
                + "○ = この市町村が該当、× = 非該当。" + (ctx.previous != nil ? "前回の回答はこの市町村の前回調査の回答（前回の回答データ answers.csv のとおり）。" : "")
                + ctx.base.explanation))
            let heading: [Body] = [
                .p(.class("survey"), Html.text(ctx.codebook.year + "　" + ctx.codebook.title)),
                .h1(Html.Skeleton.slotNode(1)),
                .p(.class("asof"), Html.text("集計基準日時 " + ctx.input.asOf + "　集計番号 " + ctx.input.runID)),
            ]
            skeleton = Html.Skeleton(String(decoding: Html.page(title: Html.Skeleton.slot(0), root: "../", heading: heading,
                                               body: [Html.Skeleton.slotNode(2), note], footer: NationalPage.footer(ctx)), as: UTF8.self), slots: 3)
            shared = Shared(ctx, pref)
            issues = Dictionary(grouping: (ctx.issuesByPrefecture[pref.prefCode] ?? []).filter { $0.respondent?.form == ctx.muniForm && $0.respondent != nil },
                                by: { $0.respondent!.code })
        }
    }

    /// The カルテ of the prefecture's `k`-th municipality.
    static func page(_ ctx: DashboardContext, _ pref: Prefecture, _ k: Int, _ p: Prepared, peers: [MunicipalityKind: [Int]]) -> [UInt8] {
        let munis = p.municipalities, m = munis[k]
        let name = Html.escape(m.name + "（" + pref.name + "）")
        let body = card(ctx, pref, m, peers: peers, before: k > 0 ? munis[k - 1] : nil, after: k + 1 < munis.count ? munis[k + 1] : nil,
                        shared: p.shared, issues: p.issues[m.code] ?? [])
        return p.skeleton.fill([.raw(name + "　カルテ"), .raw("カルテ　" + name), body.markup])
    }

    /// Per indicator (in `municipalityIndicators` order), its label and the prefecture's and
    /// nation's shares; per 区分, its share. Arrays: a card reads each once per row.
    struct Shared: Sendable {
        var label: [Cell] = [], prefecture: [Cell] = [], nation: [Cell] = []
        var kind: [MunicipalityKind: [Cell]] = [:]

        init(_ ctx: DashboardContext, _ pref: Prefecture) {
            for i in ctx.municipalityIndicators {
                label.append(.label(ctx.label(i)))
                prefecture.append(.share(ctx.share(i, ctx.prefectureValue(i, pref.prefCode))?.share))
                nation.append(.share(ctx.share(i, ctx.nationValue(i))?.share))
            }
            for k in Set((ctx.municipalities[pref.prefCode] ?? []).map(\.kind)) {
                kind[k] = ctx.municipalityIndicators.map { Cell.share(ctx.kindShare($0, k)?.share) }
            }
        }
    }

    /// How a municipality's answer reads in its row: the mark, then the answer as the workbook writes it.
    static func answerCell(_ s: DashboardContext.Standing, _ text: String) -> Cell {
        .mark(s == .yes || s == .no ? s.mark + " " + text : text, rank: s.rawValue)
    }

    /// Its answer in the previous survey: the same marks, then the answer as last year's answers.csv wrote it.
    static func previousCell(_ ctx: DashboardContext, _ i: Int, _ m: Municipality) -> Cell {
        guard let entry = ctx.previousAnswer(i, m) else { return .mark("未回収", rank: -2) }
        guard let a = entry else { return .mark("－", rank: -3) }
        switch a.standing {
        case .yes: return .mark("○ " + a.value, rank: 2)
        case .no: return .mark("× " + a.value, rank: 1)
        case .blank: return .mark("無回答", rank: 0)
        case .notAsked: return .mark("対象外", rank: -1)
        }
    }

    static func card(_ ctx: DashboardContext, _ pref: Prefecture, _ m: Municipality, peers: [MunicipalityKind: [Int]],
                     before: Municipality?, after: Municipality?, shared: Shared, issues mine: [Issue]) -> Body {
        let hasPrevious = ctx.previous != nil
        var rows: [[Cell]] = []
        let indicators = ctx.municipalityIndicators
        let kind = shared.kind[m.kind]
        rows.reserveCapacity(indicators.count)
        for (k, i) in indicators.enumerated() {
            let (s, text) = ctx.standing(i, m) ?? (.notReturned, "未回収")
            var row: [Cell] = [shared.label[k], answerCell(s, text)]
            row.reserveCapacity(6)
            if hasPrevious { row.append(previousCell(ctx, i, m)) }
            row.append(shared.prefecture[k]); row.append(shared.nation[k]); row.append(kind?[k] ?? .share(nil))
            rows.append(row)
        }
        var header = ["指標", "回答"], keys: [String?] = [nil, "muni|\(m.code)|{r}"]
        if hasPrevious { header.append("前回の回答"); keys.append("prevmuni|\(m.code)|{r}") }
        header += [pref.name, "全国", m.kind.rawValue + "（全国）"]
        keys += ["ind|\(pref.prefCode)|{r}", "ind|00|{r}", "kind|\(m.kind.rawValue)|{r}"]
        let table = DataTable(id: "t-karte", caption: m.name + "の回答と割合", header: header, rows: rows,
                              columnKeys: keys, rowKeys: indicators.map(String.init), sortable: false, rawValues: false)
        var lead = m.kind.rawValue + "　団体コード " + m.code + "　" + (ctx.response(m) != nil ? "\(ctx.muniTitle) 回答あり" : "\(ctx.muniTitle) 未回収")
        let cats = ctx.categoryIndicators
        if !cats.isEmpty, ctx.response(m) != nil, let list = peers[m.kind], !list.isEmpty {
            let mine = initiatives(ctx, m, cats)
            let above = list.count { $0 > mine }
            lead += "。場面・テーマと関連づけた取組 \(mine) / \(cats.count)：全国の\(m.kind.rawValue)（回答 \(Format.count(list.count))）で"
                + "これより多いのは \(Format.count(above))（\(Format.percent(Double(above) / Double(list.count)))）、\(above + 1) 位"
        }
        let form = ctx.codebook.municipalityForm
        var queries: [Node<HTML.ListContext>] = []
        for i in mine where i.status == .open {
            let q = i.question.flatMap { form?.question($0) }
            queries.append(.li(Html.text((q?.shortName ?? i.questionLabel ?? "") + "　" + i.severity.label + "　" + i.message)))
        }
        let open = queries.count
        var links: [Node<HTML.ListContext>] = [.li(.a(.href("../index.html#t-munis"), Html.text(pref.name + "の一覧と地図へ")))]
        if let before { links.append(.li(.a(.href(Html.escape(DashboardContext.karteFile(before))), Html.text("← " + before.name)))) }
        if let after { links.append(.li(.a(.href(Html.escape(DashboardContext.karteFile(after))), Html.text(after.name + " →")))) }
        return .element(named: "section", nodes: [
            Html.attr("class", "view karte"), Html.attr("id", "m" + m.code),
            .nav(.class("toc"), Html.attr("aria-label", "移動"), .ul(.group(links))),
            .p(.class("lead"), Html.text(lead)),
            .div(.class("table-wrap"), Html.table(table)),
            .div(.class("queries"), .h3(Html.text("照会中の疑義（\(open)）" + (mine.count > open ? "　ほかに回答済み \(mine.count - open)" : ""))),
                 open > 0 ? .ul(.group(queries)) : .empty),
        ])
    }
}
