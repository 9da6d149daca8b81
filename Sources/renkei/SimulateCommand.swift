import ArgumentParser
import Foundation
import Ingest
import RenkeiRun
import Simulate
import SurveyModel

/// `renkei simulate`: a returned inbox for a whole simulated nation, faults and all, with an answer key.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Writes a realistic returned inbox (filled forms with injected faults) and its answer key.",
        discussion: """
        The forms are those of `renkei template`, filled with plausible answers whose national \
        shares follow the `reference:` figures of the codebook (for R5 the published ones: councils \
        68.0% of municipalities, category links …), seeded and reproducible; questions without one \
        get plausible answers by their type. Faults respondents really make are injected at the rates of \
        FaultRates (full-width digits, ○ variants, 特にない with others, inserted rows, renamed \
        sheets, resubmissions, zip bundles, .xls and encrypted files, lock files, non-respondents).

        Output: DIR/inbox/ (the returned files, by prefecture) and DIR/answer-key.json (each file's \
        expected ledger state, each respondent's true and expected answers, faults and issues).

        Examples:
          renkei simulate --out demo
          renkei simulate --out demo --prefectures 13,27 --seed 7
          renkei simulate --out demo-r6 --codebook codebook-R6.yaml --master municipalities-R6.csv

        \(ExitStatus.helpText(ExitStatus.other))
        """)

    @ArgumentParser.Option(name: .long, help: "Output folder; inbox/ and answer-key.json are written inside.")
    var out: String

    @ArgumentParser.Option(name: .long, help: "Seed of the simulated nation (same seed, same files).")
    var seed: UInt64 = 1

    @ArgumentParser.Option(name: .long, help: "Only these prefectures, by 2-digit code (e.g. 13,27).")
    var prefectures: String?

    @ArgumentParser.Option(name: .long, help: "Share of each prefecture's municipalities simulated, 0 < s ≤ 1.")
    var scale: Double = 1

    @Flag(name: .long, help: "No injected faults: a clean inbox.")
    var clean = false

    @OptionGroup var survey: SurveyOptions

    func validate() throws {
        guard scale > 0, scale <= 1 else { throw ValidationError("--scale は 0 より大きく 1 以下で指定してください") }
    }

    func run() throws {
        let started = Date()
        let loaded = try survey.load()
        let (book, master) = (loaded.codebook, loaded.master)
        let prefs = try prefectures.map { list -> Set<String> in
            let codes = Set(list.split(separator: ",").map { s -> String in
                let t = s.trimmingCharacters(in: .whitespaces); return t.count == 1 ? "0" + t : t
            })
            for c in codes where master.prefecture(prefCode: c) == nil { throw ValidationError("都道府県コード '\(c)' はありません") }
            return codes
        }
        let options = SimulationOptions(seed: seed, prefectures: prefs, scale: scale, rates: clean ? .none : FaultRates(),
                                        codebook: book, master: master)
        let plan = Simulation.plan(options)
        let progress = ProgressLine(label: "ファイルを作成中")
        let key = try Simulation.write(plan, to: URL(fileURLWithPath: out), progress: { progress.update($0, of: $1) })
        progress.finish()
        var states: [String: Int] = [:]
        for f in key.files { states[f.state, default: 0] += 1 }
        var forms: [String: Int] = [:]
        for r in key.respondents { forms[r.form, default: 0] += 1 }
        let faults = key.respondents.reduce(0) { $0 + $1.faults.count }
        // In the ledger's order of states and the codebook's order of forms, in the reports' words.
        let stateList = LedgerState.allCases.compactMap { s in states[s.rawValue].map { "\(s.label) \($0)" } }.joined(separator: "、")
        let formList = book.forms.compactMap { f in forms[f.id.rawValue].map { "\(f.title) \($0)" } }.joined(separator: "、")
        print("renkei simulate: \(out)/inbox に \(key.files.count) 件（\(stateList)）、回答者 \(formList)、未提出 \(key.missing.count)、値の誤り \(faults)、seed \(seed)、\(String(format: "%.1f", Date().timeIntervalSince(started))) 秒")
    }
}
