import SurveyModel
import Tabulate
import XLSXWriter

/// Answers as a list, one respondent per row (市町村別回答一覧, コーディネーター), or one form down
/// a page (都道府県票). Only in prefecture workbooks: these carry the prefecture's own contacts.
enum AnswerListSheet {
    struct Row {
        /// Leading cells (団体コード, name, kind, status …), written as text.
        var lead: [String]
        var response: Response?
    }

    /// One column per answer: single → label, multi → one ○ column per option, integer, text.
    static func write(_ b: SheetBuilder, title: String, note: String, form: Form, leadHeaders: [String],
                      rows: [Row], printTitle: String) throws {
        try b.text(title, 0, 0, Style.title, measure: false)
        try b.text(note, 1, 0, Style.note, measure: false)
        let top = 3
        for (i, h) in leadHeaders.enumerated() {
            try b.merged(h, row: top, columns: i...i, Style.header)
            try b.merged("", row: top + 1, columns: i...i, Style.header)
        }
        // Identity fields the lead does not already show (担当部署, contacts), then the answers.
        let extraIdentity = form.questions.filter {
            $0.identity != nil && ![.code, .prefectureName, .municipalityName, .coordinatorNumber].contains($0.identity!)
        }
        let questions = extraIdentity + form.questions.filter(\.isTabulated)
        var column = leadHeaders.count
        var layout: [(Question, Int)] = []
        for q in questions {
            layout.append((q, column))
            let heading = (q.identity == nil ? q.id + " " : "") + q.label
            switch q.kind.listColumn(q) {
            case .perOption:
                let range = column...(column + q.options.count - 1)
                try b.merged(heading, row: top, columns: range, Style.group.with { $0.horizontalAlignment = .left })
                for o in q.options {
                    try b.text("\(o.code) \(o.label)", top + 1, column, Style.header.with { $0.fontSize = 9 }, measure: false)
                    b.setWidth(column, 6.5)
                    column += 1
                }
            case .one(let subheading, let width):
                try b.text(heading, top, column, Style.group, measure: false)
                try b.text(subheading, top + 1, column, Style.header.with { $0.fontSize = 9 }, measure: false)
                b.setWidth(column, widthFor(q, width))
                column += 1
            }
        }
        try b.sheet.setRow(top, height: 48)
        try b.sheet.setRow(top + 1, height: 110)

        var row = top + 2
        for r in rows {
            for (i, v) in r.lead.enumerated() {
                try b.text(v, row, i, i == 0 ? Style.centered : (v == "未回収" ? Style.flagged : Style.text))
            }
            for (q, c) in layout {
                let answer = r.response.flatMap { $0.answers[q.id] }
                guard let answer else { continue }
                switch q.kind.listed(answer, q) {
                case .marks(let chosen):
                    // Only chosen options get a cell: most are unchosen, and a blank cell per option
                    // would double the file; printed gridlines keep the grid readable.
                    // A few codes per answer: searching the array beats building a Set per cell.
                    for (i, o) in q.options.enumerated() where chosen.contains(o.code) {
                        try b.text("○", row, c + i, Style.centered, measure: false)
                    }
                case .number(let n):
                    try b.count(n, row, c)
                case .text(let t):
                    try b.text(t, row, c, Style.wrapped, measure: false)
                }
            }
            row += 1
        }
        let last = max(row - 1, top + 1)
        if row - 1 > top + 1 {
            try b.sheet.autofilter(rows: (top + 1)...last, columns: 0...(column - 1))
        }
        try b.sheet.freezePanes(row: top + 2, column: min(2, leadHeaders.count))
        try b.sheet.showGridlines(onScreen: true, whenPrinted: true)
        try b.fitColumns(minimum: 6, maximum: 30)
        try b.printSetup(headerRows: top...(top + 1), title: printTitle,
                         repeatColumns: 0...min(1, leadHeaders.count - 1))
    }

    static func widthFor(_ q: Question, _ width: ListColumn.Width) -> Double {
        switch width {
        case .fixed(let w): return w
        case .options: return Double(min(24, max(10, (q.options.map { TextWidth.units($0.label) }.max() ?? 8) + 2)))
        }
    }

    /// 都道府県票: one form, one question per row (設問, 回答).
    static func single(_ b: SheetBuilder, title: String, form: Form, response: Response?, printTitle: String) throws {
        try b.text(title, 0, 0, Style.title, measure: false)
        try b.text(response == nil ? "未提出" : "受理した回答（記入内容を正規化したもの）", 1, 0,
                   response == nil ? Style.flagged : Style.note, measure: false)
        let top = 3
        for (i, h) in ["設問", "内容", "回答"].enumerated() { try b.text(h, top, i, Style.header) }
        var row = top + 1
        for q in form.questions {
            let a = response?.answers[q.id]
            try b.text(q.identity == nil ? q.id : "", row, 0, Style.centered)
            try b.text(q.label + (q.identity == nil ? "（" + q.kind.name + "）" : ""), row, 1, Style.wrapped)
            if let a {
                switch q.kind.listed(a, q) {
                case .number(let n): try b.count(n, row, 2)
                case .marks: try b.text(ReportContext.display(a, question: q).replacingOccurrences(of: "、", with: "\n"), row, 2, Style.wrapped, measure: false)
                case .text(let t): try b.text(t, row, 2, Style.wrapped, measure: false)
                }
            } else {
                let asked = response?.isAsked(q) ?? true
                try b.text(response != nil && !asked ? "（非該当）" : "", row, 2, Style.note.with { $0.border = .thin })
            }
            row += 1
        }
        b.setWidth(0, 9); b.setWidth(1, 60); b.setWidth(2, 60)
        try b.fitColumns()
        try b.sheet.freezePanes(row: top + 1, column: 0)
        try b.printSetup(headerRows: top...top, title: printTitle)
    }
}
