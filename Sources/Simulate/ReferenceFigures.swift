/// How respondents answer where the codebook gives no `reference:` figure for a question
/// (the published figures themselves are codebook data).
enum ReferenceFigures {
    /// Probability an ordinary option of a multi-choice question is ticked.
    static let optionShare = 0.35
    /// Probability a respondent ticks only the exclusive option (特にない).
    static let exclusiveShare = 0.06
    /// Optional free text (自由記述) is filled by this share.
    static let freeTextShare = 0.15
}
