import Foundation
import Ingest
import ReportKit
import SurveyModel
import Tabulate

/// prefectures/NN_名称/index.html: one prefecture's municipalities on a map and in a table, the
/// prefecture beside the nation and prefectures of similar size (aggregates only). Like its
/// workbook it holds nothing of another prefecture's municipalities, and links nowhere outside
/// its folder, so it can be sent to the prefecture as it is.
enum PrefecturePage {
    static func render(_ ctx: DashboardContext, _ pref: Prefecture) -> [UInt8] {
        let munis = ctx.municipalities[pref.prefCode] ?? []
        var views: [Body] = [nav(ctx)]
        views.append(status(ctx, pref, munis))
        if !ctx.municipalityIndicators.isEmpty { views.append(map(ctx, pref, munis)) }
        views.append(comparison(ctx, pref))
        return Html.page(title: pref.name + "　見える化", root: "",
                         heading: NationalPage.heading(ctx, place: pref.name), body: views, footer: NationalPage.footer(ctx))
    }

    static func nav(_ ctx: DashboardContext) -> Body {
        var links: [(String, String)] = [("status", "回収状況")]
        if !ctx.municipalityIndicators.isEmpty { links.append(("map", "市町村の地図と一覧")) }
        links += [("compare", "全国・同規模の都道府県との比較"), ("t-munis", "市区町村のカルテ（一覧の名前から）")]
        return .nav(.class("toc"), Html.attr("aria-label", "目次"),
                    .ul(.group(links.map { id, label in .li(.a(.href("#" + id), Html.text(label))) })))
    }

    static func status(_ ctx: DashboardContext, _ pref: Prefecture, _ munis: [Municipality]) -> Body {
        let s = ctx.tabulation.status.prefecture(pref.prefCode)
        let issues = ctx.issuesByPrefecture[pref.prefCode] ?? []
        var byStatus = [IssueStatus: Int]()
        for i in issues { byStatus[i.status, default: 0] += 1 }
        let code = pref.prefCode
        let rows: [[Cell]] = [
            [.label("\(ctx.prefTitle)"), .mark(s?.prefectureReturned == true ? "受理" : "未提出", rank: s?.prefectureReturned == true ? 1 : 0)],
            [.label("\(ctx.muniTitle) 回収"), .count(s?.municipalitiesReturned ?? 0)],
            [.label("市町村数"), .count(s?.municipalitiesTotal ?? munis.count)],
            [.label("回収率"), .share(s?.municipalityShare)],
            [.label("督促（未回収）"), .count(s?.municipalitiesNotReturned.count ?? 0)],
            [.label("\(ctx.coordTitle)"), .count(s?.coordinators ?? 0)],
        ] + IssueStatus.allCases.map { [.label("疑義　" + $0.label), .count(byStatus[$0] ?? 0)] }
        let rowKeys = ["pref", "returned", "total", "rate", "remaining", "coord"].map { "status|\(code)|" + $0 }
            + IssueStatus.allCases.map { "issues|\(code)|" + $0.rawValue }
        let table = DataTable(id: "t-status", caption: pref.name + "の回収状況", header: ["項目", pref.name], rows: rows,
                              columnKeys: [nil, "{r}"], rowKeys: rowKeys, sortable: false)
        var extra: [Body] = []
        let missing = s?.municipalitiesNotReturned ?? []
        if !missing.isEmpty {
            extra.append(.div(.class("not-returned"), .h3(Html.text("未回収の市町村（\(missing.count)）")),
                              .p(Html.text(missing.map(\.name).joined(separator: "、")))))
        }
        return Html.view(id: "status", title: "回収状況　" + pref.name,
                         chart: Charts.bars([.init(label: "\(ctx.muniTitle)の回収率", values: [s?.municipalityShare])], series: ["回収率"],
                                            title: pref.name + "　\(ctx.muniTitle)の回収率", labelWidth: 140),
                         table: table, extra: extra)
    }

    /// Each municipality's standing on every 市町村票 indicator, for the script that recolours points.
    struct PointSeries {
        var label: String
        /// 団体コード → standing (2 該当, 1 非該当, 0 無回答, -1 対象外, -2 未回収), in code order.
        var values: [(code: String, standing: Int)]
        /// standing → its words.
        var labels: [String: String]

