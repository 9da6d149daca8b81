import SurveyModel
import XLSXWriter

/// The answer sheet (回答): identity block and questions by section, one input cell per anchor.
enum AnswerSheet {
    static func write(_ doc: FormDocument, on sheet: SheetWriter, workbook: WorkbookWriter,
                      lists: [String: SheetRange]) throws {
        let layout = doc.layout
        typealias L = FormLayout
        try sheet.setColumn(L.idColumn...L.idColumn, width: FormStyle.Width.id, format: FormStyle.idColumn, hidden: true)
        try sheet.setColumn(L.numberColumn...L.numberColumn, width: FormStyle.Width.number)
        try sheet.setColumn(L.labelColumn...L.labelColumn, width: FormStyle.Width.label)
        try sheet.setColumn(L.answerColumn...L.answerColumn, width: FormStyle.Width.answer)
        try sheet.setColumn(L.noteColumn...L.noteColumn, width: FormStyle.Width.note)

        // Header: what, who, how; the column header row is frozen and printed on every page.
        try sheet.merge(rows: 0...0, columns: L.numberColumn...L.noteColumn,
                        text: "\(doc.surveyTitle)　\(doc.form.title)", format: FormStyle.title)
        try sheet.setRow(0, height: 26)
        try sheet.merge(rows: 1...1, columns: L.numberColumn...L.noteColumn,
                        text: "回答者：\(doc.recipient.respondentLine)", format: FormStyle.subtitle)
        try sheet.merge(rows: 2...2, columns: L.numberColumn...L.noteColumn,
                        text: "黄色のセルに回答を入力してください（灰色は記入済みのため変更不要です）。行の挿入・削除やシート名の変更はしないでください。",
                        format: FormStyle.guidance)
        try sheet.setRow(2, height: 28)
        for (column, title) in [(L.numberColumn, "番号"), (L.labelColumn, "設問"),
                                (L.answerColumn, "回答"), (L.noteColumn, "備考")] {
            try sheet.write(title, row: L.headerRow, column: column, format: FormStyle.columnHeader)
        }
        try sheet.setRow(L.headerRow, height: 20)

        let prefill = doc.recipient.prefill
        for row in layout.rows {
            try writeRow(row, doc: doc, prefill: prefill, sheet: sheet, lists: lists)
            if let input = row.input {
                try sheet.write(input.key, row: row.row, column: L.idColumn, format: FormStyle.idColumn)
                try workbook.defineName(input.definedName,
                                        range: .cell(sheet: sheet.name, row: row.row, column: L.answerColumn))
            }
        }

        try sheet.freezePanes(row: L.firstBodyRow, column: 0)
        try sheet.setPaper(.a4)
        // Landscape: 番号・設問・回答・備考 (130 units) fit one A4 width at ≥ 80%; portrait was ~55%.
        try sheet.setOrientation(.landscape)
        try sheet.fitToPages(width: 1, height: 0)
        try sheet.repeatRows(L.headerRow...L.headerRow)
        try sheet.setMargins(left: 0.3, right: 0.3, top: 0.6, bottom: 0.6)
        try sheet.setHeader("&R\(doc.form.title)　\(doc.recipient.organisationName ?? "")")
        try sheet.setFooter("&C&10&P / &N")
        try sheet.setPrintArea(rows: 0...layout.lastRow, columns: L.numberColumn...L.noteColumn)
        try sheet.protect(options: SheetProtection(formatColumns: true, formatRows: true))
    }

