import SurveyModel
import Tabulate
import XLSXWriter

/// 場面・テーマ別: for each category of the codebook, how many municipalities linked initiatives
/// to it (M6_{cat}) and which (M6_{cat}_1), with charts.
enum CategoryMatrixSheet {
    static func note(_ base: PercentBase) -> String {
        "取組あり = 「ある」と回答した市町村。取組の内容は「ある」の市町村に尋ねた複数回答。"
            + (base == .applicable ? "n = 設問の対象の市町村（無回答を含む）。" : "n = 有効な回答があった市町村（無回答を除く）。")
            + base.explanation
    }

    /// National: presence table, initiative counts and shares, two charts.
    static func national(_ b: SheetBuilder, _ ctx: ReportContext) throws {
        let matrix = ctx.tabulation.matrix
        try b.text("場面・テーマ別の取組（\(questionNumber(matrix, ctx))）　全国", 0, 0, Style.title, measure: false)
        let base = ctx.input.percentBase
        b.note(note(base), 1)
        var row = 3
        let presenceTop = row
        row = try presence(b, groups: [("全国", matrix)], categories: ctx.codebook.categories, base: base, row: row)
        b.keep(presenceTop...(row - 1), heading: 2)
        row += 1
        let countTop = row
        row = try initiatives(b, title: "取組の内容（件数）　全国", matrix: matrix, categories: ctx.codebook.categories, shares: false, base: base, row: row)
        b.keep(countTop...(row - 1), heading: 2)
        row += 1
        let shareTop = row
        row = try initiatives(b, title: "取組の内容（％）　全国", matrix: matrix, categories: ctx.codebook.categories, shares: true, base: base, row: row)
        b.keep(shareTop...(row - 1), heading: 2)
        row += 1

        let rows = (presenceTop + 2)...(presenceTop + 1 + max(1, matrix.rows.count))
        let bar = try b.workbook.addChart(.bar)
        try bar.addSeries(name: "取組ありの市町村数", categories: .range(sheet: b.name, rows: rows, column: 1),
                          values: .range(sheet: b.name, rows: rows, column: 3),
                          style: .init(fillColor: Style.chartBlue, dataLabels: true, labelNumberFormat: "#,##0"))
        try bar.setTitle("場面・テーマ別　取組ありの市町村数")
        try bar.setLegend(.none)
        try bar.reverseCategories()
        try bar.setValueAxis(min: 0, numberFormat: "#,##0")
        try bar.setFont(Font(name: "游ゴシック", size: 10))
        // Charts go below the tables, one under the other, each on its own page: their rows are
        // computed from their heights, so no chart covers a table or another chart.
        let barSize = (width: 640, height: 320), stackedSize = (width: 720, height: 420)
        let barRow = row, stackedRow = row + rowsSpanned(byPixels: barSize.height) + 1
        try b.sheet.insertChart(bar, row: barRow, column: 1, size: barSize)
        b.keep(chartRows(at: barRow, pixels: barSize.height), heading: 0, newPage: true)

        let stacked = try b.workbook.addChart(.barStacked)
        let countRows = (countTop + 2)...(countTop + 1 + max(1, matrix.rows.count))
        for i in matrix.initiativeLabels.indices {
            try stacked.addSeries(name: .cell(.cell(sheet: b.name, row: countTop + 1, column: 3 + i)),
                                  categories: .range(sheet: b.name, rows: countRows, column: 1),
                                  values: .range(sheet: b.name, rows: countRows, column: 3 + i),
                                  style: .init(fillColor: palette[i % palette.count]))
        }
        try stacked.setTitle("取組の内容（延べ件数、積み上げ）")
        try stacked.setLegend(.bottom)
        try stacked.reverseCategories()
        try stacked.setValueAxis(min: 0, numberFormat: "#,##0")
        try stacked.setFont(Font(name: "游ゴシック", size: 10))
        try b.sheet.insertChart(stacked, row: stackedRow, column: 1, size: stackedSize)
        b.keep(chartRows(at: stackedRow, pixels: stackedSize.height), heading: 0, newPage: true)
        if let previous = ctx.input.previous {
            // Below both charts, the comparison and its chart, each a block of its own: no two drawings overlap.
            let top = stackedRow + rowsSpanned(byPixels: stackedSize.height) + 1
            let end = try comparison(b, groups: [("全国", matrix, previous.matrix)], categories: ctx.codebook.categories,
                                     previous: previous, base: base, row: top)
            b.keep(top...(end - 1), heading: 4, newPage: true)
            let height = comparisonChartHeight(groups: 1, count: ctx.codebook.categories.count)
            try b.sheet.insertChart(try comparisonChart(b, top: top, groups: ["全国"], count: ctx.codebook.categories.count),
                                    row: end + 1, column: 1, size: (640, height))
            b.keep(chartRows(at: end + 1, pixels: height), heading: 0)
        }

        b.setWidth(1, 16)
        try b.fitColumns(minimum: 6, maximum: 16)
        try b.printSetup(headerRows: nil, title: "場面・テーマ別", keyColumns: 0...1)
    }

