import Foundation
import Ingest
import SurveyModel
import Tabulate
import XLSXWriter

/// 疑義照会/NN_名称.xlsx (疑義照会票): what the contractor sends a prefecture each night, which
/// forwards it to its municipalities and coordinators and returns it filled in. One row per
/// open issue; only the reply columns can be edited; hidden keys tie each row to its issue.
/// Also the files that could not be read (respondent guessed from the file name) and the
/// respondents not yet returned (督促), with the prefecture's own contact.
public enum QueryWorkbook {
    /// Named as the prefecture's report (`13_東京都.xlsx`), in its own folder.
    static func fileName(_ pref: Prefecture) -> String { PrefectureWorkbook.fileName(pref) }

    typealias Column = QueryForm.Column

    static func write(_ ctx: ReportContext, _ pref: Prefecture, to path: String) throws {
        let cb = ctx.codebook
        let wb = try WorkbookWriter(path: path, properties: .init(
            title: "疑義照会票　" + pref.name, subject: cb.year + " " + cb.title, author: "renkei",
            category: "疑義照会", keywords: cb.id + " " + cb.version + " " + pref.code,
            comments: "集計基準日時 " + ctx.input.asOf + " / run " + ctx.input.runID), creationDate: .fixed,
            options: ReportContext.workbookOptions)
        let header = PageHeader(survey: cb.year + "　" + cb.title, asOf: ctx.input.asOf)
        try queries(try SheetBuilder(wb, sheet: QueryForm.sheetName, header: header), ctx, pref)
        try rejected(try SheetBuilder(wb, sheet: "不受理ファイル", header: header), ctx, pref)
        try optionList(try SheetBuilder(wb, sheet: optionSheet, header: header), ctx, pref)
        try reminders(try SheetBuilder(wb, sheet: "督促", header: header), ctx, pref)
        let meta = try wb.addSheet(QueryForm.metaSheetName)
        try meta.write(QueryForm.metaMarker, row: 0, column: 0)
        let values: [QueryForm.MetaKey: String] = [.codebookID: cb.id, .codebookVersion: cb.version,
                                                   .prefecture: pref.prefCode, .run: ctx.input.runID,
                                                   .workbook: QueryRecord.workbookID(run: ctx.input.runID, prefecture: pref.prefCode)]
        for (i, key) in QueryForm.MetaKey.allCases.enumerated() {
            try meta.write(key.rawValue, row: i + 1, column: 0)
            try meta.write(values[key] ?? "", row: i + 1, column: 1)
        }
        try meta.hide()
        try wb.close()
    }

    static let replyFill = Color(rgb: 0xFFF2CC)
    /// 9 pt in the cell: fitted to one landscape A4 width it still prints at ≥ 8 pt.
    static let fontSize = 9.0
    static let body = Style.wrapped.with { $0.fontSize = fontSize }
    static let centeredBody = body.with { $0.horizontalAlignment = .center }
    static let flaggedBody = Style.flagged.with { $0.fontSize = fontSize; $0.wrapText = true }
    static let reply = body.with { $0.locked = false; $0.fillColor = replyFill }
    static let header = Style.header.with { $0.wrapText = true; $0.fontSize = fontSize; $0.verticalAlignment = .center }
    static let replyHeader = header.with { $0.fillColor = Color(rgb: 0xFFD966) }
    /// The smallest scale the sheet may be printed at: 9 pt × 8/9 = 8 pt.
    static let minimumScale = 8.0 / fontSize
    /// The whole percent the sheet prints at: 90%, the smallest a point above 8/9 (at 89% its
    /// text is 8.01 pt, which a PDF's glyph boxes cannot tell from less).
    static let printScale = ((minimumScale + 0.01) * 100).rounded(.up) / 100
    /// The title row (14 pt), set rather than left to the spreadsheet program.
    static let titleHeight = 20.0

