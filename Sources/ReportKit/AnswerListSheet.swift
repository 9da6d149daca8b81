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
    /// `keyColumns`: how many leading columns identify a row (団体コード, name, 番号): printed on
    /// every page. The form's sections are the page groups: whole sections share a page when
    /// they fit, and a section is split (between questions) only when it is wider than a page.
    static func write(_ b: SheetBuilder, title: String, note: String, form: Form, leadHeaders: [String],
                      keyColumns: Int = 2, rows: [Row], printTitle: String) throws {
        try b.text(title, 0, 0, Style.title, measure: false)
        b.note(note, 1)
        let top = 3
        for (i, h) in leadHeaders.enumerated() {
            try b.merged(h, row: top, columns: i...i, Style.header)
            try b.merged("", row: top + 1, columns: i...i, Style.header)
        }
        // Identity fields the lead does not already show (担当部署, contacts), then the answers.
        let extraIdentity = form.questions.filter {
            !$0.isTabulated && ![.code, .prefectureName, .municipalityName, .coordinatorNumber].contains($0.identity)
        }
        let shown = Set((extraIdentity + form.questions.filter(\.isTabulated)).map(\.id))
        var column = leadHeaders.count
        var layout: [(Question, Int)] = []
        var sectionStarts: [Int] = []
        var questionStarts: [Int] = []
        func header(_ q: Question) throws {
            layout.append((q, column))
            questionStarts.append(column)
            let heading = q.printedName
            // Headings at 9 pt, each column wide enough that its heading takes at most 3 lines (an
            // option 4): the header rows are as tall as their longest heading, on every printed page.
            switch q.kind.listColumn(q) {
            case .perOption:
                let range = column...(column + q.options.count - 1)
                try b.merged(heading, row: top, columns: range, Self.questionHeading.with { $0.horizontalAlignment = .left })
                for o in q.options {
                    let text = "\(o.code) \(o.label)"
                    try b.text(text, top + 1, column, Self.optionHeading, measure: false)
                    b.setWidth(column, min(16, max(7, Self.width(for: text, lines: 4))))
                    column += 1
                }
            case .one(let subheading, let width):
                try b.text(heading, top, column, Self.questionHeading, measure: false)
                try b.text(subheading, top + 1, column, Self.optionHeading, measure: false)
                let headingWidth = Self.width(for: heading, lines: 3)
                if width == .answers {  // as wide as its answers need (up to fitColumns' maximum)
                    b.setMinimumWidth(column, min(36, max(10, headingWidth)))
                } else {
                    b.setWidth(column, min(36, max(widthFor(q, width), headingWidth)))
                }
                column += 1
            }
        }
        for section in form.sections {
            let first = column
            for q in section.questions where shown.contains(q.id) { try header(q) }
            guard column > first else { continue }
            sectionStarts.append(first)
            // The section's name over its columns: it is repeated on each of its printed pages.
            try b.merged(section.title, row: top - 1, columns: first...(column - 1),
                         Style.group.with { $0.horizontalAlignment = .left; $0.fillColor = Style.headerFill })
        }
        // Header rows grow to their wrapped labels in fitColumns; no fixed band.

        var row = top + 2
        for r in rows {
            for (i, v) in r.lead.enumerated() {
                try b.text(v, row, i, i == 0 ? Style.centered : (v == "未回収" ? Style.flagged : Style.text))
            }
            // Taken once per row: reading it through the optional copied the whole response per cell.
            guard let answers = r.response?.answers else { row += 1; continue }
            for (q, c) in layout {
                guard let answer = answers[q.id] else { continue }
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
                    try b.text(t, row, c, Style.wrapped, measure: q.kind.listColumn(q).growsWithAnswers)
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
        // Text up to 50 units on one line: a two-line free text would double its row on every page group.
        try b.fitColumns(minimum: 6, maximum: 50)
        try b.printSetup(headerRows: (top - 1)...(top + 1), title: printTitle,
                         keyColumns: 0...max(0, min(keyColumns, leadHeaders.count) - 1),
                         sections: sectionStarts, keepTogether: questionStarts,
                         excerpt: 0...((sectionStarts.dropFirst().first ?? column) - 1))
    }

    /// 10 pt: still 8 pt when the printed columns are fitted down to 80%.
    static let headingFontSize = 10.0
    static let questionHeading = Style.group.with { $0.fontSize = headingFontSize }
    static let optionHeading = Style.header.with { $0.fontSize = headingFontSize }

    /// Column width (Excel units) that shows a heading in `lines` lines.
    static func width(for heading: String, lines: Int) -> Double {
        (Double(TextWidth.units(heading)) * headingFontSize / PageGeometry.bodyFontSize / Double(lines) + 2).rounded(.up)
    }

    static func widthFor(_ q: Question, _ width: ListColumn.Width) -> Double {
        switch width {
        case .fixed(let w): return w
        case .options: return Double(min(24, max(10, (q.options.map { TextWidth.units($0.label) }.max() ?? 8) + 2)))
        case .answers: return 10
        }
    }

    /// 都道府県票: one form, one question per row (設問, 回答).
    static func single(_ b: SheetBuilder, title: String, form: Form, response: Response?, printTitle: String) throws {
        try b.text(title, 0, 0, Style.title, measure: false)
        try b.text(response == nil ? "未提出" : "受理した回答（記入内容を正規化したもの）", 1, 0,
                   response == nil ? Style.flagged : Style.note, measure: false)
        let top = 3
        for (i, h) in [Term.questionNumber, .question, .answer].map(\.rawValue).enumerated() { try b.text(h, top, i, Style.header) }
        var row = top + 1
        for q in form.questions {
            let a = response?.answers[q.id]
            try b.text(q.number, row, 0, Style.centered)
            try b.text(q.isTabulated ? q.labelWithKind : q.label, row, 1, Style.wrapped)
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
        b.setWidth(0, 9); b.setWidth(1, 56); b.setWidth(2, 40)  // one A4 landscape width at full size
        try b.fitColumns()
        try b.sheet.freezePanes(row: top + 1, column: 0)
        try b.printSetup(headerRows: top...top, title: printTitle)
    }
}

extension AnswerListSheet {
    /// A prefecture's answers to a per-municipality form (one row per municipality, answered or
    /// not) or to the coordinator form (with contacts: the prefecture is their government).
    static func listSheet(_ ctx: ReportContext, _ pref: Prefecture, form: Form) -> ReportSheet {
        let cb = ctx.codebook
        guard form.audience == .eachMunicipality else {
            return ReportSheet(name: form.listSheet, purpose: "管内の\(form.title)の回答（連絡先を含む）",
                               medium: .excel(printed: "所属・番号と「" + (form.sections.first?.title ?? "") + "」の列")) { b in
                let rows = ctx.share(pref).responses.filter { $0.respondent.form == form.id }.map { r -> Row in
                    .init(lead: [r.respondent.code, ctx.name(of: r.respondent.code),
                                 r.respondent.coordinatorNumber.map(String.init) ?? ""], response: r)
                }
                try write(b, title: "\(form.title)　\(pref.name)（\(Shown.count(rows.count))人）",
                          note: "所属自治体ごと、コーディネーター番号順。氏名・連絡先を含むため取扱いに注意。",
                          form: form, leadHeaders: [Term.code, .body, .coordinatorNumber].map(\.rawValue), keyColumns: 3,
                          rows: rows, printTitle: pref.name + " " + form.listSheet)
            }
        }
        // Which form's answers: said only when a municipality answers more than one.
        let which = cb.formsFor(.eachMunicipality).count > 1 ? form.title + "の" : ""
        return ReportSheet(name: form.listSheet, purpose: "管内市町村の" + which + "回答（1市町村1行。複数回答は選択肢ごとに○）",
                           medium: .excel(printed: "団体・回答の有無と「" + (form.sections.first?.title ?? "") + "」の列")) { b in
            let rows = ctx.share(pref).municipalities.map { m -> Row in
                let r = ctx.responseByRespondent[Respondent(form: form.id, code: m.code)]
                return .init(lead: [m.code, m.name, m.kind.rawValue, r == nil ? "未回収" : "回答"], response: r)
            }
            try write(b, title: "\(form.listSheet)　\(pref.name)",
                      note: "1市町村1行。単一回答は選択肢名、複数回答は選んだ選択肢に○、数値・記述はそのまま。"
                          + "空欄は無回答または非該当。未回収の市町村も空欄で掲載。",
                      form: form, leadHeaders: [Term.code, .body, .municipalityKind, .answered].map(\.rawValue),
                      rows: rows, printTitle: pref.name + " " + form.listSheet)
        }
    }

    /// The prefecture's own answer to a per-prefecture form, question by question.
    static func prefectureFormSheet(_ ctx: ReportContext, _ pref: Prefecture, form: Form) -> ReportSheet {
        ReportSheet(name: form.listSheet, purpose: "\(pref.name)の\(form.title)の回答") { b in
            try single(b, title: "\(form.title)　\(pref.name)", form: form,
                       response: ctx.responseByRespondent[Respondent(form: form.id, code: pref.code)],
                       printTitle: pref.name + " " + form.listSheet)
        }
    }
}
