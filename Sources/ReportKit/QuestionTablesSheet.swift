import SurveyModel
import Tabulate
import XLSXWriter

/// 単純集計: every tabulated question of a form as a block of rows — n, each option's count and
/// its ％ (of the `PercentBase`), 無回答; integer statistics and bands — with groups (全国, 区分,
/// a prefecture) side by side. A group of one respondent (a prefecture's own 都道府県票) shows
/// the answer itself: ○ on the chosen options, the number.
enum QuestionTablesSheet {
    struct Section {
        /// A heading above the form's questions when a sheet holds several forms.
        var heading: String?
        var form: Form
        /// One per group, aligned with the sheet's group titles.
        var tables: [FormTables]
        /// Groups that hold one respondent's answer, shown as the answer rather than as ％.
        var answerGroups: Set<Int> = []
        /// The previous survey's tables, aligned with the groups (`--previous`); a nil entry
        /// (or nil for all): that group shows no comparison.
        var previous: [FormTables?]? = nil
    }
    /// A group's previous figures for one question.
    enum Before {
        case notCompared
        /// 新設: the group compares, but the question had no predecessor.
        case new
        case table(QuestionTable)
    }

    static let firstGroupColumn = 2

    /// Columns per group: 件数, ％, and with a comparison 前回件数, 前回％, 差.
    static func width(comparing: Bool) -> Int { comparing ? 5 : 2 }

    /// Column of each group's 件数 (its % is the next column; 前回 and 差 follow when it compares).
    struct Layout {
        var compares: [Bool]
        func countColumn(_ g: Int) -> Int {
            firstGroupColumn + compares.prefix(g).reduce(0) { $0 + width(comparing: $1) }
        }
        var lastColumn: Int { countColumn(compares.count) - 1 }
    }

    /// 差 in points, signed both ways so a printed page shows the direction without colour.
    static let difference = CellFormat(border: .thin, numberFormat: "+0.0;\"−\"0.0;0.0", verticalAlignment: .top)
    static let previousPercent = Style.percent.with { $0.fontColor = Color(rgb: 0x595959) }
    static let previousCount = Style.count.with { $0.fontColor = Color(rgb: 0x595959) }

    /// The legend line of a comparison: what 前回, 差 and 新設 mean.
    static func comparisonLegend(_ p: PreviousTabulation) -> String {
        "前回 = 前回調査（\(Shown.version(p.facts.codebookVersion))の調査票、集計基準日時 \(p.facts.asOf)）を今回の設問・選択肢に合わせて集計した値（同じ n と％の定義）。"
            + "差 = 今回の％ − 前回の％（ポイント。＋は増加、−は減少）。新設 = 今回の調査で新しく設けた設問。"
            + "前回・差の「－」 = 前回に対応する選択肢がない（新設の選択肢）。"
    }


