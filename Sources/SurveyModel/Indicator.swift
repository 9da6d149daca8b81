/// One column of the 都道府県別一覧 (and a figure of summary.json), declared in the codebook's
/// `indicators:` so a new year can add, drop or reorder them without code.
public struct Indicator: Sendable, Equatable {
    public enum Measure: Sendable, Equatable {
        /// Share of the question's n choosing the option (M2 = 設置している).
        case option(form: FormID, question: String, option: Int)
        /// The (first) per-municipality form returned / municipalities in the master list.
        case municipalityResponseRate
        /// Number of coordinator forms received (no rate: there is no list of coordinators).
        case coordinatorForms
    }

    /// Stable key for CSV/JSON columns, e.g. `M2=1`.
    public var id: String
    /// Column heading.
    public var label: String
    public var measure: Measure
    /// The category of the question measured: such columns are compared on one colour scale.
    public var category: Category?

    public init(id: String, label: String, measure: Measure, category: Category? = nil) {
        self.id = id; self.label = label; self.measure = measure; self.category = category
    }

    /// A share-of-n indicator keyed `question=option`.
    public static func option(_ label: String, form: FormID, question: String, option: Int,
                              category: Category? = nil) -> Self {
        Indicator(id: "\(question)=\(option)", label: label,
                  measure: .option(form: form, question: question, option: option), category: category)
    }

    /// The measures an indicator item may name with `measure:` instead of a question, with the
    /// audience of the form each counts (its id keys the column: `COORD`, `MUNI_RATE`).
    static let measureNames: [String: (audience: Audience, idSuffix: String, measure: Measure)] = [
        "coordinator_forms": (.eachCoordinator, "", .coordinatorForms),
        "municipality_response_rate": (.eachMunicipality, "_RATE", .municipalityResponseRate),
    ]
}
