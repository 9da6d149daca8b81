import SurveyModel

/// The R5 categories by name, for tests written when they were a Swift enum; Sources never name them.
extension Category {
    public static var allCases: [Category] { Codebook.r5.categories }
    public static let daily = Codebook.r5.category("daily")!
    public static let discharge = Codebook.r5.category("discharge")!
    public static let acute = Codebook.r5.category("acute")!
    public static let eol = Codebook.r5.category("eol")!
    public static let dementia = Codebook.r5.category("dementia")!
    public static let infection = Codebook.r5.category("infection")!
    public static let disaster = Codebook.r5.category("disaster")!
    public var rawValue: String { id }
}
