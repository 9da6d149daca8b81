import CXlsxWriter
import Foundation

/// What users may still do on a protected sheet (シートの保護). Cells are editable only
/// where their `CellFormat.locked` is false.
public struct SheetProtection: Hashable, Sendable {
    public var selectLockedCells: Bool
    public var selectUnlockedCells: Bool
    public var formatCells: Bool
    public var formatColumns: Bool
    public var formatRows: Bool
    public var insertColumns: Bool
    public var insertRows: Bool
    public var insertHyperlinks: Bool
    public var deleteColumns: Bool
    public var deleteRows: Bool
    public var sort: Bool
    public var autofilter: Bool
    public var pivotTables: Bool
    public var editObjects: Bool
    public var editScenarios: Bool

    /// Excel's own defaults: selection allowed, everything else refused.
    public init(selectLockedCells: Bool = true, selectUnlockedCells: Bool = true,
                formatCells: Bool = false, formatColumns: Bool = false, formatRows: Bool = false,
                insertColumns: Bool = false, insertRows: Bool = false, insertHyperlinks: Bool = false,
                deleteColumns: Bool = false, deleteRows: Bool = false, sort: Bool = false,
                autofilter: Bool = false, pivotTables: Bool = false, editObjects: Bool = false,
                editScenarios: Bool = false) {
        self.selectLockedCells = selectLockedCells
        self.selectUnlockedCells = selectUnlockedCells
        self.formatCells = formatCells
        self.formatColumns = formatColumns
        self.formatRows = formatRows
        self.insertColumns = insertColumns
        self.insertRows = insertRows
        self.insertHyperlinks = insertHyperlinks
        self.deleteColumns = deleteColumns
        self.deleteRows = deleteRows
        self.sort = sort
        self.autofilter = autofilter
        self.pivotTables = pivotTables
        self.editObjects = editObjects
        self.editScenarios = editScenarios
    }
}

extension SheetWriter {
    /// Protects the sheet. Without a password anyone can unprotect it from the Review tab —
    /// the point is to stop accidental edits of labels, not to secure anything.
    /// A password is stored as Excel's weak 16-bit hash, so it is a speed bump only.
    public func protect(password: String? = nil, options: SheetProtection = .init()) throws {
        let sheet = try live()
        var p = lxw_protection()
        // The library speaks in "forbid" flags for selection and "allow" flags for the rest.
        p.no_select_locked_cells = options.selectLockedCells ? 0 : 1
        p.no_select_unlocked_cells = options.selectUnlockedCells ? 0 : 1
        p.format_cells = options.formatCells ? 1 : 0
        p.format_columns = options.formatColumns ? 1 : 0
        p.format_rows = options.formatRows ? 1 : 0
        p.insert_columns = options.insertColumns ? 1 : 0
        p.insert_rows = options.insertRows ? 1 : 0
        p.insert_hyperlinks = options.insertHyperlinks ? 1 : 0
        p.delete_columns = options.deleteColumns ? 1 : 0
        p.delete_rows = options.deleteRows ? 1 : 0
        p.sort = options.sort ? 1 : 0
        p.autofilter = options.autofilter ? 1 : 0
        p.pivot_tables = options.pivotTables ? 1 : 0
        p.objects = options.editObjects ? 1 : 0
        p.scenarios = options.editScenarios ? 1 : 0
        if let password, !password.isEmpty {
            worksheet_protect(sheet, password, &p)
        } else {
            worksheet_protect(sheet, nil, &p)
        }
    }
}
