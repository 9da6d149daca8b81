import SurveyModel
import XLSXWriter

/// One sheet of a report workbook after its 表紙, registered once in the workbook's `sheets`
/// list: the cover's シート一覧 and the writer read this same value, so they cannot disagree.
struct ReportSheet {
    /// The tab name; also the シート column of the cover.
    var name: String
    /// What the sheet shows: one Japanese line, the 内容 column of the cover.
    var purpose: String
    /// Whether this run writes it (前回公開からの変更 only after a published run, a form's sheet only
    /// when the codebook has the form): an absent sheet is neither written nor listed.
    var isPresent = true
    /// Read on paper or in Excel: what prints, and what the cover says of it.
    var medium: SheetMedium = .paper
    var write: (SheetBuilder) throws -> Void
}

/// Whether a sheet is meant for paper or for Excel (filters, one row per respondent, many columns).
enum SheetMedium: Equatable {
    /// Every column prints, whole blocks to a page.
    case paper
    /// Only the columns that identify a row and its first section print (`excerpt` of `printSetup`);
    /// the rest is read in Excel. `printed`: those columns, in the cover's words.
    case excel(printed: String)

    /// Appended to the sheet's line in the cover's シート一覧.
    var coverNote: String {
        switch self {
        case .paper: ""
        case .excel(let printed): "（Excel で閲覧する一覧。印刷は" + printed + "のみ）"
        }
    }
}

/// A report workbook: 表紙 listing exactly the sheets written, then those sheets.
enum ReportWorkbook {
    static func write(_ wb: WorkbookWriter, header: PageHeader, cover: CoverSheet, codebook: Codebook,
                      sheets: [ReportSheet]) throws {
        let present = sheets.filter(\.isPresent)
        var cover = cover
        cover.contents = present.map { ($0.name, $0.purpose + $0.medium.coverNote) }
        let first = try SheetBuilder(wb, sheet: CoverSheet.name, header: header)
        // The sheets first, so that the cover's 用語・凡例 explains exactly the terms they use.
        var used = Set<Term>()
        for sheet in present {
            let b = try SheetBuilder(wb, sheet: sheet.name, header: header)
            b.medium = sheet.medium
            try sheet.write(b)
            used.formUnion(b.terms)
        }
        cover.terms = used
        try cover.write(first, codebook: codebook)
        try first.sheet.activate()
        try wb.close()
    }
}
