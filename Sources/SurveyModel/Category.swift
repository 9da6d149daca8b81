/// The seven categories the tabulation is organised by: four care scenes (4つの場面)
/// and three themes (テーマ). Stable ids are used in question ids (`M6_daily`) and files.
public enum Category: String, CaseIterable, Sendable, Codable, Hashable {
    case daily, discharge, acute, eol, dementia, infection, disaster

    /// 日常の療養支援, 入退院支援, … — what respondents and report readers see.
    public var label: String {
        switch self {
        case .daily: "日常の療養支援"
        case .discharge: "入退院支援"
        case .acute: "急変時の対応"
        case .eol: "看取り"
        case .dementia: "認知症"
        case .infection: "感染症"
        case .disaster: "災害"
        }
    }

    public enum Kind: String, Sendable { case scene = "場面", theme = "テーマ" }

    public var kind: Kind {
        switch self {
        case .daily, .discharge, .acute, .eol: .scene
        case .dementia, .infection, .disaster: .theme
        }
    }

    public init?(label: String) {
        guard let c = Category.allCases.first(where: { $0.label == label }) else { return nil }
        self = c
    }
}
