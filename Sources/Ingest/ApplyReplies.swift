import Foundation
import SurveyModel
import XLSXReader

/// Applies replies on top of the accepted answers. The run's record of sent queries decides what
/// a row may touch; rows to the same question are taken in time order (回答日, save time, arrival),
/// each correction is read like a returned cell and the whole form checked again with it; every row
/// ends with one fate. Originals stay as read.
enum ApplyReplies {
    struct Reply {
        var input: InputID
        var reply: QueryReply
        /// docProps modified (the workbook's save time) and the file's own time (arrival).
        var saved: Date?
        var arrived: Date?
    }

    /// A row that reached its question, waiting for its turn.
    struct Candidate {
        var slot: Int
        var action: QueryForm.Action
        var question: Question
        var issue: Int?
        var order: Order
        var value: String
    }

    /// 回答日 (a day) first, then the workbook's save time, the file's time, its name and row.
    struct Order: Comparable {
        var day: String, saved: Double, arrived: Double, file: String, row: Int
        static func < (a: Order, b: Order) -> Bool {
            (a.day, a.saved, a.arrived, a.file, a.row) < (b.day, b.saved, b.arrived, b.file, b.row)
        }
    }

    static func run(_ replies: [Reply], forms: inout [AcceptedForm], issues: inout [Issue],
                    fileSHA: [InputID: String], options: IngestOptions) -> [Correction] {
        var formIndex: [Respondent: Int] = [:]
        for (i, f) in forms.enumerated() { formIndex[f.respondent] = i }
        var issuesOf: [Respondent: [Int]] = [:]
        for (i, x) in issues.enumerated() { if let r = x.respondent { issuesOf[r, default: []].append(i) } }
        let record = options.sentQueries.map { ($0, $0.index()) }
        var out: [Correction] = []
        var candidates: [Candidate] = []

        for r in replies {
            let workbookPrefecture = r.reply.source == .prefecture ? record?.0.workbooks[r.reply.workbookID] : nil
            // A row left as sent is no reply; anything typed in it (or a row added by hand) is one.
            for row in r.reply.rows where row.isAnswered {
                var c = Correction(respondent: nil, question: row.question, rule: row.rule, original: row.shownValue,
                                   corrected: row.correctedValue, source: r.input, row: row.row, kind: r.reply.source,
                                   by: row.repliedBy, on: row.repliedOn, note: row.note, outcome: .pending, reason: "")
                c.queryID = row.queryID; c.shownCode = row.shownCode; c.shownQuestionNumber = row.shownQuestionNumber
                c.prefecture = workbookPrefecture ?? (r.reply.source == .contractor ? row.respondent?.prefectureCode ?? "" : "")
                let order = Order(day: day(row.repliedOn) ?? r.saved.map(dayString) ?? "",
                                  saved: r.saved?.timeIntervalSince1970 ?? 0, arrived: r.arrived?.timeIntervalSince1970 ?? 0,
                                  file: r.input.description, row: row.row)
                c.repliedAt = order.day
                let slot = out.count
                func fate(_ o: Correction.Outcome, _ why: String) { out[slot].outcome = o; out[slot].reason = why }
                out.append(c)

                // Who and what the row answers: the run's record for a prefecture's row, the row itself for the contractor's.
                let who: Respondent, questionID: String, issue: Int?
                switch r.reply.source {
                case .prefecture:
                    switch target(row, workbookPrefecture: workbookPrefecture, workbookID: r.reply.workbookID, record: record,
                                  options: options, forms: forms, formIndex: formIndex, issues: issues, issuesOf: issuesOf,
                                  fileSHA: fileSHA) {
                    case .failure(let why):
                        if let q = why.query { out[slot].respondent = q.who; out[slot].question = q.question; out[slot].rule = q.rule }
                        fate(.refused, why.reason); continue
                    case .success(let t):
                        who = t.who; questionID = t.query.question; issue = t.issue
                        out[slot].rule = t.query.rule
                    }
                case .contractor:
                    guard let w = row.respondent, let fi = formIndex[w] else {
                        fate(.refused, "修正の対象の回答者（\(row.respondent?.description ?? "記入なし")）の受理した調査票がありません。respondent列を確認してください。")
                        continue
                    }
                    if !row.sourceSHA256.isEmpty, row.sourceSHA256 != fileSHA[forms[fi].input] {
                        fate(.refused, "修正の対象のファイルが差し替えられています（現在は「\(forms[fi].input.fileName)」）。新しいファイルの内容で改めて確認してください。")
                        continue
                    }
                    who = forms[fi].respondent; questionID = row.question
                    issue = issuesOf[w]?.first { i in
                        issues[i].question == row.question && (row.rule.isEmpty || issues[i].rule.rawValue == row.rule)
                            && issues[i].input == forms[fi].input
                    }
                }
                out[slot].respondent = who; out[slot].question = questionID
                out[slot].prefecture = workbookPrefecture ?? who.prefectureCode
                if let issue { out[slot].original = issues[issue].value ?? ""; out[slot].rule = issues[issue].rule.rawValue }
                guard let q = options.codebook.form(who.form)?.question(questionID) else {
                    fate(.refused, "設問「\(questionID)」はこの調査票にありません。"); continue
                }
                guard let action = row.action else {
                    fate(.pending, row.correctedValue.isEmpty && !row.correctedIsUncachedFormula
                         ? "対応が選ばれていないため、照会を継続します。対応を▼から選んでください。"
                         : "修正後の値はありますが対応が選ばれていないため、反映していません。対応を▼から「修正する」にしてください。")
                    continue
                }
                switch action {
                case .other:
                    fate(.pending, "「その他」の回答のため、照会を継続します（備考は修正履歴に記載）。")
                    continue
                case .correct where row.correctedIsUncachedFormula:
                    fate(.refused, "修正後の値が数式で、計算結果が保存されていません（数式を計算しないソフトで保存された可能性）。値そのものを記入してください。")
                    continue
                case .correct where row.correctedValue.isEmpty:
                    fate(.refused, "「修正する」ですが修正後の値が空欄のため、反映していません。修正後の値を記入してください。")
                    continue
                case .confirm where issue == nil:
                    fate(.refused, "「このままで正しい」の対象となる疑義がありません。")
                    continue
                case .confirm where issues[issue!].severity == .error && !options.codebook.confirmableRules.contains(issues[issue!].rule.rawValue):
                    fate(.refused, "エラー（\(issues[issue!].rule.label)）は「このままで正しい」では解消できません：記入のままでは集計できないためです。正しい値を「修正する」で記入してください。")
                    continue
                default: break
                }
                candidates.append(Candidate(slot: slot, action: action, question: q, issue: issue, order: order, value: row.correctedValue))
            }
        }
        conflictsWithinAFile(&candidates, &out)
        let byForm = Dictionary(grouping: candidates) { formIndex[out[$0.slot].respondent!]! }
        for fi in byForm.keys.sorted() {
            apply(byForm[fi]!.sorted { $0.order < $1.order }, to: &forms[fi], issues: &issues, out: &out, options: options)
        }
        return out
    }