    static func write(_ b: SheetBuilder, title: String, groupTitles: [String], sections: [Section],
                      base: PercentBase, printTitle: String, previous: PreviousTabulation? = nil,
                      prefecture: String? = nil) throws {
        let layout = Layout(compares: groupTitles.indices.map { g in
            previous != nil && sections.contains { s in s.previous.map { g < $0.count && $0[g] != nil } ?? false }
        })
        let comparing = layout.compares.contains(true)
        try b.text(title, 0, 0, Style.title, measure: false)
        b.note(note(base, answers: sections.filter { !$0.answerGroups.isEmpty }.map(\.form.title).joined(separator: "・")), 1)
        if comparing, let previous { b.note(comparisonLegend(previous), 2) }
        let headerRow = 3
        try b.text(Term.question.rawValue, headerRow, 0, Style.header, measure: false)
        try b.text(Term.optionOrItem.rawValue, headerRow, 1, Style.header, measure: false)
        try b.merged("", row: headerRow + 1, columns: 0...0, Style.header)
        try b.merged("", row: headerRow + 1, columns: 1...1, Style.header)
        for (g, name) in groupTitles.enumerated() {
            let c = layout.countColumn(g)
            try b.merged(name, row: headerRow, columns: c...(c + width(comparing: layout.compares[g]) - 1), Style.group)
            let heads = (layout.compares[g] ? [Term.count, .percent, .previousCount, .previousPercent, .difference] : [Term.count, .percent]).map(\.rawValue)
            // Not measured: a heading wraps (前回/件数) rather than widening the figures' columns.
            for (i, h) in heads.enumerated() { try b.text(h, headerRow + 1, c + i, Style.header, measure: false) }
        }
        var row = headerRow + 2
        for section in sections {
            // A form's heading stays on the page of its first question.
            var start = row, heading = 1
            if let heading = section.heading {
                row += 1
                try b.text(heading, row, 0, Style.subtitle, measure: false)
                row += 1
            }
            heading += row - start
            for question in section.form.questions where question.isTabulated {
                let tables = section.tables.map { $0.table(question.id) }
                let before = tables.indices.map { g -> Before in
                    guard layout.compares[g], let p = section.previous, g < p.count, let t = p[g] else { return .notCompared }
                    return t.table(question.id).map(Before.table) ?? .new
                }
                row = try block(b, question: question, form: section.form, tables: tables, base: base,
                                answerGroups: section.answerGroups, previous: before, layout: layout, row: row) + 1
                // A question's rows and its condition line print on one page.
                b.keep(start...(row - 2), heading: heading + (question.condition == nil ? 0 : 1))
                start = row; heading = 1
            }
        }
        if comparing, let previous {
            let first = row + 1
            row = try comparisonNotes(b, previous, forms: sections.map { ($0.form.id, $0.form.title) }, prefecture: prefecture, row: first)
            b.keep(first...max(first, row - 1), heading: 2)
        }
        b.setWidth(0, 9)
        // The label column takes what the groups leave of one landscape A4 width at 80%, so every
        // group compared prints beside the others on one page (labels wrap instead).
        let figures = (firstGroupColumn...max(firstGroupColumn, layout.lastColumn))
            .reduce(0.0) { $0 + PageGeometry.points(columnWidth: b.plannedWidth($1, minimum: 5, maximum: 12)) }
        let room = PageGeometry.printableWidth.landscape / PageGeometry.minimumScale - figures
            - PageGeometry.points(columnWidth: 9) - 2
        b.setWidth(1, min(48, max(14, PageGeometry.columnWidth(points: room))))
        try b.fitColumns(minimum: 5, maximum: 12)
        try b.sheet.freezePanes(row: headerRow + 2, column: 2)
        try b.printSetup(headerRows: headerRow...(headerRow + 1), title: printTitle, keyColumns: 0...1,
                         keepTogether: groupTitles.indices.map { layout.countColumn($0) })
    }

    /// The note under the title: what n, ％ and 無回答 are on this sheet.
    /// `answers`: the titles of the forms whose prefecture column is an answer, not a distribution.
    static func note(_ base: PercentBase, answers: String) -> String {
        base.nLabel + " = " + (base == .applicable ? "設問の対象となる回答者の数（有効回答＋無回答）。" : "設問の対象で有効な回答があった数。")
            + base.explanation + "複数回答は合計が100％にならない。"
            + "無回答 = 設問の対象で回答がない（無効な回答を含む）。条件付きの設問は条件に該当する回答者だけが対象。"
            + (answers.isEmpty ? "" : answers + "の都道府県の列は回答そのもの（選んだ選択肢に○、数値はその値）。")
    }

