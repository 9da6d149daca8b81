import Foundation
import SurveyModel
import XLSXReader

/// The edge between the reader and the pure stages: one workbook's bytes → a snapshot.
enum WorkbookLoading {
    /// `complete: false` reads only the cells a renkei form needs — the meta sheet, and the cells
    /// our `RK_` names point to — leaving labels, the instructions and list sheets, and everything
    /// after the cell data unparsed (most of the cost); `complete: true` reads every cell of
    /// every sheet, for forms whose names or meta sheet were lost.
    static func snapshot(bytes: [UInt8], archive: ZipArchive? = nil, limits: ReaderLimits,
                         complete: Bool = true) throws(XLSXError) -> WorkbookSnapshot {
        let book: Workbook
        if let archive { book = try Workbook(archive: archive, limits: limits) }
        else { book = try Workbook(bytes: bytes, limits: limits) }
        var sheets: [WorkbookSnapshot.Sheet] = []
        if complete {
            // Workbook-scoped names are ours; a sheet-scoped copy is used only when no global one exists.
            var names: [String: String] = [:]
            names.reserveCapacity(book.definedNames.count)
            for n in book.definedNames where n.localSheetId == nil { names[n.name] = names[n.name] ?? n.refersTo }
            for n in book.definedNames where n.localSheetId != nil { names[n.name] = names[n.name] ?? n.refersTo }
            for info in book.sheets {
                let ws = try book.worksheet(at: info.index)
                sheets.append(sheet(ws, info, book))
            }
            return WorkbookSnapshot(sheets: sheets, definedNames: names, modified: book.properties.modified, complete: true)
        }

        // The fast path: resolve our names once (the same scoping rule, without a dictionary of
        // every name), then read just those cells of their sheets.
        var anchors: [WorkbookSnapshot.AnchorCell] = []
        anchors.reserveCapacity(book.definedNames.count)
        var sheetLocal: [DefinedName] = []
        var resolver = Extract.CellResolver()
        for n in book.definedNames where n.name.utf8.starts(with: "RK_".utf8) {
            if n.localSheetId != nil { sheetLocal.append(n); continue }
            if let c = resolver.resolve(n.refersTo) { anchors.append(.init(name: n.name, sheet: c.sheet, row: c.row, column: c.column)) }
        }
        if !sheetLocal.isEmpty {
            let global = Set(book.definedNames.lazy.filter { $0.localSheetId == nil }.map(\.name))
            var taken: Set<String> = []
            for n in sheetLocal where !global.contains(n.name) && taken.insert(n.name).inserted {
                if let c = resolver.resolve(n.refersTo) { anchors.append(.init(name: n.name, sheet: c.sheet, row: c.row, column: c.column)) }
            }
        }
        var bySheet: [String: [CellRef]] = [:]
        for a in anchors { bySheet[a.sheet, default: []].append(CellRef(row: a.row, column: a.column)) }
        for info in book.sheets {
            if info.name == Anchor.metaSheetName {
                sheets.append(sheet(try book.worksheet(at: info.index, selecting: .everyCell), info, book))
            } else if let refs = bySheet[info.name] {
                sheets.append(sheet(try book.worksheet(at: info.index, selecting: CellSelection(refs)), info, book))
            }
        }
        var snapshot = WorkbookSnapshot(sheets: sheets, modified: book.properties.modified, complete: false)
        snapshot.anchorCells = anchors
        return snapshot
    }

    private static func sheet(_ ws: Worksheet, _ info: SheetInfo, _ book: Workbook) -> WorkbookSnapshot.Sheet {
        let cells = CellMap(rowMajor: ws.cells.map { ($0.ref.row, $0.ref.column, raw($0, uses1904: book.uses1904Dates)) })
        return .init(name: info.name, hidden: info.visibility != .visible, cells: cells)
    }

    static func raw(_ c: Cell, uses1904: Bool) -> RawValue {
        switch c.value {
        case .string(let s): return .text(s)
        case .number(let d):
            if c.isDateFormatted, let date = c.date(uses1904: uses1904) { return .date(date) }
            return .number(d)
        case .bool(let b): return .bool(b)
        case .error(let e): return .error(e)
        case .date(let t): return c.date(uses1904: uses1904).map(RawValue.date) ?? .text(t)
        }
    }

    /// Reader errors in the ledger's words.
    static func rejection(_ e: XLSXError) -> RejectReason {
        switch e {
        case .legacyXLS: .legacyXLS
        case .encrypted: .encrypted
        case .encryptedEntry: .encryptedZip
        case .ods: .ods
        case .notAZip: .notAWorkbook
        case .notASpreadsheet: .bundleWithoutWorkbook
        case .limitExceeded(let which, let limit): .tooLarge("\(which) > \(limit)")
        case .io(_, let reason): .unreadable(reason)
        case .truncated: .corrupt("ファイルが途中で切れています")
        case .corruptZip(let r): .corrupt(r)
        case .missingPart(let p): .corrupt("部品 \(p) がありません")
        case .malformedXML(let part, _, _): .corrupt("\(part) のXMLが不正です")
        case .unsupportedCompression(let m, _): .corrupt("未対応の圧縮方式 \(m)")
        case .sheetNotFound(let s): .corrupt("シート \(s) がありません")
        }
    }
}
