import ArgumentParser
import Foundation
import RenkeiRun
import SurveyModel

/// `renkei codebook`: print the embedded codebook to edit for next year, or check an edited one.
struct CodebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codebook",
        abstract: "Print the embedded R5 codebook, or check a codebook or master list you edited.",
        discussion: """
            The survey changes every year; the program does not. Copy the embedded codebook, \
            edit it (questions, options, conditions, categories, indicators, roles), check it, then pass it with \
            --codebook to `renkei template`, `renkei validate` and `renkei run`:

              renkei codebook > codebook-R6.yaml
              renkei codebook --check codebook-R6.yaml
              renkei template --codebook codebook-R6.yaml --out forms-R6

            Errors name the file and line. A new municipal master list (same CSV columns as \
            the embedded one) is checked with --master.

            Before the season, review how the new codebook maps to last year's survey (the \
            published run folder, or last year's codebook): per question same, renamed, \
            options mapped / split / merged / new, new, and last year's questions removed:

              renkei codebook --check codebook-R6.yaml --diff Reports/latest

            \(ExitStatus.helpText(ExitStatus.other))
            """
    )

    @ArgumentParser.Option(name: .long, help: "A codebook YAML file to check instead of printing the embedded one.")
    var check: String?

    @ArgumentParser.Option(name: .long, help: "A municipalities CSV (columns code,pref_code,prefecture,name,kana,kind) to check.")
    var master: String?

    @ArgumentParser.Option(name: .long, help: "Last year's run folder or codebook: print how the --check codebook maps to it.")
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
