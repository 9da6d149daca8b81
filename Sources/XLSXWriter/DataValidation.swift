import CXlsxWriter
import Foundation

/// A data validation rule (入力規則): what a cell accepts and what Excel says otherwise.
public struct DataValidation: Hashable, Sendable {
    public enum Rule: Hashable, Sendable {
        /// A dropdown of literal items (joined length ≤ 255 characters, no commas or quotes).
        case list([String])
        /// A dropdown whose items come from cells: `.listSource(SheetRange(...))`.
        case listSource(SheetRange)
        /// A dropdown from any formula or defined name, e.g. `"=選択肢_設置"`.
        case listFormula(String)
        /// Whole numbers; nil bound means open on that side.
        case integer(min: Int?, max: Int?)
        case decimal(min: Double?, max: Double?)
        /// Text length in characters.
        case textLength(min: Int?, max: Int?)
        /// A formula that must be TRUE, e.g. `"=ISNUMBER(B3)"`.
        case custom(String)
    }

    public enum ErrorStyle: Hashable, Sendable {
        /// Rejects the entry.
        case stop
        /// Asks "Continue?" and allows it.
        case warning
        /// Only informs.
        case information
    }

    public var rule: Rule
    public var ignoreBlank: Bool
    /// Shows the in-cell dropdown arrow for list rules.
    public var showDropdown: Bool
    public var inputTitle: String?
    public var inputMessage: String?
    public var errorTitle: String?
    public var errorMessage: String?
    public var errorStyle: ErrorStyle

    public init(_ rule: Rule, ignoreBlank: Bool = true, showDropdown: Bool = true,
                inputTitle: String? = nil, inputMessage: String? = nil,
                errorTitle: String? = nil, errorMessage: String? = nil,
                errorStyle: ErrorStyle = .stop) {
        self.rule = rule
        self.ignoreBlank = ignoreBlank
        self.showDropdown = showDropdown
        self.inputTitle = inputTitle
        self.inputMessage = inputMessage
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
        self.errorStyle = errorStyle
    }

    /// Excel's limit for a literal list written into the validation formula.
    public static let listLimit = 255

    /// Joined length Excel counts for a literal list (items plus separating commas).
    public static func joinedLength(_ values: [String]) -> Int {
        values.reduce(0) { $0 + $1.utf16.count } + max(0, values.count - 1)
    }

    /// Throws if the literal list cannot be stored as Excel requires.
    public static func checkList(_ values: [String]) throws {
        guard !values.isEmpty else { throw WriterError.invalidArgument("a validation list needs at least one item") }
        if let bad = values.first(where: { $0.contains(",") || $0.contains("\"") }) {
            throw WriterError.invalidListItem(bad)
        }
        let length = joinedLength(values)
        if length > listLimit { throw WriterError.validationListTooLong(length: length, limit: listLimit) }
    }
}

extension SheetWriter {
    /// Applies a validation to one cell.
    public func addValidation(_ validation: DataValidation, row: Int, column: Int) throws {
        try addValidation(validation, rows: row...row, columns: column...column)
    }

    /// Applies a validation to a block of cells.
    public func addValidation(_ validation: DataValidation, rows: ClosedRange<Int>,
                              columns: ClosedRange<Int>) throws {
        let (r1, c1) = try cell(rows.lowerBound, columns.lowerBound)
        let (r2, c2) = try cell(rows.upperBound, columns.upperBound)
        let sheet = try live()
        // Strings live in this arena until the call returns; the library copies them.
        var arena: [UnsafeMutablePointer<CChar>?] = []
        defer { arena.forEach { free($0) } }
        func c(_ s: String?) -> UnsafeMutablePointer<CChar>? {
            guard let s else { return nil }
            let p = strdup(s)
            arena.append(p)
            return p
        }

        var v = lxw_data_validation()
        v.ignore_blank = validation.ignoreBlank ? UInt8(LXW_VALIDATION_ON.rawValue) : UInt8(LXW_VALIDATION_OFF.rawValue)
        v.dropdown = validation.showDropdown ? UInt8(LXW_VALIDATION_ON.rawValue) : UInt8(LXW_VALIDATION_OFF.rawValue)
        v.error_type = validation.errorStyle.lxw
        v.input_title = c(validation.inputTitle)
        v.input_message = c(validation.inputMessage)
        v.error_title = c(validation.errorTitle)
        v.error_message = c(validation.errorMessage)

        var list: [UnsafeMutablePointer<CChar>?] = []
        switch validation.rule {
        case let .list(values):
            try DataValidation.checkList(values)
            v.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            list = values.map { c($0) } + [nil]
        case let .listSource(range):
            v.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
            v.value_formula = c(range.formula)
        case let .listFormula(formula):
            v.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
            v.value_formula = c(formula.hasPrefix("=") ? formula : "=" + formula)
        case let .integer(min, max):
            v.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
            try setBounds(&v, min.map(Double.init), max.map(Double.init))
        case let .decimal(min, max):
            v.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
            try setBounds(&v, min, max)
        case let .textLength(min, max):
            v.validate = UInt8(LXW_VALIDATION_TYPE_LENGTH.rawValue)
            try setBounds(&v, min.map(Double.init), max.map(Double.init))
        case let .custom(formula):
            v.validate = UInt8(LXW_VALIDATION_TYPE_CUSTOM_FORMULA.rawValue)
            v.value_formula = c(formula.hasPrefix("=") ? formula : "=" + formula)
        }

        let result: lxw_error = list.withUnsafeMutableBufferPointer { buffer in
            if !buffer.isEmpty { v.value_list = buffer.baseAddress }
            if r1 == r2 && c1 == c2 { return worksheet_data_validation_cell(sheet, r1, c1, &v) }
            return worksheet_data_validation_range(sheet, r1, c1, r2, c2, &v)
        }
        try check(result, "worksheet_data_validation_range")
    }

    /// A dropdown of literal items on one cell: the common case for form answers.
    public func addListValidation(row: Int, column: Int, values: [String],
                                  errorMessage: String? = nil) throws {
        try addValidation(DataValidation(.list(values), errorMessage: errorMessage), row: row, column: column)
    }

    private func setBounds(_ v: inout lxw_data_validation, _ min: Double?, _ max: Double?) throws {
        switch (min, max) {
        case let (lo?, hi?):
            guard lo <= hi else { throw WriterError.invalidArgument("validation minimum \(lo) exceeds maximum \(hi)") }
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            v.minimum_number = lo
            v.maximum_number = hi
        case let (lo?, nil):
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
            v.value_number = lo
        case let (nil, hi?):
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO.rawValue)
            v.value_number = hi
        case (nil, nil):
            throw WriterError.invalidArgument("a numeric validation needs a minimum, a maximum or both")
        }
    }
}

extension DataValidation.ErrorStyle {
    var lxw: UInt8 {
        switch self {
        case .stop: return UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        case .warning: return UInt8(LXW_VALIDATION_ERROR_TYPE_WARNING.rawValue)
        case .information: return UInt8(LXW_VALIDATION_ERROR_TYPE_INFORMATION.rawValue)
        }
    }
}
