/// One question (設問) of a form. `id` is the stable key used in anchors, files and reports.
public struct Question: Sendable, Equatable {
    public var id: String
    /// The question as respondents read it.
    public var label: String
    public var type: QuestionType
    /// For single and multi: the options in form order, codes 1…n.
    public var options: [Option]
    /// For integer: the allowed range.
    public var range: ClosedRange<Int>?
    /// Asked only where this holds (e.g. M2_1 only if M2 = 設置している).
    public var condition: Condition?
    public var required: Bool
    /// Personal contact data (氏名, 電話, メール): never in national outputs.
    public var pii: Bool
    /// The category (場面・テーマ) this question belongs to, if any.
    public var category: Category?
    /// For text: the longest accepted answer, in characters.
    public var maxLength: Int?
    /// For text: a shape the answer must have.
    public var format: TextFormat?
    /// For integer: the ids of the parts that must add up to this question (C5 = C5_1+…+C5_4).
    public var sumOf: [String]?
    /// Identity fields (団体コード, 氏名, …) carry a role; they are not tabulated.
    public var identity: IdentityRole?
    /// Written into the form by `renkei template` (団体コード, names); respondents do not type it.
    public var prefilled: Bool
    /// Help text shown beside the input cell on the form.
    public var note: String?

    public init(id: String, label: String, type: QuestionType, options: [Option] = [],
                range: ClosedRange<Int>? = nil, condition: Condition? = nil, required: Bool = true,
                pii: Bool = false, category: Category? = nil, maxLength: Int? = nil,
                format: TextFormat? = nil, sumOf: [String]? = nil, identity: IdentityRole? = nil,
                prefilled: Bool = false, note: String? = nil) {
        self.id = id; self.label = label; self.type = type; self.options = options
        self.range = range; self.condition = condition; self.required = required; self.pii = pii
        self.category = category; self.maxLength = maxLength; self.format = format
        self.sumOf = sumOf; self.identity = identity; self.prefilled = prefilled; self.note = note
    }

    public func option(code: Int) -> Option? { options.first { $0.code == code } }
    public func option(label: String) -> Option? { options.first { $0.label == label } }

    /// Tabulated questions: answers, not identity or contact fields.
    public var isTabulated: Bool { identity == nil && !pii }
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
