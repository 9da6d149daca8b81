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
        abstract: "Writes the survey forms (調査票) to send to prefectures, municipalities and coordinators.",
        discussion: """
        Every form is built from the codebook: an instructions sheet (記入要領), the answer sheet \
        (回答) with input cells marked and unlocked, dropdowns and range checks, and hidden anchors \
        (defined names RK_<id> and an id column) that let `renkei run` read answers back even if \
        the respondent inserts rows or renames the sheet.

        Files are written per prefecture as DIR/13_東京都/<stem>_<団体コード>_<名称>.xlsx, a \
        coordinator's with _<番号> after it, and a blank DIR/<stem>_空欄.xlsx of a coordinator \
        form; <stem> is the form's `file_stem:` (else its title) in the codebook.

        Examples:
          renkei template --out forms
          renkei template --out forms --prefectures 13,27 --forms muni
          renkei template --out forms --forms coord --coordinator 131016:1 --coordinator 131016:2
          renkei template --out forms-R6 --codebook codebook-R6.yaml --master municipalities-R6.csv

        \(ExitStatus.helpText(ExitStatus.other))
        """)

    @ArgumentParser.Option(name: .long, help: "Output folder (created if absent).")
    var out: String

    @OptionGroup var survey: SurveyOptions

    @ArgumentParser.Option(name: .long, help: "Forms to write, by their codebook id in any case (comma-separated; default: every form).")
    var forms: String?

    @ArgumentParser.Option(name: .long, help: "Only these prefectures, by 2-digit code (e.g. 13,27).")
    var prefectures: String?

    @ArgumentParser.Option(name: .long, help: "Coordinator forms per municipality, numbered 1…N (default 0: blank form only).")
    var coordinators: Int = 0

    @ArgumentParser.Option(name: .long, parsing: .singleValue, help: "A coordinator form for 団体コード:番号 (repeatable), e.g. 131016:1.")
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