    struct Target { var who: Respondent; var query: SentQuery; var issue: Int? }
    struct Refusal: Error { var reason: String; var query: SentQuery? = nil }

    /// What a prefecture's row answers, by the run's record: the query must exist, have gone to this
    /// workbook's prefecture, match what the row shows, and still stand on the same file and value.
    static func target(_ row: QueryReply.Row, workbookPrefecture: String?, workbookID: String,
                       record: (QueryRecord, [String: SentQuery])?, options: IngestOptions,
                       forms: [AcceptedForm], formIndex: [Respondent: Int], issues: [Issue], issuesOf: [Respondent: [Int]],
                       fileSHA: [InputID: String]) -> Result<Target, Refusal> {
        guard let record else {
            return .failure(Refusal(reason: "照会を送った記録（前回公開した集計の issues-state.json）がないため、この回答を照合できません。事務局に連絡してください。"))
        }
        guard let pref = workbookPrefecture else {
            return .failure(Refusal(reason: "この照会票は事務局が送った照会票として記録にありません（識別情報が書き換えられたか、別の集計のもの）。事務局から届いた照会票に記入して返送してください。"))
        }
        guard !row.queryID.isEmpty else {
            return .failure(Refusal(reason: "照会番号のない行（手で追加された行）のため反映していません。照会票にない修正は事務局へ別途連絡してください。"))
        }
        guard let q = record.1[row.queryID], let who = q.who else {
            return .failure(Refusal(reason: "照会番号「\(row.queryID)」は事務局の記録にありません（書き換えられた可能性）。送付時の行のまま記入してください。"))
        }
        guard q.prefecture == pref else {
            // Another prefecture's respondent is never named here: the row goes into this prefecture's outputs.
            return .failure(Refusal(reason: "この行は別の都道府県あての照会です（他の照会票からコピーされた行）。反映していません。自都道府県の照会票の行にだけ記入してください。"))
        }
        let number = options.codebook.form(who.form)?.question(q.question)?.number ?? ""
        let shownCode = IdentifyRespondent.code(from: .text(row.shownCode)) ?? row.shownCode
        guard shownCode == who.code, Normalize.trim(row.shownQuestionNumber) == number,
              SentQuery.hash(row.shownValue) == q.raisedValueSHA256 else {
            return .failure(Refusal(reason: "この行の団体コード・問番号・記入値が、行の照会番号の照会（\(who.code) \(number)）と一致しません。並べ替えや行のコピーで行がずれた可能性があるため反映していません。送付時の行のまま記入してください。", query: q))
        }
        guard let fi = formIndex[who] else {
            return .failure(Refusal(reason: "照会の対象の回答者の受理した調査票が現在ありません。提出状況を確認してください。", query: q))
        }
        guard fileSHA[forms[fi].input] == q.sourceSHA256 else {
            return .failure(Refusal(reason: "照会後に回答者から新しいファイル（\(forms[fi].input.fileName)）が届いたため反映していません。新しいファイルの内容で改めて確認してください。", query: q))
        }
        let issue = issuesOf[who]?.first { i in
            issues[i].input == forms[fi].input && issues[i].question == q.question && issues[i].rule.rawValue == q.rule
                && SentQuery.hash(issues[i].value ?? "") == q.raisedValueSHA256
        }
        guard let issue else {
            return .failure(Refusal(reason: "照会した疑義が現在の調査票にありません（既に解消した可能性）。", query: q))
        }
        // The run's own respondent, not one rebuilt from the record's text key.
        return .success(Target(who: forms[fi].respondent, query: q, issue: issue))
    }

