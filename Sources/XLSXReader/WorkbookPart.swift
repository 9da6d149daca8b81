import Synchronization

/// Whether Excel shows a sheet tab.
public enum SheetVisibility: String, Sendable, Equatable {
    case visible, hidden, veryHidden
}

/// What a sheet entry of the workbook points to.
public enum SheetKind: String, Sendable, Equatable {
    case worksheet, chartsheet, dialogsheet, macrosheet, other
}

/// A sheet as listed in `workbook.xml`, in tab order.
public struct SheetInfo: Sendable, Equatable {
    public let name: String
    public let visibility: SheetVisibility
    /// 0-based position in the workbook.
    public let index: Int
    /// ZIP entry name of the sheet part, found through the workbook's relationships
    /// (nil when the relationship is missing).
    public let partPath: String?
    public let kind: SheetKind
}

/// The facts `workbook.xml` holds for a reader.
struct WorkbookPart: Sendable {
    struct SheetEntry: Sendable {
        let name: String
        let visibility: SheetVisibility
        let relationshipId: String
    }

    var sheets: [SheetEntry] = []
    var date1904 = false
    var definedNames: [DefinedName] = []
    /// Names resolved from this part, shared by every workbook whose part `PartMemo` gave back.
    let resolved = ResolvedNames()

    static func parse(_ bytes: [UInt8], part: String, limits: ReaderLimits) throws -> WorkbookPart {
        try bytes.withUnsafeBufferPointer { buf in
            var x = XMLScanner(buf, part: part, maxDepth: limits.maxXMLDepth)
            var wb = WorkbookPart()
            var pendingName: (name: String, local: Int?, hidden: Bool)?
            var text: [UInt8] = []
            while true {
                switch try x.next() {
                case .start:
                    if x.isName("sheet") {
                        let state: SheetVisibility = switch x.attributeString("state")?.lowercased() {
                        case "hidden": .hidden
                        case "veryhidden": .veryHidden
                        default: .visible
                        }
                        wb.sheets.append(SheetEntry(name: x.attributeString("name") ?? "Sheet\(wb.sheets.count + 1)",
                                                    visibility: state, relationshipId: x.attributeString("id") ?? ""))
                    } else if x.isName("workbookPr") {
                        let v = x.attributeString("date1904")?.lowercased()
                        wb.date1904 = v == "1" || v == "true"
                    } else if x.isName("definedName") {
                        // One pass over the attributes: a form has a couple of hundred names.
                        var name = "", local: Int? = nil, hidden = false
                        x.forEachAttribute { n, v in
                            if x.bytes(n, equal: "name") { name = x.decodedString(v) }
                            else if x.bytes(n, equal: "localSheetId") { local = NumberParser.parseInt(buf, v) }
                            else if x.bytes(n, equal: "hidden") { hidden = x.bytes(v, equal: "1") || x.bytes(v, equal: "true") }
                            return false
                        }
                        pendingName = (name, local, hidden)
                        text.removeAll(keepingCapacity: true)
                    }
                case .text:
                    if pendingName != nil { x.appendText(into: &text) }
                case .end:
                    if x.isName("definedName"), let p = pendingName {
                        wb.definedNames.append(DefinedName(name: p.name, localSheetId: p.local, isHidden: p.hidden,
                                                           refersTo: String(decoding: text, as: UTF8.self)))
                        pendingName = nil
                    }
                case .eof:
                    return wb
                }
            }
        }
    }
}

/// `Workbook.namedCells(prefix:)` by prefix: a pure function of the workbook part (its defined
/// names and sheet names), so files that share the part byte for byte share the resolution.
final class ResolvedNames: Sendable {
    private let byPrefix = Mutex<[String: [NamedCells]]>([:])
    /// `Workbook.namedCellSelections(prefix:)`, likewise a function of the part alone.
    private let selections = Mutex<[String: [Int: CellSelection]]>([:])

    func value(_ prefix: String, _ make: () -> [NamedCells]) -> [NamedCells] { Self.kept(byPrefix, prefix, make) }

    func selections(_ prefix: String, _ make: () -> [Int: CellSelection]) -> [Int: CellSelection] { Self.kept(selections, prefix, make) }

    /// `table[prefix]`, made by `make` the first time (two files racing both make it: the same value).
    private static func kept<V: Sendable>(_ table: borrowing Mutex<[String: V]>, _ prefix: String, _ make: () -> V) -> V {
        if let v = table.withLock({ $0[prefix] }) { return v }
        let v = make()
        table.withLock { $0[prefix] = v }
        return v
    }
}
