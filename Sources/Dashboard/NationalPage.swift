import Foundation
import Ingest
import ReportKit
import SurveyModel
import Tabulate

/// 見える化/index.html: the season at a glance for the Ministry and the contractor. Prefecture
/// aggregates only: no municipality's answer appears on it.
enum NationalPage {
    static func render(_ ctx: DashboardContext) -> [UInt8] {
        let cb = ctx.codebook
        var views: [Body] = [nav(ctx)]
        views.append(status(ctx))
        views.append(headline(ctx))
        if !cb.categories.isEmpty { views.append(categories(ctx)) }
        views.append(map(ctx))
        views += questions(ctx)
        views.append(queries(ctx))
        return Html.page(title: cb.year + "　" + cb.title + "　見える化（全国）", root: "",
                         heading: heading(ctx, place: "全国"), body: views, footer: footer(ctx))
    }

    static func heading(_ ctx: DashboardContext, place: String, root: String = "") -> [Body] {
        let cb = ctx.codebook
        return [
            .p(.class("survey"), Html.text(cb.year + "　" + cb.title)),
            .h1(Html.text("見える化　" + place)),
            .p(.class("asof"), Html.text("集計基準日時 " + ctx.input.asOf + "　集計番号 " + ctx.input.runID)),
            .p(.class("base"), Html.text(ctx.base.explanation)),
        ]
    }

    static func footer(_ ctx: DashboardContext) -> [Body] {
        [
            .p(Html.text("地図: " + ctx.map.source + "。都道府県の輪郭は簡略化し、離島を省いています。")),
            .p(Html.text("この画面の数値はすべて同じ集計の報告書（全国集計.xlsx・都道府県別の集計）と同じ値です。renkei により作成。")),
        ]
    }

    static func nav(_ ctx: DashboardContext) -> Body {
        var links: [(String, String)] = [("status", "回収状況"), ("headline", "主な指標")]
        if !ctx.codebook.categories.isEmpty { links.append(("categories", "場面・テーマ別")) }
        links += [("map", "都道府県別の地図"), ("questions", "設問別の集計"), ("queries", "疑義照会")]
        var prefs: [Node<HTML.SelectContext>] = [Html.option(value: "", label: "都道府県のページへ…")]
        var prefLinks: [Node<HTML.ListContext>] = []
        for p in ctx.input.prefectures {
            let href = DashboardContext.folder(p) + "/index.html"
            prefs.append(Html.option(value: href, label: p.prefCode + " " + p.name))
            prefLinks.append(.li(.a(.href(Html.escape(href)), Html.text(p.name))))
        }
        let toc: [Node<HTML.ListContext>] = links.map { id, label in .li(.a(.href("#" + id), Html.text(label))) }
        let details: Body = .element(named: "details", nodes: [
            .element(named: "summary", nodes: [Html.text("都道府県別のページ")]),
            .ul(.class("pref-links"), .group(prefLinks)),
        ])
        let goto: Body = .select(.class("goto"), Html.attr("aria-label", "都道府県のページへ移動"), .group(prefs))
        return .nav(.class("toc"), Html.attr("aria-label", "目次"), .ul(.group(toc)), details, goto)
    }

    // MARK: 回収状況

