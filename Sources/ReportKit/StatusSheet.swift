import Foundation
import Ingest
import SurveyModel
import Tabulate
import XLSXWriter

/// 回収状況: who has returned what.
enum StatusSheet {
    /// National: one row per prefecture.
    static func national(_ b: SheetBuilder, _ ctx: ReportContext) throws {
        let status = ctx.tabulation.status
        try b.text("回収状況（都道府県別）", 0, 0, Style.title, measure: false)
        try b.text("集計基準日時: " + ctx.input.asOf, 1, 0, Style.note, measure: false)
        let columns = nationalColumns(ctx.codebook)
        let header = [Term.prefectureCode, .prefecture].map(\.rawValue) + columns.map(\.header)
        let top = 3
        // Headers wrap within the width the figures need, rather than widening every column.
        for (i, h) in header.enumerated() { try b.text(h, top, i, Style.header, measure: false) }
        var row = top + 1
        for s in status.perPrefecture {
            try b.text(s.prefecture.prefCode, row, 0, Style.centered)
            try b.text(s.prefecture.name, row, 1)
            for (i, c) in columns.enumerated() {
                let r = s.form(c.form)
                switch c.kind {
                case .returned:
                    let done = (r?.received ?? 0) > 0
                    try b.text(done ? "受理" : "未提出", row, 2 + i, done ? Style.centered : Style.flagged.with { $0.horizontalAlignment = .center })
                case .listed: try b.count(s.municipalitiesTotal, row, 2 + i)
                case .received: try b.count(r?.received ?? 0, row, 2 + i)
                case .rate: try b.share(r?.share, row, 2 + i)
                case .missing: try b.count(s.municipalitiesNotReturned.count, row, 2 + i)
                }
            }
            row += 1
        }
        let last = row - 1
        let totalFormat = Style.label.with { $0.border = .thin; $0.fillColor = Style.subtotalFill }
        try b.text("", row, 0, totalFormat)
        try b.text("全国", row, 1, totalFormat)
        for (i, c) in columns.enumerated() {
            let r = status.form(c.form)
            switch c.kind {
            case .returned:
                try b.text("\(Shown.count(r?.received ?? 0)) / \(Shown.count(r?.expected ?? 0))", row, 2 + i, totalFormat.with { $0.horizontalAlignment = .center })
            case .listed: try b.count(status.municipalitiesTotal, row, 2 + i, Style.countBold)
            case .received: try b.count(r?.received ?? 0, row, 2 + i, Style.countBold)
            case .rate: try b.share(r?.share, row, 2 + i, Style.percent.with { $0.bold = true })
            case .missing: try b.count(status.municipalitiesNotReturned.count, row, 2 + i, Style.countBold)
            }
        }
        if last > top {
            try b.sheet.autofilter(rows: top...last, columns: 0...(header.count - 1))
            for (i, c) in columns.enumerated() where c.kind == .rate {
                try b.sheet.addConditionalFormat(Style.bar, rows: (top + 1)...last, columns: (2 + i)...(2 + i))
            }
            for (i, c) in columns.enumerated() where c.kind == .missing {
                try b.sheet.addConditionalFormat(.cellValue(.greaterThan(0), format: CellFormat(bold: true, fontColor: Color(rgb: 0xC00000))),
                                                 rows: (top + 1)...last, columns: (2 + i)...(2 + i))
            }
        }
        try b.sheet.freezePanes(row: top + 1, column: 2)
        try b.fitColumns(minimum: 6, maximum: 30)
        try b.printSetup(headerRows: top...top, title: "回収状況", keyColumns: 0...1)
    }

    /// One figure column of the national sheet: what it counts of which form.
    struct Column {
        enum Kind { case returned, listed, received, rate, missing }
        var header: String
        var form: FormID
        var kind: Kind
    }

