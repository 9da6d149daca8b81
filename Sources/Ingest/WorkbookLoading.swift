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
                         complete: Bool = true, memo: PartMemo? = nil) throws(XLSXError) -> WorkbookSnapshot {
        let book: Workbook
        if let archive { book = try Workbook(archive: archive, limits: limits, memo: memo) }
        else { book = try Workbook(bytes: bytes, limits: limits) }
        // Our names where the reader resolves them: one resolver, one scoping rule, for both reads.
        let named = book.namedCells(prefix: Anchor.definedNamePrefix)
        var anchors: [WorkbookSnapshot.AnchorCell] = []
        anchors.reserveCapacity(named.count)
        for n in named {
            // An answer is one cell: a name over a block of cells marks none.
            guard let cell = n.range.single else { continue }
            anchors.append(.init(name: n.name, sheet: n.sheet, row: cell.row, column: cell.column))
        }
        var sheets: [WorkbookSnapshot.Sheet] = []
        if complete {
            for info in book.sheets {
                sheets.append(sheet(try book.worksheet(at: info.index), info, book))
            }
            return WorkbookSnapshot(sheets: sheets, anchorCells: anchors, modified: book.properties.modified, complete: true)
        }

        // The fast path: just the anchored cells of their sheets (one selection per sheet, made
        // once per workbook part), and the meta sheet.
        let selections = book.namedCellSelections(prefix: Anchor.definedNamePrefix)
        for info in book.sheets {
            if info.name == Anchor.metaSheetName {
                sheets.append(sheet(try book.worksheet(at: info.index, selecting: .everyCell), info, book))
            } else if let selection = selections[info.index] {
                sheets.append(sheet(try book.worksheet(at: info.index, selecting: selection), info, book))
            }
        }
        return WorkbookSnapshot(sheets: sheets, anchorCells: anchors, modified: book.properties.modified, complete: false)
    }

    private static func sheet(_ ws: Worksheet, _ info: SheetInfo, _ book: Workbook) -> WorkbookSnapshot.Sheet {
        let cells = CellMap(rowMajor: ws.cells.map { ($0.ref.row, $0.ref.column, raw($0, uses1904: book.uses1904Dates)) })
        return .init(name: info.name, hidden: info.visibility != .visible, cells: cells,
                     uncachedFormulas: Set(ws.uncachedFormulas.map { .init(row: $0.row, column: $0.column) }))
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

extension RejectReason {
    /// A reader error in the ledger's words (`renkei cells` says the same as the ledger would).
    public init(reading error: XLSXError) { self = WorkbookLoading.rejection(error) }
}
