import Foundation
import SurveyModel

/// The few things Ingest needs from a parsed workbook, as plain values.
/// Identify and Extract work on this, not on the reader, so they stay pure and testable
/// without zip bytes; `WorkbookLoading` fills it from XLSXReader at the edge.
public struct WorkbookSnapshot: Sendable, Equatable {
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var hidden: Bool
        /// Non-empty cells by A1 reference (`D12`, upper case, no `$`).
        public var cells: CellMap
        /// Cells with a formula saved without its result, as (row, column), 0-based.
        public var uncachedFormulas: Set<CellPosition>

        public init(name: String, hidden: Bool = false, cells: CellMap, uncachedFormulas: Set<CellPosition> = []) {
            self.name = name; self.hidden = hidden; self.cells = cells; self.uncachedFormulas = uncachedFormulas
        }
    }

    /// A cell's place on a sheet, 0-based.
    public struct CellPosition: Sendable, Hashable {
        public var row: Int, column: Int
        public init(row: Int, column: Int) { self.row = row; self.column = column }
    }

    public var sheets: [Sheet]
    /// docProps/core.xml `dcterms:modified`: when the respondent's office software last saved it.
    public var modified: Date?
    /// False when only the cells our anchors point to were read (the fast path).
    public var complete: Bool
    /// Our `RK_` names, each resolved to one cell by the reader's one resolver and scoping rule,
    /// whichever way the workbook was read: the fast path and the full read see the same anchors.
    public var anchorCells: [AnchorCell]

    public struct AnchorCell: Sendable, Equatable {
        public var name: String
        public var sheet: String
        /// 0-based.
        public var row: Int, column: Int

        public init(name: String, sheet: String, row: Int, column: Int) {
            self.name = name; self.sheet = sheet; self.row = row; self.column = column
        }
    }

    public init(sheets: [Sheet], anchorCells: [AnchorCell] = [], modified: Date? = nil, complete: Bool = true) {
        self.sheets = sheets; self.anchorCells = anchorCells; self.modified = modified; self.complete = complete
    }

    public func sheet(named name: String) -> Sheet? { sheets.first { $0.name == name } }
}

/// A cell's value as read (the type lives in SurveyModel, where the question kinds read it).
public typealias RawValue = WrittenValue
