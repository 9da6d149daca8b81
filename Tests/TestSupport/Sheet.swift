import SurveyModel
import XLSXReader

/// One worksheet of a written workbook read back, with the lookups of a question-table sheet.
public struct Sheet {
    public let ws: Worksheet
    public init(_ path: String, _ name: String) throws { ws = try Workbook(path: path).worksheet(named: name) }

    public func text(_ a1: String) -> String? { ws.cell(a1)?.text }
    public func value(_ row: Int, _ column: Int) -> CellValue? { ws.cell(row: row, column: column)?.value }
    public func number(_ row: Int, _ column: Int) -> Double? {
        if case .number(let d)? = value(row, column) { return d } else { return nil }
    }
    public func string(_ row: Int, _ column: Int) -> String? { ws.cell(row: row, column: column)?.text }
    public var allText: [String] { ws.cells.map(\.text) }

    /// Row of the first cell in `column` reading `text`, at or after `from`.
    public func row(_ text: String, column: Int, from: Int = 0) -> Int? {
        ws.cells.filter { $0.ref.column == column && $0.ref.row >= from && $0.text == text }.map(\.ref.row).min()
    }

    /// In a question-table sheet: the row labelled `label` in question `id`'s block.
    /// Blocks are headed by 問番号; in a sheet of several forms, searched under the form's heading.
    public func questionRow(_ id: String, _ label: String, codebook: Codebook = .r5) -> Int? {
        guard let form = codebook.forms.first(where: { $0.question(id) != nil }), let number = form.question(id)?.number
        else { return nil }
        let section = ws.cells.filter { $0.ref.column == 0 && $0.text.hasPrefix(form.title + "（") }.map(\.ref.row).min() ?? 0
        guard let head = row(number, column: 0, from: section) else { return nil }
        let next = ws.cells.filter { $0.ref.column == 0 && $0.ref.row > head && $0.text.hasPrefix("問") }.map(\.ref.row).min() ?? Int.max
        guard let r = row(label, column: 1, from: head + 1), r < next else { return nil }
        return r
    }
}

/// Equal to within rounding; two absent values are equal.
public func approx(_ a: Double?, _ b: Double?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) < 1e-9
}
