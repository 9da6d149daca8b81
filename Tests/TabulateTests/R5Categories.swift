import SurveyModel

/// The R5 categories by name, for tests written when they were a Swift enum; Sources never name them.
extension Category {
    static var allCases: [Category] { Codebook.r5.categories }
    static let daily = Codebook.r5.category("daily")!
    static let discharge = Codebook.r5.category("discharge")!
    static let acute = Codebook.r5.category("acute")!
    static let eol = Codebook.r5.category("eol")!
    static let dementia = Codebook.r5.category("dementia")!
    static let infection = Codebook.r5.category("infection")!
    static let disaster = Codebook.r5.category("disaster")!
    var rawValue: String { id }
}
