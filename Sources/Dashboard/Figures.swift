import Foundation
import ReportKit
import SurveyModel
import Tabulate

/// One figure as a page shows it: Tabulate's one `Proportion` read under the run's ％ base, the
/// same value every workbook cell and summary.json figure reads.
struct BasedShare: Sendable, Equatable {
    var proportion: Proportion
    var percentBase: PercentBase
    /// A rate with no 無回答 (回収率) has no base to choose.
    var isRate = false

    init(count: Int, n: Int, noAnswer: Int, percentBase: PercentBase) {
        proportion = Proportion(count, valid: n, noAnswer: noAnswer); self.percentBase = percentBase
    }

    init(_ proportion: Proportion, percentBase: PercentBase, isRate: Bool = false) {
        self.proportion = proportion; self.percentBase = percentBase; self.isRate = isRate
    }

    /// A rate with no 無回答 (回収率): count over total.
    init(count: Int, total: Int) {
        proportion = Proportion(count, valid: total); percentBase = .valid; isRate = true
    }

    var count: Int { proportion.count }
    /// Valid answers (n) and 無回答, for the 指標の解説.
    var n: Int { proportion.valid }
    var noAnswer: Int { proportion.noAnswer }
    /// What the ％ is of (n, or n + 無回答 under the applicable base).
    var base: Int { proportion.base(percentBase) }
    var share: Double? { isRate ? Proportion.rate(proportion.count, of: proportion.valid) : proportion.share(percentBase) }
}

/// How numbers read on the pages: the workbooks' 0.0% and #,##0, in Japanese typography.
enum Format {
    static func percent(_ share: Double?) -> String {
        guard let share else { return "－" }
        return fixed(share * 100, digits: 1) + "%"
    }

    static func points(_ d: Double?) -> String {
        guard let d else { return "－" }
        let text = fixed(abs(d) * 100, digits: 1)
        if text == "0.0" { return "0.0" }
        return (d > 0 ? "+" : "−") + text
    }

    /// Shown.count's separators; an ASCII minus as the page's data has always had.
    static func count(_ n: Int) -> String {
        (n < 0 ? "-" : "") + Shown.count(abs(n))
    }

    /// Half-up rounding to `digits` decimals without going through String(format:) (slow on Linux).
    static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale + 0.5 + 1e-9).rounded(.down)
        let whole = Int(scaled / scale)
        let fraction = Int(scaled) - whole * Int(scale)
        var f = String(fraction)
        while f.count < digits { f = "0" + f }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return digits == 0 ? sign + String(whole) : sign + String(whole) + "." + f
    }

    /// A raw number for data-v (CSV and sorting): the unrounded share, as the workbook cell holds it.
    static func raw(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// One cell of a view's table: what it shows, and the raw value behind it for CSV and sorting.
enum Cell: Sendable, Hashable {
    case label(String)
    case count(Int)
    case share(Double?)
    /// 差 in points (今回 − 前回).
    case difference(Double?)
    /// A mark (○, 無回答, 未回収 …) with an order for sorting.
    case mark(String, rank: Int)
    /// A link to a page inside the folder.
    case link(String, href: String)

    var display: String {
        switch self {
        case .label(let s), .mark(let s, _), .link(let s, _): s
        case .count(let n): Format.count(n)
        case .share(let s): Format.percent(s)
        case .difference(let d): Format.points(d)
        }
    }

    /// The value behind the text where the text alone does not give it (nil: the text is the
    /// value; counts and points are read back from their text).
    var raw: String? {
        switch self {
        case .share(let s): s.map(Format.raw) ?? ""
        case .mark(_, let rank): String(rank)
        case .count, .difference, .label, .link: nil
        }
    }

    var isLink: Bool { if case .link = self { true } else { false } }

    var isNumeric: Bool {
        switch self {
        case .count, .share, .difference, .mark: true
        case .label, .link: false
        }
    }
}

/// A view's figures as a table: shown beside its chart, read by screen readers, downloaded as CSV.
/// Each figure cell names the workbook figure it is, for the acceptance test: its column's key
/// (`ind|{r}|3`) with `{r}` replaced by its row's key (`13`) gives `ind|13|3`.
struct DataTable: Sendable {
    var id: String
    var caption: String
    var header: [String]
    var rows: [[Cell]]
    /// Per column: the figure's key with `{r}` for the row's key; nil for labels.
    var columnKeys: [String?] = []
    /// Per row: what `{r}` stands for.
    var rowKeys: [String?] = []
    /// Columns the reader may sort by.
    var sortable = true
    /// Whether shares carry their unrounded value (data-v): not in カルテ cards, whose tables
    /// neither sort nor differ from the 一覧's values, and which are many.
    var rawValues = true
}
