/// One question (設問) of a form. `id` is the stable key used in anchors, files and reports.
/// Its fields sit in one shared box, copied only when a copy is changed: a question is bound
/// per respondent and per answer all through ingestion and the reports, and a copy of two dozen
/// fields retained and released each of their references (~2% of a whole run's instructions).
public struct Question: Sendable, Equatable {
    /// The stored fields: compared field by field (synthesised), as the question was before the box.
    struct Fields: Sendable, Equatable {  // what each field means: at its accessor below
        var id: String
        var label: String
        var type: QuestionType
        var options: [Option]
        var range: ClosedRange<Int>?
        var condition: Condition?
        var required: Bool
        var pii: Bool
        var category: Category?
        var maxLength: Int?
        var format: TextFormat?
        var sumOf: [String]?
        var identity: IdentityRole?
        var prefilled: Bool
        var note: String?
        var number: String = ""
        var role: QuestionRole?
        var previousID: String?
        var previousOptions: [String: [Int]]?
        var origin: SourceOrigin = SourceOrigin()
        var reference: ReferenceFigure?
    }

    private final class Box: @unchecked Sendable {  // changed only while uniquely referenced (copy on write)
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
    private var box: Box

    /// The box to change: this question's own (a shared one is copied first).
    private var own: Box {
        mutating get {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            return box
        }
    }

    public static func == (a: Question, b: Question) -> Bool { a.box === b.box || a.box.fields == b.box.fields }

    public var id: String { get { box.fields.id } set { own.fields.id = newValue } }
    /// The question as respondents read it.
    public var label: String { get { box.fields.label } set { own.fields.label = newValue } }
    public var type: QuestionType { get { box.fields.type } set { own.fields.type = newValue } }
    /// For single and multi: the options in form order, codes 1…n.
    public var options: [Option] { get { box.fields.options } set { own.fields.options = newValue } }
    /// For integer: the allowed range.
    public var range: ClosedRange<Int>? { get { box.fields.range } set { own.fields.range = newValue } }
    /// Asked only where this holds (e.g. M2_1 only if M2 = 設置している).
    public var condition: Condition? { get { box.fields.condition } set { own.fields.condition = newValue } }
    public var required: Bool { get { box.fields.required } set { own.fields.required = newValue } }
    /// Personal contact data (氏名, 電話, メール): never in national outputs.
    public var pii: Bool { get { box.fields.pii } set { own.fields.pii = newValue } }
    /// The category (場面・テーマ) this question belongs to, if any.
    public var category: Category? { get { box.fields.category } set { own.fields.category = newValue } }
    /// For text: the longest accepted answer, in characters.
    public var maxLength: Int? { get { box.fields.maxLength } set { own.fields.maxLength = newValue } }
    /// For text: a shape the answer must have.
    public var format: TextFormat? { get { box.fields.format } set { own.fields.format = newValue } }
    /// For integer: the ids of the parts that must add up to this question (C5 = C5_1+…+C5_4).
    public var sumOf: [String]? { get { box.fields.sumOf } set { own.fields.sumOf = newValue } }
    /// Identity fields (団体コード, 氏名, …) carry a role; they are not tabulated.
    public var identity: IdentityRole? { get { box.fields.identity } set { own.fields.identity = newValue } }
    /// Written into the form by `renkei template` (団体コード, names); respondents do not type it.
    public var prefilled: Bool { get { box.fields.prefilled } set { own.fields.prefilled = newValue } }
    /// Help text shown beside the input cell on the form.
    public var note: String? { get { box.fields.note } set { own.fields.note = newValue } }
    /// 問番号 as printed on the form (問1, 問2(1), 問6-①): from `no:` or derived from the form's
    /// order (`QuestionNumbering`); empty for identity fields. What readers cite, never the id.
    public var number: String { get { box.fields.number } set { own.fields.number = newValue } }
    /// What the question stands for in checks across forms (コーディネーターの配置人数).
    public var role: QuestionRole? { get { box.fields.role } set { own.fields.role = newValue } }
    /// The id this question had in the previous year's codebook, for year-on-year matching.
    public var previousID: String? { get { box.fields.previousID } set { own.fields.previousID = newValue } }
    /// Previous year's option label → codes of the options now: one code for a renamed option
    /// (several labels to one code: merged), several codes for an option split into parts.
    public var previousOptions: [String: [Int]]? { get { box.fields.previousOptions } set { own.fields.previousOptions = newValue } }
    /// Where the codebook wrote the question, for messages a later check raises about it.
    public var origin: SourceOrigin { get { box.fields.origin } set { own.fields.origin = newValue } }
    /// Published figure `renkei simulate` reproduces for this question.
    public var reference: ReferenceFigure? { get { box.fields.reference } set { own.fields.reference = newValue } }

    public init(id: String, label: String, type: QuestionType, options: [Option] = [],
                range: ClosedRange<Int>? = nil, condition: Condition? = nil, required: Bool = true,
                pii: Bool = false, category: Category? = nil, maxLength: Int? = nil,
                format: TextFormat? = nil, sumOf: [String]? = nil, identity: IdentityRole? = nil,
                prefilled: Bool = false, note: String? = nil) {
        box = Box(Fields(id: id, label: label, type: type, options: options, range: range, condition: condition,
                         required: required, pii: pii, category: category, maxLength: maxLength, format: format,
                         sumOf: sumOf, identity: identity, prefilled: prefilled, note: note))
    }

    public func option(code: Int) -> Option? { options.first { $0.code == code } }
    public func option(label: String) -> Option? { options.first { $0.label == label } }

