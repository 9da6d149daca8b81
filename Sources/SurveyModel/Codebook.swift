/// A survey round as data: its forms, sections, questions and options.
/// Loaded from YAML (`CodebookLoader`); the R5 round is embedded (`Codebook.r5`).
public struct Codebook: Sendable, Equatable {
    /// Stable id of the survey (e.g. `zaitaku-renkei`); a returned form must carry the same id.
    public var id: String
    /// Version of this codebook (e.g. `R5-1`); a returned form must carry the same version.
    public var version: String
    /// 調査名, shown on forms and report covers.
    public var title: String
    /// 調査年度 label, e.g. 令和5年度.
    public var year: String
    public var forms: [Form]
    /// The 場面・テーマ, in report order (`categories:`).
    public var categories: [Category]
    /// The 都道府県別一覧 columns, in order (`indicators:`).
    public var indicators: [Indicator]
    /// The survey's calendar (`survey: {window: …}`), when the codebook gives one.
    public var window: SurveyWindow?
    /// Rule ids whose エラー a reply may close with 「このままで正しい」 (`confirmable_rules:`); by
    /// default none: an answer that cannot be counted as written cannot be confirmed as right.
    public var confirmableRules: Set<String> = []

    public init(id: String, version: String, title: String, year: String, forms: [Form],
                categories: [Category] = [], indicators: [Indicator] = []) {
        self.id = id; self.version = version; self.title = title; self.year = year; self.forms = forms
        self.categories = categories; self.indicators = indicators
    }

    public func form(_ id: FormID) -> Form? { forms.first { $0.id == id } }
    /// The form a file or an option names by its id text (`MUNI`), if the codebook has it.
    public func form(id text: String) -> Form? { forms.first { $0.id.rawValue == text } }
    /// The forms sent to `audience`, in codebook order.
    public func formsFor(_ audience: Audience) -> [Form] { forms.filter { $0.audience == audience } }
    /// The form whose categories make the 場面・テーマ別 matrix, if any (`category_matrix: true`).
    public var categoryMatrixForm: Form? { forms.first { $0.feedsCategoryMatrix } }
    /// The first per-prefecture and per-municipality forms: the ones 回収状況 says a prefecture or
    /// a municipality has returned (回収率, 未回収の市町村).
    public var prefectureForm: Form? { forms.first { $0.audience == .eachPrefecture } }
    public var municipalityForm: Form? { forms.first { $0.audience == .eachMunicipality } }
    /// The titles of the forms sent to `audience`, as a sentence lists them (都道府県票・市町村票);
    /// empty when there are none.
    public func titles(_ audience: Audience) -> String { formsFor(audience).map(\.title).joined(separator: "・") }
}

/// A form's stable id as the codebook spells it (`forms: - id:`), written into every form file.
/// Which forms exist is data: only the codebook makes them (`Codebook.form(id:)`).
public struct FormID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String
    /// The form's place in its codebook, so respondents sort in form order; not part of the
    /// identity (an id read from a file, without its codebook, sorts after the codebook's).
    public let rank: Int

    public init(_ rawValue: String, rank: Int = .max) { self.rawValue = rawValue; self.rank = rank }
    /// nil for an empty id.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty else { return nil }
        self.init(rawValue)
    }

    public var description: String { rawValue }
    public static func == (a: FormID, b: FormID) -> Bool { a.rawValue == b.rawValue }
    public func hash(into h: inout Hasher) { h.combine(rawValue) }
    public static func < (a: FormID, b: FormID) -> Bool { (a.rank, a.rawValue) < (b.rank, b.rawValue) }

    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(rawValue)
    }
}

/// Who receives a form (`audience:`), which says how many are expected and how a returned one
/// is matched to the master list.
public enum Audience: String, Sendable, CaseIterable {
    /// One per prefecture of the master list.
    case eachPrefecture = "prefecture"
    /// One per municipality of the master list.
    case eachMunicipality = "municipality"
    /// Any number per prefecture or municipality, numbered (`identity: coordinator_number`);
    /// how many a 自治体 has is its answer to the question with `role: coordinator_count`.
    case eachCoordinator = "coordinator"
}

/// One form (票): identity block, then sections of questions.
public struct Form: Sendable, Equatable {
    public var id: FormID
    /// 市町村票, 都道府県票, コーディネーター票.
    public var title: String
    /// Who receives it: one per prefecture, one per municipality, or one per coordinator.
    public var audience: Audience
    /// 記入者 on the instructions sheet (`recipient:`).
    public var recipient: String
    /// First part of its file names (`file_stem:`, else the title): 市町村票_131016_千代田区.xlsx.
    public var fileStem: String
    /// Whether its questions with `category:` make the 場面・テーマ別 matrix (`category_matrix: true`).
    public var feedsCategoryMatrix: Bool
    /// Name of the prefecture workbook's sheet listing its answers (`list_sheet:`, else the title).
    public var listSheet: String
    /// Text of the instructions sheet (記入要領), one paragraph per element.
    public var instructions: [String]
    public var sections: [Section] { didSet { questions = sections.flatMap(\.questions) } }

    public init(id: FormID, title: String, audience: Audience, recipient: String = "", fileStem: String? = nil,
                feedsCategoryMatrix: Bool = false, listSheet: String? = nil, instructions: [String], sections: [Section]) {
        self.id = id; self.title = title; self.audience = audience; self.recipient = recipient
        self.fileStem = fileStem ?? title; self.feedsCategoryMatrix = feedsCategoryMatrix
        self.listSheet = listSheet ?? title
        self.instructions = instructions; self.sections = sections
        self.questions = sections.flatMap(\.questions)
    }

    /// Every question in form order, identity fields included. Stored, not computed: every
    /// file's validation walks it several times.
    public private(set) var questions: [Question]

    // By index, one field read per question: `first(where:)` copied every question it passed over.
    public func question(_ id: String) -> Question? {
        for s in sections.indices {
            if let i = sections[s].questions.indices.first(where: { sections[s].questions[$0].id == id }) { return sections[s].questions[i] }
        }
        return nil
    }

    /// The question playing `role` in cross-form checks, if the form has one.
    public func question(role: QuestionRole) -> Question? {
        questions.indices.first { questions[$0].role == role }.map { questions[$0] }
    }

    /// The identity field playing `role`, if the form has one.
    public func identity(_ role: IdentityRole) -> Question? {
        questions.indices.first { questions[$0].identity == role }.map { questions[$0] }
    }
}

/// A group of questions shown under one heading on the form.
public struct Section: Sendable, Equatable {
    public var id: String
    public var title: String
    public var questions: [Question]

    public init(id: String, title: String, questions: [Question]) {
        self.id = id; self.title = title; self.questions = questions
    }
}
