import Foundation
import SurveyModel

/// What a respondent typed into one answer cell, exactly as typed: `１２` stays a string,
/// a number typed into Excel is a number.
public enum FilledValue: Sendable, Hashable {
    case text(String)
    case number(Double)
}

/// Changes a respondent makes to the form itself, beyond typing answers.
public struct FormEdits: Sendable, Hashable {
    /// Blank rows inserted above a question: every anchor below shifts.
    public var insertRows: RowInsertion?
    /// The answer sheet renamed (「回答（千代田区）」, `Sheet1`).
    public var answerSheetName: String?
    /// docProps created/modified time; nil keeps the fixed template time.
    public var modified: Date?

    public init(insertRows: RowInsertion? = nil, answerSheetName: String? = nil, modified: Date? = nil) {
        self.insertRows = insertRows; self.answerSheetName = answerSheetName; self.modified = modified
    }
}

/// One workbook to write: a form of a codebook for one recipient, optionally filled in.
public struct FormDocument: Sendable {
    public var codebook: Codebook
    public var form: Form
    public var recipient: FormRecipient
    /// Anchor column key (`M1`, `M1_1#3`, `code`) → what was typed there.
    public var filled: [String: FilledValue]
    public var edits: FormEdits

    public init(codebook: Codebook, form: Form, recipient: FormRecipient,
                filled: [String: FilledValue] = [:], edits: FormEdits = .init()) {
        self.codebook = codebook; self.form = form; self.recipient = recipient
        self.filled = filled; self.edits = edits
    }

    public static let instructionsSheetName = "記入要領"
    public static let answerSheetName = "回答"
    public static let listsSheetName = "_lists"

    public var answerSheetName: String { edits.answerSheetName ?? Self.answerSheetName }

    public var layout: FormLayout { FormLayout(form: form, insertingRows: edits.insertRows) }

    /// 令和5年度 在宅医療・介護連携推進事業の実施状況等に関する調査
    public var surveyTitle: String { [codebook.year, codebook.title].filter { !$0.isEmpty }.joined(separator: " ") }

    /// Document title shown in Excel's File ▸ Info: survey + form + respondent.
    public var documentTitle: String {
        var t = "\(surveyTitle) \(form.title)"
        if let name = recipient.organisationName { t += "（\(name)）" }
        return t
    }

    /// Who fills the form in, for the instructions sheet.
    public var audience: String { form.recipient }

    /// Values of the meta sheet `_renkei`, in `Anchor.MetaKey` order.
    public var metaValues: [(Anchor.MetaKey, String)] {
        Anchor.MetaKey.allCases.map { key in
            switch key {
            case .formID: (key, form.id.rawValue)
            case .codebookID: (key, codebook.id)
            case .codebookVersion: (key, codebook.version)
            case .code: (key, recipient.code ?? "")
            case .coordinatorNumber: (key, recipient.coordinatorNumber.map(String.init) ?? "")
            case .answerColumn: (key, columnLetter(FormLayout.answerColumn))
            case .idColumn: (key, columnLetter(FormLayout.idColumn))
            }
        }
    }
}

func columnLetter(_ c: Int) -> String { String(UnicodeScalar(UInt8(65 + c))) }
