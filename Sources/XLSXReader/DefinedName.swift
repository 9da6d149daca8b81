/// A `<definedName>`: a named cell, range or formula.
public struct DefinedName: Sendable, Equatable {
    public let name: String
    /// Set for names scoped to one sheet (0-based sheet index).
    public let localSheetId: Int?
    public let isHidden: Bool
    /// The formula text, e.g. `'回答 票'!$B$7` or `Sheet1!$A$1:$C$3`.
    public let refersTo: String

    /// The sheet and range when `refersTo` is one plain reference; nil for formulas,
    /// unions, `#REF!` and references to other workbooks. Read by `SheetReference`.
    public var reference: (sheet: String, range: CellRange)? {
        DefinedName.parseReference(refersTo)
    }

    public static func parseReference(_ text: String) -> (sheet: String, range: CellRange)? {
        var text = text
        return text.withUTF8 { b -> (sheet: String, range: CellRange)? in
            guard let r = SheetReference.parse(b, 0 ..< b.count) else { return nil }
            return (r.sheetName(b), r.range)
        }
    }

    /// Excel's own names (`_xlnm.Print_Area`, `_xlnm._FilterDatabase`): settings of their sheet.
    public var isBuiltIn: Bool { name.utf8.first == UInt8(ascii: "_") && NameText.starts(name, with: NameText.builtIn) }
}

/// `'回答 (2)'!$D$12`, `回答!D12:E13`, `='It''s'!A1`: cells of one sheet, as a defined name
/// or a formula spells them. The one reader of this notation; the cells go through `CellRange`.
/// Nil for a formula, a union, `#REF!` (the cells or sheet were deleted), another workbook
/// (`[1]Sheet!A1`), a 3-D range (`Sheet1:Sheet3!A1`), a reference without a sheet, and a sheet
/// name that must be quoted but is not (`My Sheet!A1` is an intersection, not a sheet).
struct SheetReference {
    /// The sheet name's bytes, without the quotes; `''` inside is still doubled.
    var sheet: Range<Int>
    var hasDoubledQuotes: Bool
    var range: CellRange

    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> SheetReference? {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, b[lo] == 0x20 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 { hi -= 1 }
        if lo < hi, b[lo] == UInt8(ascii: "=") { lo += 1 }
        guard lo < hi else { return nil }
        var doubled = false
        let sheet: Range<Int>
        var i = lo
        if b[lo] == UInt8(ascii: "'") {
            i += 1
            while true {
                guard i < hi else { return nil }
                let c = b[i]
                if c == UInt8(ascii: "'") {
                    guard i + 1 < hi, b[i + 1] == UInt8(ascii: "'") else { break }
                    doubled = true
                    i += 2
                    continue
                }
                if notInSheetName(c) { return nil }
                i += 1
            }
            sheet = lo + 1 ..< i
            i += 1
        } else {
            while i < hi, b[i] != UInt8(ascii: "!") {
                if notInSheetName(b[i]) || needsQuotes(b[i]) { return nil }
                i += 1
            }
            sheet = lo ..< i
        }
        guard !sheet.isEmpty, i < hi, b[i] == UInt8(ascii: "!"),
              let range = CellRange.parse(b, i + 1 ..< hi) else { return nil }
        return SheetReference(sheet: sheet, hasDoubledQuotes: doubled, range: range)
    }

    /// Excel forbids these in sheet names; `[` starts another workbook's name, `:` a 3-D range.
    @inline(__always) private static func notInSheetName(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: "/"),
             UInt8(ascii: "?"), UInt8(ascii: "*"): true
        default: false
        }
    }

    /// Characters that make an unquoted sheet name a formula instead (operators, spaces, `#REF!`).
    @inline(__always) private static func needsQuotes(_ c: UInt8) -> Bool {
        switch c {
        case 0x00 ... 0x20, UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "#"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "&"), UInt8(ascii: "^"),
             UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "%"),
             UInt8(ascii: "@"), UInt8(ascii: "$"): true
        default: false
        }
    }

    /// The sheet name as text, `''` read as one quote.
    func sheetName(_ b: UnsafeBufferPointer<UInt8>) -> String {
        guard hasDoubledQuotes else { return String(decoding: UnsafeBufferPointer(rebasing: b[sheet]), as: UTF8.self) }
        return String(decoding: Self.undoubled(b, sheet), as: UTF8.self)
    }

    /// `It''s` → `It's`: `parse` has checked that quotes inside come in pairs.
    static func undoubled(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        while i < r.upperBound {
            out.append(b[i])
            i += b[i] == UInt8(ascii: "'") ? 2 : 1
        }
        return out
    }
}

