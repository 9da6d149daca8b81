import SurveyModel
import Tabulate
import XLSXWriter

/// 都道府県別一覧: 47 rows × the key indicators, coloured so differences show at a glance.
enum IndicatorsSheet {
    static func write(_ b: SheetBuilder, _ ctx: ReportContext) throws {
        let ind = ctx.tabulation.indicators
        try b.text("都道府県別一覧（主な指標）", 0, 0, Style.title, measure: false)
        let base = ctx.input.percentBase
        b.note((base == .applicable ? "％ は各設問の対象の市町村・都道府県（無回答を含む）に対する割合。"
                                    : "％ は各設問に有効な回答があった市町村・都道府県（無回答を除く）に対する割合。")
               + "色が濃いほど高い。" + counted(ctx.codebook) + answered(ctx.codebook), 1)
        let single = Set(ctx.codebook.formsFor(.eachPrefecture).map(\.id))
        let top = 3
        try b.text(Term.prefectureCode.rawValue, top, 0, Style.header, measure: false)
        try b.text(Term.prefecture.rawValue, top, 1, Style.header, measure: false)
        for (i, d) in ind.definitions.enumerated() { try b.text(d.label, top, 2 + i, Style.header, measure: false) }
        var row = top + 1
        for r in ind.rows {
            try b.text(r.prefecture.prefCode, row, 0, Style.centered)
            try b.text(r.prefecture.name, row, 1)
            try values(b, r.values, definitions: ind.definitions, base: base, single: single, row: row, bold: false)
            row += 1
        }
        let last = row - 1
        let total = Style.label.with { $0.border = .thin; $0.fillColor = Style.subtotalFill }
        try b.text("", row, 0, total)
        try b.text("全国", row, 1, total)
        try values(b, ind.nation, definitions: ind.definitions, base: base, single: [], row: row, bold: true)
        let previous = ctx.input.previous
        if let previous {
            // The nation's previous figures and the difference under this year's, in the same columns:
            // the header repeated at the top of each printed page names them too.
            row += 1
            // Over both key columns: the label is wider than a prefecture's name.
            try b.merged(nationPreviousLabel, row: row, columns: 0...1, total)
            try values(b, previous.indicators.nation, definitions: ind.definitions, base: base, single: [], row: row, bold: false)
            row += 1
            try b.merged(differenceLabel, row: row, columns: 0...1, total)
            for (i, d) in ind.definitions.enumerated() {
                guard case .option = d.measure else { try b.dash(row, 2 + i); continue }
                let s = i < ind.nation.count ? ind.nation[i].share(base) : nil
                let p = i < previous.indicators.nation.count ? previous.indicators.nation[i].share(base) : nil
                if !previous.compares(d) { try b.text("新設", row, 2 + i, Style.centered, measure: false) }
                else if let s, let p { try b.decimal((s - p) * 100, row, 2 + i, QuestionTablesSheet.difference) }
                else { try b.dash(row, 2 + i) }
            }
        }
        // The list: taller than a page, it goes on under the repeated header.
        b.keep(top...row, heading: 1)

        if last > top {
            let body = (top + 1)...last
            for (i, d) in ind.definitions.enumerated() {
                let c = 2 + i
                switch d.measure {
                case .option where d.category != nil:
                    try b.sheet.addConditionalFormat(Style.shareScale, rows: body, columns: c...c)
                case .option(let form, _, _) where single.contains(form):
                    break  // one answer per prefecture: ○, no bar
                case .option:
                    try b.sheet.addConditionalFormat(Style.bar, rows: body, columns: c...c)
                case .coordinatorForms:
                    try b.sheet.addConditionalFormat(Style.bar, rows: body, columns: c...c)
                case .municipalityResponseRate:
                    try b.sheet.addConditionalFormat(.cellValue(.lessThan(1), format: CellFormat(bold: true, fontColor: Color(rgb: 0xC00000))),
                                                     rows: body, columns: c...c)
                }
            }
            try b.sheet.autofilter(rows: top...last, columns: 0...(1 + ind.definitions.count))
        }
        for i in ind.definitions.indices { b.setWidth(2 + i, 8.5) }  // 13 indicators: one A4 width at ≥ 80%
        let printed = try previous.map { try comparison(b, ind, $0.indicators, $0, base: base, single: single, top: top, nation: row - 2, row: row + 2) }
        try b.fitColumns(minimum: 6, maximum: 20)
        try b.sheet.freezePanes(row: top + 1, column: 2)
        // Without a comparison the 一覧 fits one page; with one, the page plan keeps each block whole.
        try b.printSetup(headerRows: top...top, title: "都道府県別一覧", keyColumns: 0...1, onePage: previous == nil)
        if let printed { try b.sheet.setPrintArea(rows: 0...printed, columns: 0...(1 + ind.definitions.count)) }
    }

    /// The rows under 全国 with the previous survey's figures and the difference (with `--previous`).
    static let nationPreviousLabel = "全国（前回）"
    static let differenceLabel = "差（pt）"

