import Ingest
import SurveyModel
import Tabulate
import XLSXWriter

/// 疑義: counts for the Ministry, the list itself for the prefecture that sends it back.
enum IssueSheets {
    /// National 疑義件数: by prefecture and rule. Counts only: no values, no contacts.
    static func counts(_ b: SheetBuilder, _ ctx: ReportContext) throws {
        let issues = ctx.input.issues
        let rules = Array(Set(issues.map(\.rule.rawValue))).sorted()
        try b.text("疑義件数（都道府県別・ルール別）", 0, 0, Style.title, measure: false)
        b.note("都道府県 = 回答者の団体コードの上2桁。都道府県不明 = 回答者を特定できなかったファイル。"
                   + "件数はエラー・確認の合計（ルール別）。", 1)
        let top = 3
        let fixed = [Term.prefectureCode, .prefecture, .error, .check, .total, .respondentsWithIssues].map(\.rawValue)
        for (i, h) in fixed.enumerated() { try b.text(h, top, i, Style.header) }
        // 日本語 rule names for the reader; the ids stay in issues.csv.
        for (i, rule) in rules.enumerated() {
            try b.text(IssueRule(rawValue: rule).label, top, fixed.count + i, Style.header, measure: false)
            b.setWidth(fixed.count + i, 10)
        }

        let byPref = Dictionary(grouping: issues) { $0.respondent?.prefectureCode ?? "" }
        var groups: [(code: String, name: String)] = ctx.input.prefectures.map { ($0.prefCode, $0.name) }
        if byPref[""] != nil { groups.append(("", "都道府県不明")) }
        var row = top + 1
        for g in groups {
            let mine = byPref[g.code] ?? []
            try b.text(g.code, row, 0, Style.centered)
            try b.text(g.name, row, 1)
            try line(b, mine, rules: rules, row: row, bold: false)
            row += 1
        }
        let last = row - 1
        let total = Style.label.with { $0.border = .thin; $0.fillColor = Style.subtotalFill }
        try b.text("", row, 0, total); try b.text("合計", row, 1, total)
        try line(b, issues, rules: rules, row: row, bold: true)
        if last > top {
            try b.sheet.autofilter(rows: top...last, columns: 0...(fixed.count + rules.count - 1))
            try b.sheet.addConditionalFormat(Style.bar, rows: (top + 1)...last, columns: 2...3)
        }
        try b.sheet.freezePanes(row: top + 1, column: 2)
        b.firstPageColumns = fixed.count - 1
        try b.fitColumns(minimum: 6, maximum: 24)
        try b.printSetup(headerRows: top...top, title: "疑義件数", keyColumns: 0...1, pageGroups: [fixed.count])
    }

    private static func line(_ b: SheetBuilder, _ issues: [Issue], rules: [String], row: Int, bold: Bool) throws {
        let f = bold ? Style.countBold : Style.count
        let errors = issues.count { $0.severity == .error }
        try b.count(errors, row, 2, f)
        try b.count(issues.count - errors, row, 3, f)
        try b.count(issues.count, row, 4, f)
        try b.count(Set(issues.compactMap(\.respondent)).count, row, 5, f)
        let byRule = Dictionary(grouping: issues, by: \.rule.rawValue).mapValues(\.count)
        for (i, rule) in rules.enumerated() { try b.count(byRule[rule] ?? 0, row, 6 + i, f) }
    }

    static let listHeader = [Term.code, .body, .form, .coordinatorNumber, .file, .sheet, .cell,
                             .questionNumber, .question, .written, .issue, .severity, .rule].map(\.rawValue)

    /// A prefecture's 疑義一覧: its own respondents' issues, sorted by respondent, ready to send back.
    /// Widths (in half-width characters) of the wrapped columns of 疑義一覧: 設問, 記入値, 内容.
    /// The second page group (設問 … ルール) fits one landscape A4 width beside 団体コード and 名称.
    static let listWrapWidths = (file: 20, label: 20, value: 14, message: 30, rule: 12)

    static func list(_ b: SheetBuilder, _ ctx: ReportContext, _ pref: Prefecture) throws {
        let mine = ctx.share(pref).issues
        try b.text("疑義一覧　" + pref.name, 0, 0, Style.title, measure: false)
        let errors = mine.count { $0.severity == .error }
        b.note("エラー \(Shown.count(errors)) 件、確認 \(Shown.count(mine.count - errors)) 件。エラーは回答として使えなかった箇所、"
                   + "確認は内容の確認をお願いしたい箇所。記入値は回答者が記入したまま。", 1)
        let top = 3
        for (i, h) in listHeader.enumerated() { try b.text(h, top, i, Style.header) }
        var row = top + 1
        for issue in mine {
            let who = issue.respondent
            try b.text(who?.code ?? "", row, 0, Style.centered)
            try b.text(who.map { ctx.name(of: $0.code) } ?? "", row, 1)
            try b.text(who.flatMap { ctx.codebook.form($0.form)?.title } ?? "", row, 2, Style.wrapped)
            if let n = who?.coordinatorNumber { try b.count(n, row, 3) } else { try b.blank(row, 3) }
            try b.text(issue.fileName, row, 4, Style.wrapped)
            try b.text(issue.sheet ?? "", row, 5)
            try b.text(issue.cell?.a1 ?? "", row, 6, Style.centered)
            // 問番号 as printed on the form; the id stays in issues.csv.
            let question = issue.question.flatMap { id in who.flatMap { ctx.codebook.form($0.form)?.question(id) } }
            try b.text(question?.shortName ?? "", row, 7, Style.centered)
            try b.text(issue.questionLabel ?? "", row, 8, Style.wrapped)
            try b.text(issue.value ?? "", row, 9, Style.wrapped)
            try b.text(issue.message, row, 10, Style.wrapped)
            try b.text(issue.severity.label, row, 11, issue.severity == .error ? Style.flagged : Style.text)
            try b.text(issue.rule.label, row, 12, Style.wrapped)
            row += 1  // fitColumns makes the row tall enough for its wrapped cells
        }
        if mine.isEmpty {
            try b.text("疑義はありません。", row, 0, Style.note, measure: false)
        } else {
            try b.sheet.autofilter(rows: top...(row - 1), columns: 0...(listHeader.count - 1))
        }
        try b.sheet.freezePanes(row: top + 1, column: 2)
        b.setWidth(2, 10); b.setWidth(3, 7); b.setWidth(4, Double(listWrapWidths.file))
        b.setWidth(8, Double(listWrapWidths.label))
        b.setWidth(9, Double(listWrapWidths.value))
        b.setWidth(10, Double(listWrapWidths.message))
        b.setWidth(12, Double(listWrapWidths.rule))
        b.firstPageColumns = 7
        try b.fitColumns(minimum: 6, maximum: 16)
        // Two page groups when it does not fit at ≥ 80%: where (file, sheet, cell) and what (question, value, message).
        try b.printSetup(headerRows: top...top, title: pref.name + " 疑義一覧", keyColumns: 0...1, pageGroups: [8])
    }
}

extension IssueSheets {
    static func countsSheet(_ ctx: ReportContext) -> ReportSheet {
        ReportSheet(name: "疑義件数", purpose: "都道府県別・ルール別の疑義（エラー・確認）の件数") { try counts($0, ctx) }
    }

    static func listSheet(_ ctx: ReportContext, _ pref: Prefecture) -> ReportSheet {
        ReportSheet(name: "疑義一覧", purpose: "管内の回答者の疑義（返送・照会用）") { try list($0, ctx, pref) }
    }
}
