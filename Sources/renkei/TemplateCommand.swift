import ArgumentParser
import Dispatch
import Foundation
import Forms
import RenkeiRun
import SurveyModel

/// `renkei template`: the forms to send out, one file per respondent, organised by prefecture.
struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "送付する調査票を作成します（送付先ごとに1ファイル）。",
        discussion: HelpText.wrap("""
        調査票はすべて調査票定義から作ります。記入要領のシート、回答のシート（入力セルは色付きで\
        ロックを解除し、ドロップダウンと範囲のチェック付き）、隠しのアンカー（定義名 RK_<id> と id の列）\
        から成ります。回答者が行を挿入したりシート名を変えたりしても、`renkei run` はアンカーを頼りに\
        回答を読み取れます。

        ファイルは都道府県ごとに DIR/13_東京都/<stem>_<団体コード>_<名称>.xlsx として書きます。\
        コーディネーター用はその後ろに _<番号> が付きます。コーディネーター用の空欄の調査票 \
        DIR/<stem>_空欄.xlsx も書きます。<stem> は調査票定義でのその調査票の `file_stem:`\
        （なければ表題）です。

        例:
          renkei template --out forms
          renkei template --out forms --prefectures 13,27 --forms muni
          renkei template --out forms --forms coord \\
            --coordinator 131016:1 --coordinator 131016:2
          renkei template --out forms-R6 --codebook codebook-R6.yaml \\
            --master municipalities-R6.csv
        """) + "\n\n" + ExitStatus.helpText(ExitStatus.other))

    @ArgumentParser.Option(name: .long, help: .ja("出力フォルダ（なければ作ります）。"))
    var out: String

    @OptionGroup var survey: SurveyOptions

    @ArgumentParser.Option(name: .long, help: .ja("作成する調査票。調査票定義の id で指定します（大文字・小文字は問いません。カンマ区切り。既定: すべての調査票）。"))
    var forms: String?

    @ArgumentParser.Option(name: .long, help: .ja("2桁のコードで指定した都道府県だけ（例: 13,27）。"))
    var prefectures: String?

    @ArgumentParser.Option(name: .long, help: .ja("市町村ごとのコーディネーター用の調査票の数。1…N の番号を付けます（0 なら空欄の調査票のみ）。", valuesBelow: true))
    var coordinators: Int = 0

    @ArgumentParser.Option(name: .long, parsing: .singleValue, help: .ja("団体コード:番号 のコーディネーター用の調査票（繰り返し指定できます）。例: 131016:1。"))
    var coordinator: [String] = []

    func validate() throws {
        guard coordinators >= 0, coordinators <= 99 else { throw ValidationError("--coordinators は 0〜99 で指定してください") }
    }

    func run() throws {
        let started = Date()
        let loaded = try survey.load()
        let (book, master) = (loaded.codebook, loaded.master)
        let ids = book.forms.map { $0.id.rawValue.lowercased() }
        let wanted = try Set((forms?.split(separator: ",").map(String.init) ?? ids).map { s -> FormID in
            guard let f = book.form(id: s.trimmingCharacters(in: .whitespaces).uppercased()) else {
                throw ValidationError("調査票 '\(s)' はありません。\(ids.joined(separator: ", ")) のどれかを指定してください")
            }
            return f.id
        })
        let chosen = book.forms.filter { wanted.contains($0.id) }
        let coordForms = chosen.filter { $0.audience == .eachCoordinator }
        let prefCodes = try prefectures.map { list -> Set<String> in
            let codes = Set(list.split(separator: ",").map { s -> String in
                let t = s.trimmingCharacters(in: .whitespaces)
                return t.count == 1 ? "0" + t : t
            })
            for c in codes where master.prefecture(prefCode: c) == nil {
                throw ValidationError("都道府県コード '\(c)' はありません。2桁（01〜47）で指定してください")
            }
            return codes
        }

        var recipients: [FormRecipient] = []
        let prefs = master.prefectures.filter { prefCodes?.contains($0.prefCode) ?? true }
        for p in prefs {
            for f in chosen where f.audience == .eachPrefecture { recipients.append(.prefecture(p, form: f.id)) }
            for m in master.municipalities(inPrefecture: p.prefCode) {
                for f in chosen where f.audience == .eachMunicipality { recipients.append(.municipality(m, form: f.id)) }
                for f in coordForms {
                    for n in stride(from: 1, through: coordinators, by: 1) { recipients.append(.coordinator(of: m, number: n, form: f.id)) }
                }
            }
        }
        for f in coordForms {
            for spec in coordinator {
                let parts = spec.split(separator: ":")
                guard parts.count == 2, let n = Int(parts[1]), (1...99).contains(n) else {
                    throw ValidationError("--coordinator '\(spec)': 団体コード:番号 の形で書いてください（例: 131016:1）")
                }
                let code = String(parts[0])
                if let m = master.municipality(code: code) { recipients.append(.coordinator(of: m, number: n, form: f.id)) }
                else if let p = master.prefecture(code6: code) { recipients.append(.coordinator(of: p, number: n, form: f.id)) }
                else { throw ValidationError("--coordinator '\(spec)': \(code) は名簿の団体コードではありません") }
            }
            recipients.append(.blankCoordinator(form: f.id))
        }

        let batch = TemplateBatch(codebook: book, recipients: recipients)
        let outURL = URL(fileURLWithPath: out)
        let progress = ProgressLine(label: "調査票を作成中")
        let failures = try batch.write(to: outURL, progress: { progress.update($0, of: $1) })
        progress.finish()
        let elapsed = Date().timeIntervalSince(started)
        var counts: [FormID: Int] = [:]
        for item in batch.items { counts[item.document.form.id, default: 0] += 1 }
        let summary = book.forms.compactMap { f in counts[f.id].map { "\(f.title) \($0)" } }
        print("renkei template: 調査票 \(batch.items.count - failures.count) 件を \(out) に書きました（\(summary.joined(separator: "、"))）。\(String(format: "%.1f", elapsed)) 秒、調査票定義 \(book.id) \(book.version)")
        if !failures.isEmpty {
            for f in failures.prefix(20) { FileHandle.standardError.write(Data("error: \(f)\n".utf8)) }
            throw ExitCode(3)
        }
    }
}