    /// Pixels a comparison chart needs so that each bar's 10-pt label clears its neighbours'.
    static func comparisonChartHeight(groups: Int, count: Int) -> Int { 100 + 16 * 2 * groups * max(1, count) }

    /// The rows a chart anchored at `row` prints on, from the blank row above it: a page starting
    /// there carries the chart's top edge too (LibreOffice draws it a pixel above its row).
    static func chartRows(at row: Int, pixels: Int) -> ClosedRange<Int> {
        (row - 1)...(row + rowsSpanned(byPixels: pixels) - 1)
    }

    /// Default-height rows (15 pt = 20 px) a drawing of `pixels` height covers.
    static func rowsSpanned(byPixels pixels: Int) -> Int {
        Int((Double(pixels) * 0.75 / PageGeometry.defaultRowHeight).rounded(.up))
    }

    /// A prefecture beside the nation, with a chart comparing the shares.
    static func prefecture(_ b: SheetBuilder, _ ctx: ReportContext, _ pref: Prefecture) throws {
        let own = ctx.tabulation.prefecture(pref.prefCode)?.matrix ?? CategoryMatrix(rows: [], initiativeLabels: [])
        let nation = ctx.tabulation.matrix
        try b.text("場面・テーマ別の取組（\(questionNumber(nation, ctx))）　\(pref.name)と全国", 0, 0, Style.title, measure: false)
        let base = ctx.input.percentBase
        b.note(note(base), 1)
        var row = 3
        let presenceTop = row
        row = try presence(b, groups: [(pref.name, own), ("全国", nation)], categories: ctx.codebook.categories, base: base, row: row)
        b.keep(presenceTop...(row - 1), heading: 2)
        row += 1

        // The chart sits right under the table it draws, so both print on the first page.
        let rows = (presenceTop + 2)...(presenceTop + 1 + max(1, nation.rows.count))
        let chart = try b.workbook.addChart(.bar)
        try chart.addSeries(name: .text(pref.name), categories: .range(sheet: b.name, rows: rows, column: 1),
                            values: .range(sheet: b.name, rows: rows, column: 4),
                            style: .init(fillColor: Style.chartOrange, dataLabels: true, labelNumberFormat: "0%"))
        try chart.addSeries(name: "全国", categories: .range(sheet: b.name, rows: rows, column: 1),
                            values: .range(sheet: b.name, rows: rows, column: 9),
                            style: .init(fillColor: Style.chartBlue, dataLabels: true, labelNumberFormat: "0%"))
        try Style.shareBars(chart, title: "取組がある市町村の割合　\(pref.name)と全国")
        let chartHeight = 360
        try b.sheet.insertChart(chart, row: row, column: 1, size: (720, chartHeight))
        b.keep(chartRows(at: row, pixels: chartHeight), heading: 0)
        row += rowsSpanned(byPixels: chartHeight) + 1
        if let previous = ctx.input.previous {
            // Its own previous share and the nation's; nothing of another prefecture.
            let before = previous.prefecture(pref.prefCode)?.matrix ?? CategoryMatrix(rows: [], initiativeLabels: [])
            let top = row
            row = try comparison(b, groups: [(pref.name, own, before), ("全国", nation, previous.matrix)],
                                 categories: ctx.codebook.categories, previous: previous, base: base, row: row)
            b.keep(top...(row - 1), heading: 4, newPage: true)
            row += 1
            let height = comparisonChartHeight(groups: 2, count: ctx.codebook.categories.count)
            try b.sheet.insertChart(try comparisonChart(b, top: top, groups: [pref.name, "全国"], count: ctx.codebook.categories.count),
                                    row: row, column: 1, size: (640, height))
            b.keep(chartRows(at: row, pixels: height), heading: 0)
            row += rowsSpanned(byPixels: height) + 1
        }

        // The detail tables start a page of their own.
        var top = row
        row = try initiatives(b, title: "取組の内容（件数）　\(pref.name)", matrix: own, categories: ctx.codebook.categories, shares: false, base: base, row: row)
        b.keep(top...(row - 1), heading: 2, newPage: true)
        row += 1
        top = row
        row = try initiatives(b, title: "取組の内容（％）　\(pref.name)", matrix: own, categories: ctx.codebook.categories, shares: true, base: base, row: row)
        b.keep(top...(row - 1), heading: 2)
        row += 1
        top = row
        row = try initiatives(b, title: "取組の内容（％）　全国", matrix: nation, categories: ctx.codebook.categories, shares: true, base: base, row: row)
        b.keep(top...(row - 1), heading: 2)

        b.setWidth(1, 16)
        try b.fitColumns(minimum: 6, maximum: 16)
        try b.printSetup(headerRows: nil, title: pref.name + " 場面・テーマ別", keyColumns: 0...1)
    }

