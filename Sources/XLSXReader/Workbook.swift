import Foundation
import Synchronization

/// An opened `.xlsx`/`.xlsm`. Opening reads the ZIP directory, relationships, the
/// workbook part and document properties; shared strings and styles are inflated on
/// first use, each sheet whenever it is asked for (nothing else is ever inflated).
///
/// Safe to share between threads: the lazily parsed tables sit behind a Mutex. Different
/// workbooks share nothing, so files can be read in parallel.
public final class Workbook: @unchecked Sendable {
    public let archive: ZipArchive
    public let limits: ReaderLimits
    /// ZIP entry name of the workbook part (usually `xl/workbook.xml`).
    public let workbookPath: String
    public let sheets: [SheetInfo]
    public let uses1904Dates: Bool
    public let definedNames: [DefinedName]
    public let properties: DocumentProperties
    private let sharedStringsPath: String?
    private let stylesPath: String?
    /// Parts parsed earlier in the run, reused when this file stores byte-identical ones.
    private let memo: PartMemo?
    /// Defined names resolved, kept with the workbook part they come from.
    let resolvedNames: ResolvedNames

    /// What is inflated on first use, and how much has been inflated so far.
    private struct Lazy {
        var strings: [String]?
        var table: SharedStringTable?
        var styles: StyleTable?
        var inflated = 0
    }
    private let lazy: Mutex<Lazy>

    public convenience init(path: String, limits: ReaderLimits = .default) throws(XLSXError) {
        try self.init(bytes: FileBytes.load(path), limits: limits)
    }

    public convenience init(bytes: [UInt8], limits: ReaderLimits = .default) throws(XLSXError) {
        // Say what the file is when it is a known non-xlsx container.
        if bytes.starts(with: ContainerKind.ole2Magic) {
            throw ContainerKind.contains(bytes, ContainerKind.encryptionInfoUTF16) ? .encrypted : .legacyXLS
        }
        try self.init(archive: ZipArchive(bytes: bytes, limits: limits), limits: limits)
    }

    /// A workbook over an archive already opened (e.g. to sniff what the file is).
    /// With a `memo`, parts byte-identical to ones parsed before (see `PartMemo`) are not inflated again.
    public init(archive zip: ZipArchive, limits: ReaderLimits = .default, memo: PartMemo? = nil) throws(XLSXError) {
        self.archive = zip
        self.limits = limits
        self.memo = memo
        var budget = limits.maxTotalInflated
        func read(_ name: String) throws(XLSXError) -> [UInt8]? {
            guard let e = zip.entry(named: name) else { return nil }
            let data = try zip.extract(e, budget: budget)
            budget -= data.count
            return data
        }
        func parsed<T: Sendable>(_ name: String, role: String, _ parse: ([UInt8]) throws -> T) throws -> T? {
            guard let e = zip.entry(named: name) else { return nil }
            let (value, inflated) = try Workbook.memoized(e, in: zip, role: role, budget: budget, memo: memo, limits: limits, parse)
            budget -= inflated
            return value
        }
        if let mime = zip.entry(named: "mimetype"), mime.uncompressedSize < 200,
           let m = try? zip.extract(mime, budget: 200), m.starts(with: ContainerKind.odsMime) {
            throw .ods
        }

        let result: (String, WorkbookPart, [Relationship], DocumentProperties) = try Workbook.wrap {
            // The package relationships name the workbook part; never guess it.
            var workbookPath: String?
            var props = DocumentProperties()
            if let rels = try parsed("_rels/.rels", role: "rels:", { try Relationships.parse($0, part: "_rels/.rels", source: "", limits: limits) }) {
                workbookPath = rels.first { $0.kind == "officeDocument" && !$0.isExternal }?.target
                if let core = rels.first(where: { $0.kind == "core-properties" || $0.kind == "metadata/core-properties" })?.target,
                   let data = try read(core) {
                    props = try DocumentProperties.parse(data, part: core, limits: limits)
                }
            } else if zip.entry(named: "xl/workbook.xml") != nil {
                // A package without `_rels/.rels` is invalid but Excel repairs it this way.
                workbookPath = "xl/workbook.xml"
            }
            if props.modifiedText == nil, let data = try read("docProps/core.xml") {
                props = try DocumentProperties.parse(data, part: "docProps/core.xml", limits: limits)
            }
            guard let wbPath = workbookPath, zip.entry(named: wbPath) != nil else { throw XLSXError.notASpreadsheet }
            guard let wb = try parsed(wbPath, role: "workbook:" + wbPath, { try WorkbookPart.parse($0, part: wbPath, limits: limits) })
            else { throw XLSXError.missingPart(wbPath) }
            let relsPath = Relationships.relsPath(for: wbPath)
            guard let rels = try parsed(relsPath, role: "rels:" + wbPath, {
                try Relationships.parse($0, part: relsPath, source: wbPath, limits: limits)
            }) else { throw XLSXError.missingPart(relsPath) }
            return (wbPath, wb, rels, props)
        }
        let (wbPath, wb, rels, props) = result
        workbookPath = wbPath
        uses1904Dates = wb.date1904
        definedNames = wb.definedNames
        resolvedNames = wb.resolved
        properties = props
        // A workbook's handful of relationships are looked through; a table only for many (the first of an id wins either way).
        let byId: [String: Relationship]? = rels.count > 16 ? Dictionary(rels.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) : nil
        sheets = wb.sheets.enumerated().map { i, s in
            let rel = byId.map { $0[s.relationshipId] } ?? rels.first { $0.id == s.relationshipId }
            let kind: SheetKind = switch rel?.kind {
            case "worksheet": .worksheet
            case "chartsheet": .chartsheet
            case "dialogsheet": .dialogsheet
            case "xlMacrosheet", "xlIntlMacrosheet": .macrosheet
            default: rel == nil ? .worksheet : .other
            }
            return SheetInfo(name: s.name, visibility: s.visibility, index: i, partPath: rel?.target, kind: kind)
        }
        sharedStringsPath = rels.first { $0.kind == "sharedStrings" }?.target
        stylesPath = rels.first { $0.kind == "styles" }?.target
        lazy = Mutex(Lazy(inflated: limits.maxTotalInflated - budget))
    }