    /// The national sheet's columns, form by form in codebook order: a per-prefecture form's
    /// 受理/未提出; a per-municipality form's 回収数 and 回収率 (the first one also 市町村数 before
    /// and 未回収の市町村 after); a coordinator form's count.
    static func nationalColumns(_ cb: Codebook) -> [Column] {
        let first = cb.municipalityForm?.id
        return cb.forms.flatMap { f -> [Column] in
            switch f.audience {
            case .eachPrefecture: return [Column(header: f.title, form: f.id, kind: .returned)]
            case .eachCoordinator: return [Column(header: f.title, form: f.id, kind: .received)]
            case .eachMunicipality:
                let counts = [Column(header: f.title + " " + Term.received.rawValue, form: f.id, kind: .received),
                              Column(header: f.title + " " + Term.rate.rawValue, form: f.id, kind: .rate)]
                guard f.id == first else { return counts }
                return [Column(header: Term.municipalities.rawValue, form: f.id, kind: .listed)] + counts
                    + [Column(header: Term.notReturned.rawValue, form: f.id, kind: .missing)]
            }
        }
    }

    /// A prefecture: one row per municipality, then those not yet returned.
    static func prefecture(_ b: SheetBuilder, _ ctx: ReportContext, _ pref: Prefecture) throws {
        let share = ctx.share(pref)
        let own = share.municipalities
        let files = Dictionary(grouping: share.files) { $0.respondent! }
        let cb = ctx.codebook
        let coordForm = cb.formsFor(.eachCoordinator).first
        let coordCounts = Dictionary(grouping: share.responses.filter { $0.respondent.form == coordForm?.id }) {
            $0.respondent.code
        }.mapValues(\.count)
        let s = ctx.tabulation.status.prefecture(pref.prefCode)

        try b.text("回収状況　" + pref.name, 0, 0, Style.title, measure: false)
        let summary = cb.forms.map { f -> String in
            let r = s?.form(f.id)
            switch f.audience {
            case .eachPrefecture:
                // The ledger says which file; the accepted responses say whether (a run without a ledger still has them).
                let file = pick(files[Respondent(form: f.id, code: pref.code)])
                return "\(f.title): " + (file.map { describe($0, ctx) } ?? ((r?.received ?? 0) > 0 ? LedgerState.accepted.label : "未提出"))
            case .eachMunicipality:
                return "\(f.title): \(Shown.count(r?.received ?? 0)) / \(Shown.count(own.count))" + (r?.share.map { String(format: "（%.1f%%）", $0 * 100) } ?? "")
            case .eachCoordinator:
                return "\(f.title): \(Shown.count(r?.received ?? 0)) 件"
            }
        }.joined(separator: "　／　")
        b.note(summary, 1, Style.label)
        try b.text("集計基準日時: " + ctx.input.asOf, 2, 0, Style.note, measure: false)

        // The reported count comes from Tabulate; the heading names the question it was asked in.
        let muniForm = cb.municipalityForm
        let countQuestion = muniForm?.question(role: .coordinatorCount)
        // The other per-municipality forms: 済 or 未回収 each, after the first form's columns.
        let others = cb.formsFor(.eachMunicipality).dropFirst()
        let header = [Term.code, .body, .municipalityKind, .answered, .file, .modified, .state, .fileCount, .note].map(\.rawValue)
            + (coordForm.map { [$0.title, Term.reportedCoordinators.rawValue + (countQuestion.map { "（\($0.number)）" } ?? "")] } ?? [])
            + others.map(\.title)
        let top = 4
        // Headers wrap within the width the figures need, rather than widening every column.
        for (i, h) in header.enumerated() { try b.text(h, top, i, Style.header, measure: false) }
        var row = top + 1
        for m in own {
            let mine = muniForm.flatMap { files[Respondent(form: $0.id, code: m.code)] } ?? []
            let chosen = pick(mine)
            let returned = muniForm.map { ctx.responseByRespondent[Respondent(form: $0.id, code: m.code)] != nil } ?? false
            try b.text(m.code, row, 0, Style.centered)
            try b.text(m.name, row, 1)
            try b.text(m.kind.rawValue, row, 2, Style.centered)
            try b.text(returned ? "済" : "未回収", row, 3, returned ? Style.centered : Style.flagged.with { $0.horizontalAlignment = .center })
            try b.text(chosen?.fileName ?? "", row, 4, Style.wrapped)
            if let date = chosen?.modified {
                try b.date(date, row, 5, timeZone: ctx.timeZone)
            } else {
                try b.blank(row, 5)
            }
            try b.text(chosen?.state.label ?? (returned ? LedgerState.accepted.label : "未提出"), row, 6,
                       Style.centered.with { $0.wrapText = true })
            try b.count(mine.count, row, 7)
            try b.text(remarks(mine, chosen: chosen), row, 8, Style.wrapped)
            var column = 9
            if coordForm != nil {
                try b.count(coordCounts[m.code] ?? 0, row, 9)
                if let n = ctx.tabulation.status.reportedCoordinators[m.code] {
                    try b.count(n, row, 10)
                } else {
                    try b.blank(row, 10)
                }
                column = 11
            }
            for f in others {
                let done = ctx.responseByRespondent[Respondent(form: f.id, code: m.code)] != nil
                try b.text(done ? "済" : "未回収", row, column, done ? Style.centered : Style.flagged.with { $0.horizontalAlignment = .center })
                column += 1
            }
            row += 1
        }
        let last = row - 1
        if last > top {
            try b.sheet.autofilter(rows: top...last, columns: 0...(header.count - 1))
        }
        try b.sheet.freezePanes(row: top + 1, column: 2)

        row += 1
        let missing = s?.municipalitiesNotReturned ?? []
        try b.text("未回収の市町村（\(Shown.count(missing.count))）", row, 0, Style.subtitle, measure: false); row += 1
        if missing.isEmpty {
            try b.text("なし（全市町村から受理済み）", row, 0, Style.note, measure: false)
        } else {
            for (i, h) in [Term.code, .body, .municipalityKind, .state].map(\.rawValue).enumerated() {
                try b.text(h, row, i, Style.header, measure: false)
            }
            row += 1
            for m in missing {
                let mine = muniForm.flatMap { files[Respondent(form: $0.id, code: m.code)] } ?? []
                try b.text(m.code, row, 0, Style.centered)
                try b.text(m.name, row, 1)
                try b.text(m.kind.rawValue, row, 2, Style.centered)
                try b.merged(pick(mine).map { "\($0.state.label): " + $0.reasonText } ?? "未提出", row: row,
                             columns: 3...8, Style.wrapped)
                row += 1
            }
        }
        // A form's file name on one line; 状態 and 備考 wrap, rows grow to fit (~30 municipalities a page).
        b.setWidth(4, 30); b.setWidth(6, 10); b.setWidth(8, 12)
        try b.fitColumns(minimum: 6, maximum: 40)
        try b.printSetup(headerRows: top...top, title: pref.name + " 回収状況", keyColumns: 0...1)
    }