/// A defined name resolved to cells of this workbook.
public struct NamedCells: Sendable, Equatable {
    public let name: String
    /// Position of the sheet in `Workbook.sheets`, and its name as the workbook spells it.
    public let sheetIndex: Int
    public let sheet: String
    public let range: CellRange
}

extension Workbook {
    /// Every name a workbook-level lookup sees whose text starts with `prefix`, resolved to its
    /// cells, in file order; names that point at nothing readable (a formula, `#REF!`, another
    /// workbook, a sheet this workbook lacks) are left out. Both ways Ingest reads a form ask
    /// this, so they cannot disagree on where an answer is.
    ///
    /// The scoping rule, the only one:
    /// - a workbook-scoped name wins over sheet-scoped ones of the same name (Excel makes
    ///   sheet-scoped copies when a sheet is copied; the original's name is the workbook's);
    /// - failing that, the sheet-scoped one of the leftmost sheet (lowest `localSheetId`);
    /// - a name defined twice in one scope (Excel never writes it): the first;
    /// - Excel's own `_xlnm.` names are settings of their sheet and never seen;
    /// - hidden names are seen like any other (hiding keeps them out of the Name Manager only).
    /// Names compare as written (Excel keeps the case a name was defined with).
    public func namedCells(prefix: String = "") -> [NamedCells] {
        // `sheets` carries the part's sheet names in its order: the result depends on the part alone.
        resolvedNames.value(prefix) { resolveNames(prefix: prefix) }
    }

    private func resolveNames(prefix: String) -> [NamedCells] {
        let prefix = Array(prefix.utf8)
        var global: [(index: Int, hash: UInt64)] = [], local: [(index: Int, hash: UInt64)] = []
        global.reserveCapacity(definedNames.count)
        for (i, n) in definedNames.enumerated() {
            guard let h = NameText.hash(n.name, ifStartsWith: prefix), !n.isBuiltIn else { continue }
            if n.localSheetId == nil { global.append((i, h)) } else { local.append((i, h)) }
        }
        var seen = NameText.Seen(capacity: global.count + local.count)
        var picked: [Int] = []
        picked.reserveCapacity(global.count)
        for g in global where seen.insert(g.hash, index: g.index, sameName: { definedNames[$0].name == definedNames[g.index].name }) {
            picked.append(g.index)
        }
        if !local.isEmpty {
            // Stable: file order stays the tie-break between copies on one sheet.
            local.sort { (definedNames[$0.index].localSheetId!, $0.index) < (definedNames[$1.index].localSheetId!, $1.index) }
            for l in local where seen.insert(l.hash, index: l.index, sameName: { definedNames[$0].name == definedNames[l.index].name }) {
                picked.append(l.index)
            }
            picked.sort()
        }
        var resolver = SheetResolver(sheets)
        var out: [NamedCells] = []
        out.reserveCapacity(picked.count)
        for i in picked {
            let n = definedNames[i]
            if let c = resolver.resolve(n.refersTo) {
                out.append(NamedCells(name: n.name, sheetIndex: c.sheet, sheet: sheets[c.sheet].name, range: c.range))
            }
        }
        return out
    }

    /// The single cells `namedCells(prefix:)` names, as one selection per sheet (by index in
    /// `sheets`; a sheet with none is absent): kept with the workbook part, as the names are.
    public func namedCellSelections(prefix: String) -> [Int: CellSelection] {
        resolvedNames.selections(prefix) {
            var bySheet: [Int: [CellRef]] = [:]
            for n in namedCells(prefix: prefix) { if let cell = n.range.single { bySheet[n.sheetIndex, default: []].append(cell) } }
            return bySheet.mapValues { CellSelection($0) }
        }
    }

    /// One name by the rule of `namedCells(prefix:)`, or nil.
    public func namedCells(_ name: String) -> NamedCells? {
        namedCells(prefix: name).first { $0.name == name }
    }

