import Foundation
import SurveyModel
import XLSXWriter

/// Writes a `FormDocument` as an .xlsx: 記入要領, 回答, hidden `_lists` and `_renkei`.
/// One call builds one workbook on the calling thread; call from many threads for many forms.
public enum FormWriter {
    public static func write(_ doc: FormDocument, to path: String) throws {
        let properties = WorkbookWriter.Properties(
            title: doc.documentTitle, subject: doc.form.title, author: "renkei",
            company: nil, category: doc.codebook.title,
            keywords: "renkei \(doc.form.id.rawValue) \(doc.recipient.code ?? "blank")",
            comments: "codebook \(doc.codebook.id) \(doc.codebook.version)")
        let created: WorkbookWriter.CreationDate = doc.edits.modified.map { .at($0) } ?? .fixed
        let workbook = try WorkbookWriter(path: path, properties: properties, creationDate: created)

        let instructions = try workbook.addSheet(FormDocument.instructionsSheetName)
        let answers = try workbook.addSheet(doc.answerSheetName)
        let lists = try workbook.addSheet(FormDocument.listsSheetName)
        let meta = try workbook.addSheet(Anchor.metaSheetName)

        try InstructionsSheet.write(doc, on: instructions)
        let listSources = try ListSources.write(doc.form, on: lists)
        try AnswerSheet.write(doc, on: answers, workbook: workbook, lists: listSources)
        try writeMeta(doc, on: meta)

        try lists.hide()
        try meta.hide()
        try instructions.activate()
        try workbook.close()
    }

    private static func writeMeta(_ doc: FormDocument, on sheet: SheetWriter) throws {
        try sheet.write(Anchor.metaMarker, row: 0, column: 0)
        for (i, (key, value)) in doc.metaValues.enumerated() {
            try sheet.write(key.rawValue, row: i + 1, column: 0)
            try sheet.write(value, row: i + 1, column: 1, format: CellFormat(numberFormat: "@"))
        }
        try sheet.setColumn(0...1, width: 20)
        try sheet.protect()
    }
}

/// Dropdown sources too long for Excel's 255-character literal list, one column each on `_lists`.
enum ListSources {
    /// Question id → the range holding its option labels.
    static func write(_ form: Form, on sheet: SheetWriter) throws -> [String: SheetRange] {
        var sources: [String: SheetRange] = [:]
        var column = 0
        for q in form.questions {
            // A dropdown of the question's own cell (the kind's; ○ lists of option rows are short).
            guard q.kind.cells(of: q).contains(nil), case .list(let labels)? = q.kind.input(q, option: nil).accepts else { continue }
            guard needsSheet(labels) else { continue }
            try sheet.write(q.id, row: 0, column: column)
            for (i, label) in labels.enumerated() { try sheet.write(label, row: i + 1, column: column) }
            sources[q.id] = .range(sheet: sheet.name, rows: 1...labels.count, column: column)
            column += 1
        }
        try sheet.protect()
        return sources
    }

    /// Literal lists cannot hold commas or quotes either, and must fit 255 characters.
    static func needsSheet(_ labels: [String]) -> Bool {
        DataValidation.joinedLength(labels) > DataValidation.listLimit
            || labels.contains { $0.contains(",") || $0.contains("\"") }
    }
}