    static func status(_ ctx: DashboardContext) -> Body {
        let s = ctx.tabulation.status
        var rows: [[Cell]] = [], rowKeys: [String?] = []
        var bars: [Charts.Bar] = []
        for p in s.perPrefecture {
            rows.append([.label(p.prefecture.name), .mark(p.prefectureReturned ? "受理" : "未提出", rank: p.prefectureReturned ? 1 : 0),
                         .count(p.municipalitiesReturned), .count(p.municipalitiesTotal), .share(p.municipalityShare),
                         .count(p.municipalitiesNotReturned.count), .count(p.coordinators)])
            rowKeys.append(p.prefecture.prefCode)
            bars.append(.init(label: p.prefecture.name, values: [p.municipalityShare]))
        }
        rows.append([.label("全国"), .mark("\(s.prefecturesReturned) / \(s.prefecturesTotal)", rank: s.prefecturesReturned),
                     .count(s.municipalitiesReturned), .count(s.municipalitiesTotal),
                     .share(s.municipalityShare), .count(s.municipalitiesNotReturned.count), .count(s.coordinators)])
        rowKeys.append("00")
        let table = DataTable(id: "t-status", caption: "都道府県別の回収状況",
                              header: ["都道府県", "\(ctx.prefTitle)", "\(ctx.muniTitle) 回収", "市町村数", "回収率", "督促（未回収）", "\(ctx.coordTitle)"],
                              rows: rows,
                              columnKeys: [nil] + ["pref", "returned", "total", "rate", "remaining", "coord"].map { "status|{r}|" + $0 },
                              rowKeys: rowKeys)
        let intro: [Body] = [
            .p(.class("lead"), Html.text("\(ctx.muniTitle) \(Format.count(s.municipalitiesReturned)) / \(Format.count(s.municipalitiesTotal))（\(Format.percent(s.municipalityShare))）、"
                                     + "\(ctx.prefTitle) \(s.prefecturesReturned) / \(s.prefecturesTotal)、\(ctx.coordTitle) \(Format.count(s.coordinators))。"
                                     + "督促の残り: \(ctx.muniTitle) \(Format.count(s.municipalitiesNotReturned.count))、\(ctx.prefTitle) \(s.prefecturesTotal - s.prefecturesReturned)。")),
        ]
        return Html.view(id: "status", title: "回収状況", intro: intro,
                         chart: Charts.bars(bars, series: ["回収率"], title: "都道府県別　\(ctx.muniTitle)の回収率", labelWidth: 80),
                         table: table,
                         explanation: [Html.definitionList([("回収率", "\(ctx.muniTitle)を回収した市町村 ÷ 名簿の市町村数"),
                                                            ("督促（未回収）", "名簿にあり\(ctx.muniTitle)をまだ受け付けていない市町村の数")])])
    }

    // MARK: 主な指標

    static func headline(_ ctx: DashboardContext) -> Body {
        let ind = ctx.indicators
        var rows: [[Cell]] = [], bars: [Charts.Bar] = []
        var explain: [Body] = []
        let hasPrevious = ctx.previous != nil
        for i in ind.definitions.indices {
            let d = ind.definitions[i]
            let now = ctx.nationValue(i)
            let p = ctx.share(i, now)
            let before = hasPrevious ? ctx.share(i, ctx.previousNation(i)) : nil
            var row: [Cell] = [.label(d.label), ctx.indicatorCell(i, now, single: false)]
            row.append(p.map { .count($0.base) } ?? .label(""))
            row.append(p.map { .count($0.noAnswer) } ?? .label(""))
            if hasPrevious {
                row.append(before.map { .share($0.share) } ?? (p == nil ? .count(ctx.previousNation(i)?.count ?? 0) : .share(nil)))
                row.append(.difference(zip2(p?.share, before?.share).map { $0 - $1 }))
            }
            rows.append(row)
            if let p { bars.append(.init(label: ctx.shortLabel(i), values: hasPrevious ? [p.share, before?.share] : [p.share])) }
            explain.append(.div(.class("explain-item"), .h4(Html.text(d.label)), .group(ctx.explanation(i, p))))
        }
        var header = ["指標", "全国", "分母（n）", "無回答"]
        if hasPrevious { header += ["前回", "差（pt）"] }
        let table = DataTable(id: "t-headline", caption: "主な指標（全国）", header: header, rows: rows,
                              columnKeys: [nil, "ind|00|{r}", "indbase|00|{r}", nil, "prev|00|{r}", nil],
                              rowKeys: ind.definitions.indices.map(String.init))
        return Html.view(id: "headline", title: "主な指標（全国）",
                         chart: Charts.bars(bars, series: hasPrevious ? ["今回", "前回"] : ["今回"], title: "主な指標（全国）", labelWidth: 190),
                         table: table, explanation: explain)
    }