    /// One question's rows; returns the next free row. `previous` aligned with `tables` (empty:
    /// no group compares); the previous figures use the same base and the same rows.
    static func block(_ b: SheetBuilder, question q: Question, form: Form, tables: [QuestionTable?],
                      base: PercentBase = .applicable, answerGroups: Set<Int> = [],
                      previous: [Before] = [], layout: Layout? = nil, row start: Int) throws -> Int {
        let layout = layout ?? Layout(compares: tables.map { _ in false })
        let lastColumn = layout.lastColumn
        var row = start
        try b.text(q.number, row, 0, Style.questionHeading)
        // Not wrapped: a long label runs on over the (empty) group cells instead of being cut.
        try b.text(q.labelWithKind, row, 1, Style.questionHeading, measure: false)
        for c in QuestionTablesSheet.firstGroupColumn...max(QuestionTablesSheet.firstGroupColumn, lastColumn) {
            try b.blank(row, c, Style.questionHeading)
        }
        for (g, p) in previous.enumerated() {
            if case .new = p { try b.text("新設", row, layout.countColumn(g) + 2, Style.questionHeading) }
        }
        row += 1
        if let condition = q.condition {
            try b.text(conditionText(condition, form: form), row, 1, Style.note, measure: false)
            row += 1
        }

        /// `statistic`: a row of our own (n, 合計 … 無回答) whose % stays blank; other rows (options,
        /// bands) ask `shareApplies`, at most once per row. `answer`: what the row shows for a group
        /// of one respondent (nil: nothing).
        /// `option`: the option the row counts, so 前回 follows the year's mapping (新設, split);
        /// `previousOnly`: a row only last year has (answers matching no option now).
        func line(_ code: String, _ label: String, bold: Bool = false, statistic: Bool = false,
                  option: Int? = nil, previousOnly: Bool = false,
                  answer: (QuestionTable) -> SingleAnswer? = { _ in nil },
                  _ value: (QuestionTable) -> (count: Int?, share: Double?, decimal: Double?)) throws {
            try b.text(code, row, 0, Style.centered)
            try b.text(label, row, 1, bold ? Style.wrappedBold : Style.wrapped)
            lazy var dashWhenNoShare = !statistic && shareApplies(label)
            for (g, table) in tables.enumerated() {
                let c = layout.countColumn(g)
                let compared: QuestionTable?? = g < previous.count && layout.compares[g]
                    ? { if case .table(let t) = previous[g] { return .some(t) } else { return .some(nil) } }() : nil
                if answerGroups.contains(g) {
                    if previousOnly { try b.blank(row, c); try b.blank(row, c + 1) } else { try single(table, c) }
                    if let compared {
                        if let before = compared {
                            // Last year's own answer, by this year's options: 「－」 for a new one, ○ on a split's first part.
                            let m = option.flatMap { o in before.mapping.map { (o, $0) } }
                            if let (o, m) = m, m.newOptions.contains(o) { try b.dash(row, c + 2) }
                            else if let (o, m) = m, let split = m.split(of: o) {
                                if o == split.codes[0] && split.count == 1 { try b.text("○", row, c + 2, Style.centered, measure: false) }
                                else { try b.blank(row, c + 2) }
                            } else { try single(before, c + 2) }
                        } else { try b.blank(row, c + 2) }
                        try b.blank(row, c + 3); try b.blank(row, c + 4)
                    }
                    continue
                }
                let now = previousOnly ? try { try b.blank(row, c); try b.blank(row, c + 1); return nil }() : try cells(table, c, bold: bold)
                guard let compared else { continue }
                guard let before = compared else {
                    for i in 2...4 { try b.blank(row, c + i) }
                    continue
                }
                if let option, let m = before.mapping {
                    if m.newOptions.contains(option) {  // 新設: nothing to compare with
                        for i in 2...4 { try b.dash(row, c + i) }
                        continue
                    }
                    if let split = m.split(of: option) {
                        try splitCells(split, now: table, before: before, c)
                        continue
                    }
                }
                let then = try cells(before, c + 2, bold: false, previous: true)
                if let s = now, let p = then { try b.decimal((s - p) * 100, row, c + 4, difference) } else { try b.blank(row, c + 4) }
            }
            /// A split option: last year's figure once over its parts (merged down when they are
            /// adjacent), 差 against the parts' sum; nothing on the later parts' rows.
            func splitCells(_ split: SplitFigure, now: QuestionTable?, before: QuestionTable, _ c: Int) throws {
                let parts = split.codes
                let adjacent = parts == Array(parts[0]...parts[parts.count - 1])
                guard option == parts[0] else {
                    if !adjacent { try b.text("（前回は" + "\(parts[0])" + "と合算）", row, c + 2, Style.note, measure: false); try b.blank(row, c + 3); try b.blank(row, c + 4) }
                    return
                }
                let span = adjacent ? parts.count : 1
                if span > 1 {
                    for (i, f) in [QuestionTablesSheet.previousCount, QuestionTablesSheet.previousPercent, QuestionTablesSheet.difference].enumerated() {
                        try b.sheet.merge(rows: row...(row + span - 1), columns: (c + 2 + i)...(c + 2 + i), text: "",
                                          format: f.with { $0.verticalAlignment = .center })
                    }
                }
                let centered = { (f: CellFormat) in f.with { $0.verticalAlignment = .center } }
                try b.count(split.count, row, c + 2, centered(QuestionTablesSheet.previousCount))
                let then = before.proportion(split.count).share(base)
                try b.share(then, row, c + 3, centered(QuestionTablesSheet.previousPercent))
                let sum = parts.reduce(0) { $0 + (now?.option(code: $1)?.count ?? 0) }
                if let now, let s = now.proportion(sum).share(base), let p = then {
                    try b.decimal((s - p) * 100, row, c + 4, centered(difference))
                } else { try b.dash(row, c + 4) }
            }
            /// A one-respondent group: the answer itself at column `c`, its ％ column blank.
            func single(_ table: QuestionTable?, _ c: Int) throws {
                switch table.flatMap(answer) {
                case .mark?: try b.text("○", row, c, Style.centered, measure: false)
                case .number(let n)?: try b.count(n, row, c)
                case .dash?: try b.dash(row, c)
                case nil: try b.blank(row, c)
                }
                try b.blank(row, c + 1)
            }
            /// The count and ％ of one table at column `c`; returns the share shown, if any.
            func cells(_ table: QuestionTable?, _ c: Int, bold: Bool, previous: Bool = false) throws -> Double? {
                guard let table else { try b.dash(row, c); try b.dash(row, c + 1); return nil }
                let v = value(table)
                let countStyle = previous ? QuestionTablesSheet.previousCount : bold ? Style.countBold : Style.count
                if let count = v.count { try b.count(count, row, c, countStyle) }
                else if let d = v.decimal { try b.decimal(d, row, c) }
                else { try b.dash(row, c) }
                if v.count != nil || v.decimal != nil, let share = v.share {
                    try b.share(share, row, c + 1, previous ? QuestionTablesSheet.previousPercent : Style.percent)
                    return share
                }
                if v.share == nil && (v.count != nil || v.decimal != nil) && dashWhenNoShare { try b.dash(row, c + 1) }
                else { try b.blank(row, c + 1) }
                return nil
            }
            row += 1
        }

        // One respondent's answer: ○ where its count is 1; "－" on the n row when the question did not apply.
        func mark(_ count: Int?) -> SingleAnswer? { count == 1 ? .mark : nil }
        try line("", base.nLabel, bold: true, statistic: true, answer: { $0.n + $0.noAnswer == 0 ? .dash : nil }) {
            ($0.proportion(0).base(base), nil, nil)
        }
        for l in q.kind.tableLines(q) {
            switch l {
            case .option(let option):
                try line(String(option.code), option.label, option: option.code, answer: { mark($0.option(code: option.code)?.count) }) { t in
                    let p = t.option(code: option.code)?.proportion ?? t.proportion(0)
                    return (p.count, p.share(base), nil)
                }
            case .sum:
                try line("", "合計", statistic: true, answer: { t in t.n == 1 ? t.integerStats.map { .number($0.sum) } : nil }) {
                    ($0.integerStats?.sum ?? 0, nil, nil)
                }
            case .mean: try line("", "平均", statistic: true) { (nil, nil, $0.integerStats?.mean) }
            case .median: try line("", "中央値", statistic: true) { (nil, nil, $0.integerStats?.median) }
            case .minimum: try line("", "最小", statistic: true) { ($0.integerStats?.min, nil, nil) }
            case .maximum: try line("", "最大", statistic: true) { ($0.integerStats?.max, nil, nil) }
            case .bands:
                let bands = tables.compactMap { $0?.integerStats?.bands }.first ?? []
                for (i, band) in bands.enumerated() {
                    func count(_ t: QuestionTable) -> Int {
                        let bs = t.integerStats?.bands ?? []
                        return i < bs.count ? bs[i].count : 0
                    }
                    try line("", band.label + "（分布）", answer: { mark(count($0)) }) { t in
                        (count(t), t.proportion(count(t)).share(base), nil)
                    }
                }
            }
        }
        // Last year's answers holding an option no option continues: in n, so in a row of their own.
        let mappings = previous.compactMap { if case .table(let t) = $0 { t.mapping } else { nil } }
        let lost = Array(Set(mappings.flatMap(\.unmatchedLabels))).sorted()
        if mappings.contains(where: { $0.unmatched > 0 }) {
            try line("", "前回の選択肢で今回に対応がないもの（" + lost.map { "「\($0)」" }.joined(separator: "") + "）", previousOnly: true,
                     answer: { $0.mapping?.unmatched == 1 ? .mark : nil }) { t in
                let p = t.proportion(t.mapping?.unmatched ?? 0)
                return (p.count, p.share(base), nil)
            }
        }
        try line("", "無回答", statistic: true, answer: { mark($0.noAnswer) }) {
            ($0.noAnswer, base.noAnswerHasShare ? $0.proportion($0.noAnswer).share(base) : nil, nil)
        }
        // What a split's spanning figure is: one note per split.
        for split in mappings.first?.splits ?? [] {
            let parts = split.codes.map { c in q.option(code: c).map { "「\($0.label)」" } ?? String(c) }.joined()
            try b.text("※前回の「\(split.label)」を今回は\(parts)に分けた。前回の値は分ける前の選択肢のもので、差は分けた選択肢の合計との差。",
                       row, 1, Style.note, measure: false)
            row += 1
        }
        return row
    }

