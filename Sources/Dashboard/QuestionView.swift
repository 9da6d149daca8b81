import Foundation
import ReportKit
import SurveyModel
import Tabulate

/// One question's distribution as the workbook's form sheet shows it: the n row, one row per
/// option (or band), 無回答; a count and ％ per group, 前回 beside the first group.
enum QuestionView {
    /// `groups`: (title, key, tables) — 全国 and the 区分, or a prefecture and 全国.
    static func make(_ ctx: DashboardContext, form: SurveyModel.Form, question q: Question, groups: [(String, String, FormTables?)],
                     previous: FormTables?, idPrefix: String, compact: Bool = false) -> Body? {
        let tables = groups.map { $0.2?.table(q.id) }
        guard tables.contains(where: { $0 != nil }) else { return nil }
        let base = ctx.base
        let before = previous?.table(q.id)
        let compares = ctx.previous != nil
        var lines: [(label: String, value: (QuestionTable) -> (Int, Double?), share: Bool)] = []
        lines.append((base.nLabel, { (BasedShare(count: 0, n: $0.n, noAnswer: $0.noAnswer, percentBase: base).base, nil) }, false))
        var chartLines: [Int] = []
        for l in q.kind.tableLines(q) {
            switch l {
            case .option(let o):
                chartLines.append(lines.count)
                lines.append((o.label, { t in let c = t.option(code: o.code)?.count ?? 0; return (c, BasedShare(count: c, n: t.n, noAnswer: t.noAnswer, percentBase: base).share) }, true))
            case .bands:
                let bands = tables.compactMap { $0?.integerStats?.bands }.first ?? []
                for (i, band) in bands.enumerated() {
                    chartLines.append(lines.count)
                    lines.append((band.label + "（分布）", { t in
                        let bs = t.integerStats?.bands ?? []
                        let c = i < bs.count ? bs[i].count : 0
                        return (c, BasedShare(count: c, n: t.n, noAnswer: t.noAnswer, percentBase: base).share)
                    }, true))
                }
            default: continue
            }
        }
        lines.append(("無回答", { ($0.noAnswer, base.noAnswerHasShare ? BasedShare(count: $0.noAnswer, n: $0.n, noAnswer: $0.noAnswer, percentBase: base).share : nil) }, base.noAnswerHasShare))
        guard !chartLines.isEmpty else { return nil }

        var header = ["選択肢"]
        for (title, _, _) in groups { header += [title + " 件数", title + " ％"] }
        if compares { header += ["前回 ％", "差（pt）"] }
        var rows: [[Cell]] = []
        var bars: [Charts.Bar] = []
        var columnKeys: [String?] = [nil]
        for (_, key, _) in groups {
            let k = "q|\(form.id.rawValue)|\(q.id)|{r}|\(key)"
            columnKeys += [k + "|count", k + "|share"]
        }
        if compares { columnKeys += ["qprev|\(form.id.rawValue)|\(q.id)|{r}|\(groups[0].1)", nil] }
        for (li, line) in lines.enumerated() {
            var row: [Cell] = [.label(line.label)]
            for t in tables {
                if let t {
                    let v = line.value(t)
                    row.append(.count(v.0))
                    row.append(line.share ? .share(v.1) : .label(""))
                } else {
                    row += [.label("－"), .label("－")]
                }
            }
            var prev: Double? = nil
            if compares {
                prev = before.flatMap { line.share ? line.value($0).1 : nil }
                let now = tables[0].flatMap { line.share ? line.value($0).1 : nil }
                row += [line.share && before != nil ? .share(prev) : .label(""),
                        line.share ? .difference(NationalPage.zip2(now, prev).map { $0 - $1 }) : .label("")]
            }
            rows.append(row)
            if chartLines.contains(li) {
                var values: [Double?] = [tables[0].flatMap { line.value($0).1 }]
                if groups.count > 1 && compact { values.append(tables[1].flatMap { line.value($0).1 }) }
                if compares && !compact { values.append(prev) }
                bars.append(.init(label: NationalPage.short(line.label), values: values))
            }
        }
        let id = idPrefix + "-" + form.id.rawValue + "-" + q.id
        var series = [groups[0].0]
        if groups.count > 1 && compact { series.append(groups[1].0) }
        if compares && !compact { series.append("前回") }
        let title = form.title + "　" + q.number + (q.number.isEmpty ? "" : "　") + q.labelWithKind
        let table = DataTable(id: "t-" + id, caption: title, header: header, rows: rows, columnKeys: columnKeys,
                              rowKeys: lines.map(\.label))
        var explain: [(String, String)] = [("設問", form.title + "　" + q.printedName),
                                           ("％の分母", base.nLabel + "。" + base.explanation)]
        if let t = tables[0] {
            explain.append(("n", Format.count(t.n) + "（有効回答）"))
            explain.append(("無回答", Format.count(t.noAnswer)))
        }
        if let c = q.condition { explain.append(("対象", c.reportText(form: form))) }
        if q.kind.name.contains("複数") { explain.append(("複数回答", "合計は100％になりません")) }
        return Html.view(id: id, title: title,
                         chart: Charts.bars(bars, series: series, title: title, labelWidth: 200),
                         table: table, explanation: [Html.definitionList(explain)])
    }
}
