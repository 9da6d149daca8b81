import Foundation
import SurveyModel
import Tabulate
import XLSXWriter

/// 回答データ (the "wide" export) for analysts: per form, one row per accepted respondent and one
/// column per answer cell as its kind exports it (multi: a 0/1 column per option; single: code and
/// label), under a row of ids and a row of Japanese headings (問番号 and text). The national files
/// hold no contact field; a prefecture's own files add them.
public enum WideExport {
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
            $0.isTabulated || (contacts && $0.isContact)
        }
    }

    static func table(_ ctx: ReportContext, form: Form, responses: some Collection<Response>, contacts: Bool) -> Table {
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
        var all = [UInt8]()
        writeCSV(t) { all += $0 }
        return all
    }

    /// The same CSV in pieces of about `chunk` bytes, in order, to `emit` (a line at a time, never the whole table as text).
    static func writeCSV(_ t: Table, chunk: Int = CSVBuffer.chunk, to emit: ([UInt8]) throws -> Void) rethrows {
        var out = CSVBuffer(capacity: min(chunk, (t.rows.count + 2) * 64) + 64 * 1024)
        out.row(t.columns.map(\.id))
        out.row(t.columns.map(\.heading))
        for fields in t.rows {
            out.row(fields.map(text))
            if out.bytes.count >= chunk { try out.flush(emit) }
        }
        try out.flush(emit)
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

extension WideExport {
    /// Last year's questions as a national wide CSV names them (row 1 ids, row 2 headings, as
    /// `csvBytes` writes them): 問番号 and text per question id, and a multi question's options.
    /// `ids`: the question ids to look for (those of the previous answers.csv).
    public static func previousQuestions(ids: Set<String>, header: [String], headings: [String]) -> [String: PreviousQuestion] {
        var columns = [String: [(suffix: String, heading: String)]]()
        for (id, heading) in zip(header, headings) {
            if ids.contains(id) { columns[id, default: []].append(("", heading)); continue }
            // A multi question's option column: `<id>.<code>`.
            guard let dot = id.lastIndex(of: "."), Int(id[id.index(after: dot)...]) != nil else { continue }
            let qid = String(id[..<dot])
            if ids.contains(qid) { columns[qid, default: []].append((String(id[dot...]), heading)) }
        }
        var out = [String: PreviousQuestion]()
        for (id, cols) in columns {
            var printed: String
            var options: [String] = []
            if cols.contains(where: { !$0.suffix.isEmpty }) {
                // 「問3　ラベル：選択肢」: the common part up to its last 「：」 is the question.
                let headings = cols.filter { !$0.suffix.isEmpty }.map(\.heading)
                var common = headings[0]
                for h in headings.dropFirst() { while !h.hasPrefix(common) { common.removeLast() } }
                guard let colon = common.lastIndex(of: "：") else { continue }
                printed = String(common[..<colon])
                options = headings.map { String($0.dropFirst(printed.count + 1)) }
            } else {
                printed = cols[0].heading
                for suffix in ["（コード）", "（点）"] where printed.hasSuffix(suffix) { printed.removeLast(suffix.count) }
            }
            let parts = printed.split(separator: "　", maxSplits: 1).map(String.init)
            let numbered = parts.count == 2 && parts[0].hasPrefix("問")
            out[id] = PreviousQuestion(number: numbered ? parts[0] : "", label: numbered ? parts[1] : printed, options: options)
        }
        return out
    }
}
