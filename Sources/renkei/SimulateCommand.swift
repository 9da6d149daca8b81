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
        abstract: "誤りを含む模擬の受付フォルダと、その正解を作成します。",
        discussion: HelpText.wrap("""
        調査票は `renkei template` と同じもので、もっともらしい回答を記入します。全国の割合は\
        調査票定義の `reference:` の数値に従い（R5 では公表値: 協議会は市町村の 68.0% など）、\
        seed を決めれば再現できます。その数値のない設問には、種類に応じたもっともらしい回答を\
        入れます。回答者が実際にする誤りを `FaultRates` の割合で入れます（全角数字、○ の異体、\
        ほかの選択肢と併せた「特にない」、行の挿入、シート名の変更、再提出、zip にまとめたもの、\
        .xls や暗号化されたファイル、ロックファイル、未提出）。

        出力: DIR/inbox/（返送ファイル、都道府県別）と DIR/answer-key.json（各ファイルの台帳の\
        状態の期待値、各回答者の真の回答と期待される回答、入れた誤りと疑義）。

        例:
          renkei simulate --out demo
          renkei simulate --out demo --prefectures 13,27 --seed 7
          renkei simulate --out demo-r6 --codebook codebook-R6.yaml \\
            --master municipalities-R6.csv
        """) + "\n\n" + ExitStatus.helpText(ExitStatus.other))

    @ArgumentParser.Option(name: .long, help: .ja("出力フォルダ。その中に inbox/ と answer-key.json を書きます。"))
    var out: String

    @ArgumentParser.Option(name: .long, help: .ja("模擬の全国を作る seed（同じ seed なら同じファイルになります）。", valuesBelow: true))
    var seed: UInt64 = 1

    @ArgumentParser.Option(name: .long, help: .ja("2桁のコードで指定した都道府県だけ（例: 13,27）。"))
    var prefectures: String?

    @ArgumentParser.Option(name: .long, help: .ja("各都道府県の市町村のうち模擬する割合（0 < s ≤ 1）。", valuesBelow: true))
    var scale: Double = 1

    @Flag(name: .long, help: .ja("誤りを入れません。誤りのない受付フォルダになります。"))
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