    /// Below the tables of a comparison: questions of the previous survey not asked this year,
    /// and municipality codes that changed between the two master lists (only the prefecture's own
    /// in a prefecture workbook). Returns the next free row.
    static func comparisonNotes(_ b: SheetBuilder, _ p: PreviousTabulation, forms: [(id: FormID, title: String)], prefecture: String?,
                                row start: Int) throws -> Int {
        var row = start
        let removed = p.removed.filter { r in forms.contains { $0.id == r.form } }
        try b.text("前回調査にあり今回の調査にない設問", row, 0, Style.subtitle, measure: false); row += 1
        if removed.isEmpty {
            try b.text("なし", row, 1, Style.note, measure: false); row += 1
        } else {
            try b.text(Term.questionNumber.rawValue, row, 0, Style.header); try b.text(Term.question.rawValue, row, 1, Style.header)
            try b.text(Term.previousCount.rawValue, row, 2, Style.header, measure: false)
            try b.text(Term.form.rawValue, row, 3, Style.header, measure: false); row += 1
            for r in removed {
                // Named as last year's exports printed it; its id only when they did not say.
                try b.text(r.number, row, 0); try b.text(r.label.isEmpty ? r.previousID : r.label, row, 1, Style.wrapped)
                try b.count(r.answered, row, 2); try b.text(forms.first { $0.id == r.form }?.title ?? "", row, 3)
                row += 1
            }
        }
        let gone = p.codesOnlyPrevious.filter { prefecture == nil || $0.prefectureCode == prefecture }
        let totals = p.totalChanges.filter { prefecture == nil || $0.prefecture.prefCode == prefecture }
        guard !gone.isEmpty || !totals.isEmpty else { return row }
        row += 1
        try b.text("市町村の合併等（前回と今回で団体コードが異なる）", row, 0, Style.subtitle, measure: false); row += 1
        try b.text("前回の回答はその年の団体コード・都道府県のまま集計し、全国と当時の都道府県の前回値に含めている。",
                   row, 0, Style.note, measure: false); row += 1
        for t in totals {
            try b.text("\(t.prefecture.name)の市町村数　前回 \(t.previous)、今回 \(t.current)", row, 1, Style.text, measure: false)
            row += 1
        }
        if !gone.isEmpty {
            try b.text("前回調査にだけある団体コード（今回の市町村名簿にない）", row, 0, Style.note, measure: false); row += 1
            try b.text(Term.code.rawValue, row, 0, Style.header); try b.text(Term.prefectureCode.rawValue, row, 1, Style.header); row += 1
            for g in gone {
                try b.text(g.code, row, 0); try b.text(g.prefectureCode, row, 1); row += 1
            }
        }
        return row
    }

