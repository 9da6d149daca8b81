import Foundation
@testable import XLSXWriter

/// A workbook touching every feature, shared by the content and determinism tests.
func writeSample(to url: URL, creationDate: WorkbookWriter.CreationDate = .fixed) throws {
    let wb = try WorkbookWriter(
        path: url.path,
        properties: .init(title: "全国集計", subject: "在宅医療", author: "renkei",
                          company: "厚生労働省", keywords: "集計, 全国", comments: "テスト"),
        creationDate: creationDate)
    let cover = try wb.addSheet("表紙")
    let data = try wb.addSheet("場面・テーマ別")
    let lists = try wb.addSheet("_lists")

    let bold = CellFormat(bold: true, fontSize: 14)
    try cover.write("全国集計", row: 0, column: 0, format: bold)
    try cover.write(0.681, row: 1, column: 1, format: CellFormat(numberFormat: "0.0%"))
    try cover.write("=SUM(A1:A3)", row: 2, column: 0)
    try cover.write("+81-3-1234", row: 2, column: 1)
    try cover.write("-", row: 2, column: 2)
    try cover.write("@home", row: 2, column: 3)
    try cover.write(true, row: 3, column: 0)
    try cover.write(42, row: 3, column: 1)
    try cover.writeBlank(row: 3, column: 2, format: .unlocked.with { $0.fillColor = Color(rgb: 0xFFF2CC) })
    try cover.writeFormula("=B4*2", row: 3, column: 3, cachedResult: 84)
    try cover.write(date: Date(timeIntervalSince1970: 1_700_000_000), row: 4, column: 0)
    try cover.merge(rows: 5...5, columns: 0...3, text: "結合セル",
                    format: CellFormat(border: .thin, horizontalAlignment: .center))
    try cover.setColumn(0...0, width: 30)
    try cover.setColumn(5...6, width: 5, hidden: true)
    try cover.setRow(0, height: 24)
    try cover.setRow(7, hidden: true)
    try cover.freezePanes(row: 1, column: 0)
    try cover.setTabColor(.red)
    try cover.setZoom(85)
    try cover.showGridlines(onScreen: false)
    try cover.setOrientation(.landscape)
    try cover.setPaper(.a4)
    try cover.fitToPages(width: 1, height: 0)
    try cover.repeatRows(0...1)
    try cover.setPrintArea(rows: 0...20, columns: 0...5)
    try cover.setMargins(left: 0.5, right: 0.5)
    try cover.setHeader("&C在宅医療・介護連携")
    try cover.setFooter("&C&P / &N")
    try cover.centerHorizontally()
    try cover.addListValidation(row: 5, column: 2, values: ["設置している", "設置していない"])
    try cover.addValidation(
        DataValidation(.integer(min: 0, max: 999), inputTitle: "人数", inputMessage: "0〜999 の整数",
                       errorTitle: "入力エラー", errorMessage: "整数で入力してください", errorStyle: .warning),
        rows: 10...20, columns: 1...1)
    try cover.addValidation(DataValidation(.listSource(.range(sheet: "_lists", rows: 0...5, column: 0))),
                            row: 9, column: 1)
    try cover.protect(options: SheetProtection(formatColumns: true))

    let themes = ["退院支援", "日常の療養支援", "急変時の対応", "看取り", "感染症", "災害", "その他"]
    try data.write("場面", row: 0, column: 0)
    try data.write("全国", row: 0, column: 1)
    for (i, theme) in themes.enumerated() {
        try data.write(theme, row: i + 1, column: 0)
        try data.write(Double(i + 1) / 10, row: i + 1, column: 1, format: CellFormat(numberFormat: "0.0%"))
    }
    try data.addConditionalFormat(.threeColorScale(min: .red, mid: .yellow, max: .green), rows: 1...7, columns: 1...1)
    try data.addConditionalFormat(.dataBar(color: .blue), rows: 1...7, columns: 1...1)
    try data.addConditionalFormat(.cellValue(.lessThan(0.3), format: CellFormat(fontColor: .red)),
                                  rows: 1...7, columns: 1...1)
    try data.autofilter(rows: 0...7, columns: 0...1)
    try data.activate()

    let chart = try wb.addChart(.bar)
    try chart.addSeries(name: "全国", categories: .range(sheet: "場面・テーマ別", rows: 1...7, column: 0),
                        values: .range(sheet: "場面・テーマ別", rows: 1...7, column: 1),
                        style: .init(fillColor: .blue, dataLabels: true, labelNumberFormat: "0%"))
    try chart.setTitle("場面別の実施率")
    try chart.setAxisTitles(category: "場面", value: "割合")
    try chart.setLegend(.bottom)
    try chart.setFont(.yuGothic)
    try data.insertChart(chart, row: 10, column: 1, size: (width: 720, height: 360))

    for (i, item) in ["設置している", "設置していない", "検討中", "不明", "その他", "未回答"].enumerated() {
        try lists.write(item, row: i, column: 0)
    }
    try lists.hide()
    try wb.defineName("選択肢", range: .range(sheet: "_lists", rows: 0...5, column: 0))
    try wb.defineName("回答欄", range: .cell(sheet: "表紙", row: 5, column: 2), localTo: "表紙")
    try wb.close()
}