    /// How a reader refers to the question: 「問2(1) 協議会の開催圏域」, or the label alone when unnumbered.
    public var printedName: String { number.isEmpty ? label : number + "　" + label }
    /// How notes and tables refer to the question: its 問番号, or its label when it has none.
    public var shortName: String { number.isEmpty ? label : number }

    /// Tabulated questions: answers, not identity or contact fields.
    public var isTabulated: Bool { identity == nil && !pii }
    /// Personal contact data (a name, phone, e-mail, or any `pii:` field): shown only to the
    /// respondent's own prefecture, masked everywhere else.
    public var isContact: Bool { pii || identity.map(IdentityRole.contactRoles.contains) ?? false }
}

/// Where a question was read: file and lines. Not part of the survey, so never compared.
public struct SourceOrigin: Sendable, Equatable {
    public var file = ""
    public var line = 0
    public var previousIDLine = 0
    /// Line of each `previous_options:` key (the old label).
    public var previousOptionLines: [String: Int] = [:]
    public init() {}
    public static func == (a: SourceOrigin, b: SourceOrigin) -> Bool { true }
    /// `file:line` of `line`, as errors print it.
    public func at(_ line: Int) -> String { "\(file):\(line)" }
}

/// A question's `type:` in the codebook: one of the kinds in `QuestionKinds.all`, which says
/// what the type means. Compared by its place in that list (no string work per cell).
public struct QuestionType: Sendable, Hashable, CustomStringConvertible {
    let index: Int

    /// The kind registered as `type: rawValue`; nil for a name no kind has.
    public init?(rawValue: String) {
        guard let i = QuestionKinds.index(of: rawValue) else { return nil }
        index = i
    }

    /// A kind's own type (each kind file declares its constant with it).
    init(registered id: String) {
        guard let i = QuestionKinds.index(of: id) else { preconditionFailure("kind `\(id)` is not in QuestionKinds.all") }
        index = i
    }

    public var kind: any QuestionKind { QuestionKinds.all[index] }
    /// `single`, as written in the codebook.
    public var rawValue: String { kind.id }
    public var description: String { rawValue }
}

/// What a question stands for across forms, so checks name a role and never a question id.
public enum QuestionRole: String, Sendable, Codable, Equatable, CaseIterable {
    /// How many coordinators the 自治体 has: the coordinator forms received must number the same.
    case coordinatorCount = "coordinator_count"
}

/// A published figure of the previous survey that `renkei simulate` follows.
public enum ReferenceFigure: Sendable, Equatable {
    /// Exact counts per option (codes, counts in listed order) out of `of` respondents nationally.
    case counts(options: [Int], counts: [Int], of: Int)
    /// Relative weights per option code, for a single answer without a published count.
    case shares(options: [Int], weights: [Double])
    /// An integer answer: the range's minimum, minimum + 1, … with these relative weights.
    case weights([Double])
    /// An integer answer drawn evenly from this list (repeat a value to make it likelier).
    case values([Int])
}

/// One answer option (選択肢). Codes are 1-based positions, as printed on paper forms.
public struct Option: Sendable, Equatable {
    public var code: Int
    public var label: String
    /// 特にない and the like: cannot be combined with any other option.
    public var exclusive: Bool
    /// Options that stand for a category (P6, C6) carry it.
    public var category: Category?

    public init(code: Int, label: String, exclusive: Bool = false, category: Category? = nil) {
        self.code = code; self.label = label; self.exclusive = exclusive; self.category = category
    }

    /// 「2 設置していない」 in lists of options; a label that already starts with its code (a
    /// scale's 「1 浸透していない」) is not numbered twice.
    public var listed: String {
        label == String(code) || label.hasPrefix("\(code) ") ? label : "\(code) \(label)"
    }
}

/// Shapes a text answer must have.
public enum TextFormat: String, Sendable, Codable, Equatable {
    case email, phone
}

/// What an identity field identifies.
public enum IdentityRole: String, Sendable, Codable, Equatable, CaseIterable {
    /// 団体コード (6 digits with check digit); for COORD, the 所属自治体's code.
    case code
    case prefectureName = "prefecture_name"
    case municipalityName = "municipality_name"
    /// コーディネーター番号 (1…99, unique within its 自治体).
    case coordinatorNumber = "coordinator_number"
    case department
    case contactName = "contact_name"
    case phone
    case email

    /// Roles that are contact details even if a codebook forgot `pii: true`.
    public static let contactRoles: Set<IdentityRole> = [.contactName, .phone, .email]
}

/// "Asked only if …": the question is asked where another question's answer matches.
public struct Condition: Sendable, Equatable {
    public enum Operator: String, Sendable, Equatable {
        /// single answer is the option
        case equals = "="
        /// single answer is given and is not the option
        case notEquals = "!="
        /// multi answer includes the option
        case includes = "includes"
    }
    public var question: String
    public var op: Operator
    /// Option code of `question`.
    public var option: Int

    public init(question: String, op: Operator, option: Int) {
        self.question = question; self.op = op; self.option = option
    }

    /// Whether the question guarded by this condition is asked, given the other answers.
    /// A blank or invalid answer to the guarding question means "not asked".
    public func holds(in answers: [String: AnswerValue]) -> Bool {
        guard let a = answers[question] else { return false }
        switch (op, a) {
        case (.equals, .single(let c)): return c == option
        case (.notEquals, .single(let c)): return c != option
        case (.includes, .multi(let cs)): return cs.contains(option)
        default: return false
        }
    }
}
