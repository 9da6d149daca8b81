import SurveyModel
import XLSXReader

/// One answer cell of the codebook: a question, or one option's ○ cell of a multi-choice question.
public struct AnswerKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var question: String
    public var option: Int?

    public init(question: String, option: Int? = nil) { self.question = question; self.option = option }

    public var description: String { Anchor.columnKey(question: question, option: option) }

    public static func < (a: AnswerKey, b: AnswerKey) -> Bool {
        (a.question, a.option ?? 0) < (b.question, b.option ?? 0)
    }

    /// Every answer cell a form should have, in form order.
    static func all(of form: Form) -> [AnswerKey] {
        form.questions.flatMap { q in q.kind.cells(of: q).map { AnswerKey(question: q.id, option: $0) } }
    }
}

/// Where an answer was found and what it held, before any meaning is given to it.
public struct ExtractedCell: Sendable, Equatable {
    public var sheet: String
    /// A1 reference, e.g. `D12`.
    public var ref: String
    /// nil for an empty cell.
    public var raw: RawValue?

    public init(sheet: String, ref: String, raw: RawValue?) { self.sheet = sheet; self.ref = ref; self.raw = raw }
}

/// Every answer cell of one returned form, found by its anchor.
public struct ExtractedForm: Sendable, Equatable {
    public var meta: FormMeta
    public var cells: [AnswerKey: ExtractedCell]
    /// Anchors of the codebook found nowhere in the workbook (the form was damaged or rebuilt).
    public var missing: [AnswerKey]

    public func cell(_ question: String, option: Int? = nil) -> ExtractedCell? {
        cells[AnswerKey(question: question, option: option)]
    }
}

/// Finds answers by anchor, so inserted rows, moved blocks and renamed sheets do not matter:
/// defined names first (Excel and LibreOffice rewrite them on every edit), then the hidden id
/// column (survives tools that drop defined names).
public enum Extract {
    public static func answers(of form: Form, in workbook: WorkbookSnapshot, meta: FormMeta) -> ExtractedForm {
        answers(of: form, in: workbook, meta: meta, anchors: FormAnchors(form))
    }

    static func answers(of form: Form, in workbook: WorkbookSnapshot, meta: FormMeta, anchors: FormAnchors) -> ExtractedForm {
        let wanted = anchors.keys
        var found: [AnswerKey: ExtractedCell] = [:]
        found.reserveCapacity(wanted.count)

        if let cells = workbook.anchorCells {
            // Names resolved by the loader. Should two names mark the same answer, the
            // alphabetically first wins, as below.
            var chosen = [Int](repeating: -1, count: wanted.count)
            for (i, a) in cells.enumerated() {
                guard let k = anchors.index(definedName: a.name) else { continue }
                if chosen[k] < 0 || a.name < cells[chosen[k]].name { chosen[k] = i }
            }
            var lastSheet: WorkbookSnapshot.Sheet? = nil
            for (k, i) in chosen.enumerated() where i >= 0 {
                let a = cells[i]
                let sheet: WorkbookSnapshot.Sheet
                if let s = lastSheet, s.name == a.sheet { sheet = s }
                else if let s = workbook.sheet(named: a.sheet) { sheet = s; lastSheet = s }
                else { continue }
                found[wanted[k]] = ExtractedCell(sheet: sheet.name, ref: CellRef(row: a.row, column: a.column).a1,
                                                 raw: sheet.cells[row: a.row, column: a.column])
            }
        } else {
            // Names are visited in dictionary order (not sorted: this runs for every name of every
            // file); should two names mark the same answer, the alphabetically first wins, as if sorted.
            var foundBy: [AnswerKey: String] = [:]
            var lastSheet: WorkbookSnapshot.Sheet? = nil
            for (name, refersTo) in workbook.definedNames {
                guard let k = anchors.index(definedName: name) else { continue }
                let key = wanted[k]
                guard foundBy[key].map({ name < $0 }) ?? true, let target = resolve(refersTo: refersTo) else { continue }
                let sheet: WorkbookSnapshot.Sheet
                if let s = lastSheet, s.name == target.sheet { sheet = s }
                else if let s = workbook.sheet(named: target.sheet) { sheet = s; lastSheet = s }
                else { continue }
                found[key] = ExtractedCell(sheet: sheet.name, ref: target.ref, raw: sheet.cells[target.ref])
                foundBy[key] = name
            }
        }

        if found.count < wanted.count, let idColumn = meta.idColumn, let answerColumn = meta.answerColumn {
            for sheet in workbook.sheets where sheet.name != meta.sheetName {
                for (ref, value) in sheet.cells {
                    guard let (column, row) = A1.split(ref), column == idColumn,
                          case .text(let text) = value,
                          let parsed = Anchor.parse(columnKey: Normalize.trim(text)) else { continue }
                    let key = AnswerKey(question: parsed.question, option: parsed.option)
                    guard anchors.position[key] != nil, found[key] == nil else { continue }
                    let answerRef = answerColumn + String(row)
                    found[key] = ExtractedCell(sheet: sheet.name, ref: answerRef, raw: sheet.cells[answerRef])
                }
            }
        }
        return ExtractedForm(meta: meta, cells: found, missing: wanted.filter { found[$0] == nil })
    }

