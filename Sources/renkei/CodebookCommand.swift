import ArgumentParser
import Foundation
import RenkeiRun
import SurveyModel

/// `renkei codebook`: print the embedded codebook to edit for next year, or check an edited one.
struct CodebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codebook",
        abstract: "内蔵の調査票定義を出力し、編集したものを確認します。",
        discussion: HelpText.wrap("""
            調査は毎年変わりますが、プログラムは変わりません。内蔵の調査票定義をコピーして編集し\
            （設問、選択肢、条件、場面・テーマ、指標、役割）、確認してから、--codebook で \
            `renkei template`、`renkei validate`、`renkei run` に渡してください:

              renkei codebook > codebook-R6.yaml
              renkei codebook --check codebook-R6.yaml
              renkei template --codebook codebook-R6.yaml --out forms-R6

            誤りはファイル名と行とともに示します。新しい市町村名簿（内蔵のものと同じ CSV の列）は \
            --master で確認します。

            調査の前に、新しい調査票定義が前回の調査（公開した実行フォルダ、または前回の調査票定義）に\
            どう対応するかを見直してください。設問ごとに、同じ、名前の変更、選択肢の対応・分割・統合・\
            新設、新しい設問、そして前回の設問のうちなくなったものを示します:

              renkei codebook --check codebook-R6.yaml --diff Reports/latest
            """) + "\n\n" + ExitStatus.helpText(ExitStatus.other)
    )

    @ArgumentParser.Option(name: .long, help: .ja("確認する調査票定義の YAML ファイル（付けなければ内蔵のものを出力します）。"))
    var check: String?

    @ArgumentParser.Option(name: .long, help: .ja("確認する市町村の CSV（列は code,pref_code,prefecture,name,kana,kind）。"))
    var master: String?

    @ArgumentParser.Option(name: .long, help: .ja("前回の実行フォルダまたは調査票定義。--check の調査票定義がこれにどう対応するかを出力します。"))
    var diff: String?

    func validate() throws {
        if diff != nil && check == nil {
            throw ValidationError("--diff は --check で指定した調査票定義と比べます。--check NEW-CODEBOOK.yaml を付けてください。")
        }
    }

    func run() throws {
        if check == nil && master == nil {
            print(Codebook.r5YAML, terminator: "")
            return
        }
        var failed = false
        if let path = check {
            do {
                let cb = try Codebook.load(path: path)
                let counts = cb.forms.map { "\($0.id.rawValue) \($0.questions.count)" }.joined(separator: ", ")
                print("\(path): 調査票定義 \(cb.id) \(cb.version) は正しく読めました（設問: \(counts)、場面・テーマ: \(cb.categories.count)、指標: \(cb.indicators.count)）")
                if let previous = diff {
                    let report = try CodebookDiff.report(cb, previous: previous)
                    for slip in report.slips { FileHandle.standardError.write(Data("error: \(slip)（前回の実行 \(previous)）\n".utf8)) }
                    failed = failed || !report.slips.isEmpty
                    print("前回（\(previous)）との対応:")
                    for line in report.lines { print(line) }
                }
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                failed = true
            }
        }
        if let path = master {
            do {
                let m = try MasterList.load(municipalitiesPath: path)
                print("\(path): 名簿は正しく読めました（都道府県 \(m.prefectures.count)、市町村 \(m.municipalities.count)）")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitStatus.usage.exitCode }
    }
}
