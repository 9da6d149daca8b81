import Foundation
import SurveyModel
import Tabulate
import XLSXWriter

/// 回答データ (the "wide" export) for analysts: per form, one row per accepted respondent and one
/// column per answer cell as its kind exports it (multi: a 0/1 column per option; single: code and
/// label), under a row of ids and a row of Japanese headings (問番号 and text). The national files
/// hold no contact field; a prefecture's own files add them.
enum WideExport {
    static let folder = "wide"
    static let workbookName = "回答データ.xlsx"

    /// One column: its id (header row 1) and heading (row 2).
    struct Column: Sendable {
        var id: String
        var heading: String
    }

    /// What one form's export holds.
    struct Table: Sendable {
        var form: Form
        var columns: [Column]
        /// In respondent order; fields aligned with `columns`.
        var rows: [[WideField]]
    }

    /// The questions a form exports: the tabulated ones, and with `contacts` the contact fields too.
    static func questions(_ form: Form, contacts: Bool) -> [Question] {
        form.questions.filter {
            $0.isTabulated || (contacts && ($0.pii || ReportContext.contactRoles.contains($0.identity)))
        }
    }

    static func table(_ ctx: ReportContext, form: Form, responses: [Response], contacts: Bool) -> Table {
        let qs = questions(form, contacts: contacts)
        var columns = [Column(id: "code", heading: "団体コード"), Column(id: "pref_code", heading: "都道府県コード"),
                       Column(id: "prefecture", heading: "都道府県"), Column(id: "municipality_kind", heading: "市町村区分")]
        if form.audience == .eachCoordinator { columns.append(Column(id: "coordinator_no", heading: "コーディネーター番号")) }
        let kinds = qs.map { ($0, $0.kind.wideColumns($0)) }
        for (q, cs) in kinds {
            for c in cs { columns.append(Column(id: q.id + c.id, heading: q.printedName + c.heading)) }
        }
        let rows = responses.filter { $0.respondent.form == form.id }.sorted { $0.respondent < $1.respondent }.map { r in
            let who = r.respondent
            var fields = [WideField]()
            fields.reserveCapacity(columns.count)
            fields += [.text(who.code), .text(who.prefectureCode),
                       .text(ctx.prefectureByPrefCode[who.prefectureCode]?.name ?? ""),
                       .text(ctx.municipalityByCode[who.code]?.kind.rawValue ?? "")]
            if form.audience == .eachCoordinator { fields.append(who.coordinatorNumber.map(WideField.number) ?? .empty) }
            for (q, _) in kinds { fields += q.kind.wide(r.answers[q.id], q) }
            return fields
        }
        return Table(form: form, columns: columns, rows: rows)
    }

    /// UTF-8 CSV (BOM, CRLF): ids, then headings, then one line per respondent.
    static func csvBytes(_ t: Table) -> [UInt8] {
        let body = t.rows.map { $0.map(text) }
        return CSV.documentBytes(header: t.columns.map(\.id), rows: [t.columns.map(\.heading)] + body)
    }

    static func text(_ f: WideField) -> String {
        switch f {
        case .number(let n): String(n)
        case .text(let s): s
        case .empty: ""
        }
    }

    /// The national file name of a form's CSV: `wide/市町村票.csv`.
    static func csvPath(_ form: Form) -> String { folder + "/" + form.title + ".csv" }

    /// A prefecture's own CSV, contacts included: `wide/prefectures/31_鳥取県_市町村票.csv`.
    static func csvPath(_ form: Form, prefecture: Prefecture) -> String {
        folder + "/" + ReportWriter.prefectureFolder + "/" + prefecture.prefCode + "_" + prefecture.name + "_" + form.title + ".csv"
    }

    /// 回答データ.xlsx: a sheet per form, no contacts; the tables are the ones wide/<form>.csv is made of.
    static func writeWorkbook(_ ctx: ReportContext, to path: String) throws {
        let cb = ctx.codebook
        let wb = try WorkbookWriter(path: path, properties: .init(
            title: cb.title + "　回答データ", subject: cb.year + " " + cb.title, author: "renkei",
            category: "回答データ", keywords: cb.id + " " + cb.version,
            comments: "集計基準日時 " + ctx.input.asOf + " / run " + ctx.input.runID), creationDate: .fixed,
            options: ReportContext.workbookOptions)
        for form in cb.forms {
            let t = ctx.nationalWideTable(form)
            let sheet = try wb.addSheet(form.title)
            for (c, col) in t.columns.enumerated() {
                try sheet.write(col.id, row: 0, column: c, format: Style.header)
                try sheet.write(col.heading, row: 1, column: c, format: Style.header)
            }
            for (i, fields) in t.rows.enumerated() {
                for (c, f) in fields.enumerated() {
                    switch f {
                    case .number(let n): try sheet.write(n, row: i + 2, column: c)
                    case .text(let s): try sheet.write(s, row: i + 2, column: c)
                    case .empty: break
                    }
                }
            }
            try sheet.freezePanes(row: 2, column: 1)
        }
        try wb.close()
    }
}