    /// Resolves a defined name to a sheet and range, by the rule of `namedCells(prefix:)`.
    public func definedNameReference(_ name: String) -> (sheet: String, range: CellRange)? {
        namedCells(name).map { ($0.sheet, $0.range) }
    }
}

/// A reference's sheet name matched to a sheet of the workbook on the bytes: a form's couple of
/// hundred names point at one or two sheets, so no String is made for them.
struct SheetResolver {
    private let names: [[UInt8]]
    private let sheets: [SheetInfo]
    private var last = 0

    init(_ sheets: [SheetInfo]) {
        self.sheets = sheets
        names = sheets.map { Array($0.name.utf8) }
    }

    /// (index in `sheets`, cells) of a plain sheet reference; nil when it is not one or names no sheet.
    mutating func resolve(_ refersTo: String) -> (sheet: Int, range: CellRange)? {
        var text = refersTo
        return text.withUTF8 { b -> (sheet: Int, range: CellRange)? in
            guard let r = SheetReference.parse(b, 0 ..< b.count) else { return nil }
            let s: Int?
            if r.hasDoubledQuotes {
                s = SheetReference.undoubled(b, r.sheet).withUnsafeBufferPointer { sheet(named: $0) }
            } else {
                s = sheet(named: UnsafeBufferPointer(rebasing: b[r.sheet]))
            }
            return s.map { ($0, r.range) }
        }
    }

    /// The sheet spelled exactly so, else the one equal ignoring case (Excel's comparison).
    mutating func sheet(named name: UnsafeBufferPointer<UInt8>) -> Int? {
        if last < names.count, Self.equal(names[last], name) { return last }
        if let i = names.firstIndex(where: { Self.equal($0, name) }) { last = i; return i }
        let folded = String(decoding: name, as: UTF8.self).lowercased()
        return sheets.firstIndex { $0.name.lowercased() == folded }
    }

    @inline(__always) private static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0 ..< a.count where a[i] != b[i] { return false }
        return true
    }
}

/// Byte-level work on defined names' text: every name of every file is looked at, so neither
/// generic `starts(with:)` nor `Set<String>` (they cost more than resolving the names did).
enum NameText {
    static let builtIn = Array("_xlnm.".utf8)

    @inline(__always) static func starts(_ s: String, with prefix: [UInt8]) -> Bool {
        var it = s.utf8.makeIterator()
        for b in prefix { guard it.next() == b else { return false } }
        return true
    }

    /// FNV-1a of the name's bytes when it starts with `prefix`, else nil: one pass for both.
    @inline(__always) static func hash(_ s: String, ifStartsWith prefix: [UInt8]) -> UInt64? {
        var s = s
        return s.withUTF8 { b -> UInt64? in
            guard b.count >= prefix.count else { return nil }
            for i in 0 ..< prefix.count where b[i] != prefix[i] { return nil }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for x in b { h = (h ^ UInt64(x)) &* 0x0000_0100_0000_01b3 }
            return h
        }
    }

    /// Names seen so far, by hash in a small open-addressing table; on equal hashes the caller
    /// compares the names themselves (`sameName` gets the index the earlier one was inserted with).
    struct Seen {
        private var slots: [Int32]      // 1 + the caller's index; 0: empty
        private var hashes: [UInt64]
        private var count = 0
        private var mask: Int

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            slots = Array(repeating: 0, count: size)
            hashes = Array(repeating: 0, count: size)
            mask = size - 1
        }

        /// True when the name was not seen before (and is now).
        mutating func insert(_ hash: UInt64, index: Int, sameName: (Int) -> Bool) -> Bool {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
            while slots[slot] != 0 {
                if hashes[slot] == hash && sameName(Int(slots[slot]) - 1) { return false }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(index + 1)
            hashes[slot] = hash
            count += 1
            if count * 2 > slots.count { grow() }
            return true
        }

        /// Never more than half full, so a probe always ends at an empty slot.
        private mutating func grow() {
            let (oldSlots, oldHashes) = (slots, hashes)
            slots = Array(repeating: 0, count: oldSlots.count * 2)
            hashes = Array(repeating: 0, count: oldSlots.count * 2)
            mask = slots.count - 1
            for (s, h) in zip(oldSlots, oldHashes) where s != 0 {
                var slot = Int(truncatingIfNeeded: h ^ (h >> 32)) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = s
                hashes[slot] = h
            }
        }
    }
}