        var json: JSON {
            .object(["label": .string(label), "values": .members(values.map { ($0.code, .int($0.standing)) }), "labels": .object(labels.mapValues(JSON.string))])
        }
    }

    static func map(_ ctx: DashboardContext, _ pref: Prefecture, _ munis: [Municipality]) -> Body {
        let indicators = ctx.municipalityIndicators
        let first = indicators[0]
        var series: [String: PointSeries] = [:]
        let all: [DashboardContext.Standing] = [.yes, .no, .blank, .notAsked, .notReturned]
        let labels = Dictionary(uniqueKeysWithValues: all.map { (String($0.rawValue), $0.label) })
        // Sorted once, not for every indicator's object.
        let byCode = munis.sorted { $0.code < $1.code }
        for i in indicators {
            let values = byCode.map { m in (m.code, (ctx.standing(i, m)?.0 ?? .notReturned).rawValue) }
            series[String(i)] = PointSeries(label: ctx.indicators.definitions[i].label, values: values, labels: labels)
        }
        var counts = [DashboardContext.Standing: Int]()
        let points: [Maps.Point] = munis.map { m in
            let (s, text) = ctx.standing(first, m) ?? (.notReturned, "未回収")
            counts[s, default: 0] += 1
            return .init(municipality: m, colour: s.colour, tooltip: m.name + "（" + m.kind.rawValue + "）　" + text,
                         href: DashboardContext.karte(m), standing: s.rawValue)
        }
        let (svg, unplaced) = Maps.prefecture(ctx.map, pref, points: points, title: pref.name + "　" + ctx.indicators.definitions[first].label)

        // The table: one row per municipality, one column per indicator (its answer).
        var rows: [[Cell]] = []
        for m in munis {
            var row: [Cell] = [.link(m.name, href: DashboardContext.karte(m)), .label(m.kind.rawValue),
                               .mark(ctx.response(m) == nil ? "未回収" : "回答", rank: ctx.response(m) == nil ? 0 : 1)]
            for i in indicators {
                let s = ctx.standing(i, m)?.0 ?? .notReturned
                row.append(.mark(s.mark, rank: s.rawValue))
            }
            rows.append(row)
        }
        let table = DataTable(id: "t-munis", caption: pref.name + "の市町村別の回答（主な指標。○ 該当、× 非該当）",
                              header: ["市区町村", "区分", "回答"] + indicators.map(ctx.shortLabel),
                              rows: rows, columnKeys: [nil, nil, nil] + indicators.map { "muni|{r}|\($0)" }, rowKeys: munis.map(\.code))
        let options: [Node<HTML.SelectContext>] = indicators.map { i in
            Html.option(value: String(i), label: ctx.indicators.definitions[i].label, selected: i == first)
        }
        let picker: Body = .div(.class("picker"), .element(named: "label", nodes: [Html.attr("for", "pick"), Html.text("地図に表示する指標")]),
                                .select(.id("pick"), .group(options)))
        var side: [Body] = [Maps.pointLegend(counts),
                            .div(.id("map-info"), Html.attr("aria-live", "polite"), Html.text("点にカーソルを合わせるかタブキーで選ぶと回答を表示します。Enter でカルテを開きます。"))]
        if !unplaced.isEmpty {
            side.append(.div(.class("unplaced"), .h3(Html.text("地図に表示していない市町村（\(unplaced.count)）")),
                             .p(Html.text(unplaced.map { m in m.name + "（" + (ctx.standing(first, m)?.1 ?? "未回収") + "）" }.joined(separator: "、")
                                     + "。離島など輪郭から離れた市町村と、位置の資料にない市町村（合併・新設）。表には含まれています。"))))
        }
        let chart: Body = .div(.class("map-wrap"), svg, .div(.class("map-side"), .group(side)))
        var explain: [Body] = []
        for i in indicators {
            explain.append(.div(.class("explain-item"), Html.attr("data-ind", String(i)), i == first ? .empty : Html.attr("hidden", ""),
                                .h4(Html.text(ctx.indicators.definitions[i].label)),
                                .group(ctx.explanation(i, ctx.share(i, ctx.prefectureValue(i, pref.prefCode))))))
        }
        return Html.view(id: "map", title: "市町村の地図と一覧　" + pref.name, intro: [picker, Html.json(id: "map-data", .object(series.mapValues(\.json)))],
                         chart: chart, table: table, explanation: explain)
    }