    static func zip2(_ a: Double?, _ b: Double?) -> (Double, Double)? {
        guard let a, let b else { return nil }
        return (a, b)
    }

    /// A label short enough for a chart axis (the table holds the whole label).
    static func short(_ s: String, _ limit: Int = 22) -> String { s.count > limit ? String(s.prefix(limit - 1)) + "…" : s }

    // MARK: 場面・テーマ別

    static func categories(_ ctx: DashboardContext) -> Body {
        let matrix = ctx.tabulation.matrix
        let before = ctx.previous?.matrix
        var rows: [[Cell]] = [], bars: [Charts.Bar] = []
        for c in ctx.codebook.categories {
            let r = matrix.row(c)
            let p = BasedShare(count: r?.withInitiative ?? 0, n: r?.n ?? 0, noAnswer: r?.noAnswer ?? 0, percentBase: ctx.base)
            var row: [Cell] = [.label(c.label), .label(c.kind.rawValue), .count(p.base), .count(p.count), .share(p.share), .count(p.noAnswer)]
            var b: Double? = nil
            if let before {
                let pr = before.row(c)
                b = BasedShare(count: pr?.withInitiative ?? 0, n: pr?.n ?? 0, noAnswer: pr?.noAnswer ?? 0, percentBase: ctx.base).share
                row += [.share(b), .difference(zip2(p.share, b).map { $0 - $1 })]
            }
            rows.append(row)
            bars.append(.init(label: c.label, values: before != nil ? [p.share, b] : [p.share]))
        }
        var header = ["場面・テーマ", "区分", "n", "取組あり", "％", "無回答"]
        if before != nil { header += ["前回％", "差（pt）"] }
        let table = DataTable(id: "t-categories", caption: "場面・テーマ別　取組がある市町村の割合（全国）", header: header, rows: rows,
                              columnKeys: [nil, nil] + ["base", "count", "share", "noanswer"].map { "cat|00|{r}|" + $0 } + ["catprev|00|{r}", nil],
                              rowKeys: ctx.codebook.categories.map(\.id))
        let q = ctx.codebook.municipalityForm
        let number = matrix.rows.first.flatMap { q?.question($0.questionID)?.number } ?? ""
        return Html.view(id: "categories", title: "場面・テーマ別の取組（全国）",
                         chart: Charts.bars(bars, series: before != nil ? ["今回", "前回"] : ["今回"], title: "場面・テーマ別　取組がある市町村の割合", labelWidth: 130),
                         table: table,
                         explanation: [Html.definitionList([
                            ("設問", (q?.title ?? "") + "　" + (number.split(separator: "-").first.map(String.init) ?? number) + "（場面・テーマごとに「ある」「ない」）"),
                            ("％の分母", ctx.base == .applicable ? "設問の対象の市町村（有効回答＋無回答）" : "有効回答の市町村（無回答を除く）"),
                            ("n", "表の n 列（％の分母）"), ("無回答", "表の無回答列")])])
    }

    // MARK: the map

    /// Values of every mappable indicator per prefecture, for the script that recolours the map.
    struct MapSeries {
        var label: String
        var breaks: [Double]
        var legend: [String]
        /// prefCode → [share, base, 無回答, previous share] (nil: no figure).
        var values: [String: [Double?]]

        var json: JSON {
            .object(["label": .string(label), "breaks": .array(breaks.map(JSON.number)), "legend": .array(legend.map(JSON.string)),
                     "values": .object(values.mapValues { .array($0.map { $0.map(JSON.number) ?? .null }) })])
        }
    }

