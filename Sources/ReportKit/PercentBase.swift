import Tabulate

/// The denominator of every ％ in the tables (`report.percent_base`): a presentation choice,
/// made here from the counts Tabulate gives (n and 無回答).
public enum PercentBase: String, Sendable, CaseIterable {
    /// Everyone the question applies to (有効回答 + 無回答), as MHLW survey reports show it:
    /// 無回答 is a row with its own ％ and the rows add up to 100％.
    case applicable
    /// Valid answers only: 無回答 is left out of the base and shown as a count.
    case valid

    /// The base of one question's ％.
    public func base(n: Int, noAnswer: Int) -> Int { self == .applicable ? n + noAnswer : n }

    /// count / base, unrounded; nil when the base is 0 (shown as "－").
    public func share(_ count: Int, n: Int, noAnswer: Int) -> Double? {
        let b = base(n: n, noAnswer: noAnswer)
        return b > 0 ? Double(count) / Double(b) : nil
    }

    public func share(_ count: Int, of t: QuestionTable) -> Double? { share(count, n: t.n, noAnswer: t.noAnswer) }

    /// Whether 無回答 has a ％ of its own (it is part of the base).
    public var noAnswerHasShare: Bool { self == .applicable }

    /// The first row of each question's table.
    public var nLabel: String { self == .applicable ? "n（対象者数）" : "n（有効回答数）" }

    /// What the ％ of a table is of, in the words of the table notes and the cover.
    public var explanation: String {
        switch self {
        case .applicable:
            return "％ は設問の対象者数（有効回答＋無回答）に対する割合で、無回答にも ％ を示す。"
        case .valid:
            return "％ は有効回答数（無回答を除く）に対する割合で、無回答は件数のみ示す。"
        }
    }
}
