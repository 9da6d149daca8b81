import Foundation
import SurveyModel
import XLSXReader

/// The edge between the reader and the pure stages: one workbook's bytes → a snapshot.
enum WorkbookLoading {
    /// `complete: false` reads only the sheets a renkei form needs — the meta sheet and those our
    /// `RK_` names point to — leaving the instructions and list sheets unparsed (most of the cost);
    /// `complete: true` reads every sheet, for forms whose names or meta sheet were lost.
    static func snapshot(bytes: [UInt8], limits: ReaderLimits, complete: Bool = true) throws(XLSXError) -> WorkbookSnapshot {
        let book = try Workbook(bytes: bytes, limits: limits)
        var wanted: Set<String>? = nil
        if !complete {
            var w: Set<String> = [Anchor.metaSheetName]
            var seen: Set<String> = []
            for n in book.definedNames where n.name.hasPrefix("RK_") {
                // All of a form's names share one sheet prefix: resolve each distinct prefix once.
                let prefix = n.refersTo.split(separator: "!", maxSplits: 1).first.map(String.init) ?? ""
                guard seen.insert(prefix).inserted else { continue }
                if let sheet = Extract.resolve(refersTo: n.refersTo)?.sheet { w.insert(sheet) }
            }
            wanted = w
        }
        var sheets: [WorkbookSnapshot.Sheet] = []
        for info in book.sheets {
            if let wanted, !wanted.contains(info.name) { continue }
            let ws = try book.worksheet(at: info.index)
            let cells = CellMap(rowMajor: ws.cells.map { ($0.ref.row, $0.ref.column, raw($0, uses1904: book.uses1904Dates)) })
            sheets.append(.init(name: info.name, hidden: info.visibility != .visible, cells: cells))
        }
        // Workbook-scoped names are ours; a sheet-scoped copy is used only when no global one exists.
        var names: [String: String] = [:]
        for n in book.definedNames where n.localSheetId == nil { names[n.name] = names[n.name] ?? n.refersTo }
        for n in book.definedNames where n.localSheetId != nil { names[n.name] = names[n.name] ?? n.refersTo }
        return WorkbookSnapshot(sheets: sheets, definedNames: names, modified: book.properties.modified,
                                complete: wanted == nil || sheets.count == book.sheets.count)
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