    /// Width of each visible column in half-width characters of 9 pt text: each short text fits
    /// in ≤ 3 lines (a query row ≈ 41 pt, 12 to a landscape page); 疑義の内容 takes what is left of
    /// one landscape A4 width at ≥ 8 pt. `previous`: 未反映の回答 is shown (a reply came back
    /// and was not applied); otherwise it is hidden and its width goes to 疑義の内容.
    static func characters(_ c: Column, previous: Bool = false) -> Int {
        switch c {
        case .cell, .repliedOn: 4
        case .name, .questionNumber, .severity, .note, .repliedBy: 5
        case .code, .correctedValue: 6
        case .action: 7
        case .value: 8
        case .form: 10
        case .question, .options: 12
        case .previousReply: previous ? 12 : 0
        case .message: messageCharacters[previous ? 1 : 0]
        case .queryID, .respondentKey, .questionID, .ruleID: 0
        }
    }

    /// 疑義の内容: the widest that keeps every visible column on one landscape width at the
    /// smallest whole percent ≥ the minimum scale (the sheet prints at a fixed whole percent), with
    /// the width margin `printSetup` keeps; without and with 未反映の回答.
    static let messageCharacters: [Int] = [false, true].map { previous in
        let others = Column.allCases.filter { $0 != .message && !$0.isHiddenKey }
            .reduce(0.0) { $0 + PageGeometry.points(columnWidth: width(characters: characters($1, previous: previous))) }
        let room = PageGeometry.printableWidth.landscape * PageGeometry.widthMargin / printScale - others
        var n = 20
        while PageGeometry.points(columnWidth: width(characters: n + 1)) <= room { n += 1 }
        return n
    }

    /// The Excel width that holds `characters` of 9 pt text with half a unit of padding (row
    /// heights are still counted with `PageGeometry.wrappedHeight`'s wider padding: never too short).
    static func width(characters n: Int) -> Double { n == 0 ? 0 : Double(n) * fontSize / PageGeometry.bodyFontSize + 0.5 }
    static func width(_ c: Column, previous: Bool = false) -> Double { width(characters: characters(c, previous: previous)) }

    /// Options listed in the row when they fit in 3 lines of the column (as tall as most
    /// messages); longer lists go to 選択肢一覧.
    static let inlineOptionLines = 3

