import SurveyModel

/// The R5 codebook's forms by id, as tests name them (Sources never do: forms are data).
extension FormID {
    static let pref = Codebook.r5.form(id: "PREF")!.id
    static let muni = Codebook.r5.form(id: "MUNI")!.id
    static let coord = Codebook.r5.form(id: "COORD")!.id
    static var allCases: [FormID] { Codebook.r5.forms.map(\.id) }
}
