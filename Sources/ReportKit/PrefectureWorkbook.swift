import SurveyModel
import Tabulate
import XLSXWriter

/// prefectures/NN_名称.xlsx: what one prefecture receives — its own respondents in full
/// (with their contacts: the prefecture is their government), and only national totals besides.
enum PrefectureWorkbook {
    static func fileName(_ pref: Prefecture) -> String { "\(pref.prefCode)_\(pref.name).xlsx" }

    static func write(_ ctx: ReportContext, _ pref: Prefecture, to path: String) throws {
        let cb = ctx.codebook
        let wb = try WorkbookWriter(path: path, properties: .init(
            title: cb.title + "　" + pref.name, subject: cb.year + " " + cb.title, author: "renkei",
            category: "都道府県別集計", keywords: cb.id + " " + cb.version + " " + pref.code,
            comments: "集計基準日時 " + ctx.input.asOf + " / run " + ctx.input.runID), creationDate: .fixed,
            options: ReportContext.workbookOptions)
        let t = ctx.tabulation
        let header = PageHeader(survey: cb.year + "　" + cb.title, asOf: ctx.input.asOf)
        let own = t.prefecture(pref.prefCode)
        let status = t.status.prefecture(pref.prefCode)
        let share = ctx.share(pref)
        let munis = share.municipalities
        let mine = share.responses

        let files = share.files
        let cover = try SheetBuilder(wb, sheet: "表紙", header: header)
        let forms: [CoverSheet.FormCount] = cb.forms.map { form in
            let r = status?.form(form.id)
            return .init(title: form.title, received: r?.received ?? 0, expected: r?.expected)
        }
        // Answer lists first (municipalities', coordinators'), the prefecture's own answers last.
        let lists = cb.forms.filter { $0.audience != .eachPrefecture }, ownForms = cb.formsFor(.eachPrefecture)
        let severalPerMunicipality = cb.formsFor(.eachMunicipality).count > 1
        let listContents: [(String, String)] = lists.map { f -> (String, String) in
            guard f.audience == .eachMunicipality else { return (f.listSheet, "管内の\(f.title)の回答（連絡先を含む）") }
            let what = severalPerMunicipality ? f.title + "の" : ""
            return (f.listSheet, "管内市町村の" + what + "回答（1市町村1行。複数回答は選択肢ごとに○）")
        }
        let ownContents: [(String, String)] = ownForms.map { f in (f.listSheet, "\(pref.name)の\(f.title)の回答") }
        let middle: [(String, String)] = [
            ("集計", "全設問の単純集計（\(pref.name)と全国を並べて表示）"),
            ("場面・テーマ別", "\(cb.categories.count)つの場面・テーマごとの取組（\(pref.name)と全国）、グラフ"),
            ("疑義一覧", "管内の回答者の疑義（返送・照会用）"),
            ("修正履歴", "疑義照会への回答と事務局の修正（元の値、修正後の値、回答者、結果）"),
            ("前回からの変更", "前回公開した集計からの変更（新しいファイル、疑義の発生・解消・確認、修正）"),
        ]
        let contents = [("回収状況", "管内市町村ごとの回答の有無、受理したファイル、更新日時、状態。未回収の市町村の一覧")]
            + listContents + middle + ownContents
        try CoverSheet(workbookTitle: pref.name + "　集計結果",
                       facts: [("都道府県", pref.name + "（" + pref.code + "）")] + NationalWorkbook.coverFacts(ctx),
                       fileCounts: NationalWorkbook.fileCounts(files), forms: forms, contents: contents,
                       percentBase: ctx.input.percentBase)
            .write(cover, codebook: cb)
        try cover.sheet.activate()

        try StatusSheet.prefecture(try SheetBuilder(wb, sheet: "回収状況", header: header), ctx, pref)

        for form in lists where form.audience == .eachMunicipality {
            let rows = munis.map { m -> AnswerListSheet.Row in
                let r = ctx.responseByRespondent[Respondent(form: form.id, code: m.code)]
                return .init(lead: [m.code, m.name, m.kind.rawValue, r == nil ? "未回収" : "回答"], response: r)
            }
            try AnswerListSheet.write(try SheetBuilder(wb, sheet: form.listSheet, header: header),
                                      title: "\(form.listSheet)　\(pref.name)",
                                      note: "1市町村1行。単一回答は選択肢名、複数回答は選んだ選択肢に○、数値・記述はそのまま。"
                                          + "空欄は無回答または非該当。未回収の市町村も空欄で掲載。",
                                      form: form, leadHeaders: ["団体コード", "市区町村名", "区分", "回答"],
                                      rows: rows, printTitle: pref.name + " " + form.listSheet)
        }
        for form in lists where form.audience == .eachCoordinator {
            let rows = mine.filter { $0.respondent.form == form.id }.map { r -> AnswerListSheet.Row in
                .init(lead: [r.respondent.code, ctx.name(of: r.respondent.code),
                             r.respondent.coordinatorNumber.map(String.init) ?? ""], response: r)
            }
            try AnswerListSheet.write(try SheetBuilder(wb, sheet: form.listSheet, header: header),
                                      title: "\(form.title)　\(pref.name)（\(rows.count)人）",
                                      note: "所属自治体ごと、コーディネーター番号順。氏名・連絡先を含むため取扱いに注意。",
                                      form: form, leadHeaders: ["所属団体コード", "所属自治体", "番号"], keyColumns: 3,
                                      rows: rows, printTitle: pref.name + " " + form.listSheet)
        }

        let sections: [QuestionTablesSheet.Section] = cb.forms.compactMap { form in
            guard let nation = t.nation(form.id) else { return nil }
            let local = own?.tables(form.id) ?? Tabulator.tabulate(form, responses: [])
            // The prefecture's own 都道府県票 is one answer, not a distribution: shown as ○ and values.
            let single = form.audience == .eachPrefecture
            return .init(heading: "\(form.title)（\(pref.name) 回答数 \(local.respondents)、全国 \(nation.respondents)）"
                             + (single ? "　\(pref.name)の列は回答（○・数値）" : ""),
                         form: form, tables: [local, nation], answerGroups: single ? [0] : [],
                         previous: ctx.input.previous.map { p in
                             // Its own previous figures and the nation's; never another prefecture's.
                             [p.prefecture(pref.prefCode)?.tables(form.id), p.nation(form.id)]
                         })
        }
        try QuestionTablesSheet.write(try SheetBuilder(wb, sheet: "集計", header: header),
                                      title: "単純集計　\(pref.name)と全国", groupTitles: [pref.name, "全国"],
                                      sections: sections, base: ctx.input.percentBase, printTitle: pref.name + " 集計",
                                      previous: ctx.input.previous, prefecture: pref.prefCode)
        try CategoryMatrixSheet.prefecture(try SheetBuilder(wb, sheet: "場面・テーマ別", header: header), ctx, pref)
        try IssueSheets.list(try SheetBuilder(wb, sheet: "疑義一覧", header: header), ctx, pref)
        try CorrectionsCSV.sheet(try SheetBuilder(wb, sheet: "修正履歴", header: header), ctx, pref)
        if let changes = ctx.input.changes { try ChangeSheet.write(try SheetBuilder(wb, sheet: "前回からの変更", header: header), ctx, changes, prefecture: pref) }
        for form in ownForms {
            try AnswerListSheet.single(try SheetBuilder(wb, sheet: form.listSheet, header: header), title: "\(form.title)　\(pref.name)",
                                       form: form, response: ctx.responseByRespondent[Respondent(form: form.id, code: pref.code)],
                                       printTitle: pref.name + " " + form.listSheet)
        }
        try wb.close()
    }
}
