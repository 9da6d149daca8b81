import Foundation
import Ingest
import Plot
import ReportKit
import SurveyModel
import Tabulate

/// prefectures/NN_名称/karte/団体コード_名称.html: one municipality against its prefecture, the
/// nation and the municipalities of its 区分 nationally (aggregates only), with its open queries.
enum KartePage {
    /// Per 区分, how many category initiatives each responding municipality has, descending:
    /// the peers a カルテ ranks against (numbers only, no names).
    static func initiativeCounts(_ ctx: DashboardContext) -> [MunicipalityKind: [Int]] {
        let cats = categoryIndicators(ctx)
        guard !cats.isEmpty else { return [:] }
        var out = [MunicipalityKind: [Int]]()
        for m in ctx.input.municipalities where ctx.response(m) != nil {
            out[m.kind, default: []].append(initiatives(ctx, m, cats))
        }
        return out.mapValues { $0.sorted(by: >) }
    }

    static func categoryIndicators(_ ctx: DashboardContext) -> [Int] { ctx.categoryIndicators }

    static func initiatives(_ ctx: DashboardContext, _ m: Municipality, _ cats: [Int]) -> Int {
        cats.filter { ctx.standing($0, m)?.0 == .yes }.count
    }

    /// karte.html of one prefecture: a card per municipality, each its own printed page and its
    /// own address (karte.html#m131016).
    static func render(_ ctx: DashboardContext, _ pref: Prefecture, peers: [MunicipalityKind: [Int]]) -> String {
        let munis = ctx.municipalities[pref.prefCode] ?? []
        var options: [Node<HTML.SelectContext>] = [Html.option(value: "", label: "市区町村を選ぶ…")]
        for m in munis { options.append(Html.option(value: "#m" + m.code, label: m.name)) }
        var list: [Node<HTML.ListContext>] = []
        for m in munis { list.append(.li(.a(.href("#m" + m.code), Html.text(m.name)))) }
        let nav: Body = .nav(.class("toc"), Html.attr("aria-label", "目次"),
                             .ul(.li(.a(.href("index.html"), Html.text(pref.name + "のページへ戻る")))),
                             .select(.class("goto"), Html.attr("aria-label", "市区町村のカルテへ移動"), .group(options)),
                             .element(named: "details", nodes: [.element(named: "summary", nodes: [Html.text("市区町村の一覧（\(munis.count)）")]),
                                                                .ul(.class("pref-links"), .group(list))]))
        let common: Body = .p(.class("note"), Html.text(
            "各カルテの割合は" + pref.name + "・全国・全国の同じ区分の市町村のうち、その指標に該当する市町村の割合（同じ集計の報告書と同じ値）。"
            + "○ = この市町村が該当、× = 非該当。" + ctx.base.explanation))
        var cards: [Body] = [nav, common]
        cards.reserveCapacity(munis.count + 2)
        for m in munis { cards.append(card(ctx, pref, m, peers: peers)) }
        let heading: [Body] = [
            .p(.class("survey"), Html.text(ctx.codebook.year + "　" + ctx.codebook.title)),
            .h1(Html.text("カルテ　" + pref.name + "の市区町村")),
            .p(.class("asof"), Html.text("集計基準日時 " + ctx.input.asOf + "　集計番号 " + ctx.input.runID)),
        ]
        return Html.page(title: pref.name + "　カルテ", root: "", heading: heading, body: cards, footer: NationalPage.footer(ctx))
    }

    static func card(_ ctx: DashboardContext, _ pref: Prefecture, _ m: Municipality, peers: [MunicipalityKind: [Int]]) -> Body {
        var rows: [[Cell]] = []
        let indicators = ctx.municipalityIndicators
        for i in indicators {
            let (s, text) = ctx.standing(i, m) ?? (.notReturned, "未回収")
            rows.append([.label(ctx.shortLabel(i)),
                         .mark(s == .yes || s == .no ? s.mark + " " + text : text, rank: s.rawValue),
                         .share(ctx.share(i, ctx.prefectureValue(i, pref.prefCode))?.share),
                         .share(ctx.share(i, ctx.nationValue(i))?.share),
                         .share(ctx.kindShare(i, m.kind)?.share)])
        }
        let table = DataTable(id: "t-m" + m.code, caption: m.name + "の回答と割合",
                              header: ["指標", "回答", pref.name, "全国", m.kind.rawValue + "（全国）"], rows: rows,
                              columnKeys: [nil, "muni|\(m.code)|{r}", "ind|\(pref.prefCode)|{r}", "ind|00|{r}", "kind|\(m.kind.rawValue)|{r}"],
                              rowKeys: indicators.map(String.init), sortable: false, rawValues: false)
        var lead = m.kind.rawValue + "　団体コード " + m.code + "　" + (ctx.response(m) != nil ? "\(ctx.muniTitle) 回答あり" : "\(ctx.muniTitle) 未回収")
        let cats = categoryIndicators(ctx)
        if !cats.isEmpty, ctx.response(m) != nil, let list = peers[m.kind], !list.isEmpty {
            let mine = initiatives(ctx, m, cats)
            let above = list.filter { $0 > mine }.count
            lead += "。場面・テーマと関連づけた取組 \(mine) / \(cats.count)：全国の\(m.kind.rawValue)（回答 \(Format.count(list.count))）で"
                + "これより多いのは \(Format.count(above))（\(Format.percent(Double(above) / Double(list.count)))）、\(above + 1) 位"
        }
        let mine = (ctx.issuesByPrefecture[m.prefCode] ?? []).filter { $0.respondent?.code == m.code && $0.respondent?.form == ctx.muniForm }
        let form = ctx.codebook.municipalityForm
        var queries: [Node<HTML.ListContext>] = []
        for i in mine where i.status == .open {
            let q = i.question.flatMap { form?.question($0) }
            queries.append(.li(Html.text((q?.shortName ?? i.questionLabel ?? "") + "　" + i.severity.label + "　" + i.message)))
        }
        let open = queries.count
        return .element(named: "section", nodes: [
            Html.attr("class", "view karte"), Html.attr("id", "m" + m.code),
            .h2(Html.text(m.name + "（" + pref.name + "）")),
            .p(.class("lead"), Html.text(lead)),
            .div(.class("table-wrap"), Html.table(table)),
            .div(.class("queries"), .h3(Html.text("照会中の疑義（\(open)）" + (mine.count > open ? "　ほかに回答済み \(mine.count - open)" : ""))),
                 open > 0 ? .ul(.group(queries)) : .empty),
        ])
    }
}
