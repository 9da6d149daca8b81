import Foundation
import SurveyModel
import Tabulate

/// `renkei codebook --check NEW --diff PREVIOUS`: per question of this year, how it maps to
/// last year (same, renamed, options mapped / split / merged / new, new), then last year's
/// questions that continue in none (removed) — what the 前回比較 will do, reviewed before the season.
public enum CodebookDiff {
    /// The mapping of `codebook` to `path` (a run folder: answers.csv, wide/, summary.json; or a
    /// codebook file, `r5-codebook.yaml` meaning the embedded one when no such file exists), and
    /// against a run folder the `previous_id` / `previous_options` slips `run --previous` would refuse.
    public static func report(_ codebook: Codebook, previous path: String) throws -> (lines: [String], slips: [String]) {
        var isDir: ObjCBool = false
        let survey: PreviousSurvey
        var slips: [String] = []
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            let (_, _, summary, answers) = try PreviousRun.read(folder: path, origin: "--diff")
            survey = PreviousSurvey(folder: path, answers: answers, summary: summary)
            slips = survey.slips(in: codebook)
        } else if path == Codebook.r5SourceName && !FileManager.default.fileExists(atPath: path) {
            survey = PreviousSurvey(codebook: .r5)
        } else {
            survey = PreviousSurvey(codebook: try Codebook.load(path: path))
        }
        return (lines(codebook, previous: survey), slips)
    }

    static func lines(_ codebook: Codebook, previous: PreviousSurvey) -> [String] {
        var out = [String]()
        for form in codebook.forms {
            out.append("\(form.title)（\(form.id.rawValue)）")
            var continued = Set<String>()
            for q in form.questions where q.isTabulated {
                let pid = q.previousID ?? q.id
                let name = (q.number.isEmpty ? "" : q.number + " ") + q.id + " 「\(q.label)」"
                guard previous.has(form.id, pid) else {
                    out.append("  \(name): 新規")
                    continue
                }
                continued.insert(pid)
                let before = previous.questions[form.id]?[pid]
                var changes = [String]()
                if let p = q.previousID { changes.append("前回の \(p) から改名" + (before.map { $0.number.isEmpty ? "" : "（前回 \($0.number)）" } ?? "")) }
                if let before, !before.label.isEmpty, before.label != q.label { changes.append("前回の文言は「\(before.label)」") }
                changes += options(q, form: form.id, pid: pid, previous: previous)
                out.append("  \(name): " + (changes.isEmpty ? "変更なし" : changes.joined(separator: "、")))
            }
            for pid in previous.order[form.id] ?? [] where !continued.contains(pid) {
                let before = previous.questions[form.id]?[pid]
                let named = [before?.number ?? "", pid, before.map { "「\($0.label)」" } ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
                out.append("  廃止: 前回 \(named)")
            }
        }
        return out
    }

    /// How a question's options continue last year's: by label, category, `previous_options:`.
    static func options(_ q: Question, form: FormID, pid: String, previous: PreviousSurvey) -> [String] {
        guard !q.options.isEmpty else { return [] }
        let (known, listed) = previous.labels(form, pid)
        var target = [String: [Int]]()
        for o in q.options { target[o.label] = [o.code] }
        for o in q.options { if let c = o.category { for (label, id) in previous.categoryIDs where id == c.id { target[label] = [o.code] } } }
        for (old, codes) in q.previousOptions ?? [:] { target[old] = codes }
        func label(_ c: Int) -> String { "「\(q.option(code: c)?.label ?? String(c))」" }
        var out = [String]()
        var reached = [Int: [String]]()
        for old in known.sorted() {
            let codes = target[old] ?? []
            for c in codes { reached[c, default: []].append(old) }
            if codes.isEmpty { out.append("選択肢「\(old)」は引き継ぐ先なし") }
            else if codes.count > 1 { out.append("選択肢「\(old)」を" + codes.map(label).joined() + "に分割") }
            else if q.option(code: codes[0])?.label != old { out.append("選択肢「\(old)」→\(label(codes[0]))") }
        }
        for (c, olds) in reached.sorted(by: { $0.key < $1.key }) where olds.count > 1 {
            out.append("選択肢" + olds.map { "「\($0)」" }.joined() + "を\(label(c))に統合")
        }
        // Without last year's full list, only options past the highest answered are certainly new.
        for o in q.options where reached[o.code] == nil && (listed || !known.isEmpty) {
            out.append("選択肢\(label(o.code))は新規" + (listed ? "" : "（または前回だれも選ばなかった）"))
        }
        return out
    }
}
