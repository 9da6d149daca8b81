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
    /// The smallest scale the sheet may be fitted to: 9 pt × 8/9 = 8 pt. The widths leave 2%
    /// more, as LibreOffice rounds its fitted scale down to a whole percent.
    static let minimumScale = 8.0 / fontSize

    /// Width of each visible column in half-width characters of 9 pt text: narrow, the long
    /// texts wrap and their rows grow. All of them fit one landscape A4 width at ≥ 8 pt.
    static func characters(_ c: Column) -> Int {
        switch c {
        case .cell: 4
        case .value: 5
        case .note: 5
        case .code, .name, .questionNumber, .severity, .repliedBy, .repliedOn, .correctedValue, .previousReply: 6
        case .form, .action: 8
        case .options: 8
        case .question: 12
        case .message: 32
        case .queryID, .respondentKey, .questionID, .ruleID: 0
        }
    }

    /// The Excel width that holds `characters` of 9 pt text with half a unit of padding (row
    /// heights are still counted with `PageGeometry.wrappedHeight`'s wider padding: never too short).
    static func width(_ c: Column) -> Double { Double(characters(c)) * fontSize / PageGeometry.bodyFontSize + 0.5 }

    /// Options listed in the row when this short (4 lines of the column, as tall as most
    /// messages); longer lists go to 選択肢一覧.
    static let inlineOptions = 4 * 8

    /// Points a query row needs in Excel (8 px a width unit less its padding, 9 pt text): rows
    /// sized to their text, so a page holds as many queries as their texts allow.
    static func rowHeight(_ texts: [(Column, String)]) -> Double {
        let lines = texts.map { c, text -> Int in
            let perLine = max(2, 2 * (width(c) * 8 - 6) / (fontSize * 4 / 3))
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { max(1, Int((Double(TextUnits.count(String($0))) / perLine).rounded(.up))) }.reduce(0, +)
        }.max() ?? 1
        return max(PageGeometry.defaultRowHeight, (Double(lines) * fontSize * 1.35 + 4).rounded(.up))
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

    /// What is wrong, without repeating the 問番号 and question the row already shows.
    static func shortMessage(_ issue: Issue, question q: Question?) -> String {
        var m = issue.message
        if let q, m.hasPrefix(q.printedName) { m = "この設問" + m.dropFirst(q.printedName.count) }
        return m + (issue.localDetail.map { "（" + $0 + "）" } ?? "")
    }

    /// The options with their numbers, for a question answered by choosing (「1 設置している／2 設置していない」);
    /// a long list is named here and printed once on 選択肢一覧.
    static func options(_ q: Question?) -> String {
        let all = (q?.options ?? []).map(\.listed).joined(separator: "／")
        guard let q, TextUnits.count(all) > inlineOptions else { return all }
        return "\(optionSheet)（\(q.options.count)項目）"
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
                  TextUnits.count(q.options.map(\.listed).joined(separator: "／")) > inlineOptions,
                  seen.insert(form.id.rawValue + " " + q.id).inserted else { continue }
            try b.text(form.title, row, 0, Style.wrapped, measure: false)
            try b.text(q.shortName, row, 1, Style.centered)
            try b.text(q.label, row, 2, Style.wrapped, measure: false)
            try b.text(q.options.map(\.listed).joined(separator: "\n"), row, 3, Style.wrapped, measure: false)
            row += 1
        }
        if row == top + 1 { try b.text("ありません（選択肢はすべて疑義照会票に記載）。", row, 0, Style.note, measure: false) }
        try b.fitColumns()
        try b.printSetup(headerRows: top...top, title: pref.name + " " + optionSheet)
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
        // Hidden keys are written past the builder (it must not size or show their columns).
        for c in Column.allCases where c.isHiddenKey { try b.sheet.write(c.header, row: top, column: c.rawValue, format: Style.header) }
        for c in visible {
            let heading = c.term?.heading(width: characters(c)) ?? c.header
            try b.text(heading, top, c.rawValue, c.isReply ? replyHeader : header, measure: false)
            b.setWidth(c.rawValue, width(c))
        }
        let severalSheets = Set(issues.compactMap(\.sheet)).count > 1
        var row = top + 1
        for issue in issues {
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
                (.questionNumber, q?.number ?? "", centeredBody), (.question, q?.label ?? issue.questionLabel ?? "", body),
                (.options, options(q), body), (.cell, cellText, centeredBody), (.value, issue.value ?? "", body),
                (.severity, issue.severity.label, issue.severity == .error ? flaggedBody : body),
                (.message, shortMessage(issue, question: q), body),
                (.previousReply, lastReply[query?.id ?? ""] ?? "", body),
            ]
            // Written past the builder: the row's height is set here from the real widths.
            for (c, text, format) in shown { try b.sheet.write(text, row: row, column: c.rawValue, format: format) }
            b.rowHeight(row, rowHeight(shown.map { ($0.0, $0.1) }))
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
        // Only the reply cells can be typed in; filtering and widening columns stay possible.
        try b.sheet.protect(options: SheetProtection(formatColumns: true, formatRows: true, autofilter: true))
        // One landscape page width: each query with its reply columns on the same page.
        try b.printSetup(headerRows: top...top, title: pref.name + " 疑義照会票", minimumScale: minimumScale)
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
        out.queries = input.issues.filter { $0.status == .open }.compactMap { SentQuery($0, sourceSHA256: sha256(of: $0.file) ?? "") }
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
        for f in input.files where f.state == .rejected {
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