    /// Lines `text` takes in column `c` (8 px a width unit less its padding, 9 pt text).
    static func lines(_ c: Column, _ text: String, previous: Bool = false) -> Int {
        let perLine = max(2, 2 * (width(c, previous: previous) * 8 - 6) / (fontSize * 4 / 3))
        var total = 0
        func add(_ line: Substring) { total += max(1, Int((Double(TextUnits.count(line)) / perLine).rounded(.up))) }
        // The lines String.split(separator: "\n") gives, found by byte: an LF is a Character of its
        // own except after CR (CR LF is one). Splitting by Character cost ~20,000 instructions a row.
        let utf8 = text.utf8
        var start = text.startIndex, afterCR = false
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b == 0x0A && !afterCR { add(text[start ..< i]); start = utf8.index(after: i) }
            afterCR = b == 0x0D
            i = utf8.index(after: i)
        }
        add(text[start...])
        return total
    }

    /// Points a query row needs in Excel: rows sized to their text, so a page holds as many
    /// queries as their texts allow.
    static func rowHeight(_ texts: [(Column, String)], previous: Bool = false) -> Double {
        let most = texts.filter { characters($0.0, previous: previous) > 0 }.map { Self.lines($0, $1, previous: previous) }.max() ?? 1
        return max(PageGeometry.defaultRowHeight, (Double(most) * fontSize * 1.35 + 4).rounded(.up))
    }

    /// The prefecture's open issues in the order it forwards them: 団体コード, 票, coordinator, 問 order.
    static func openIssues(_ ctx: ReportContext, _ pref: Prefecture) -> [Issue] {
        var order: [FormID: [String: Int]] = [:]
        for f in ctx.codebook.forms { order[f.id] = Dictionary(f.questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a }) }
        let open = ctx.share(pref).issues.filter { $0.status == .open && $0.respondent != nil }
        let formRank = Dictionary(ctx.codebook.forms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let keys = open.map { i -> [String] in
            let r = i.respondent!
            let q: Int = i.question.flatMap { order[r.form]?[$0] } ?? 0
            return [r.code, String(formRank[r.form] ?? 0), String(1000 + (r.coordinatorNumber ?? 0)), String(100_000 + q),
                    CellOrder.key(i.cell), i.rule.rawValue]
        }
        return open.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }.map { open[$0] }
    }

    /// What is wrong, without repeating the 問番号 and question the row already shows: the
    /// message's leading 「問9 …で／の／は／が」 goes, and another question of the form it names
    /// is cited by its 問番号 alone (the text of the row stays within 3 lines).
    static func shortMessage(_ issue: Issue, question q: Question?, form: Form? = nil, citations: Citations? = nil) -> String {
        var m = issue.message
        if let q, m.hasPrefix(q.printedName) {
            m = String(m.dropFirst(q.printedName.count))
            if let first = m.first, "でのはが".contains(first) { m.removeFirst() }
        }
        if let form { m = (citations ?? Citations(form)).apply(m) }
        return m + (issue.localDetail.map { "（" + $0 + "）" } ?? "")
    }

    /// A form's questions as a message cites them, 「問9　協議会の設置」, each to become its 問番号:
    /// made once per form, and matched as UTF-8 only where the message has a 「, not searched for
    /// question by question with Foundation (a quarter of the query workbooks' time).
    struct Citations {
        /// Each numbered question's 「printedName」 and 問番号, in the form's order (the replacing order).
        let cited: [(citation: [UInt8], number: [UInt8])]
        static let bracket: [UInt8] = Array("「".utf8)

        init(_ form: Form) {
            cited = form.questions.filter { !$0.number.isEmpty }.map { (Array(("「" + $0.printedName + "」").utf8), Array($0.number.utf8)) }
        }

        /// Question by question in the form's order, every citation of it replaced, as
        /// `replacingOccurrences` one after another did (a name may itself hold 「」).
        func apply(_ message: String) -> String {
            var m = Array(message.utf8)
            var opens = Self.opens(m)
            guard !opens.isEmpty else { return message }
            for (citation, number) in cited where opens.contains(where: { Self.matches(citation, m, at: $0) }) {
                var out: [UInt8] = [], from = 0
                for at in opens where at >= from && Self.matches(citation, m, at: at) {
                    out += m[from ..< at]; out += number; from = at + citation.count
                }
                m = out + m[from...]
                opens = Self.opens(m)
            }
            return String(decoding: m, as: UTF8.self)
        }

        /// Where each 「 starts.
        static func opens(_ m: [UInt8]) -> [Int] {
            guard m.count >= 3 else { return [] }
            return (0 ... m.count - 3).filter { m[$0] == bracket[0] && m[$0 + 1] == bracket[1] && m[$0 + 2] == bracket[2] }
        }

        static func matches(_ citation: [UInt8], _ m: [UInt8], at i: Int) -> Bool {
            i + citation.count <= m.count && m[i ..< i + citation.count].elementsEqual(citation)
        }
    }

    /// The question as the row shows it: its label without the condition in brackets at its
    /// end (「（協議会を設置している場合）」), which the 問番号 and the form already carry.
    static func shortLabel(_ q: Question) -> String {
        guard q.condition != nil, q.label.hasSuffix("場合）"), let open = q.label.lastIndex(of: "（"),
              open > q.label.startIndex else { return q.label }
        return String(q.label[..<open])
    }

    /// The options with their numbers, for a question answered by choosing (「1 設置している／2 設置していない」);
    /// a long list is named here and printed once on 選択肢一覧.
    static func options(_ q: Question?) -> String {
        guard let q, listedApart(q) else { return (q?.options ?? []).map(\.listed).joined(separator: "／") }
        return "\(optionSheet)\n（\(q.options.count)項目）"
    }

    /// Whether a question's options are too long for its row and are listed on 選択肢一覧.
    static func listedApart(_ q: Question) -> Bool {
        lines(.options, q.options.map(\.listed).joined(separator: "／")) > inlineOptionLines
    }

    static let optionSheet = "選択肢一覧"

    /// 選択肢一覧: every long list of options a query refers to, one option a line, once per question.
    static func optionList(_ b: SheetBuilder, _ ctx: ReportContext, _ pref: Prefecture) throws {
        try b.text(optionSheet + "　" + pref.name, 0, 0, Style.title, measure: false)
        b.note("疑義照会票の「選択肢」の列に載せきれない設問の選択肢。修正後の値には選択肢の番号を記入してください（複数回答は「1、3」のように）。", 1)
        let columns: [(Term, Double)] = [(.form, 14), (.questionNumber, 8), (.question, 30), (.options, 60)]
        let top = 3
        for (i, (term, width)) in columns.enumerated() {
            try b.text(term.rawValue, top, i, header, measure: false)
            b.setWidth(i, width)
        }
        var row = top + 1, seen = Set<String>()
        for issue in openIssues(ctx, pref) {
            guard let who = issue.respondent, let form = ctx.codebook.form(who.form),
                  let q = issue.question.flatMap({ form.question($0) }),
                  listedApart(q),
                  seen.insert(form.id.rawValue + " " + q.id).inserted else { continue }
            // 9 pt as on 疑義照会票: a list of 27 options stays well within a page.
            try b.text(form.title, row, 0, body, measure: false)
            try b.text(q.shortName, row, 1, centeredBody)
            try b.text(q.label, row, 2, body, measure: false)
            try b.text(q.options.map(\.listed).joined(separator: "\n"), row, 3, body, measure: false)
            row += 1
        }
        if row == top + 1 { try b.text("ありません（選択肢はすべて疑義照会票に記載）。", row, 0, Style.note, measure: false) }
        try b.fitColumns()
        try b.printSetup(headerRows: top...top, title: pref.name + " " + optionSheet, minimumScale: minimumScale)
    }

    static func queries(_ b: SheetBuilder, _ ctx: ReportContext, _ pref: Prefecture) throws {
        let issues = openIssues(ctx, pref)
        let lastReply = ctx.lastReply
        try b.text("疑義照会票　" + pref.name + "　" + ctx.codebook.year + "　" + ctx.codebook.title, 0, 0, Style.title, measure: false)
        b.note("黄色の列に記入し、このファイルのまま返送してください。対応は▼から「修正する」（修正後の値を記入）・"
               + "「このままで正しい」・「その他」（備考に記入）を選択。選択肢のある設問は、修正後の値に選択肢の番号を記入"
               + "（複数回答は「1、3」のように）。市町村ごとに送る場合は団体コードまたは団体名の▼で絞り込んでください。", 1)
        try b.text("集計基準日時 \(ctx.input.asOf)　照会 \(Shown.count(issues.count)) 件", 2, 0, Style.note, measure: false)
        let top = QueryForm.headerRow
        let visible = Column.allCases.filter { !$0.isHiddenKey }
        let replies = issues.map { SentQuery($0, sourceSHA256: ctx.sha256(of: $0.file) ?? "").flatMap { lastReply[$0.id] } ?? "" }
        // 未反映の回答 only when a reply was not applied: otherwise its width goes to 疑義の内容.
        let previous = replies.contains { !$0.isEmpty }
        // Hidden keys are written past the builder (it must not size or show their columns).
        for c in Column.allCases where c.isHiddenKey { try b.sheet.write(c.header, row: top, column: c.rawValue, format: Style.header) }
        var headings: [(Column, String)] = []
        for c in visible {
            let heading = c.term?.heading(width: characters(c, previous: previous)) ?? c.header
            // Blank through the builder (the column is sized), the heading past it: the row's
            // height comes from the same line count as the query rows'.
            try b.blank(top, c.rawValue, header)
            try b.sheet.write(heading, row: top, column: c.rawValue, format: c.isReply ? replyHeader : header)
            b.setWidth(c.rawValue, width(c, previous: previous))
            headings.append((c, heading))
        }
        b.rowHeight(top, rowHeight(headings, previous: previous))
        // Every row's height set (the title's too): the page plan is the page LibreOffice prints.
        b.rowHeight(0, titleHeight)
        b.rowHeight(2, PageGeometry.defaultRowHeight)
        let severalSheets = Set(issues.compactMap(\.sheet)).count > 1
        let citations = Dictionary(ctx.codebook.forms.map { ($0.id, Citations($0)) }, uniquingKeysWith: { first, _ in first })
        var row = top + 1
        for (issue, lastReply) in zip(issues, replies) {
            let who = issue.respondent!
            let form = ctx.codebook.form(who.form)
            let q = issue.question.flatMap { form?.question($0) }
            // A coordinator by its コーディネーター番号, short: the column is narrow.
            let formText = (form?.title ?? "") + (who.coordinatorNumber.map { "\n（番号 \($0)）" } ?? "")
            // The sheet only when the queries are on more than one (a form has one answer sheet).
            let cellText = (issue.cell?.a1 ?? "") + (severalSheets ? issue.sheet.map { "\n" + $0 } ?? "" : "")
            let query = SentQuery(issue, sourceSHA256: ctx.sha256(of: issue.file) ?? "")
            let shown: [(Column, String, CellFormat)] = [
                (.code, who.code, centeredBody), (.name, ctx.name(of: who.code), body), (.form, formText, body),
                (.questionNumber, q?.number ?? "", centeredBody), (.question, q.map(shortLabel) ?? issue.questionLabel ?? "", body),
                (.options, options(q), body), (.cell, cellText, centeredBody), (.value, issue.value ?? "", body),
                (.severity, issue.severity.label, issue.severity == .error ? flaggedBody : body),
                (.message, shortMessage(issue, question: q, form: form, citations: citations[who.form]), body),
                (.previousReply, lastReply, body),
            ]
            // Written past the builder: the row's height is set here from the real widths.
            for (c, text, format) in shown { try b.sheet.write(text, row: row, column: c.rawValue, format: format) }
            b.rowHeight(row, rowHeight(shown.map { ($0.0, $0.1) }, previous: previous))
            for c in Column.allCases where c.isReply { try b.blank(row, c.rawValue, reply) }
            let keys: [Column: String] = [.queryID: query?.id ?? "", .respondentKey: who.description,
                                          .questionID: issue.question ?? "", .ruleID: issue.rule.rawValue]
            // In column order: the shared strings (and so the bytes) must not depend on hashing.
            for c in Column.allCases where c.isHiddenKey { try b.sheet.write(keys[c] ?? "", row: row, column: c.rawValue, format: Style.text) }
            row += 1
        }
        let last = Column.allCases.last!.rawValue
        if issues.isEmpty {
            try b.text("照会する疑義はありません。", row, 0, Style.note, measure: false)
        } else {
            // The hidden keys inside the filter range: sorting with ▼ moves them with their row.
            try b.sheet.autofilter(rows: top...(row - 1), columns: 0...last)
            try b.sheet.addValidation(DataValidation(
                .list(QueryForm.Action.allCases.map(\.rawValue)), inputTitle: Term.action.rawValue,
                inputMessage: "修正する／このままで正しい／その他 から選択", errorTitle: Term.action.rawValue,
                errorMessage: "▼から「修正する」「このままで正しい」「その他」のいずれかを選んでください。"),
                rows: (top + 1)...(row - 1), columns: Column.action.rawValue...Column.action.rawValue)
        }
        try b.sheet.freezePanes(row: top + 1, column: 2)
        try b.fitColumns()
        try b.sheet.setColumn(Column.queryID.rawValue...last, width: 12, hidden: true)
        // Hidden, not narrow: unhidden in Excel it has a width to read.
        if !previous { try b.sheet.setColumn(Column.previousReply.rawValue...Column.previousReply.rawValue, width: 12, hidden: true) }
        // Only the reply cells can be typed in; filtering and widening columns stay possible.
        try b.sheet.protect(options: SheetProtection(formatColumns: true, formatRows: true, autofilter: true))
        // One landscape page width: each query with its reply columns on the same page.
        try b.printSetup(headerRows: top...top, title: pref.name + " 疑義照会票", minimumScale: minimumScale, compact: true)
        try b.sheet.activate()
    }

    /// Files that could not be read, with the respondent guessed from the 団体コード in the file name.
    static func rejected(_ b: SheetBuilder, _ ctx: ReportContext, _ pref: Prefecture) throws {
        try b.text("受け付けられなかったファイル　" + pref.name, 0, 0, Style.title, measure: false)
        try b.text("読み込めなかったファイル。回答者はファイル名の団体コードから推定したもの（推定）。理由の指示に沿って再送を依頼してください。",
                   1, 0, Style.note, measure: false)
        // Widths fixed so that all five columns share one page width: 理由 never prints alone.
        let columns: [(Term, Double)] = [(.file, 24), (.code, 8), (.body, 10), (.identified, 12), (.reason, 50)]
        let top = 3
        for (i, (term, width)) in columns.enumerated() {
            try b.text(term.heading(width: Int(width) - 2), top, i, header, measure: false)
            b.setWidth(i, width)
        }
        var row = top + 1
        for (f, guess) in ctx.rejectedFiles(of: pref) {
            try b.text(f.fileName, row, 0, Style.wrapped, measure: false)
            try b.text(guess.code, row, 1, Style.centered)
            try b.text(ctx.name(of: guess.code), row, 2, Style.wrapped, measure: false)
            try b.text(guess.known ? "確定" : "推定（記入またはファイル名の団体コードから）", row, 3, Style.wrapped, measure: false)
            try b.text(f.reasonText, row, 4, Style.wrapped, measure: false)
            row += 1
        }
        if row == top + 1 { try b.text("ありません。", row, 0, Style.note, measure: false) }
        try b.fitColumns()
        try b.printSetup(headerRows: top...top, title: pref.name + " 不受理ファイル")
    }

    /// 督促: respondents not yet returned, with the prefecture's contact from its own 都道府県票.
    static func reminders(_ b: SheetBuilder, _ ctx: ReportContext, _ pref: Prefecture) throws {
        try b.text("未提出の回答者（督促用）　" + pref.name, 0, 0, Style.title, measure: false)
        let contact = ctx.contact(of: pref)
        try b.text("都道府県の担当：" + (contact.isEmpty ? "（\(ctx.codebook.prefectureForm?.title ?? "")が未提出のため不明）" : contact), 1, 0, Style.note, measure: false)
        let header = [Term.code, .body, .form, .state].map(\.rawValue)
        let top = 3
        for (i, h) in header.enumerated() { try b.text(h, top, i, Style.header) }
        var row = top + 1
        let status = ctx.tabulation.status.prefecture(pref.prefCode)
        let munis = ctx.share(pref).municipalities.sorted { $0.code < $1.code }
        for form in ctx.codebook.forms {
            let missing: [(code: String, name: String)]
            switch form.audience {
            case .eachPrefecture:
                missing = ctx.responseByRespondent[Respondent(form: form.id, code: pref.code)] == nil ? [(pref.code, pref.name)] : []
            case .eachMunicipality where form.id == ctx.codebook.municipalityForm?.id:
                missing = (status?.municipalitiesNotReturned ?? []).map { ($0.code, $0.name) }
            case .eachMunicipality:
                missing = munis.filter { ctx.responseByRespondent[Respondent(form: form.id, code: $0.code)] == nil }.map { ($0.code, $0.name) }
            case .eachCoordinator:
                missing = []  // no list of coordinators to remind
            }
            for m in missing {
                try b.text(m.code, row, 0, Style.centered); try b.text(m.name, row, 1)
                try b.text(form.title, row, 2); try b.text("未提出", row, 3, Style.flagged)
                row += 1
            }
        }
        if row == top + 1 { try b.text("未提出の回答者はありません。", row, 0, Style.note, measure: false) }
        else { try b.sheet.autofilter(rows: top...(row - 1), columns: 0...(header.count - 1)) }
        try b.fitColumns(minimum: 6, maximum: 40)
        try b.printSetup(headerRows: top...top, title: pref.name + " 督促")
    }
}