    /// Two rows of one contractor file on the same question that say different things: neither is applied.
    static func conflictsWithinAFile(_ candidates: inout [Candidate], _ out: inout [Correction]) {
        let groups = Dictionary(grouping: candidates.indices.filter { out[candidates[$0].slot].kind == .contractor }) { i in
            let c = out[candidates[i].slot]
            return [c.source.description, c.respondent?.description ?? "", c.question]
        }
        var drop: Set<Int> = []
        for (_, group) in groups where group.count > 1 {
            let says = Set(group.map { "\(candidates[$0].action.rawValue)\t\(Normalize.trim(candidates[$0].value))" })
            guard says.count > 1 else { continue }
            let rows = group.map { "\(out[candidates[$0].slot].row)行目" }.joined(separator: "と")
            for i in group {
                out[candidates[i].slot].outcome = .refused
                out[candidates[i].slot].reason = "同じファイルの\(rows)が同じ設問に異なる内容を指定しているため、どちらも反映していません。1行にまとめてください。"
                drop.insert(i)
            }
        }
        candidates = candidates.indices.filter { !drop.contains($0) }.map { candidates[$0] }
    }

    /// One respondent's replies in time order: each is tried on the form as it stands, the form is
    /// checked again as a whole, and only the last accepted reply per question keeps its effect.
    static func apply(_ cands: [Candidate], to form: inout AcceptedForm, issues: inout [Issue], out: inout [Correction],
                      options: IngestOptions) {
        guard let f = options.codebook.form(form.respondent.form),
              let base = form.stored?.decode(form: f.id, anchors: options.anchors[f.id] ?? FormAnchors(f)) else {
            for c in cands { out[c.slot].outcome = .refused; out[c.slot].reason = "回答者の調査票を読み直せないため反映できません。" }
            return
        }
        let context = FileContext(input: form.input, respondent: form.respondent)
        var current = base
        var accepted: [Candidate] = []
        for c in cands {
            let q = c.question
            switch c.action {
            case .confirm:
                // "As written is right": the question goes back to what the respondent wrote.
                current = restoring(q, in: current, from: base)
                accepted.append(c)
            case .correct:
                if case .invalid(let findings) = read(c.value, q) {
                    out[c.slot].outcome = .refused
                    out[c.slot].reason = "修正後の値「\(c.value)」は使えません：" + (findings.first?.message ?? "")
                        + "元の回答と疑義はそのままです。正しい値を記入してください。"
                    continue
                }
                let next = writing(c.value, q, in: current)
                let checked = Validate.run(form: f, extracted: next, context: context)
                if checked.answers[q.id] == nil {
                    let values = checked.answers.mapValues(\.value)
                    if let cond = q.condition, !cond.holds(in: values) {
                        let guardName = f.question(cond.question)?.printedName ?? "前の設問"
                        out[c.slot].reason = "\(q.printedName)は「\(guardName)」の回答により回答不要（非該当）のため、修正を反映していません。先に「\(guardName)」の回答を確認してください。"
                    } else {
                        let why = checked.issues.first { $0.question == q.id && $0.severity == .error }?.message ?? "回答として読めません。"
                        out[c.slot].reason = "修正後の値「\(c.value)」は使えません：\(why)元の回答と疑義はそのままです。"
                    }
                    out[c.slot].outcome = .refused
                    continue
                }
                current = next
                accepted.append(c)
            case .other: break
            }
        }
        // The last accepted reply per question is its answer; earlier ones are superseded (both stay in the trail).
        var last: [String: Candidate] = [:]
        for c in accepted { last[c.question.id] = c }
        for c in accepted where last[c.question.id]!.slot != c.slot {
            let w = last[c.question.id]!, winner = out[w.slot]
            let same = w.action == c.action && Normalize.trim(w.value) == Normalize.trim(c.value)
            out[c.slot].outcome = .superseded
            out[c.slot].reason = same
                ? "同じ内容の回答（\(winner.source.fileName) \(winner.row)行目）と重複しています。そちらを反映しました。"
                : "後の回答（\(winner.source.fileName) \(winner.row)行目、\(winner.repliedAt)）に置き換えられました。"
        }
        var was: Set<[String]> = []
        if current != base {
            let before = Validate.run(form: f, extracted: base, context: context)
            let after = Validate.run(form: f, extracted: current, context: context)
            var answers = after.answers.mapValues(\.value)
            var cited: [String: ExtractedCell] = [:]
            for q in CrossChecks.citedQuestions(f, options: options) { cited[q] = after.answers[q]?.cell }
            // Identity answers were read by IdentifyRespondent, not Validate: they stay.
            for (id, a) in form.answers where f.question(id)?.identity.map(Validate.identifiedRoles.contains) ?? false {
                answers[id] = a
                if let c = form.citedCells[id] { cited[id] = c }
            }
            form.answers = answers
            form.citedCells = cited
            was = Set(before.issues.map(key))
            let now = Set(after.issues.map(key))
            for i in issues.indices where issues[i].input == form.input && issues[i].status == .open
                && was.contains(key(issues[i])) && !now.contains(key(issues[i])) {
                issues[i].status = .corrected
            }
            issues += after.issues.filter { !was.contains(key($0)) }
        }
        for c in last.values.sorted(by: { $0.slot < $1.slot }) {
            switch c.action {
            case .confirm:
                out[c.slot].outcome = .confirmed
                if let i = c.issue, issues[i].status == .open { issues[i].status = .confirmed }
            case .correct:
                out[c.slot].outcome = .applied
                // Issues the form check raises were settled by the re-check above; others (names, counts
                // across forms, checked again afterwards) are settled by the reply.
                if let i = c.issue, issues[i].status == .open, !was.contains(key(issues[i])) { issues[i].status = .corrected }
            case .other: break
            }
        }
    }