    /// A cell of a one-respondent group.
    enum SingleAnswer { case mark, number(Int), dash }

    /// Option and band rows show "－" for % when n is 0; n, statistics and 無回答 leave it blank.
    /// An option labelled like one of those rows is treated as one, as it always was.
    private static let statisticLabels = PercentBase.allCases.map(\.nLabel) + ["合計", "平均", "中央値", "最小", "最大", "無回答"]
    private static func shareApplies(_ label: String) -> Bool { !statisticLabels.contains(label) }

    /// 対象: 問2（協議会の設置）が「設置している」の回答者.
    static func conditionText(_ c: Condition, form: Form) -> String {
        let guardQ = form.question(c.question)
        let option = guardQ?.option(code: c.option)?.label ?? String(c.option)
        let verb: String
        switch c.op {
        case .equals: verb = "が「\(option)」"
        case .notEquals: verb = "が「\(option)」以外"
        case .includes: verb = "で「\(option)」を選択"
        }
        return "対象: \(guardQ?.shortName ?? c.question)（\(guardQ?.label ?? "")）\(verb)の回答者"
    }
}

extension QuestionTablesSheet {
    /// 全国集計's sheet of one form: the nation, and for the municipality form each 市町村区分.
    static func nationalSheet(_ ctx: ReportContext, form: Form) -> ReportSheet {
        let t = ctx.tabulation
        // 市町村区分別 for the form tabulated by kind: the first per-municipality one.
        let byKind = form.id == ctx.codebook.municipalityForm?.id
        return ReportSheet(name: form.title,
                           purpose: "\(form.title)の単純集計（n・件数・％・無回答" + (byKind ? "、市町村区分別" : "") + "）",
                           isPresent: t.nation(form.id) != nil) { b in
            guard let nation = t.nation(form.id) else { return }
            var titles = ["全国"], tables = [nation]
            if byKind {
                for k in t.byKind { titles.append(k.kind.rawValue); tables.append(k.tables) }
            }
            try write(b, title: "\(form.title)　単純集計（全国" + (byKind ? "・市町村区分別" : "") + "）　回答数 \(Shown.count(nation.respondents))",
                      groupTitles: titles,
                      sections: [.init(heading: nil, form: form, tables: tables,
                                       previous: ctx.input.previous.map { p in [p.nation(form.id)] + tables.dropFirst().map { _ in nil } })],
                      base: ctx.input.percentBase, printTitle: form.title, previous: ctx.input.previous)
        }
    }
}