    /// The worksheet with this exact name (Excel compares names case-insensitively, so
    /// that is tried second), as a defined name's sheet is found.
    public func worksheet(named name: String) throws(XLSXError) -> Worksheet {
        var resolver = SheetResolver(sheets)
        var text = name
        if let i = text.withUTF8({ resolver.sheet(named: $0) }) { return try worksheet(at: i) }
        throw .sheetNotFound(name)
    }

    /// The sheet at a 0-based tab position. Chart and dialog sheets read as empty.
    public func worksheet(at index: Int) throws(XLSXError) -> Worksheet {
        guard sheets.indices.contains(index) else { throw .sheetNotFound("#\(index)") }
        let info = sheets[index]
        guard info.kind == .worksheet || info.kind == .macrosheet else { return Worksheet(name: info.name, cells: []) }
        guard let path = info.partPath else { throw .missingPart("sheet '\(info.name)' (no relationship)") }
        guard archive.entry(named: path) != nil else { throw .missingPart(path) }
        let strings = SharedStringTable(decoded: try sharedStrings())
        let styles = try styleTable()
        let data = try inflate(path)
        return try Workbook.wrap {
            try WorksheetParser.parse(data, name: info.name, part: path, sharedStrings: strings, styles: styles, limits: limits)
        }
    }

    /// Only the selected cells of the sheet at a 0-based tab position, read to the end of its
    /// cell data and no further: no merged ranges, and the shared strings of other cells are
    /// never decoded. For reading a form's answer cells out of thousands of label cells.
    public func worksheet(at index: Int, selecting selection: CellSelection) throws(XLSXError) -> Worksheet {
        guard sheets.indices.contains(index) else { throw .sheetNotFound("#\(index)") }
        let info = sheets[index]
        guard info.kind == .worksheet || info.kind == .macrosheet else { return Worksheet(name: info.name, cells: []) }
        guard let path = info.partPath else { throw .missingPart("sheet '\(info.name)' (no relationship)") }
        guard archive.entry(named: path) != nil else { throw .missingPart(path) }
        let strings = try stringTable()
        let styles = try styleTable()
        let data = try inflate(path)
        return try Workbook.wrap {
            try WorksheetParser.parse(data, name: info.name, part: path, sharedStrings: strings, styles: styles,
                                      limits: limits, selection: selection)
        }
    }

    /// Every sheet in workbook order.
    public func worksheets() throws(XLSXError) -> [Worksheet] {
        var out: [Worksheet] = []
        for i in sheets.indices { out.append(try worksheet(at: i)) }
        return out
    }

