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
    /// The cell's position (printed as A1, e.g. `D12`, only in outputs).
    public var ref: CellRef
    /// nil for an empty cell.
    public var raw: RawValue?

    public init(sheet: String, ref: CellRef, raw: RawValue?) { self.sheet = sheet; self.ref = ref; self.raw = raw }
}

/// Every answer cell of one returned form, found by its anchor.
public struct ExtractedForm: Sendable, Equatable {
    public var meta: FormMeta
    /// Made from `inOrder` when asked for (most forms never are: checks look cells up one by one).
    public var cells: [AnswerKey: ExtractedCell] {
        get {
            if let byKey { return byKey }
            var d = [AnswerKey: ExtractedCell](minimumCapacity: orderKeys.count)
            for (k, c) in zip(orderKeys, orderCells) { if let c { d[k] = c } }
            return d
        }
        set { byKey = newValue; orderKeys = []; orderCells = []; orderPosition = [:] }
    }
    /// Anchors of the codebook found nowhere in the workbook (the form was damaged or rebuilt).
    public var missing: [AnswerKey]
    /// The cells by key once `cells` is set; until then (nil) they are `orderCells`.
    private var byKey: [AnswerKey: ExtractedCell]?
    /// The cells in the codebook's key order, with the form's (shared) key → position table, while
    /// they are as read: a form's cells need no table of their own, and checks asking in form
    /// order find each cell by a comparison instead of a hash. Plain fields, not an optional
    /// tuple: binding one copied (retained) all three on every lookup.
    private var orderKeys: [AnswerKey] = []
    private var orderPosition: [AnswerKey: Int] = [:]
    private var orderCells: [ExtractedCell?] = []

    public init(meta: FormMeta, cells: [AnswerKey: ExtractedCell], missing: [AnswerKey]) {
        self.meta = meta; self.byKey = cells; self.missing = missing
    }

    public func cell(_ question: String, option: Int? = nil) -> ExtractedCell? {
        let key = AnswerKey(question: question, option: option)
        if let byKey { return byKey[key] }
        guard let i = orderPosition[key] else { return nil }
        return orderCells[i]
    }

    /// `cell(_:option:)` for a caller asking in form order: looked for from `next` on (and the
    /// key asked last, again), which then moves past it; anything else by hash.
    func cell(_ question: String, option: Int?, next: inout Int) -> ExtractedCell? {
        if byKey == nil {
            var i = max(next - 1, 0)
            let end = min(orderKeys.count, next + 16)
            while i < end {
                if orderKeys[i].option == option && orderKeys[i].question == question { next = i + 1; return orderCells[i] }
                i += 1
            }
        }
        return cell(question, option: option)
    }

    public static func == (a: ExtractedForm, b: ExtractedForm) -> Bool {
        a.meta == b.meta && a.cells == b.cells && a.missing == b.missing
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
        ExtractedForm(meta: meta, anchors: anchors.keys, position: anchors.position,
                      byPosition: cells(of: form, in: workbook, meta: meta, anchors: anchors))
    }

    /// The answer cells in the order of `anchors.keys` (nil: not found).
    static func cells(of form: Form, in workbook: WorkbookSnapshot, meta: FormMeta, anchors: FormAnchors) -> [ExtractedCell?] {
        let wanted = anchors.keys
        var foundCount = 0

        // Names resolved by the reader. Should two names mark the same answer, the
        // alphabetically first wins.
        let cells = workbook.anchorCells
        let chosen: [Int]
        if let same = anchors.lastLayout.chosen(for: cells) { chosen = same } else {
            var c = [Int](repeating: -1, count: wanted.count)
            for (i, a) in cells.enumerated() {
                guard let k = anchors.index(definedName: a.name) else { continue }
                if c[k] < 0 || a.name < cells[c[k]].name { c[k] = i }
            }
            chosen = c
            anchors.lastLayout.remember(cells, chosen: c)
        }
        // The previous anchor's sheet by position: copying a Sheet (or an anchor) per cell retained all its parts.
        let sheets = workbook.sheets
        var last = -1
        // Appended in key order: an array of nils made first cost more than the cells.
        var found: [ExtractedCell?] = []
        found.reserveCapacity(wanted.count)
        for i in chosen {
            guard i >= 0 else { found.append(nil); continue }
            if last < 0 || sheets[last].name != cells[i].sheet {
                // The first sheet of that name, as `WorkbookSnapshot.sheet(named:)` finds it.
                guard let s = sheets.firstIndex(where: { $0.name == cells[i].sheet }) else { found.append(nil); continue }
                last = s
            }
            let row = cells[i].row, column = cells[i].column
            found.append(ExtractedCell(sheet: sheets[last].name, ref: CellRef(row: row, column: column),
                                       raw: sheets[last].cells[row: row, column: column]))
            foundCount += 1
        }

        if foundCount < wanted.count, let idColumn = meta.idColumn.flatMap(CellRef.column(letters:)),
           let answerColumn = meta.answerColumn.flatMap(CellRef.column(letters:)) {
            for sheet in workbook.sheets where sheet.name != meta.sheetName {
                sheet.cells.forEachCell { row, column, value in
                    guard column == idColumn, case .text(let text) = value,
                          let parsed = Anchor.parse(columnKey: Normalize.trim(text)) else { return }
                    let key = AnswerKey(question: parsed.question, option: parsed.option)
                    guard let k = anchors.position[key], found[k] == nil else { return }
                    found[k] = ExtractedCell(sheet: sheet.name, ref: CellRef(row: row, column: answerColumn),
                                             raw: sheet.cells[row: row, column: answerColumn])
                }
            }
        }
        return found
    }
}

extension ExtractedForm {
    /// From cells in the order of a form's anchor keys, with their positions (`FormAnchors`).
    init(meta: FormMeta, anchors keys: [AnswerKey], position: [AnswerKey: Int], byPosition: [ExtractedCell?]) {
        guard keys.count == byPosition.count else {
            // Not one cell (or nil) per key: paired as far as both go, by hash.
            var cells: [AnswerKey: ExtractedCell] = [:], missing: [AnswerKey] = []
            for (k, c) in zip(keys, byPosition) { if let c { cells[k] = c } else { missing.append(k) } }
            self.init(meta: meta, cells: cells, missing: missing)
            return
        }
        var missing: [AnswerKey] = []
        for (k, c) in zip(keys, byPosition) where c == nil { missing.append(k) }
        self.init(meta: meta, cells: [:], missing: missing)
        byKey = nil
        // The keys are distinct (a form's questions and options are), so each position is its key's.
        orderKeys = keys; orderPosition = position; orderCells = byPosition
    }
}
