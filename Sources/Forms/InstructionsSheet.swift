import SurveyModel
import XLSXWriter

/// 記入要領: the first sheet a respondent sees — what the survey is, who fills it, how, the colours.
enum InstructionsSheet {
    static func write(_ doc: FormDocument, on sheet: SheetWriter) throws {
        try sheet.setColumn(0...0, width: 3)
        try sheet.setColumn(1...1, width: 14)
        try sheet.setColumn(2...2, width: 60)  // portrait A4 at ≥ 90%
        try sheet.showGridlines(onScreen: false)
        var r = 1
        try sheet.merge(rows: r...r, columns: 1...2, text: doc.surveyTitle, format: FormStyle.title)
        try sheet.setRow(r, height: 26); r += 1
        try sheet.merge(rows: r...r, columns: 1...2, text: "\(doc.form.title)　記入要領",
                        format: FormStyle.title.with { $0.fontSize = 12 })
        try sheet.setRow(r, height: 22); r += 2

        let head = FormStyle.label.with { $0.bold = true; $0.fillColor = FormStyle.sectionFill }
        // 対象 is the codebook's `recipient:`, left out when the codebook gives none.
        for (key, value) in [("回答者", doc.recipient.respondentLine), ("対象", doc.audience)] where !value.isEmpty {
            try sheet.write(key, row: r, column: 1, format: head)
            try sheet.write(value, row: r, column: 2, format: FormStyle.label)
            try sheet.setRow(r, height: FormStyle.height(for: [(value, 60)])); r += 1
        }
        r += 1
        try sheet.write("記入にあたって", row: r, column: 1, format: CellFormat(bold: true)); r += 1
        for (i, paragraph) in doc.form.instructions.enumerated() {
            try sheet.write("\(i + 1).", row: r, column: 1, format: FormStyle.paragraph.with { $0.horizontalAlignment = .right })
            try sheet.write(paragraph, row: r, column: 2, format: FormStyle.paragraph)
            try sheet.setRow(r, height: FormStyle.height(for: [(paragraph, 60)])); r += 1
        }
        r += 1
        try sheet.write("セルの色", row: r, column: 1, format: CellFormat(bold: true)); r += 1
        let legend: [(CellFormat, String)] = [
            (FormStyle.input.with { $0.locked = true }, "入力欄：ここに回答を入力してください。選択式は▼から選べます。"),
            (FormStyle.prefilled, "記入済み：団体コード・団体名などは配布時に記入済みです。変更しないでください。"),
            (FormStyle.section.with { $0.border = .thin }, "設問の区分（見出し）です。"),
        ]
        for (format, text) in legend {
            try sheet.writeBlank(row: r, column: 1, format: format)
            try sheet.write(text, row: r, column: 2, format: FormStyle.legendLabel)
            try sheet.setRow(r, height: 22); r += 1
        }
        try sheet.setPaper(.a4)
        try sheet.setOrientation(.portrait)
        try sheet.fitToPages(width: 1, height: 0)
        try sheet.setMargins(left: 0.6, right: 0.6, top: 0.7, bottom: 0.7)
        try sheet.protect()
    }
}
