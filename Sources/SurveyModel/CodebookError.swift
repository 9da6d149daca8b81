/// A mistake in a codebook file, with the file and line to fix and what to do about it.
/// The contractor edits the YAML by hand each year, so every case says how to repair it.
public struct CodebookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of mistake it is; tests and callers match on this, people read `message`.
    public enum Kind: String, Sendable, Equatable {
        /// The codebook file cannot be read (missing, not UTF-8).
        case unreadable
        /// The text is not valid YAML (indentation, an unclosed bracket or quote, a tab).
        case syntax
        /// A key the format does not know, usually a typo (`reqired`).
        case unknownKey
        /// A key the format needs is absent (`id`, `label`, `type`, …).
        case missingKey
        /// A value of the wrong shape (a list where text was expected, `yes` for true, …).
        case invalidValue
        /// An id that cannot become an Excel defined name `RK_<id>`.
        case invalidID
        /// Two ids equal ignoring case within one form (Excel names ignore case).
        case duplicateID
        case unknownType
        case unknownCategory
        case unknownForm
        /// A form's `audience:` that is not prefecture, municipality or coordinator, or forms
        /// whose audiences do not fit together (two category matrices, a count with no coordinators).
        case unknownAudience
        case unknownIdentityRole
        case unknownFormat
        /// Options missing, given where they do not belong, or repeated.
        case options
        /// `range` missing, malformed, min > max, or given on a non-integer question.
        case range
        /// `sum_of` naming an unknown or non-integer question.
        case sumOf
        /// A `when` that cannot be read, or names an unknown question or option.
        case condition
        /// A `when` whose operator does not fit the question type (`includes` on single, …).
        case conditionType
        /// A `when` that refers to the question itself or to a later one.
        case conditionOrder
        /// A form without the `identity: code` field (団体コード), or a role used twice.
        case identity
        /// A `role:` that is unknown, on the wrong type of question, or given twice in a form.
        case role
        /// An `indicators:` item naming an unknown form, question, option or measure.
        case indicator
        /// A `previous_id:` that is also a current question id, or given twice.
        case previousID
        /// A `reference:` or `previous_options:` that names unknown options or is malformed.
        case reference
    }

    public var kind: Kind
    /// File the codebook came from (a path, or `r5-codebook.yaml` for the embedded one).
    public var source: String
    /// 1-based line of the offending text; 0 when the mistake has no single place.
    public var line: Int
    /// Japanese sentences saying what is wrong and what to change (「…してください。」); keys, ids
    /// and values are kept as written in the YAML, in backticks or 「」.
    public var message: String

    public init(_ kind: Kind, source: String, line: Int, _ message: String) {
        self.kind = kind; self.source = source; self.line = line; self.message = message
    }

    /// `file:line: message`, the shape editors and terminals link to.
    public var description: String {
        line > 0 ? "\(source):\(line): \(message)" : "\(source): \(message)"
    }
}
