import Ingest
import SurveyModel
import Tabulate
import XLSXWriter

/// 全国集計.xlsx: what the contractor hands to the Ministry. Counts only: no contact detail
/// and no answer of any `pii` question appears in it.
public enum NationalWorkbook {
    static let fileName = "全国集計.xlsx"

    static func write(_ ctx: ReportContext, to path: String) throws {
        let cb = ctx.codebook
        let wb = try WorkbookWriter(path: path, properties: .init(
            title: cb.title + "　全国集計", subject: cb.year + " " + cb.title, author: "renkei",
            category: "全国集計", keywords: cb.id + " " + cb.version,
            comments: "集計基準日時 " + ctx.input.asOf + " / run " + ctx.input.runID), creationDate: .fixed,
            options: ReportContext.workbookOptions)
        let header = PageHeader(survey: cb.year + "　" + cb.title, asOf: ctx.input.asOf)
        let cover = CoverSheet(workbookTitle: "全国集計", facts: coverFacts(ctx), fileCounts: fileCounts(ctx.input.files),
                               forms: cb.forms.map { formCount($0, ctx) }, percentBase: ctx.input.percentBase)
        try ReportWorkbook.write(wb, header: header, cover: cover, codebook: cb, sheets: sheets(ctx))
    }

    /// Every sheet after 表紙, in tab order: a new sheet is one line here (and its own file).
    static func sheets(_ ctx: ReportContext) -> [ReportSheet] {
        [StatusSheet.nationalSheet(ctx)]
            + ctx.codebook.forms.map { QuestionTablesSheet.nationalSheet(ctx, form: $0) }
            + [CategoryMatrixSheet.nationalSheet(ctx),
               IndicatorsSheet.sheet(ctx),
               IssueSheets.countsSheet(ctx),
               ChangeSheet.sheet(ctx, prefecture: nil)]
    }

    /// The survey by its name and 版, never its ids (`zaitaku-renkei R5-1`); the run's number
    /// is explained in 用語・凡例.
    static func coverFacts(_ ctx: ReportContext) -> [(Term, String)] {
        var facts: [(Term, String)] = [(.survey, ctx.codebook.title), (.surveyYear, ctx.codebook.year),
                                       (.surveyVersion, Shown.version(ctx.codebook.version)),
                                       (.asOf, ctx.input.asOf), (.runNumber, ctx.input.runID)]
        if let p = ctx.input.previous {
            facts += [(.previousSurveyVersion, Shown.version(p.facts.codebookVersion)), (.previousSurveyAsOf, p.facts.asOf)]
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
