import SurveyModel
import XLSXReader

/// What the hidden meta sheet (`_renkei`) says a workbook is.
public struct FormMeta: Sendable, Equatable {
    public var formID: FormID
    public var codebookID: String
    public var codebookVersion: String
    /// 団体コード the form was made for; nil on a blank coordinator form.
    public var code: String?
    public var coordinatorNumber: Int?
    /// Column letters of input cells and of the hidden id column (fallback anchors).
    public var answerColumn: String?
    public var idColumn: String?
    /// The meta sheet's name as found (it may have been renamed).
    public var sheetName: String
}

/// Recognises the form from its meta sheet. Respondent checks against the master list are in
/// `IdentifyRespondent`, because they need the extracted identity cells.
public enum Identify {
    /// The form's meta block, or why the workbook is not one of our forms.
    public static func meta(of workbook: WorkbookSnapshot, codebook: Codebook) -> Result<FormMeta, RejectReason> {
        let sheet = workbook.sheet(named: Anchor.metaSheetName).flatMap { isMeta($0) ? $0 : nil }
            ?? workbook.sheets.first(where: isMeta)
        guard let sheet else { return .failure(.notASurveyForm) }

        var values: [String: String] = [:]
        sheet.cells.forEachCell { row, column, value in
            // Keys in column A below the marker, values beside them in B.
            guard column == 0, row > 0, case .text(let key) = value,
                  let v = sheet.cells[row: row, column: 1] else { return }
            values[Normalize.trim(key)] = Normalize.trim(v.written)
        }
        func get(_ k: Anchor.MetaKey) -> String? { values[k.rawValue].flatMap { $0.isEmpty ? nil : $0 } }

        guard let formText = get(.formID), let cbID = get(.codebookID), let cbVersion = get(.codebookVersion) else {
            return .failure(.notASurveyForm)
        }
        guard cbID == codebook.id, cbVersion == codebook.version else {
            return .failure(.otherVersion(found: "\(cbID) \(cbVersion)", expected: "\(codebook.id) \(codebook.version)"))
        }
        guard let form = codebook.form(id: formText.uppercased())?.id else { return .failure(.notASurveyForm) }
        let columns = [get(.answerColumn), get(.idColumn)].map { $0.map { $0.uppercased() }.flatMap { CellRef.column(letters: $0) != nil ? $0 : nil } }
        return .success(FormMeta(formID: form, codebookID: cbID, codebookVersion: cbVersion,
                                 code: get(.code), coordinatorNumber: get(.coordinatorNumber).flatMap { Int($0) },
                                 answerColumn: columns[0], idColumn: columns[1], sheetName: sheet.name))
    }

    static func isMeta(_ sheet: WorkbookSnapshot.Sheet) -> Bool {
        if case .text(let s) = sheet.cells["A1"] { return Normalize.trim(s) == Anchor.metaMarker }
        return false
    }
}