    /// The file that decided a respondent's state: the accepted one, else the latest by time.
    static func pick(_ files: [FileRecord]?) -> FileRecord? {
        guard let files, !files.isEmpty else { return nil }
        if let accepted = files.first(where: { $0.state.isAccepted }) { return accepted }
        return files.max { ($0.modified ?? .distantPast, $0.file) < ($1.modified ?? .distantPast, $1.file) }
    }

    static func describe(_ f: FileRecord, _ ctx: ReportContext) -> String {
        var s = f.state.label + "（" + f.fileName
        if f.modified != nil { s += "、" + ctx.timestamp(f.modified) }
        return s + "）"
    }

    /// The other files of the respondent, and why they were not used. A replaced file needs no
    /// reason: the file that replaced it is the one in the ファイル column of the same row.
    static func remarks(_ files: [FileRecord], chosen: FileRecord?) -> String {
        files.filter { $0 != chosen }.map { f in
            "\(f.fileName): \(f.state.label)"
                + (f.state == .superseded ? "（新しいファイルで差替）" : "（\(f.reasonText)）")
        }.joined(separator: "\n") + (chosen.flatMap { $0.state.isAccepted ? nil : $0.reasonText } ?? "")
    }
}

extension StatusSheet {
    static func nationalSheet(_ ctx: ReportContext) -> ReportSheet {
        ReportSheet(name: "回収状況", purpose: "都道府県ごとの" + ctx.codebook.forms.map(\.title).joined(separator: "・") + "の回収数と回収率") {
            try national($0, ctx)
        }
    }

    static func prefectureSheet(_ ctx: ReportContext, _ pref: Prefecture) -> ReportSheet {
        ReportSheet(name: "回収状況", purpose: "管内市町村ごとの回答の有無、受理したファイル、更新日時、状態。未回収の市町村の一覧") {
            try prefecture($0, ctx, pref)
        }
    }
}
