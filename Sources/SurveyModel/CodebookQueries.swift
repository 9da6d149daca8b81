/// Look-ups other modules keep needing, so that each does not grow its own loop over sections.
extension Codebook {
    /// The question `id` of form `form` (ids are per form: `code` exists on all three).
    public func question(id: String, in form: FormID) -> Question? { self.form(form)?.question(id) }
}

extension Form {
    /// Answers that are counted: no identity or contact fields, in form order.
    public var tabulatedQuestions: [Question] { questions.filter(\.isTabulated) }

    /// Tabulated questions tagged with a category (M4_*, M6_*), grouped by it, in form order
    /// within each group. Iterate `Codebook.categories` for a stable order of groups.
    public var questionsByCategory: [Category: [Question]] {
        Dictionary(grouping: tabulatedQuestions.filter { $0.category != nil }, by: { $0.category! })
    }

    /// Questions asked only under a condition on `id` (M2 → M2_1, M2_2), in form order.
    public func questions(dependingOn id: String) -> [Question] {
        questions.filter { $0.condition?.question == id }
    }

    /// Identity fields (基本情報) in form order.
    public var identityQuestions: [Question] { questions.filter { $0.identity != nil } }
}

extension Question {
    /// Option labels in code order (index 0 is code 1): dropdown lists and table headings.
    public var optionLabels: [String] { options.map(\.label) }

    /// Codes of options that stand alone (特にない).
    public var exclusiveOptionCodes: [Int] { options.filter(\.exclusive).map(\.code) }
}