extension QuestionTablesSheet {
    /// 集計: every form's tables, the prefecture beside the nation.
    static func prefectureSheet(_ ctx: ReportContext, _ pref: Prefecture) -> ReportSheet {
        ReportSheet(name: "集計", purpose: "全設問の単純集計（\(pref.name)と全国を並べて表示）") { b in
            let t = ctx.tabulation
            let own = t.prefecture(pref.prefCode)
            let sections: [Section] = ctx.codebook.forms.compactMap { form in
                guard let nation = t.nation(form.id) else { return nil }
                let local = own?.tables(form.id) ?? Tabulator.tabulate(form, responses: [])
                // The prefecture's own 都道府県票 is one answer, not a distribution: shown as ○ and values.
                let single = form.audience == .eachPrefecture
                return .init(heading: "\(form.title)（\(pref.name) 回答数 \(Shown.count(local.respondents))、全国 \(Shown.count(nation.respondents))）"
                                 + (single ? "　\(pref.name)の列は回答（○・数値）" : ""),
                             form: form, tables: [local, nation], answerGroups: single ? [0] : [],
                             previous: ctx.input.previous.map { p in
                                 // Its own previous figures and the nation's; never another prefecture's.
                                 [p.prefecture(pref.prefCode)?.tables(form.id), p.nation(form.id)]
                             })
            }
            try write(b, title: "単純集計　\(pref.name)と全国", groupTitles: [pref.name, "全国"],
                      sections: sections, base: ctx.input.percentBase, printTitle: pref.name + " 集計",
                      previous: ctx.input.previous, prefecture: pref.prefCode)
        }
    }

}

extension Condition {
    /// 「対象: 問2（…）が「設置している」の回答者」: the words every report uses for whom a question asks.
    public func reportText(form: Form) -> String { QuestionTablesSheet.conditionText(self, form: form) }
}
