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

            \(ExitStatus.helpText(ExitStatus.other))
            """
    )

    @ArgumentParser.Option(name: .long, help: "A codebook YAML file to check instead of printing the embedded one.")
    var check: String?

    @ArgumentParser.Option(name: .long, help: "A municipalities CSV (columns code,pref_code,prefecture,name,kana,kind) to check.")
    var master: String?

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
                print("\(path): codebook \(cb.id) \(cb.version) is valid (questions: \(counts); categories: \(cb.categories.count); indicators: \(cb.indicators.count))")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                failed = true
            }
        }
        if let path = master {
            do {
                let m = try MasterList.load(municipalitiesPath: path)
                print("\(path): master list is valid (\(m.prefectures.count) prefectures, \(m.municipalities.count) municipalities)")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitStatus.usage.exitCode }
    }
}
