import Foundation
import Ingest
import SurveyModel
import XLSXWriter

/// The audit trail of replies (修正履歴): corrections.csv for the run, a sheet per prefecture.
/// The national CSV cites the reply file and row but not the replier's name nor a contact value
/// (those stay in the prefecture's own sheet and in the reply file itself).
public enum CorrectionsCSV {
    static let header = [Term.respondent, .code, .form, .coordinatorNumber, .questionNumber, .question, .written, .correctedValue,
                         .outcome, .reason, .correctionKind, .file, .line, .replier, .repliedOn, .note].map(\.rawValue)
        + ["respondent", "question_id", "rule_id", "outcome", "query_id"]

    static func bytes(_ ctx: ReportContext) -> [UInt8] {
        let rows = ctx.input.corrections.map { c in fields(c, ctx, local: false) }
        return CSV.documentBytes(header: header, rows: rows)
    }

    static func fields(_ c: Correction, _ ctx: ReportContext, local: Bool) -> [String] {
        let form = c.respondent.flatMap { ctx.codebook.form($0.form) }
        let q = form?.question(c.question)
        let contact = q?.isContact ?? false
        func shown(_ v: String) -> String { !local && contact && !v.isEmpty ? ReportContext.mask : v }
        return [c.respondent.map { $0.display(formTitle: form?.title ?? "", name: ctx.name(of: $0.code)) } ?? "（照会と一致しない行）",
                c.respondent?.code ?? c.shownCode, form?.title ?? "", c.respondent?.coordinatorNumber.map(String.init) ?? "",
                q?.number ?? c.shownQuestionNumber, q?.label ?? "", shown(c.original), shown(c.corrected), c.outcome.label,
                local ? c.reason : shown(c.reason), c.kind.label, c.source.description, String(c.row),
                local ? c.by : (c.by.isEmpty ? "" : "（修正履歴・回答ファイルに記載）"), c.on, local ? c.note : (c.note.isEmpty ? "" : "（修正履歴・回答ファイルに記載）"),
                c.respondent?.description ?? "", c.question, c.rule, c.outcome.rawValue, c.queryID]
    }

    /// 修正履歴 in a prefecture's workbook: its respondents' replies in full.
    static func sheet(_ b: SheetBuilder, _ ctx: ReportContext, _ pref: Prefecture) throws {
        // By the reply's prefecture (the run's record), never by what a copied row names.
        let mine = ctx.input.corrections.filter { $0.prefecture == pref.prefCode }
        try b.text("修正履歴　" + pref.name, 0, 0, Style.title, measure: false)
        let n = { (o: Correction.Outcome) in mine.count { $0.outcome == o } }
        try b.text("疑義照会への回答と事務局の修正（回答の1行ごとに結果は1つ）。" + Correction.Outcome.allCases.map { "\($0.label) \(Shown.count(n($0))) 件" }.joined(separator: "、")
                   + "。反映しなかった回答は理由とともに次の疑義照会票で再度お尋ねします。元のファイルは変更していません。", 1, 0, Style.note, measure: false)
        let top = 3
        let columns = Array(header.prefix(16))
        // Headings wrap (コーディネーター/番号) rather than widening their columns.
        for (i, h) in columns.enumerated() { try b.text(h, top, i, Style.header, measure: false) }
        var row = top + 1
        for c in mine {
            for (i, v) in fields(c, ctx, local: true).prefix(16).enumerated() {
                try b.text(v, row, i, i == 9 || i == 15 ? Style.wrapped : Style.text, measure: i != 9 && i != 15)
            }
            row += 1
        }
        if mine.isEmpty { try b.text("修正・確認はありません。", row, 0, Style.note, measure: false) }
        else { try b.sheet.autofilter(rows: top...(row - 1), columns: 0...(columns.count - 1)) }
        b.setWidth(9, 40)
        try b.fitColumns(minimum: 6, maximum: 30)
        try b.printSetup(headerRows: top...top, title: pref.name + " 修正履歴", excerpt: 0...printedColumns)
    }
}

extension ReportContext {
    /// Answers that are a corrected value, for answers.csv's 修正 column.
    var correctedAnswers: [Respondent: [String: String]] {
        var out: [Respondent: [String: String]] = [:]
        for c in input.corrections where c.outcome == .applied {
            if let r = c.respondent { out[r, default: [:]][c.question] = c.kind.label }
        }
        return out
    }
}

extension CorrectionsCSV {
    /// The last column printed (理由): the columns after it (種別, ファイル, 回答者名 …) are read in Excel.
    static let printedColumns = header.firstIndex(of: "理由")!

    static func prefectureSheet(_ ctx: ReportContext, _ pref: Prefecture) -> ReportSheet {
        ReportSheet(name: "修正履歴", purpose: "疑義照会への回答と事務局の修正（元の値、修正後の値、回答者、結果）",
                    medium: .excel(printed: "回答者から理由までの列")) { try sheet($0, ctx, pref) }
    }
}