    private static func writeRow(_ row: FormLayout.Row, doc: FormDocument, prefill: [IdentityRole: String],
                                 sheet: SheetWriter, lists: [String: SheetRange]) throws {
        typealias L = FormLayout
        let r = row.row
        switch row.kind {
        case .section:
            try sheet.merge(rows: r...r, columns: L.numberColumn...L.noteColumn, text: row.label, format: FormStyle.section)
            try sheet.setRow(r, height: 22)
            return
        case .inserted:
            try sheet.write(row.label, row: r, column: L.labelColumn)
            return
        case .question, .option:
            break
        }
        // A free-text box covers 備考: its note (「問9で…の場合のみ」, 500字以内) goes under the label.
        let boxed = row.input.map { $0.question.kind.input($0.question, option: $0.option).look == .textBox } ?? false
        let label = boxed && !row.note.isEmpty ? row.label + "\n（" + row.note.replacingOccurrences(of: "\n", with: "、") + "）" : row.label
        try sheet.write(row.number, row: r, column: L.numberColumn, format: FormStyle.number)
        try sheet.write(label, row: r, column: L.labelColumn,
                        format: row.kind == .option ? FormStyle.optionLabel : FormStyle.label)
        try sheet.write(row.note, row: r, column: L.noteColumn, format: FormStyle.note)

        var height = FormStyle.height(for: [(label, FormStyle.Width.label), (row.note, FormStyle.Width.note * 1.1)])
        guard let input = row.input else {
            try sheet.writeBlank(row: r, column: L.answerColumn, format: FormStyle.blankCell)
            try sheet.setRow(r, height: height)
            return
        }
        let q = input.question
        let spec = q.kind.input(q, option: input.option)
        let typed = doc.filled[input.key]
        let preset = q.identity.flatMap { prefill[$0] }

        if let preset, typed == nil {
            // Prefilled identity (団体コード, names): grey and locked, as text so codes keep leading zeros.
            try sheet.write(preset, row: r, column: L.answerColumn, format: FormStyle.prefilled)
        } else if spec.look == .textBox {
            // Free text: a wide, tall box across 回答 and 備考; the anchor is its top-left cell.
            try sheet.merge(rows: r...r, columns: L.answerColumn...L.noteColumn,
                            text: typed.map(text) ?? "", format: FormStyle.inputText)
            if case .number(let n)? = typed { try sheet.write(n, row: r, column: L.answerColumn, format: FormStyle.inputText) }
            height = max(height, (q.maxLength ?? 1000) > 100 ? 90 : 40)
            if spec.accepts != nil {
                try sheet.addValidation(validation(spec, id: q.id, lists: lists), rows: r...r,
                                        columns: L.answerColumn...L.answerColumn)
            }
        } else {
            let format: CellFormat = switch spec.look {
            case .number: FormStyle.inputNumber
            case .mark: FormStyle.inputMark
            case .choice, .text, .textBox: FormStyle.input
            }
            switch typed {
            case .text(let s)?: try sheet.write(s, row: r, column: L.answerColumn, format: format)
            case .number(let n)?: try sheet.write(n, row: r, column: L.answerColumn, format: format)
            case nil: try sheet.writeBlank(row: r, column: L.answerColumn, format: format)
            }
            try sheet.addValidation(validation(spec, id: q.id, lists: lists), rows: r...r,
                                    columns: L.answerColumn...L.answerColumn)
        }
        try sheet.setRow(r, height: height)
    }

    private static func text(_ v: FilledValue) -> String {
        switch v {
        case .text(let s): return s
        case .number(let n): return n.rounded() == n ? String(Int(n)) : String(n)
        }
    }

    /// What Excel accepts in the cell, as the question's kind says: a dropdown (from the `_lists`
    /// sheet when the labels are too long for a literal list), a whole number, text of a length.
    static func validation(_ spec: FormInput, id: String, lists: [String: SheetRange]) -> DataValidation {
        let rule: DataValidation.Rule
        switch spec.accepts {
        case .list(let labels)?: rule = lists[id].map { .listSource($0) } ?? .list(labels)
        case .wholeNumber(let range)?: rule = .integer(min: range.lowerBound, max: range.upperBound)
        case .textLength(let min, let max)?: rule = .textLength(min: min, max: max)
        case nil: rule = .textLength(min: 0, max: 32_767)
        }
        return DataValidation(rule, inputTitle: spec.title, inputMessage: spec.message,
                              errorTitle: spec.errorTitle, errorMessage: spec.errorMessage)
    }
}