    /// 「市町村票 問6」: the matrix's form and the 問番号 the presence questions share (問6-① … → 問6), as printed.
    static func questionNumber(_ matrix: CategoryMatrix, _ ctx: ReportContext) -> String {
        let form = ctx.codebook.categoryMatrixForm
        guard let r = matrix.rows.first, let number = form?.question(r.questionID)?.number, !number.isEmpty else {
            return form?.title ?? ""
        }
        return (form?.title ?? "") + " " + (number.split(separator: "-").first.map(String.init) ?? number)
    }

    static let palette: [Color] = [0x4472C4, 0xED7D31, 0xA5A5A5, 0xFFC000, 0x5B9BD5, 0x70AD47,
                                   0x264478, 0x9E480E, 0x636363].map { Color(rgb: $0) }

    /// 取組の有無: per group, n / 取組あり / ％ / 取組なし / 無回答. Returns the next free row.
    static func presence(_ b: SheetBuilder, groups: [(String, CategoryMatrix)], categories: [Category],
                         base: PercentBase, row top: Int) throws -> Int {
        try b.text(Term.categoryKind.rawValue, top, 0, Style.header); try b.merged("", row: top + 1, columns: 0...0, Style.header)
        try b.text(Term.category.rawValue, top, 1, Style.header); try b.merged("", row: top + 1, columns: 1...1, Style.header)
        let columns = [Term.n, .withInitiative, .percent, .withoutInitiative, .noAnswer].map(\.rawValue)
        for (g, (name, _)) in groups.enumerated() {
            let c0 = 2 + g * columns.count
            try b.merged(name, row: top, columns: c0...(c0 + columns.count - 1), Style.group)
            for (i, h) in columns.enumerated() { try b.text(h, top + 1, c0 + i, Style.header) }
        }
        var row = top + 2
        for category in categories {
            try b.text(category.kind.rawValue, row, 0, Style.centered)
            try b.text(category.label, row, 1)
            for (g, (_, matrix)) in groups.enumerated() {
                let c0 = 2 + g * columns.count
                let r = matrix.row(category)
                let presence = r?.presence ?? Proportion(0, valid: 0)
                try b.count(presence.base(base), row, c0)
                try b.count(presence.count, row, c0 + 1)
                try b.share(presence.share(base), row, c0 + 2)
                try b.count((r?.n ?? 0) - (r?.withInitiative ?? 0), row, c0 + 3)
                try b.count(r?.noAnswer ?? 0, row, c0 + 4)
            }
            row += 1
        }
        for g in groups.indices {
            let c = 2 + g * columns.count + 2
            try b.sheet.addConditionalFormat(Style.bar, rows: (top + 2)...(row - 1), columns: c...c)
        }
        return row
    }

    /// 前回との比較: per group, the share with initiatives this year, the previous year's, and the
    /// difference in points. Returns the next free row; the table's rows start at `top + 2`.
    static func comparison(_ b: SheetBuilder, groups: [(String, CategoryMatrix, CategoryMatrix)], categories: [Category],
                           previous: PreviousTabulation, base: PercentBase, row top: Int) throws -> Int {
        try b.text("前回との比較（取組がある市町村の割合）", top, 0, Style.subtitle, measure: false)
        b.note(QuestionTablesSheet.comparisonLegend(previous), top + 1)
        let head = top + 2
        try b.text(Term.categoryKind.rawValue, head, 0, Style.header); try b.merged("", row: head + 1, columns: 0...0, Style.header)
        try b.text(Term.category.rawValue, head, 1, Style.header); try b.merged("", row: head + 1, columns: 1...1, Style.header)
        for (g, (name, _, _)) in groups.enumerated() {
            let c0 = 2 + g * 3
            try b.merged(name, row: head, columns: c0...(c0 + 2), Style.group)
            for (i, h) in [Term.currentPercent, .previousPercent, .difference].map(\.rawValue).enumerated() { try b.text(h, head + 1, c0 + i, Style.header, measure: false) }
        }
        var row = head + 2
        for category in categories {
            try b.text(category.kind.rawValue, row, 0, Style.centered)
            try b.text(category.label, row, 1)
            for (g, (_, now, before)) in groups.enumerated() {
                let c0 = 2 + g * 3
                // The same base as the presence table above.
                func share(_ r: CategoryRow?) -> Double? { r?.presence.share(base) }
                let s = share(now.row(category)), p = share(before.row(category))
                try b.share(s, row, c0)
                if before.row(category) == nil { try b.text("新設", row, c0 + 1, Style.centered) } else { try b.share(p, row, c0 + 1) }
                if let s, let p { try b.decimal((s - p) * 100, row, c0 + 2, QuestionTablesSheet.difference) } else { try b.dash(row, c0 + 2) }
            }
            row += 1
        }
        return row
    }

