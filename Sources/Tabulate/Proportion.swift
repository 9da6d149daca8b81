/// What every ％ is of (`report.percent_base`): the one choice every output states and follows.
public enum PercentBase: String, Sendable, CaseIterable, Codable {
    /// Everyone the question applies to (有効回答 + 無回答), as MHLW survey reports show it:
    /// 無回答 is a row with its own ％ and the rows add up to 100％.
    case applicable
    /// Valid answers only: 無回答 is left out of the base and shown as a count.
    case valid
}

/// A count out of the respondents a question applies to: the one place a share is divided, so
/// every workbook cell, chart, summary.json figure and dashboard number agrees.
public struct Proportion: Sendable, Hashable {
    /// Respondents counted (chose the option, answered ある, returned the form …).
    public var count: Int
    /// n: the question applies and the answer is valid (有効回答).
    public var valid: Int
    /// 無回答: the question applies and the answer is blank or unusable.
    public var noAnswer: Int

    public init(_ count: Int, valid: Int, noAnswer: Int = 0) {
        self.count = count; self.valid = valid; self.noAnswer = noAnswer
    }

    /// Everyone the question applies to: valid + 無回答.
    public var applicable: Int { valid + noAnswer }

    /// The denominator under `base`: what a table's n row shows.
    public func base(_ base: PercentBase) -> Int { base == .applicable ? applicable : valid }

    /// count / base, unrounded; nil when the base is 0 (a report shows "－", not 0％).
    public func share(_ base: PercentBase) -> Double? {
        let d = self.base(base)
        return d > 0 ? Double(count) / Double(d) : nil
    }

    /// A part of a whole with no 無回答 (回収率: returned of expected): the same under either base.
    public static func rate(_ part: Int, of whole: Int) -> Double? { Proportion(part, valid: whole).share(.valid) }
}