extension ReportContext {
    /// SHA-256 of a ledger file (the hidden key that tells a stale reply).
    func sha256(of file: String) -> String? { shaByFile[file] }

    /// What this run sends: every open issue of an identified respondent as a query, and each
    /// prefecture's workbook id (the record the next run checks replies against).
    var sentNow: QueryRecord {
        var out = QueryRecord()
        for p in input.prefectures {
            out.workbooks[QueryRecord.workbookID(run: input.runID, prefecture: p.prefCode)] = p.prefCode
        }
        // Lazily: a filtered copy of the issues was 27 MB at ten nations, at the reports' peak.
        out.queries = Array(input.issues.lazy.filter { $0.status == .open }.compactMap { SentQuery($0, sourceSHA256: self.sha256(of: $0.file) ?? "") })
        return out
    }

    /// Per query id, the latest reply not applied and why (前回の回答): the row asks again with the reason.
    /// Latest by 回答日 (else the workbook's save day) like the replies themselves, not by file order.
    var lastReply: [String: String] {
        var latest: [String: Correction] = [:]
        for c in input.corrections where !c.queryID.isEmpty && [.refused, .superseded, .pending].contains(c.outcome) {
            if let seen = latest[c.queryID], seen.repliedAt > c.repliedAt { continue }
            latest[c.queryID] = c
        }
        return latest.mapValues { c in
            let said = [c.corrected.isEmpty ? nil : "修正後の値「\(c.corrected)」", c.note.isEmpty ? nil : "備考「\(c.note)」"]
                .compactMap { $0 }.joined(separator: "、")
            return "\(c.outcome.label)：\(c.reason)" + (said.isEmpty ? "" : "（\(said)）")
        }
    }

