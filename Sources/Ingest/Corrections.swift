import SurveyModel
import XLSXReader

/// One reply row as applied (修正履歴): what changed, on whose word, or why it was not applied.
public struct Correction: Sendable, Hashable {
    public enum Outcome: String, Sendable, CaseIterable {
        /// The corrected value replaced the answer.
        case applied
        /// The value was confirmed as written: the issue is closed as 確認済み.
        case confirmed
        /// The corrected value is itself invalid: a new issue is raised on it.
        case invalid
        /// Not applied: the respondent has sent a new file or the value changed (再照会).
        case stale
        /// その他 or no value: the query stays open.
        case pending

        public var label: String {
            switch self {
            case .applied: "修正"
            case .confirmed: "確認済み"
            case .invalid: "修正値に疑義"
            case .stale: "再照会"
            case .pending: "照会継続"
            }
        }
    }

    public var respondent: Respondent?
    public var question: String
    public var rule: String
    /// The value as the respondent first wrote it.
    public var original: String
    public var corrected: String
    /// The reply file and its row.
    public var source: InputID
    public var row: Int
    public var kind: QueryReply.Source
    public var by: String
    public var on: String
    public var note: String
    public var outcome: Outcome
    /// 日本語: why (for 再照会 and 照会継続), empty otherwise.
    public var reason: String
}

/// Applies replies on top of the accepted answers: originals stay as read, the corrected values
/// replace the answers the tables count, and every row ends in the audit trail.
enum ApplyReplies {
    struct Reply { var input: InputID; var sha256: String?; var reply: QueryReply }

    static func run(_ replies: [Reply], forms: inout [AcceptedForm], issues: inout [Issue],
                    fileSHA: [InputID: String], options: IngestOptions) -> [Correction] {
        var formIndex: [Respondent: Int] = [:]
        for (i, f) in forms.enumerated() { formIndex[f.respondent] = i }
        var out: [Correction] = []
        var closedBy: [Int: InputID] = [:]
        for r in replies {
            for row in r.reply.rows {
                var c = Correction(respondent: row.respondent, question: row.question, rule: row.rule, original: row.raisedValue,
                                   corrected: row.correctedValue, source: r.input, row: row.row, kind: r.reply.source,
                                   by: row.repliedBy, on: row.repliedOn, note: row.note, outcome: .pending, reason: "")
                guard let action = row.action, action != .other else {
                    // A row left blank is no answer; その他 is recorded with its note.
                    if row.action == .other { c.reason = "「その他」の回答のため、照会を継続します。"; out.append(c) }
                    continue
                }
                // The run's own respondent, not the reply's copy of its key (which names the form by text only).
                guard let fi = row.respondent.flatMap({ formIndex[$0] }), case let who = forms[fi].respondent,
                      let form = options.codebook.form(who.form), let q = form.question(row.question) else {
                    c.outcome = .stale
                    c.reason = "照会の対象（回答者または設問）が現在の受理データにありません。回答者の提出状況を確認し、改めて照会してください。"
                    out.append(c); continue
                }
                c.respondent = who
                let current = fileSHA[forms[fi].input] ?? ""
                if !row.sourceSHA256.isEmpty, row.sourceSHA256 != current, !issues.contains(where: {
                    $0.respondent == who && $0.question == row.question && fileSHA[$0.input] == row.sourceSHA256 }) {
                    c.outcome = .stale
                    c.reason = "照会後に回答者から新しいファイル（\(forms[fi].input.fileName)）が届いたため反映していません。新しいファイルの内容で改めて確認してください。"
                    out.append(c); continue
                }
                let match = issues.indices.first { i in
                    let x = issues[i]
                    return x.respondent == who && x.question == row.question && (row.rule.isEmpty || x.rule.rawValue == row.rule)
                        && (row.sourceSHA256.isEmpty || fileSHA[x.input] == row.sourceSHA256)
                        && (row.sourceSHA256.isEmpty || (x.value ?? "") == row.raisedValue)
                }
                if r.reply.source == .prefecture || !row.sourceSHA256.isEmpty {
                    guard let m = match else {
                        c.outcome = .stale
                        c.reason = "照会時の記入値「\(row.raisedValue)」の疑義が現在のファイルにありません（記入値が変わった可能性があります）。改めて確認してください。"
                        out.append(c); continue
                    }
                    if issues[m].status != .open, let earlier = closedBy[m] {
                        c.outcome = .stale
                        c.reason = "同じ照会への回答が「\(earlier.fileName)」で既に反映されています。どちらが正しいか確認してください。"
                        out.append(c); continue
                    }
                }
                c.original = match.flatMap { issues[$0].value } ?? row.raisedValue
                switch action {
                case .confirm:
                    guard let m = match else {
                        c.outcome = .stale; c.reason = "確認の対象となる疑義がありません。"; out.append(c); continue
                    }
                    issues[m].status = .confirmed; closedBy[m] = r.input
                    c.outcome = .confirmed
                case .correct:
                    guard !row.correctedValue.isEmpty else {
                        c.reason = "「修正する」ですが修正後の値が空欄のため、照会を継続します。"; out.append(c); continue
                    }
                    if let m = match { issues[m].status = .corrected; closedBy[m] = r.input }
                    let old = forms[fi].answers[q.id]
                    switch read(row.correctedValue, q) {
                    case .blank:
                        forms[fi].answers[q.id] = nil
                        c.outcome = .applied
                    case .value(let v, _, let note):
                        forms[fi].answers[q.id] = NormalizedAnswer(value: v, cells: old?.cells ?? [])
                        c.outcome = .applied
                        if let note { issues.append(issue(note, q, who, r.input, row)) }
                    case .invalid(let findings):
                        // The corrected value cannot be used either: 無回答, and asked again.
                        forms[fi].answers[q.id] = nil
                        issues += findings.map { issue($0, q, who, r.input, row) }
                        c.outcome = .invalid
                        c.reason = findings.first?.message ?? ""
                    }
                case .other: break
                }
                out.append(c)
            }
        }
        return out
    }

    /// The corrected value read by the question's kind, exactly as a returned cell would be.
    /// A multi-choice value lists the chosen options (codes or labels, separated by 、 or ,).
    static func read(_ text: String, _ q: Question) -> KindReading {
        if q.type == .multi {
            let items = text.split(whereSeparator: { "、,，/／・ ".contains($0) }).map { Normalize.trim(String($0)) }
            let chosen = Set(items.compactMap { item in Normalize.option(.text(item), in: q.options) })
            let unknown = items.contains { Normalize.option(.text($0), in: q.options) == nil }
            if unknown {
                return .invalid([KindFinding(.error, .unknownOption,
                                             "\(q.printedName)の修正後の値「\(text)」に選択肢にないものがあります。選ぶ選択肢の番号を「1、3」のように記入してください。")])
            }
            return q.kind.read(q) { option in option.flatMap { chosen.contains($0) ? .text("○") : nil } }
        }
        return q.kind.read(q) { option in option == nil ? .text(text) : nil }
    }

    static func issue(_ f: KindFinding, _ q: Question, _ who: Respondent, _ input: InputID, _ row: QueryReply.Row) -> Issue {
        Issue(f.severity, f.rule, input: input, respondent: who, sheet: QueryForm.sheetName,
              cell: CellRef(row: row.row - 1, column: QueryForm.Column.correctedValue.rawValue).a1,
              question: q.id, questionLabel: q.label, value: row.correctedValue, message: f.message + "（修正後の値）")
    }
}