    /// An issue's identity across two checks of the same form.
    static func key(_ i: Issue) -> [String] { [i.question ?? "", i.rule.rawValue, i.cell?.a1 ?? "", i.value ?? ""] }

    /// The form with a corrected value written into the question's cells, as the respondent would have typed it.
    static func writing(_ text: String, _ q: Question, in x: ExtractedForm) -> ExtractedForm {
        var y = x
        let place = x.cells.first { $0.key.question == q.id }?.value
        func put(_ option: Int?, _ raw: RawValue?) {
            let k = AnswerKey(question: q.id, option: option)
            let at = x.cells[k] ?? ExtractedCell(sheet: place?.sheet ?? "", ref: place?.ref ?? CellRef(row: 0, column: 0), raw: nil)
            y.cells[k] = ExtractedCell(sheet: at.sheet, ref: at.ref, raw: raw)
        }
        if q.type == .multi {
            let items = Set(items(text).compactMap { Normalize.option(.text($0), in: q.options) })
            for o in q.options { put(o.code, items.contains(o.code) ? .text("○") : nil) }
        } else {
            put(nil, .text(text))
            for o in q.options where x.cells[AnswerKey(question: q.id, option: o.code)] != nil { put(o.code, nil) }
        }
        return y
    }

    /// The question's cells as the respondent wrote them.
    static func restoring(_ q: Question, in x: ExtractedForm, from base: ExtractedForm) -> ExtractedForm {
        var y = x
        for k in x.cells.keys where k.question == q.id { y.cells[k] = base.cells[k] }
        for (k, v) in base.cells where k.question == q.id { y.cells[k] = v }
        return y
    }

