import Foundation
import ReportKit
import SurveyModel
import Tabulate

/// Last year's survey as far as this year's codebook needs it: its questions per form (in
/// order, with 問番号, text and options where known), the option labels answered, its
/// categories. Read from a previous run's folder (answers.csv, wide/*.csv, summary.json) or
/// from last year's codebook; `run --previous` checks the mapping with it, `codebook --diff` prints it.
struct PreviousSurvey {
    /// Question ids per form, in last year's order.
    var order: [FormID: [String]] = [:]
    var questions: [FormID: [String: PreviousQuestion]] = [:]
    /// Option labels last year's respondents chose, per form and question.
    var answered: [FormID: [String: Set<String>]] = [:]
    /// Category label → id.
    var categoryIDs: [String: String] = [:]
    /// Whether each question's option list is complete (a codebook), or only where an export lists it.
    var complete = false

    init(folder: String, answers: [PreviousAnswer], summary: SummaryJSON.Summary) {
        // Per form, question id → slot: one lookup a row, as a nation's answers.csv is ~80,000 rows (a form's rows are together).
        var forms = [(form: FormID, slot: [String: Int], ids: [String], labels: [Set<String>], read: [Set<ExactAnswer>])]()
        var f = -1
        for a in answers {
            if f < 0 || forms[f].form != a.form {
                if let known = forms.firstIndex(where: { $0.form == a.form }) { f = known } else {
                    f = forms.count; forms.append((a.form, [:], [], [], []))
                }
            }
            let q: Int
            if let known = forms[f].slot[a.questionID] { q = known } else {
                q = forms[f].ids.count
                forms[f].slot[a.questionID] = q; forms[f].ids.append(a.questionID); forms[f].labels.append([]); forms[f].read.append([])
            }
            // The labels come from 回答 and the number of codes: an answer seen before adds none.
            if a.state == .answered, !a.codes.isEmpty, forms[f].read[q].insert(ExactAnswer(a)).inserted {
                forms[f].labels[q].formUnion(a.labels)
            }
        }
        for x in forms {
            order[x.form] = x.ids
            answered[x.form] = Dictionary(uniqueKeysWithValues: zip(x.ids, x.labels))
        }
        // The national wide CSVs name every question (their form told by which ids they hold).
        let dir = folder + "/wide"
        for file in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where file.hasSuffix(".csv") {
            guard let data = FileManager.default.contents(atPath: dir + "/" + file) else { continue }
            // Only the two heading rows are kept; the rest is still checked, so a broken file is skipped whole.
            var top = [[String]]()
            let broken = data.withUnsafeBytes { raw in
                CSVTable.scan(raw.bindMemory(to: UInt8.self)) { row in
                    top.append((0..<row.count).map(row.string))
                    return top.count < 2
                }
            }
            guard broken == nil, top.count >= 2 else { continue }
            let header = top[0].map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
            for (form, ids) in order {
                let found = WideExport.previousQuestions(ids: Set(ids), header: header, headings: top[1])
                if !found.isEmpty { questions[form, default: [:]].merge(found) { a, _ in a } }
            }
        }
        for c in summary.categories { categoryIDs[c.label] = c.id }
    }

    init(codebook: Codebook) {
        complete = true
        for form in codebook.forms {
            let qs = form.questions.filter(\.isTabulated)
            order[form.id] = qs.map(\.id)
            questions[form.id] = Dictionary(uniqueKeysWithValues: qs.map {
                ($0.id, PreviousQuestion(number: $0.number, label: $0.label, options: $0.options.map(\.label)))
            })
        }
        for c in codebook.categories { categoryIDs[c.label] = c.id }
    }

    func has(_ form: FormID, _ id: String) -> Bool { answered[form]?[id] != nil || questions[form]?[id] != nil }

    /// Labels last year offered for a question: its full list where known, else those answered.
    func labels(_ form: FormID, _ id: String) -> (labels: Set<String>, listed: Bool) {
        let listed = questions[form]?[id]?.options ?? []
        return (Set(listed).union(answered[form]?[id] ?? []), !listed.isEmpty || complete)
    }

    /// Every `previous_id:` and `previous_options:` key of `codebook` that names nothing last
    /// year, as `file:line: message`.
    func slips(in codebook: Codebook) -> [String] {
        var out = [String]()
        for form in codebook.forms {
            let before = order[form.id] ?? []
            for q in form.questions where q.isTabulated {
                let o = q.origin
                if let p = q.previousID, !has(form.id, p) {
                    let hint = closestKey(to: p, in: before).map { "`\($0)` の書き間違いではありませんか。" } ?? ""
                    out.append("\(o.at(o.previousIDLine)): 設問 \(q.id) の `previous_id: \(p)` は前回の\(form.title)にない設問です。\(hint)id を直すか、新しい設問なら previous_id を消してください。")
                    continue
                }
                let pid = q.previousID ?? q.id
                guard has(form.id, pid) else { continue }
                let (known, listed) = labels(form.id, pid)
                for old in (q.previousOptions ?? [:]).keys.sorted() where !known.contains(old) {
                    let hint = closestKey(to: old, in: known.sorted())
                    // Without last year's list an unanswered label may still have been offered: only a near miss is a slip.
                    guard listed || hint != nil else { continue }
                    out.append("\(o.at(o.previousOptionLines[old] ?? o.line)): 設問 \(q.id) の `previous_options` にある「\(old)」は、前回の \(q.previousID ?? q.id) の選択肢にありません。\(hint.map { "「\($0)」の書き間違いではありませんか。" } ?? "")前回の選択肢は \(known.sorted().joined(separator: " / ")) です。")
                }
            }
        }
        return out
    }
}

/// An answer's 回答 by its bytes and whether it is one code: hashing a String normalizes it first, which costs for Japanese.
private struct ExactAnswer: Hashable {
    let value: String
    let single: Bool

    init(_ a: PreviousAnswer) { value = a.value; single = a.codes.count == 1 }
    static func == (a: Self, b: Self) -> Bool {
        guard a.single == b.single else { return false }
        var x = a.value, y = b.value
        return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
    }
    func hash(into h: inout Hasher) {
        h.combine(single)
        var v = value
        v.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
