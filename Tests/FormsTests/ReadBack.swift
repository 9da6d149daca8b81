import Foundation
import SurveyModel
import XLSXReader

/// A written form read back the way Ingest will: meta block, defined names, hidden id column.
struct ReadBack {
    let workbook: Workbook
    let meta: [String: String]
    /// Anchor key → A1 cell on the answer sheet, from defined names.
    let byName: [String: (sheet: String, ref: CellRef)]
    /// Anchor key → row (0-based) on the answer sheet, from the id column.
    let byColumn: [String: Int]
    let answerSheet: Worksheet

    init(_ url: URL) throws {
        workbook = try Workbook(path: url.path)
        let sheets = try workbook.worksheets()
        // The meta sheet is found by its A1 marker, not its name.
        guard let metaSheet = sheets.first(where: { $0.cell("A1")?.text == Anchor.metaMarker }) else {
            throw ReadBackError.noMeta
        }
        var meta: [String: String] = [:]
        for cell in metaSheet.cells where cell.ref.column == 0 && cell.ref.row > 0 {
            meta[cell.text] = metaSheet.cell(row: cell.ref.row, column: 1)?.text ?? ""
        }
        self.meta = meta
        var byName: [String: (String, CellRef)] = [:]
        for name in workbook.definedNames {
            guard let parsed = Anchor.parse(definedName: name.name),
                  let ref = workbook.definedNameReference(name.name) else { continue }
            byName[Anchor.columnKey(question: parsed.question, option: parsed.option)] = (ref.sheet, ref.range.start)
        }
        self.byName = byName
        let sheetName = byName.values.first?.0 ?? "回答"
        answerSheet = try workbook.worksheet(named: sheetName)
        let idColumn = Int((meta["id_column"]?.unicodeScalars.first?.value ?? 65) - 65)
        var byColumn: [String: Int] = [:]
        for cell in answerSheet.cells where cell.ref.column == idColumn {
            if Anchor.parse(columnKey: cell.text) != nil { byColumn[cell.text] = cell.ref.row }
        }
        self.byColumn = byColumn
    }

    var answerColumn: Int { Int((meta["answer_column"]?.unicodeScalars.first?.value ?? 68) - 65) }

    /// The value in the input cell of an anchor key, found through the defined name.
    func value(_ key: String) -> String? {
        guard let ref = byName[key]?.ref else { return nil }
        return answerSheet.cell(ref)?.text
    }

    /// The same value found through the id column.
    func valueByColumn(_ key: String) -> String? {
        guard let row = byColumn[key] else { return nil }
        return answerSheet.cell(row: row, column: answerColumn)?.text
    }

    /// Every anchor key the codebook form expects.
    static func expectedKeys(_ form: Form) -> [String] {
        form.questions.flatMap { q in
            q.type == .multi ? q.options.map { Anchor.columnKey(question: q.id, option: $0.code) } : [q.id]
        }
    }
}

enum ReadBackError: Error { case noMeta }