    static func items(_ text: String) -> [String] {
        text.split(whereSeparator: { "、,，/／・ ".contains($0) }).map { Normalize.trim(String($0)) }
    }

    /// The corrected value read by the question's kind, exactly as a returned cell would be.
    /// A multi-choice value lists the chosen options (codes or labels, separated by 、 or ,).
    static func read(_ text: String, _ q: Question) -> KindReading {
        if q.type == .multi {
            let items = items(text)
            let chosen = Set(items.compactMap { item in Normalize.option(.text(item), in: q.options) })
            if items.contains(where: { Normalize.option(.text($0), in: q.options) == nil }) {
                return .invalid([KindFinding(.error, .unknownOption,
                                             "\(q.printedName)の修正後の値「\(text)」に選択肢にないものがあります。選ぶ選択肢の番号を「1、3」のように記入してください。")])
            }
            return q.kind.read(q) { option in option.flatMap { chosen.contains($0) ? .text("○") : nil } }
        }
        return q.kind.read(q) { option in option == nil ? .text(text) : nil }
    }

    /// 回答日 as a day (2026-11-30, 2026/11/30, 令和 dates are left to the save time).
    static func day(_ text: String) -> String? {
        let parts = text.split(whereSeparator: { "-/年月日. ".contains($0) }).compactMap { Int($0) }
        guard parts.count >= 3, (2000...2100).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2])
        else { return nil }
        return String(format: "%04d-%02d-%02d", parts[0], parts[1], parts[2])
    }

    static func dayString(_ d: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = IngestOptions.tokyo
        let c = cal.dateComponents([.year, .month, .day], from: d)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
