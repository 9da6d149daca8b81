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
    /// Rule ids whose エラー a reply may close with 「このままで正しい」 (`confirmable_rules:`); by
    /// default none: an answer that cannot be counted as written cannot be confirmed as right.
    public var confirmableRules: Set<String> = []

    public init(id: String, version: String, title: String, year: String, forms: [Form],
                categories: [Category] = [], indicators: [Indicator] = []) {
        self.id = id; self.version = version; self.title = title; self.year = year; self.forms = forms
        self.categories = categories; self.indicators = indicators
    }

    public func form(_ id: FormID) -> Form? { forms.first { $0.id == id } }
}

/// The three forms of the survey. Raw values are the stable ids written into files.
public enum FormID: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    /// 都道府県票 — one per prefecture.
    case pref = "PREF"
    /// 市町村票 — one per municipality.
    case muni = "MUNI"
    /// コーディネーター票 — one per coordinator.
    case coord = "COORD"

    /// Declaration order (PREF, MUNI, COORD), as `allCases` lists them. A switch, because
    /// `allCases` builds a new array on every call and respondents are sorted by form often.
    var order: Int {
        switch self {
        case .pref: 0
        case .muni: 1
        case .coord: 2
        }
    }

    public static func < (a: FormID, b: FormID) -> Bool { a.order < b.order }
}

/// One form (票): identity block, then sections of questions.
public struct Form: Sendable, Equatable {
    public var id: FormID
    /// 市町村票, 都道府県票, コーディネーター票.
    public var title: String
    /// Text of the instructions sheet (記入要領), one paragraph per element.
    public var instructions: [String]
    public var sections: [Section] { didSet { questions = sections.flatMap(\.questions) } }

    public init(id: FormID, title: String, instructions: [String], sections: [Section]) {
        self.id = id; self.title = title; self.instructions = instructions; self.sections = sections
        self.questions = sections.flatMap(\.questions)
    }

    /// Every question in form order, identity fields included. Stored, not computed: every
    /// file's validation walks it several times.
    public private(set) var questions: [Question]

    public func question(_ id: String) -> Question? {
        for s in sections { if let q = s.questions.first(where: { $0.id == id }) { return q } }
        return nil
    }

    /// The question playing `role` in cross-form checks, if the form has one.
    public func question(role: QuestionRole) -> Question? {
        questions.first { $0.role == role }
    }

    /// The identity field playing `role`, if the form has one.
    public func identity(_ role: IdentityRole) -> Question? {
        questions.first { $0.identity == role }
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