    /// Both years side by side per category, for each group of a `comparison` table at `top`.
    static func comparisonChart(_ b: SheetBuilder, top: Int, groups: [String], count: Int) throws -> ChartWriter {
        let rows = (top + 4)...(top + 3 + max(1, count))
        let chart = try b.workbook.addChart(.bar)
        let colours = [(Style.chartOrange, Color(rgb: 0xF8CBAD)), (Style.chartBlue, Color(rgb: 0xB4C7E7))]
        for (g, name) in groups.enumerated() {
            // The nation (the last group) in blue, a prefecture in orange, as in the chart above.
            let (now, before) = g == groups.count - 1 ? colours[1] : colours[0]
            for (i, (year, colour)) in [("今回", now), ("前回", before)].enumerated() {
                try chart.addSeries(name: .text(name + " " + year), categories: .range(sheet: b.name, rows: rows, column: 1),
                                    values: .range(sheet: b.name, rows: rows, column: 2 + g * 3 + i),
                                    style: .init(fillColor: colour, dataLabels: true, labelNumberFormat: "0%"))
            }
        }
        try Style.shareBars(chart, title: "取組がある市町村の割合　今回と前回")
        return chart
    }

    /// 取組の内容: categories × initiatives, counts or % of the initiatives' n. Returns the next free row.
    /// One n column: the contents are asked of the municipalities with initiatives, so a column
    /// of those beside n was the same number in every row.
    static func initiatives(_ b: SheetBuilder, title: String, matrix: CategoryMatrix, categories: [Category],
                            shares: Bool, base: PercentBase, row start: Int) throws -> Int {
        try b.text(title, start, 0, Style.subtitle, measure: false)
        let top = start + 1
        try b.text(Term.categoryKind.rawValue, top, 0, Style.header)
        try b.text(Term.category.rawValue, top, 1, Style.header)
        try b.text(Term.n.rawValue, top, 2, Style.header)
        for (i, label) in matrix.initiativeLabels.enumerated() {
            try b.text(label, top, 3 + i, Style.header, measure: false)
        }
        b.rowHeight(top, 30)  // the wrapped initiative labels make it taller as needed
        var row = top + 1
        for category in categories {
            let r = matrix.row(category)
            try b.text(category.kind.rawValue, row, 0, Style.centered)
            try b.text(category.label, row, 1)
            let asked = r?.initiativeBase ?? Proportion(0, valid: 0)
            try b.count(asked.base(base), row, 2)
            for i in matrix.initiativeLabels.indices {
                let o = r.flatMap { i < $0.initiatives.count ? $0.initiatives[i] : nil }
                if shares { try b.share((o?.proportion ?? asked).share(base), row, 3 + i) }
                else { try b.count(o?.count ?? 0, row, 3 + i) }
            }
            row += 1
        }
        if !matrix.initiativeLabels.isEmpty {
            let cols = 3...(2 + matrix.initiativeLabels.count)
            try b.sheet.addConditionalFormat(Style.shareScale, rows: (top + 1)...(row - 1), columns: cols)
        }
        return row
    }
}

extension CategoryMatrixSheet {
    static let name = "場面・テーマ別"

    static func nationalSheet(_ ctx: ReportContext) -> ReportSheet {
        ReportSheet(name: name, purpose: "\(ctx.codebook.categories.count)つの場面・テーマごとの取組の有無と内容（件数・％）、グラフ") {
            try national($0, ctx)
        }
    }

    static func prefectureSheet(_ ctx: ReportContext, _ pref: Prefecture) -> ReportSheet {
        ReportSheet(name: name, purpose: "\(ctx.codebook.categories.count)つの場面・テーマごとの取組（\(pref.name)と全国）、グラフ") {
            try prefecture($0, ctx, pref)
        }
    }
}
