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
        let header = ["都道府県コード", "都道府県", "都道府県票", "市町村数", "市町村票 回収数", "市町村票 回収率",
                      "未回収の市町村", "コーディネーター票"]
        let top = 3
        // Headers wrap within the width the figures need, rather than widening every column.
        for (i, h) in header.enumerated() { try b.text(h, top, i, Style.header, measure: false) }
        var row = top + 1
        for s in status.perPrefecture {
            try b.text(s.prefecture.prefCode, row, 0, Style.centered)
            try b.text(s.prefecture.name, row, 1)
            try b.text(s.prefectureReturned ? "受理" : "未提出", row, 2, s.prefectureReturned ? Style.centered : Style.flagged.with { $0.horizontalAlignment = .center })
            try b.count(s.municipalitiesTotal, row, 3)
            try b.count(s.municipalitiesReturned, row, 4)
            try b.share(s.municipalityShare, row, 5)
            try b.count(s.municipalitiesNotReturned.count, row, 6)
            try b.count(s.coordinators, row, 7)
            row += 1
        }
        let last = row - 1
        let totalFormat = Style.label.with { $0.border = .thin; $0.fillColor = Style.subtotalFill }
        try b.text("", row, 0, totalFormat)
        try b.text("全国", row, 1, totalFormat)
        try b.text("\(status.prefecturesReturned) / \(status.prefecturesTotal)", row, 2, totalFormat.with { $0.horizontalAlignment = .center })
        try b.count(status.municipalitiesTotal, row, 3, Style.countBold)
        try b.count(status.municipalitiesReturned, row, 4, Style.countBold)
        try b.share(status.municipalityShare, row, 5, Style.percent.with { $0.bold = true })
        try b.count(status.municipalitiesNotReturned.count, row, 6, Style.countBold)
        try b.count(status.coordinators, row, 7, Style.countBold)
        if last > top {
            try b.sheet.autofilter(rows: top...last, columns: 0...(header.count - 1))
            try b.sheet.addConditionalFormat(Style.bar, rows: (top + 1)...last, columns: 5...5)
            try b.sheet.addConditionalFormat(.cellValue(.greaterThan(0), format: CellFormat(bold: true, fontColor: Color(rgb: 0xC00000))),
                                             rows: (top + 1)...last, columns: 6...6)
        }
        try b.sheet.freezePanes(row: top + 1, column: 2)
        try b.fitColumns(minimum: 6, maximum: 30)
        try b.printSetup(headerRows: top...top, title: "回収状況", keyColumns: 0...1)
    }

    /// A prefecture: one row per municipality, then those not yet returned.
    static func prefecture(_ b: SheetBuilder, _ ctx: ReportContext, _ pref: Prefecture) throws {
        let share = ctx.share(pref)
        let own = share.municipalities
        let files = Dictionary(grouping: share.files) { $0.respondent! }
        let coordCounts = Dictionary(grouping: share.responses.filter { $0.respondent.form == .coord }) {
            $0.respondent.code
        }.mapValues(\.count)
        let s = ctx.tabulation.status.prefecture(pref.prefCode)

        try b.text("回収状況　" + pref.name, 0, 0, Style.title, measure: false)
        let prefFile = pick(files[Respondent(form: .pref, code: pref.code)])
        // The ledger says which file; the accepted responses say whether (a run without a ledger still has them).
        let prefReturned = s?.prefectureReturned ?? false
        var summary = "都道府県票: " + (prefFile.map { describe($0, ctx) } ?? (prefReturned ? LedgerState.accepted.label : "未提出"))
        summary += "　／　市町村票: \(s?.municipalitiesReturned ?? 0) / \(own.count)"
        if let share = s?.municipalityShare { summary += String(format: "（%.1f%%）", share * 100) }
        summary += "　／　コーディネーター票: \(s?.coordinators ?? 0) 件"
        b.note(summary, 1, Style.label)
        try b.text("集計基準日時: " + ctx.input.asOf, 2, 0, Style.note, measure: false)

        // The reported count comes from Tabulate; the heading names the question it was asked in.
        let countQuestion = ctx.codebook.form(.muni)?.question(role: .coordinatorCount)
        let header = ["団体コード", "市区町村名", "区分", "回答", "ファイル", "更新日時", "状態", "提出ファイル数", "備考",
                      "コーディネーター票", "配置人数" + (countQuestion.map { "（\($0.number)）" } ?? "")]
        let top = 4
        // Headers wrap within the width the figures need, rather than widening every column.
        for (i, h) in header.enumerated() { try b.text(h, top, i, Style.header, measure: false) }
        var row = top + 1
        for m in own {
            let mine = files[Respondent(form: .muni, code: m.code)] ?? []
            let chosen = pick(mine)
            let returned = ctx.responseByRespondent[Respondent(form: .muni, code: m.code)] != nil
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
            try b.count(coordCounts[m.code] ?? 0, row, 9)
            if let n = ctx.tabulation.status.reportedCoordinators[m.code] {
                try b.count(n, row, 10)
            } else {
                try b.blank(row, 10)
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
        try b.text("未回収の市町村（\(missing.count)）", row, 0, Style.subtitle, measure: false); row += 1
        if missing.isEmpty {
            try b.text("なし（全市町村から受理済み）", row, 0, Style.note, measure: false)
        } else {
            for (i, h) in ["団体コード", "市区町村名", "区分", "状態"].enumerated() {
                try b.text(h, row, i, Style.header, measure: false)
            }
            row += 1
            for m in missing {
                let mine = files[Respondent(form: .muni, code: m.code)] ?? []
                try b.text(m.code, row, 0, Style.centered)
                try b.text(m.name, row, 1)
                try b.text(m.kind.rawValue, row, 2, Style.centered)
                try b.merged(pick(mine).map { "\($0.state.label): " + ($0.reason ?? "") } ?? "未提出", row: row,
                             columns: 3...8, Style.wrapped)
                row += 1
            }
        }
        b.setWidth(4, 20); b.setWidth(6, 10); b.setWidth(8, 20)  // file names, 状態 and 備考 wrap; rows grow to fit
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
                + (f.state == .superseded ? "（新しいファイルで差替）" : f.reason.map { "（\($0)）" } ?? "")
        }.joined(separator: "\n") + (chosen.flatMap { $0.state.isAccepted ? nil : $0.reason } ?? "")
    }
}

extension StatusSheet {
    static func nationalSheet(_ ctx: ReportContext) -> ReportSheet {
        ReportSheet(name: "回収状況", purpose: "都道府県ごとの都道府県票・市町村票・コーディネーター票の回収数と回収率") { try national($0, ctx) }
    }

    static func prefectureSheet(_ ctx: ReportContext, _ pref: Prefecture) -> ReportSheet {
        ReportSheet(name: "回収状況", purpose: "管内市町村ごとの回答の有無、受理したファイル、更新日時、状態。未回収の市町村の一覧") {
            try prefecture($0, ctx, pref)
        }
    }
}