    /// `'回答 (2)'!$D$12` → ("回答 (2)", "D12"). nil for `#REF!` (the cell was deleted),
    /// external references and anything that is not one cell on one sheet.
    static func resolve(refersTo text: String) -> (sheet: String, ref: String)? {
        var resolver = CellResolver()
        guard let c = resolver.resolve(text) else { return nil }
        return (c.sheet, CellRef(row: c.row, column: c.column).a1)
    }

    /// Resolves defined names' formulas to one cell, byte by byte (every anchor of every file
    /// passes here), keeping the last sheet name so a form's names share one String.
    struct CellResolver {
        private var lastSheetBytes: [UInt8] = []
        private var lastSheet = ""

        /// (sheet, 0-based row, column) of `'回答'!$D$12`, `回答!D12` or `'回答'!$D$12:$D$12`.
        mutating func resolve(_ text: String) -> (sheet: String, row: Int, column: Int)? {
            var text = text
            return text.withUTF8 { u -> (sheet: String, row: Int, column: Int)? in
                var lo = 0, hi = u.count
                while lo < hi, u[lo] == 0x20 { lo += 1 }
                while hi > lo, u[hi - 1] == 0x20 { hi -= 1 }
                if lo < hi, u[lo] == UInt8(ascii: "=") { lo += 1 }
                var bang = hi - 1
                while bang >= lo, u[bang] != UInt8(ascii: "!") { bang -= 1 }
                guard bang >= lo else { return nil }
                let refLo = bang + 1
                // `#REF!` anywhere it can stand: the cell or sheet was deleted.
                if refLo < hi, u[refLo] == UInt8(ascii: "#") { return nil }
                if hi - refLo == 4, u[refLo] == UInt8(ascii: "R"), u[refLo + 1] == UInt8(ascii: "E"),
                   u[refLo + 2] == UInt8(ascii: "F"), u[refLo + 3] == UInt8(ascii: "!") { return nil }
                if bang - lo >= 4, u[lo] == UInt8(ascii: "#"), u[lo + 1] == UInt8(ascii: "R"),
                   u[lo + 2] == UInt8(ascii: "E"), u[lo + 3] == UInt8(ascii: "F") { return nil }
                var sLo = lo, sHi = bang
                if sHi - sLo >= 2, u[sLo] == UInt8(ascii: "'"), u[sHi - 1] == UInt8(ascii: "'") { sLo += 1; sHi -= 1 }
                if sLo < sHi, u[sLo] == UInt8(ascii: "[") { return nil }  // another workbook
                let cell: (row: Int, column: Int)
                var colon = refLo
                while colon < hi, u[colon] != UInt8(ascii: ":") { colon += 1 }
                if colon < hi {
                    guard let a = Self.a1(u, refLo ..< colon), let b = Self.a1(u, colon + 1 ..< hi), a == b else { return nil }
                    cell = a
                } else {
                    guard let a = Self.a1(u, refLo ..< hi) else { return nil }
                    cell = a
                }
                let sheetBytes = UnsafeBufferPointer(rebasing: u[sLo ..< sHi])
                if !sheetBytes.elementsEqual(lastSheetBytes) {
                    lastSheetBytes = Array(sheetBytes)
                    var sheet = String(decoding: sheetBytes, as: UTF8.self)
                    if sheetBytes.contains(UInt8(ascii: "'")) { sheet = unquote(sheet) }
                    lastSheet = sheet
                }
                return (lastSheet, cell.row, cell.column)
            }
        }

        /// `D12`, `$D$12` → 0-based (row, column), within Excel's grid; nil for anything else.
        private static func a1(_ u: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> (row: Int, column: Int)? {
            var column = 0, letters = 0, row = 0, digits = 0
            for i in r {
                let b = u[i]
                switch b {
                case UInt8(ascii: "$"): continue
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                    guard digits == 0, letters < 3 else { return nil }
                    column = column * 26 + Int((b & 0xDF) - 64); letters += 1
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard letters > 0, digits < 7 else { return nil }
                    row = row * 10 + Int(b - UInt8(ascii: "0")); digits += 1
                default: return nil
                }
            }
            guard letters > 0, digits > 0, row > 0, row - 1 <= CellRef.maxRow, column - 1 <= CellRef.maxColumn else { return nil }
            return (row - 1, column - 1)
        }
    }

    /// `It''s` → `It's` (Excel doubles quotes inside quoted sheet names).
    private static func unquote(_ s: String) -> String {
        var out: [UInt8] = []
        var previousQuote = false
        for b in s.utf8 {
            if b == UInt8(ascii: "'") && previousQuote { previousQuote = false; continue }
            previousQuote = b == UInt8(ascii: "'")
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
