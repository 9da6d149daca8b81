import Ingest
import SurveyModel
import Tabulate
import XLSXWriter

/// 全国集計.xlsx: what the contractor hands to the Ministry. Counts only: no contact detail
/// and no answer of any `pii` question appears in it.
enum NationalWorkbook {
    static let fileName = "全国集計.xlsx"

    static func write(_ ctx: ReportContext, to path: String) throws {
        let cb = ctx.codebook
        let wb = try WorkbookWriter(path: path, properties: .init(
            title: cb.title + "　全国集計", subject: cb.year + " " + cb.title, author: "renkei",
            category: "全国集計", keywords: cb.id + " " + cb.version,
            comments: "集計基準日時 " + ctx.input.asOf + " / run " + ctx.input.runID), creationDate: .fixed,
            options: ReportContext.workbookOptions)
        let t = ctx.tabulation
        let header = PageHeader(survey: cb.year + "　" + cb.title, asOf: ctx.input.asOf)
        let formSheets = cb.forms.map { $0.title }

        let byKind = cb.municipalityForm?.id
        var contents: [(String, String)] = [("回収状況", "都道府県ごとの" + cb.forms.map(\.title).joined(separator: "・") + "の回収数と回収率")]
        for form in cb.forms {
            contents.append((form.title, "\(form.title)の単純集計（n・件数・％・無回答" + (form.id == byKind ? "、市町村区分別" : "") + "）"))
        }
        contents += [("場面・テーマ別", "\(cb.categories.count)つの場面・テーマごとの取組の有無と内容（件数・％）、グラフ"),
                     ("都道府県別一覧", "都道府県ごとの主な指標（協議会設置率、場面・テーマ別の取組率など）"),
                     ("疑義件数", "都道府県別・ルール別の疑義（エラー・確認）の件数")]
        let cover = try SheetBuilder(wb, sheet: "表紙", header: header)
        try CoverSheet(workbookTitle: "全国集計", facts: coverFacts(ctx), fileCounts: fileCounts(ctx.input.files),
                       forms: cb.forms.map { formCount($0, ctx) }, contents: contents,
                       percentBase: ctx.input.percentBase).write(cover, codebook: cb)
        try cover.sheet.activate()

        try StatusSheet.national(try SheetBuilder(wb, sheet: "回収状況", header: header), ctx)
        for (form, name) in zip(cb.forms, formSheets) {
            guard let nation = t.nation(form.id) else { continue }
            var titles = ["全国"], tables = [nation]
            if form.id == byKind {
                for k in t.byKind { titles.append(k.kind.rawValue); tables.append(k.tables) }
            }
            try QuestionTablesSheet.write(
                try SheetBuilder(wb, sheet: name, header: header),
                title: "\(form.title)　単純集計（全国" + (form.id == byKind ? "・市町村区分別" : "") + "）　回答数 \(nation.respondents)",
                groupTitles: titles,
                sections: [.init(heading: nil, form: form, tables: tables,
                                 previous: ctx.input.previous.map { p in [p.nation(form.id)] + tables.dropFirst().map { _ in nil } })],
                base: ctx.input.percentBase, printTitle: form.title, previous: ctx.input.previous)
        }
        try CategoryMatrixSheet.national(try SheetBuilder(wb, sheet: "場面・テーマ別", header: header), ctx)
        try IndicatorsSheet.write(try SheetBuilder(wb, sheet: "都道府県別一覧", header: header), ctx)
        try IssueSheets.counts(try SheetBuilder(wb, sheet: "疑義件数", header: header), ctx)
        if let changes = ctx.input.changes { try ChangeSheet.write(try SheetBuilder(wb, sheet: "前回からの変更", header: header), ctx, changes, prefecture: nil) }
        try wb.close()
    }

    static func coverFacts(_ ctx: ReportContext) -> [(String, String)] {
        var facts = [("調査", ctx.codebook.title), ("調査年度", ctx.codebook.year),
                     ("調査票定義", ctx.codebook.id + "　" + ctx.codebook.version),
                     ("集計基準日時", ctx.input.asOf), ("集計番号", ctx.input.runID)]
        if let p = ctx.input.previous {
            facts += [("前回調査の調査票定義", p.facts.codebookID + "　" + p.facts.codebookVersion),
                      ("前回調査の集計基準日時", p.facts.asOf)]
        }
        return facts
    }

    static func fileCounts(_ files: [FileRecord]) -> [LedgerState: Int] {
        Dictionary(grouping: files, by: \.state).mapValues(\.count)
    }

    static func formCount(_ form: Form, _ ctx: ReportContext) -> CoverSheet.FormCount {
        let r = ctx.tabulation.status.form(form.id)
        return .init(title: form.title, received: r?.received ?? 0, expected: r?.expected)
    }
}