    /// Below the 一覧: a chart of the nation's shares of both years (the rows `nation` and
    /// `nation + 1` under the list's header row `top`), then the previous survey's list. Returns the
    /// last printed row: the previous list is read in Excel (on paper, 全国（前回） and 差 above compare).
    private static func comparison(_ b: SheetBuilder, _ ind: Indicators, _ before: Indicators, _ previous: PreviousTabulation,
                                   base: PercentBase, single: Set<FormID>, top: Int, nation: Int, row start: Int) throws -> Int {
        var row = start
        // The nation's shares of both years: the share columns before the first count column.
        let shares = ind.definitions.prefix { if case .coordinatorForms = $0.measure { return false } else { return true } }.count
        if shares > 0 {
            let columns = 2...(1 + shares)
            let chart = try b.workbook.addChart(.bar)
            for (i, (name, colour)) in [("今回", Style.chartBlue), ("前回", Color(rgb: 0xB4C7E7))].enumerated() {
                try chart.addSeries(name: .text(name), categories: .range(sheet: b.name, row: top, columns: columns),
                                    values: .range(sheet: b.name, row: nation + i, columns: columns),
                                    style: .init(fillColor: colour, dataLabels: true, labelNumberFormat: "0%"))
            }
            try Style.shareBars(chart, title: "全国の主な指標　今回と前回")
            // Under the 一覧, a block of its own: the sheet's one drawing.
            let height = CategoryMatrixSheet.comparisonChartHeight(groups: 1, count: shares)
            try b.sheet.insertChart(chart, row: row, column: 1, size: (720, height))
            let span = CategoryMatrixSheet.rowsSpanned(byPixels: height)
            b.keep(CategoryMatrixSheet.chartRows(at: row, pixels: height), heading: 0)
            row += span + 2
        }
        let printed = row - 2
        try b.text("前回調査の同じ指標（調査票定義 \(previous.facts.codebookVersion)）", row, 0, Style.subtitle, measure: false)
        row += 1
        b.note(QuestionTablesSheet.comparisonLegend(previous), row)
        row += 1
        try b.text(Term.prefectureCode.rawValue, row, 0, Style.header, measure: false)
        try b.text(Term.prefecture.rawValue, row, 1, Style.header, measure: false)
        for (i, d) in ind.definitions.enumerated() { try b.text(d.label, row, 2 + i, Style.header, measure: false) }
        row += 1
        for r in before.rows {
            try b.text(r.prefecture.prefCode, row, 0, Style.centered)
            try b.text(r.prefecture.name, row, 1)
            try values(b, r.values, definitions: ind.definitions, base: base, single: single, row: row, bold: false)
            row += 1
        }
        return printed
    }

    /// What the cover says of the sheet's print with `--previous`.
    static let previousListNote = "（前回調査の都道府県別の値は Excel で閲覧する一覧。印刷は全国の今回・前回とグラフまで）"

    /// 「コーディネーター票は件数。」: the forms without a list, counted not rated.
    static func counted(_ cb: Codebook) -> String {
        let t = cb.titles(.eachCoordinator)
        return t.isEmpty ? "" : t + "は件数。"
    }

    /// 「都道府県票の指標は各都道府県の回答（○ = その選択肢を選んだ）、全国は％。」
    static func answered(_ cb: Codebook) -> String {
        let t = cb.titles(.eachPrefecture)
        return t.isEmpty ? "" : t + "の指標は各都道府県の回答（○ = その選択肢を選んだ）、全国は％。"
    }

    /// `single`: on a prefecture's row, the one-per-prefecture forms, whose question is that one answer.
    private static func values(_ b: SheetBuilder, _ values: [IndicatorValue], definitions: [IndicatorDefinition],
                               base: PercentBase, single: Set<FormID>, row: Int, bold: Bool) throws {
        for (i, d) in definitions.enumerated() {
            let v = i < values.count ? values[i] : IndicatorValue(count: 0)
            switch d.measure {
            case .coordinatorForms:
                try b.count(v.count, row, 2 + i, bold ? Style.countBold : Style.count)
            case .option(let form, _, _) where single.contains(form):
                let n = v.proportion?.valid ?? 0
                if v.count > 0 { try b.text("○", row, 2 + i, Style.centered, measure: false) }
                else if (v.proportion?.noAnswer ?? 0) > 0 { try b.text("無回答", row, 2 + i, Style.centered, measure: false) }
                else if n > 0 { try b.blank(row, 2 + i) }
                else { try b.dash(row, 2 + i) }
            default:
                try b.share(v.share(base), row, 2 + i, bold ? Style.percent.with { $0.bold = true } : Style.percent)
            }
        }
    }
}

extension IndicatorsSheet {
    static func sheet(_ ctx: ReportContext) -> ReportSheet {
        ReportSheet(name: "都道府県別一覧", purpose: "都道府県ごとの主な指標（協議会設置率、場面・テーマ別の取組率など）"
                        + (ctx.input.previous == nil ? "" : previousListNote)) { try write($0, ctx) }
    }
}