    /// The prefecture's rejected files: those identified, and those whose file name carries one
    /// of its 団体コード (checked against the master list and its check digit).
    func rejectedFiles(of pref: Prefecture) -> [(FileRecord, (code: String, known: Bool))] {
        var out: [(FileRecord, (code: String, known: Bool))] = []
        for f in refusedFiles {
            if let r = f.respondent {
                if r.prefectureCode == pref.prefCode { out.append((f, (r.code, true))) }
                continue
            }
            let known: (String) -> Bool = { municipalityByCode[$0] != nil || prefectureByCode[$0] != nil }
            // The 団体コード typed in the file, else one in its name: both only a guess (推定).
            let typed = typedCodeByFile[f.file].flatMap { known($0) ? $0 : nil }
            if let code = typed ?? Self.codeInName(f.fileName, known: known), code.hasPrefix(pref.prefCode) { out.append((f, (code, false))) }
        }
        return out
    }

    /// The first run of 6 digits (or 5, completed with its check digit) in a file name that is a
    /// 団体コード of the master list.
    static func codeInName(_ name: String, known: (String) -> Bool) -> String? {
        var runs: [String] = [], digits = ""
        for c in name + "." {
            if c.isASCII && c.isNumber { digits.append(c) } else { if !digits.isEmpty { runs.append(digits) }; digits = "" }
        }
        for run in runs {
            if run.count == 6, MasterIndex.hasValidCheckDigit(run), known(run) { return run }
            if run.count == 5, let d = MasterIndex.checkDigit(of: run), known(run + String(d)) { return run + String(d) }
        }
        return nil
    }

    /// 部署, 氏名, 電話, メール and any other contact field of the prefecture's 都道府県票 (form
    /// order), when it has returned one.
    func contact(of pref: Prefecture) -> String {
        guard let form = codebook.prefectureForm, let r = responseByRespondent[Respondent(form: form.id, code: pref.code)] else { return "" }
        return form.questions.filter { $0.identity == .department || $0.isContact }.compactMap { q -> String? in
            guard case .text(let t)? = r.answers[q.id] else { return nil }
            return t
        }.joined(separator: "　")
    }
}