    /// The prefectures nearest in number of municipalities (the size the master list knows), itself excluded.
    static func similar(_ ctx: DashboardContext, _ pref: Prefecture, count: Int = 5) -> [Prefecture] {
        let own = ctx.municipalities[pref.prefCode]?.count ?? 0
        // Each distance looked up once, not in every comparison of the sort.
        return ctx.input.prefectures.filter { $0.prefCode != pref.prefCode }
            .map { (distance: abs((ctx.municipalities[$0.prefCode]?.count ?? 0) - own), prefecture: $0) }
            .sorted { ($0.distance, $0.prefecture.prefCode) < ($1.distance, $1.prefecture.prefCode) }
            .prefix(count).map(\.prefecture).sorted { $0.prefCode < $1.prefCode }
    }

    static func comparison(_ ctx: DashboardContext, _ pref: Prefecture) -> Body {
        let peers = similar(ctx, pref)
        let hasPrevious = ctx.previous != nil
        var rows: [[Cell]] = [], bars: [Charts.Bar] = []
        let code = pref.prefCode
        for i in ctx.indicators.definitions.indices {
            let d = ctx.indicators.definitions[i]
            let own = ctx.prefectureValue(i, code)
            var row: [Cell] = [.label(d.label), ctx.indicatorCell(i, own, single: true)]
            // Similar prefectures pooled: their counts and bases summed, on the same base.
            let pooled: BasedShare? = {
                guard ctx.share(i, own) != nil else { return nil }
                let vs = peers.compactMap { ctx.prefectureValue(i, $0.prefCode)?.proportion }
                let pooled = Proportion(vs.reduce(0) { $0 + $1.count }, valid: vs.reduce(0) { $0 + $1.valid },
                                        noAnswer: vs.reduce(0) { $0 + $1.noAnswer })
                if case .municipalityResponseRate = d.measure { return BasedShare(pooled, percentBase: ctx.base, isRate: true) }
                return BasedShare(pooled, percentBase: ctx.base)
            }()
            let nation = ctx.nationValue(i)
            row.append(ctx.indicatorCell(i, nation, single: false))
            row.append(pooled.map { .share($0.share) } ?? .label(""))
            if hasPrevious { row.append(ctx.indicatorCell(i, ctx.previousPrefecture(i, code), single: true)) }
            rows.append(row)
            // A 都道府県票 question is one answer here (○), not a share to draw.
            if ctx.mapIndicators.contains(i), let own = ctx.share(i, own) {
                bars.append(.init(label: ctx.shortLabel(i), values: [own.share, ctx.share(i, nation)?.share, pooled?.share]))
            }
        }
        var header = ["指標", pref.name, "全国", "同規模の都道府県"]
        if hasPrevious { header.append(pref.name + "（前回）") }
        let table = DataTable(id: "t-compare", caption: pref.name + "・全国・同規模の都道府県", header: header, rows: rows,
                              columnKeys: [nil, "ind|\(code)|{r}", "ind|00|{r}", nil, "prev|\(code)|{r}"],
                              rowKeys: ctx.indicators.definitions.indices.map(String.init))
        let sizeText = "同規模の都道府県 = 市町村数が" + pref.name + "（\(ctx.municipalities[pref.prefCode]?.count ?? 0)）に近い5都道府県（"
            + peers.map { $0.name + "\(ctx.municipalities[$0.prefCode]?.count ?? 0)" }.joined(separator: "・")
            + "）の合計による割合（件数と分母をそれぞれ合計）。都道府県ごとの集計値のみで、他の都道府県の市町村の回答は含みません。"
        return Html.view(id: "compare", title: pref.name + "と全国・同規模の都道府県",
                         chart: Charts.bars(bars, series: [pref.name, "全国", "同規模の都道府県"], title: pref.name + "・全国・同規模の都道府県", labelWidth: 190),
                         table: table,
                         explanation: [Html.definitionList([("同規模", sizeText), ("％の分母", ctx.base.explanation),
                                                            ("\(ctx.prefTitle)", "\(ctx.prefTitle)の指標は" + pref.name + "の回答（○ = その選択肢を選んだ）")])])
    }
}