    /// The shared string table (empty when the workbook has none).
    public func sharedStrings() throws(XLSXError) -> [String] {
        try lazy.withLock { (l) throws(XLSXError) -> [String] in
            if let s = l.strings { return s }
            var strings: [String] = []
            if let p = sharedStringsPath, archive.entry(named: p) != nil {
                let data = try inflate(p, &l)
                strings = try Workbook.wrap { try SharedStrings.parse(data, part: p, limits: limits) }
            }
            l.strings = strings
            return strings
        }
    }

    /// The shared strings for selective reads: decoded on demand where the part allows it.
    func stringTable() throws(XLSXError) -> SharedStringTable {
        try lazy.withLock { (l) throws(XLSXError) -> SharedStringTable in
            if let t = l.table { return t }
            var table = SharedStringTable.empty
            if let s = l.strings {
                table = SharedStringTable(decoded: s)
            } else if let p = sharedStringsPath, archive.entry(named: p) != nil {
                let data = try inflate(p, &l)
                table = try Workbook.wrap {
                    try SharedStringTable(indexing: data, part: p, limits: limits)
                        ?? SharedStringTable(decoded: SharedStrings.parse(data, part: p, limits: limits))
                }
            }
            l.table = table
            return table
        }
    }

    func styleTable() throws(XLSXError) -> StyleTable {
        try lazy.withLock { (l) throws(XLSXError) -> StyleTable in
            if let s = l.styles { return s }
            var table = StyleTable.empty
            if let p = stylesPath, let e = archive.entry(named: p) {
                let remaining = limits.maxTotalInflated - l.inflated
                if remaining <= 0 { throw .limitExceeded(which: "maxTotalInflated", limit: limits.maxTotalInflated) }
                let (parsed, inflated) = try Workbook.wrap {
                    try Workbook.memoized(e, in: archive, role: "styles:" + p, budget: remaining, memo: memo, limits: limits) {
                        try StyleTable.parse($0, part: p, limits: limits)
                    }
                }
                l.inflated += inflated
                table = parsed
            }
            l.styles = table
            return table
        }
    }

    func inflate(_ path: String) throws(XLSXError) -> [UInt8] {
        try lazy.withLock { (l) throws(XLSXError) -> [UInt8] in try inflate(path, &l) }
    }

    private func inflate(_ path: String, _ l: inout Lazy) throws(XLSXError) -> [UInt8] {
        guard let e = archive.entry(named: path) else { throw .missingPart(path) }
        let remaining = limits.maxTotalInflated - l.inflated
        if remaining <= 0 { throw .limitExceeded(which: "maxTotalInflated", limit: limits.maxTotalInflated) }
        let data = try archive.extract(e, budget: remaining)
        l.inflated += data.count
        return data
    }

    /// `parse` of the entry's inflated bytes and how many bytes it inflated to, or the value kept
    /// for byte-identical stored bytes under the same limits (`PartMemo`, which says why that is honest).
    static func memoized<T: Sendable>(_ e: ZipEntry, in zip: ZipArchive, role: String, budget: Int, memo: PartMemo?,
                                      limits: ReaderLimits, _ parse: ([UInt8]) throws -> T) throws -> (T, Int) {
        guard let memo, memo.limits == limits, zip.limits == limits, !e.isEncrypted else {
            let data = try zip.extract(e, budget: budget)
            return (try parse(data), data.count)
        }
        let range = try zip.storedRange(e)
        let key = PartMemo.Key(role: role, crc: e.crc32, method: e.method, compressed: e.compressedSize, declared: e.uncompressedSize)
        return try zip.bytes.withUnsafeBufferPointer { buf in
            let stored = UnsafeBufferPointer(rebasing: buf[range])
            // Strictly below the ceiling: the same inflate could not have hit a limit.
            if let hit = memo.lookup(key, stored: stored), let value = hit.value as? T,
               hit.inflated < min(limits.maxEntrySize, budget) {
                return (value, hit.inflated)
            }
            let data = try zip.extract(e, budget: budget)
            let value = try parse(data)
            memo.insert(key, stored: stored, inflated: data.count, value: value)
            return (value, data.count)
        }
    }

    /// Internal parsers throw only XLSXError; this restores the typed error at the API.
    static func wrap<T>(_ body: () throws -> T) throws(XLSXError) -> T {
        do { return try body() } catch let e as XLSXError { throw e } catch { throw .corruptZip("\(error)") }
    }
}