    static func map(_ ctx: DashboardContext) -> Body {
        let ind = ctx.indicators
        let first = ctx.mapIndicators.first ?? 0
        var series: [String: MapSeries] = [:]
        for i in ctx.mapIndicators {
            var values: [String: [Double?]] = [:]
            var shares: [Double] = []
            for row in ind.rows {
                let code = row.prefecture.prefCode
                let p = ctx.share(i, ctx.prefectureValue(i, code))
                let b = ctx.previous != nil ? ctx.share(i, ctx.previousPrefecture(i, code))?.share : nil
                values[code] = [p?.share, p.map { Double($0.base) }, p.map { Double($0.noAnswer) }, b]
                if let s = p?.share { shares.append(s) }
            }
            let br = Charts.breaks(shares)
            series[String(i)] = MapSeries(label: ind.definitions[i].label, breaks: br, legend: Charts.legendLabels(br, values: shares), values: values)
        }
        let pick = series[String(first)]
        var areas: [Maps.Area] = []
        var rows: [[Cell]] = []
        for row in ind.rows {
            let code = row.prefecture.prefCode
            let v = pick?.values[code] ?? []
            let share = v.first ?? nil
            let before = v.count > 3 ? v[3] : nil
            areas.append(.init(prefecture: row.prefecture, share: share,
                               tooltip: tooltip(row.prefecture.name, v, hasPrevious: ctx.previous != nil),
                               href: DashboardContext.folder(row.prefecture) + "/index.html"))
            var r: [Cell] = [.label(row.prefecture.name), .share(share), .count(Int(v.count > 1 ? v[1] ?? 0 : 0))]
            if ctx.previous != nil { r += [.share(before), .difference(zip2(share, before).map { $0 - $1 })] }
            rows.append(r)
        }
        var header = ["都道府県", "割合", "分母（n）"]
        if ctx.previous != nil { header += ["前回", "差（pt）"] }
        let table = DataTable(id: "t-map", caption: "都道府県別　" + (pick?.label ?? ""), header: header, rows: rows,
                              columnKeys: [nil, "ind|{r}|\(first)", "indbase|{r}|\(first)", "prev|{r}|\(first)", nil],
                              rowKeys: ind.rows.map(\.prefecture.prefCode))
        let shares = areas.compactMap(\.share)
        let svg = Maps.japan(ctx.map, areas: areas, breaks: pick?.breaks ?? [], title: "都道府県別　" + (pick?.label ?? ""))
        let options: [Node<HTML.SelectContext>] = ctx.mapIndicators.map { i in
            Html.option(value: String(i), label: ind.definitions[i].label, selected: i == first)
        }
        let picker: Body = .div(.class("picker"),
                                .element(named: "label", nodes: [Html.attr("for", "pick"), Html.text("地図に表示する指標")]),
                                .select(.id("pick"), .group(options)))
        let ranking = Html.el("ol", [("class", "ranking"), ("id", "ranking"), ("aria-label", "順位")],
                              areas.filter { $0.share != nil }.sorted { ($0.share!, $1.prefecture.prefCode) > ($1.share!, $0.prefecture.prefCode) }
                                .map { a in Html.el("li", [], [Html.text(a.prefecture.name + "　" + Format.percent(a.share))]) })
        let chart: Body = .div(.class("map-wrap"), svg,
                               .div(.class("map-side"), Maps.legend(pick?.breaks ?? [], values: shares, missing: areas.count - shares.count),
                                    .div(.id("map-info"), Html.attr("aria-live", "polite"), Html.text("都道府県にカーソルを合わせるかタブキーで選ぶと値を表示します。")),
                                    .h3(Html.text("順位")), ranking))
        var explain: [Body] = []
        for i in ctx.mapIndicators {
            let p = ctx.share(i, ctx.nationValue(i))
            explain.append(.div(.class("explain-item"), Html.attr("data-ind", String(i)), i == first ? .empty : Html.attr("hidden", ""),
                                .h4(Html.text(ind.definitions[i].label)), .group(ctx.explanation(i, p))))
        }
        return Html.view(id: "map", title: "都道府県別の地図", intro: [picker, Html.json(id: "map-data", .object(series.mapValues(\.json)))],
                         chart: chart, table: table, explanation: explain)
    }

