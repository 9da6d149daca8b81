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
        let wanted = AnswerKey.all(of: form)
        let wantedSet = Set(wanted)
        var found: [AnswerKey: ExtractedCell] = [:]

        for name in workbook.definedNames.keys.sorted() {
            guard let parsed = Anchor.parse(definedName: name) else { continue }
            let key = AnswerKey(question: parsed.question, option: parsed.option)
            guard wantedSet.contains(key), found[key] == nil,
                  let (sheetName, ref) = resolve(refersTo: workbook.definedNames[name]!),
                  let sheet = workbook.sheet(named: sheetName) else { continue }
            found[key] = ExtractedCell(sheet: sheet.name, ref: ref, raw: sheet.cells[ref])
        }

        if found.count < wantedSet.count, let idColumn = meta.idColumn, let answerColumn = meta.answerColumn {
            for sheet in workbook.sheets where sheet.name != meta.sheetName {
                for (ref, value) in sheet.cells {
                    guard let (column, row) = A1.split(ref), column == idColumn,
                          case .text(let text) = value,
                          let parsed = Anchor.parse(columnKey: text.trimmingCharacters(in: .whitespaces)) else { continue }
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
        if let fast = resolvePlain(text) { return fast }
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        if t.first == "=" { t = t.dropFirst() }
        guard !t.contains("#REF!"), let bang = t.lastIndex(of: "!") else { return nil }
        var sheet = String(t[..<bang])
        var ref = String(t[t.index(after: bang)...])
        if sheet.hasPrefix("'"), sheet.hasSuffix("'"), sheet.count >= 2 {
            sheet = String(sheet.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        if sheet.hasPrefix("[") { return nil }
        if let colon = ref.firstIndex(of: ":") {
            let a = String(ref[..<colon]), b = String(ref[ref.index(after: colon)...])
            guard a.replacingOccurrences(of: "$", with: "") == b.replacingOccurrences(of: "$", with: "") else { return nil }
            ref = a
        }
        guard let (column, row) = A1.split(ref) else { return nil }
        return (sheet, column + String(row))
    }

    /// The shape every form keeps, `回答!$D$12` or `'回答 (2)'!$D$12`, read from the UTF-8 bytes
    /// without Foundation (this runs for every defined name of every file). nil for anything
    /// else — spaces, `=`, `#REF!`, `''`, ranges, external books — which `resolve` handles.
    static func resolvePlain(_ text: String) -> (sheet: String, ref: String)? {
        let u = text.utf8
        guard let first = u.first, let last = u.last, first != UInt8(ascii: " "), first != UInt8(ascii: "\t"),
              first != UInt8(ascii: "="), first != UInt8(ascii: "["), first < 0x80, last > 0x20, last < 0x80,
              let bang = u.lastIndex(of: UInt8(ascii: "!")) else { return nil }
        var sheet = u[u.startIndex ..< bang]
        if sheet.contains(UInt8(ascii: "#")) { return nil }
        if sheet.first == UInt8(ascii: "'") {
            guard sheet.count >= 2, sheet.last == UInt8(ascii: "'") else { return nil }
            sheet = sheet.dropFirst().dropLast()
            if sheet.contains(UInt8(ascii: "'")) || sheet.first == UInt8(ascii: "[") { return nil }
        }
        let refText = String(decoding: u[u.index(after: bang)...], as: UTF8.self)
        guard let (column, row) = A1.splitASCII(refText), !column.isEmpty else { return nil }
        return (String(decoding: sheet, as: UTF8.self), column + String(row))
    }
}
