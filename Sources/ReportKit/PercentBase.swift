import Tabulate

/// How the tables name and explain the percent base (the shares themselves are `Proportion`'s).
extension PercentBase {
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