    static func tooltip(_ name: String, _ v: [Double?], hasPrevious: Bool) -> String {
        let share = v.first ?? nil, base = v.count > 1 ? v[1] : nil, before = v.count > 3 ? v[3] : nil
        var t = name + "　" + Format.percent(share) + "（n=" + Format.count(Int(base ?? 0)) + "）"
        if hasPrevious { t += "　前回 " + Format.percent(before) + "　差 " + Format.points(zip2(share, before).map { $0 - $1 }) }
        return t
    }

    // MARK: every question

    /// Every tabulated question, nationally and by 市町村区分 (the 市町村票), with 前回: the workbook's
    /// form sheets as tables, each with a bar chart of the nation's ％.
    static func questions(_ ctx: DashboardContext) -> [Body] {
        var out: [Body] = [.h2(.id("questions"), .class("part"), Html.text("設問別の集計（全国・市町村区分別）"))]
        for form in ctx.codebook.forms {
            guard let nation = ctx.tabulation.nation(form.id) else { continue }
            var groups: [(String, String, FormTables?)] = [("全国", "00", nation)]
            if form.audience == .eachMunicipality {
                for k in ctx.tabulation.byKind { groups.append((k.kind.rawValue, "k" + k.kind.rawValue, k.tables)) }
            }
            let before = ctx.previous?.nation(form.id)
            for q in form.questions where q.isTabulated && !(ctx.contacts[form.id]?.contains(q.id) ?? false) {
                guard nation.table(q.id) != nil, let view = QuestionView.make(ctx, form: form, question: q, groups: groups, previous: before,
                                                                            idPrefix: "q") else { continue }
                out.append(view)
            }
        }
        return out
    }

    // MARK: 疑義照会

    static func queries(_ ctx: DashboardContext) -> Body {
        var rows: [[Cell]] = []
        var totals = [IssueStatus: Int]()
        for p in ctx.input.prefectures {
            let issues = ctx.issuesByPrefecture[p.prefCode] ?? []
            var n = [IssueStatus: Int]()
            for i in issues { n[i.status, default: 0] += 1 }
            var row: [Cell] = [.label(p.name)]
            for s in IssueStatus.allCases { row.append(.count(n[s] ?? 0)); totals[s, default: 0] += n[s] ?? 0 }
            row.append(.count(issues.count))
            rows.append(row)
        }
        rows.append([.label("全国")] + IssueStatus.allCases.map { .count(totals[$0] ?? 0) } + [.count(totals.values.reduce(0, +))])
        let table = DataTable(id: "t-queries", caption: "都道府県別の疑義の状況",
                              header: ["都道府県"] + IssueStatus.allCases.map(\.label) + ["計"], rows: rows,
                              columnKeys: [nil] + IssueStatus.allCases.map { "issues|{r}|" + $0.rawValue } + ["issues|{r}|all"],
                              rowKeys: ctx.input.prefectures.map(\.prefCode) + ["00"])
        let bars = ctx.input.prefectures.map { p in
            Charts.Bar(label: p.name, values: [Double((ctx.issuesByPrefecture[p.prefCode] ?? []).count { $0.status == .open })])
        }
        let most = max(1, bars.compactMap { $0.values.first ?? nil }.max() ?? 1)
        return Html.view(id: "queries", title: "疑義照会の状況（受託者向け）",
                         chart: Charts.bars(bars, series: ["照会中"], title: "都道府県別　照会中の疑義の件数", maxValue: most, percent: false, labelWidth: 80),
                         table: table,
                         explanation: [Html.definitionList([("照会中", "回答がまだない疑義（疑義照会票で照会しているもの）"),
                                                            ("修正済み", "回答で値が修正された疑義"), ("確認済み", "回答で記入どおりと確認された疑義")])])
    }
}
