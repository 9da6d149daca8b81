import SurveyModel

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
        form.questions.flatMap { q -> [AnswerKey] in
            q.type == .multi ? q.options.map { AnswerKey(question: q.id, option: $0.code) }
                             : [AnswerKey(question: q.id)]
        }
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
        let wantedSet = anchors.keySet
        var found: [AnswerKey: ExtractedCell] = [:]
        found.reserveCapacity(wanted.count)

        // Names are visited in dictionary order (not sorted: this runs for every name of every
        // file); should two names mark the same answer, the alphabetically first wins, as if sorted.
        var foundBy: [AnswerKey: String] = [:]
        foundBy.reserveCapacity(wanted.count)
        var lastSheet: WorkbookSnapshot.Sheet? = nil
        for (name, refersTo) in workbook.definedNames {
            guard let key = anchors.key(definedName: name), foundBy[key].map({ name < $0 }) ?? true else { continue }
            let target: (sheet: String, ref: String)
            if let resolved = workbook.anchorCells?[name] { target = (resolved.sheet, resolved.ref) }
            else if let r = resolve(refersTo: refersTo) { target = r }
            else { continue }
            // A form's names all point into one sheet: keep the last one found at hand.
            let sheet: WorkbookSnapshot.Sheet
            if let s = lastSheet, s.name == target.sheet { sheet = s }
            else if let s = workbook.sheet(named: target.sheet) { sheet = s; lastSheet = s }
            else { continue }
            found[key] = ExtractedCell(sheet: sheet.name, ref: target.ref, raw: sheet.cells[target.ref])
            foundBy[key] = name
        }

        if found.count < wantedSet.count, let idColumn = meta.idColumn, let answerColumn = meta.answerColumn {
            for sheet in workbook.sheets where sheet.name != meta.sheetName {
                for (ref, value) in sheet.cells {
                    guard let (column, row) = A1.split(ref), column == idColumn,
                          case .text(let text) = value,
                          let parsed = Anchor.parse(columnKey: Normalize.trim(text)) else { continue }
                    let key = AnswerKey(question: parsed.question, option: parsed.option)
                    guard wantedSet.contains(key), found[key] == nil else { continue }
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
        // Byte-level for speed (every anchor of every file passes here); only ASCII delimiters matter.
        var u = Array(text.utf8)[...]
        while let f = u.first, f == 0x20 { u = u.dropFirst() }
        while let l = u.last, l == 0x20 { u = u.dropLast() }
        if u.first == UInt8(ascii: "=") { u = u.dropFirst() }
        guard let bang = u.lastIndex(of: UInt8(ascii: "!")) else { return nil }
        var sheetBytes = u[..<bang]
        let refBytes = u[(bang + 1)...]
        if refBytes.elementsEqual("REF!".utf8) || u.starts(with: "#REF".utf8) || refBytes.first == UInt8(ascii: "#") { return nil }
        if sheetBytes.count >= 2, sheetBytes.first == UInt8(ascii: "'"), sheetBytes.last == UInt8(ascii: "'") {
            sheetBytes = sheetBytes.dropFirst().dropLast()
        }
        if sheetBytes.first == UInt8(ascii: "[") || sheetBytes.contains(UInt8(ascii: "#")) && sheetBytes.elementsEqual("#REF".utf8) { return nil }
        var sheet = String(decoding: sheetBytes, as: UTF8.self)
        if sheet.utf8.contains(UInt8(ascii: "'")) { sheet = unquote(sheet) }
        let ref = String(decoding: refBytes, as: UTF8.self)
        if let colon = refBytes.firstIndex(of: UInt8(ascii: ":")) {
            guard let a = A1.split(String(decoding: refBytes[..<colon], as: UTF8.self)),
                  let b = A1.split(String(decoding: refBytes[(colon + 1)...], as: UTF8.self)),
                  a == b else { return nil }
            return (sheet, a.column + String(a.row))
        }
        guard let (column, row) = A1.split(ref) else { return nil }
        return (sheet, column + String(row))
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
