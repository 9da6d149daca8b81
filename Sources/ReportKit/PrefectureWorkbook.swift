import SurveyModel
import Tabulate
import XLSXWriter

/// prefectures/NN_名称.xlsx: what one prefecture receives — its own respondents in full
/// (with their contacts: the prefecture is their government), and only national totals besides.
public enum PrefectureWorkbook {
    static func fileName(_ pref: Prefecture) -> String { "\(pref.prefCode)_\(pref.name).xlsx" }

    static func write(_ ctx: ReportContext, _ pref: Prefecture, to path: String) throws {
        let cb = ctx.codebook
        let wb = try WorkbookWriter(path: path, properties: .init(
            title: cb.title + "　" + pref.name, subject: cb.year + " " + cb.title, author: "renkei",
            category: "都道府県別集計", keywords: cb.id + " " + cb.version + " " + pref.code,
            comments: "集計基準日時 " + ctx.input.asOf + " / run " + ctx.input.runID), creationDate: .fixed,
            options: ReportContext.workbookOptions)
        let header = PageHeader(survey: cb.year + "　" + cb.title, asOf: ctx.input.asOf)
        let status = ctx.tabulation.status.prefecture(pref.prefCode)
        let share = ctx.share(pref)
        let forms: [CoverSheet.FormCount] = cb.forms.map { form in
            let r = status?.form(form.id)
            return .init(title: form.title, received: r?.received ?? 0, expected: r?.expected)
        }
        let cover = CoverSheet(workbookTitle: pref.name + "　集計結果",
                               facts: [(Term.prefecture, pref.name)] + NationalWorkbook.coverFacts(ctx),
                               fileCounts: NationalWorkbook.fileCounts(share.files), forms: forms,
                               percentBase: ctx.input.percentBase)
        try ReportWorkbook.write(wb, header: header, cover: cover, codebook: cb, sheets: sheets(ctx, pref))
    }

    /// Every sheet after 表紙, in tab order: a new sheet is one line here (and its own file). The
    /// answer lists are the codebook's forms': municipalities' and coordinators' first, the
    /// prefecture's own form last.
    static func sheets(_ ctx: ReportContext, _ pref: Prefecture) -> [ReportSheet] {
        let forms = ctx.codebook.forms
        return [StatusSheet.prefectureSheet(ctx, pref)]
            + forms.filter { $0.audience != .eachPrefecture }.map { AnswerListSheet.listSheet(ctx, pref, form: $0) }
            + [QuestionTablesSheet.prefectureSheet(ctx, pref),
               CategoryMatrixSheet.prefectureSheet(ctx, pref),
               IssueSheets.listSheet(ctx, pref),
               CorrectionsCSV.prefectureSheet(ctx, pref),
               ChangeSheet.sheet(ctx, prefecture: pref)]
            + ctx.codebook.formsFor(.eachPrefecture).map { AnswerListSheet.prefectureFormSheet(ctx, pref, form: $0) }
    }
}
