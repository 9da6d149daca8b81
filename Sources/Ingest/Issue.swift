import SurveyModel
import XLSXReader

/// One problem found in a returned form (疑義): what the contractor sends back to a respondent.
/// Shaped like a frictionless validation report row: where, what rule, what was written, what to do.
public struct Issue: Sendable, Hashable {
    public typealias Severity = IssueSeverity
    /// Stable rule ids (the question kinds in SurveyModel bring theirs).
    public typealias Rule = IssueRule

    public var severity: Severity
    public var rule: Rule
    public var respondent: Respondent?
    public var input: InputID
    public var sheet: String?
    /// The cell's position, typed until an output prints it (A1, e.g. `D12`).
    public var cell: CellRef?
    public var question: String?
    public var questionLabel: String?
    /// The value exactly as the respondent wrote it (before normalization).
    public var value: String?
    /// 日本語: what is wrong and what to write instead. Never names a person: it goes into national outputs.
    public var message: String
    /// What only the respondent's own prefecture may read (the names behind a duplicate
    /// coordinator number): shown in its query workbook, never in national outputs.
    public var localDetail: String? = nil
    /// Open until a reply corrects the value or confirms it (疑義照会).
    public var status: IssueStatus = .open
    /// On a refused file: the 団体コード typed in it, which routes it to its prefecture's 不受理ファイル (推定).
    public var typedCode: String? = nil

    public init(_ severity: Severity, _ rule: Rule, input: InputID, respondent: Respondent? = nil,
                sheet: String? = nil, cell: CellRef? = nil, question: String? = nil,
                questionLabel: String? = nil, value: String? = nil, message: String) {
        self.severity = severity; self.rule = rule; self.respondent = respondent; self.input = input
        self.sheet = sheet; self.cell = cell; self.question = question
        self.questionLabel = questionLabel; self.value = value; self.message = message
    }
}

extension Issue {
    /// Builds an issue about an extracted cell, taking location and the written value from it.
    init(_ severity: Severity, _ rule: Rule, at cell: ExtractedCell?, question: Question,
         context: FileContext, message: String) {
        self.init(severity, rule, input: context.input, respondent: context.respondent,
                  sheet: cell?.sheet, cell: cell?.ref, question: question.id,
                  questionLabel: question.label, value: cell?.raw?.written, message: message)
    }
}

/// Where the issues of one file belong: passed down through the pure stages.
struct FileContext: Sendable {
    var input: InputID
    var respondent: Respondent?
}

/// Where a query stands (REDCap's data resolution states, in the survey's words).
public enum IssueStatus: String, Sendable, Hashable, CaseIterable {
    /// Not answered yet: it goes into the query workbook.
    case open
    /// Answered with a corrected value (修正済み): the value was replaced.
    case corrected
    /// Answered "the value is right as written" (確認済み): kept, no longer asked.
    case confirmed

    public var label: String {
        switch self {
        case .open: "照会中"
        case .corrected: "修正済み"
        case .confirmed: "確認済み"
        }
    }
}
