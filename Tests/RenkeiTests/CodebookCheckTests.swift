import Foundation
import SurveyModel
import TestSupport
import Testing

extension E2E {
    /// `renkei codebook --check` on an edited codebook: exit status 2 and `file:line:` with a
    /// did-you-mean on stderr, for the mistakes the codebook's new blocks make possible.
    @Suite struct CodebookCheck {
        /// (R5 text, replacement, the replacement's text to find the line by, what stderr must say)
        static let cases: [(String, String, String, String)] = [
            ("- {id: eol, label: 看取り, kind: 場面}\n", "- {id: eol, label: 看取り, kind: 場面}\n  - {id: acp, label: 人生会議, kind: テーマ}\n",
             "", "valid"),
            ("- for_each_category: scenes", "- for_each_category: [daily, aucte]", "aucte", "場面・テーマ `aucte` はありません。`acute` の書き間違いではありませんか。"),
            ("question: M7, option: 設置している}", "question: M77, option: 設置している}", "M77", "の設問 `M77` は調査票 MUNI にありません。`M7` の書き間違いではありませんか。"),
            ("          - id: M3\n", "          - id: M3\n            previous_id: M5\n", "previous_id: M5", "設問 M3 の `previous_id: M5` は、調査票 MUNI の設問 M5（"),
        ]

        @Test(arguments: cases.indices) func checkReportsFileAndLine(_ i: Int) throws {
            let (old, new, at, says) = Self.cases[i]
            #expect(Codebook.r5YAML.contains(old))
            let text = Codebook.r5YAML.replacingOccurrences(of: old, with: new)
            let path = Temp.dir("check") + "/codebook-R6.yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let o = try Run.renkei(["codebook", "--check", path])
            if at.isEmpty {
                #expect(o.status == 0, "\(o.stderr)")
                #expect(o.stdout.contains("場面・テーマ: 8"), "\(o.stdout)")
                return
            }
            let line = (text.components(separatedBy: "\n").firstIndex { $0.contains(at) } ?? -1) + 1
            #expect(o.status == 2, "\(o.status) \(o.stderr)")
            #expect(o.stderr.contains("\(path):\(line): "), "\(o.stderr)")
            #expect(o.stderr.contains(says), "\(o.stderr)")
        }
    }
}
