import Ingest
import SurveyModel
import Tabulate
import XLSXWriter

/// 表紙: what the workbook is, as of when, and the headline counts.
struct CoverSheet {
    static let name = "表紙"

    struct FormCount {
        var title: String
        var received: Int
        /// Who should have returned it (47, 1,741, a prefecture's municipalities); nil: no list.
        var expected: Int?
    }

    var workbookTitle: String
    var facts: [(Term, String)]
    var fileCounts: [LedgerState: Int]
    var forms: [FormCount]
    /// Sheet name → what it shows: set from the workbook's `ReportSheet` list.
    var contents: [(String, String)] = []
    /// What the tables' ％ are of, explained in 用語・凡例.
    var percentBase: PercentBase
    /// The glossary terms the workbook's sheets use: 用語・凡例 explains these.
    var terms: Set<Term> = []

    func write(_ b: SheetBuilder, codebook: Codebook) throws {
        try b.sheet.showGridlines(onScreen: false)
        try b.text(codebook.title, 0, 0, Style.title, measure: false)
        try b.text(codebook.year + "　" + workbookTitle, 1, 0, Style.subtitle, measure: false)
        var row = 3
        for (label, value) in facts {
            try b.text(label.rawValue, row, 0, Style.header)
            try b.text(value, row, 1, Style.text)
            row += 1
        }

        row += 1
        try b.text("提出ファイル数（台帳の状態別）", row, 0, Style.subtitle, measure: false); row += 1
        try b.text(Term.state.rawValue, row, 0, Style.header); try b.text(Term.files.rawValue, row, 1, Style.header); row += 1
        for state in LedgerState.allCases {
            try b.text(state.label, row, 0); try b.count(fileCounts[state] ?? 0, row, 1); row += 1
        }
        try b.text("合計", row, 0, Style.label.with { $0.border = .thin })
        try b.count(fileCounts.values.reduce(0, +), row, 1, Style.countBold); row += 2

        try b.text("回答数と回収率", row, 0, Style.subtitle, measure: false); row += 1
        for (i, h) in [Term.form, .received, .expected, .rate].enumerated() { try b.text(h.rawValue, row, i, Style.header) }
        row += 1
        for form in forms {
            try b.text(form.title, row, 0)
            try b.count(form.received, row, 1)
            if let expected = form.expected {
                try b.count(expected, row, 2)
                try b.share(Proportion.rate(form.received, of: expected), row, 3)
            } else {
                try b.dash(row, 2); try b.dash(row, 3)
            }
            row += 1
        }
        let unlisted = codebook.titles(.eachCoordinator)
        if !unlisted.isEmpty { try b.text(unlisted + "は対象者の名簿がないため回収率を算出しない。", row, 0, Style.note, measure: false) }
        row += 2

        try b.text("シート一覧", row, 0, Style.subtitle, measure: false); row += 1
        try b.text(Term.sheet.rawValue, row, 0, Style.header); try b.text(Term.contents.rawValue, row, 1, Style.header); row += 1
        for (sheet, what) in contents {
            try b.text(sheet, row, 0); try b.text(what, row, 1, Style.wrapped); row += 1
        }
        row += 1
        try b.text("用語・凡例", row, 0, Style.subtitle, measure: false); row += 1
        try b.text(Term.term.rawValue, row, 0, Style.header); try b.text(Term.meaning.rawValue, row, 1, Style.header); row += 1
        for (term, meaning) in Self.glossary(percentBase, codebook: codebook, terms: terms.union(facts.map(\.0))) {
            try b.text(term, row, 0, Style.wrappedBold); try b.text(meaning, row, 1, Style.wrapped); row += 1
        }
        try b.fitColumns(minimum: 10, maximum: 70)
        try b.printSetup(headerRows: nil, title: workbookTitle + "　表紙", onePage: true)
    }

    /// What the words and signs on the workbook's pages mean, for a reader who has not seen the
    /// survey: every glossary term its sheets use, in the glossary's order, from `Term` (n, 無回答
    /// and ％ said for this run's percent base).
    static func glossary(_ base: PercentBase, codebook: Codebook, terms: Set<Term>) -> [(String, String)] {
        // 非該当 says who n and 無回答 leave out.
        let terms = terms.contains(.n) || terms.contains(.noAnswer) ? terms.union([.notApplicable]) : terms
        return Term.allCases.filter(terms.contains).flatMap { t -> [(String, String)] in
            switch t {
            case .n:
                return [(t.rawValue, base == .applicable
                    ? "その設問の対象となる回答者の数（有効な回答＋無回答。％の分母）。"
                    : "その設問の対象で、有効な回答があった回答者の数（％の分母。無回答を含まない）。")]
            case .noAnswer:
                return [(t.rawValue, t.explanation + (base == .applicable ? "n に含め、その ％ も示す。" : "n に含めず、件数のみ示す。"))]
            case .percent:
                return [(t.rawValue, base.explanation + "複数回答の設問は合計が100％を超えることがある。")]
            case .chosen:
                return codebook.formsFor(.eachPrefecture).map { f in
                    (t.rawValue + "（\(f.title)）", "都道府県の集計表で、その都道府県が選んだ選択肢。1団体の回答のため ％ でなく回答そのものを示す。")
                }
            default:
                return [(t.rawValue, t.explanation)]
            }
        } + [("色の濃さ・横棒", "値の大きさを表す（濃いほど・長いほど大きい）。良し悪しの評価ではない。")]
    }
}
