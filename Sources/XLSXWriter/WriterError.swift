import CXlsxWriter

/// Everything that can go wrong while building or saving a workbook.
///
/// Each case says what usually causes it, so a caller can pass the text on to a user.
public enum WriterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libxlsxwriter refused a call. `call` names the C function, `message` is `lxw_strerror`.
    /// Usually an argument out of Excel's limits (row past 1,048,576, title longer than 32 chars).
    case library(call: String, code: Int, message: String)
    /// The file could not be written: missing directory, no permission, or the file is open
    /// in Excel on a shared drive.
    case cannotWriteFile(path: String, message: String)
    /// Excel sheet names are 1–31 characters, without `[ ] : * ? / \`, and may not start or
    /// end with an apostrophe.
    case invalidSheetName(name: String, reason: String)
    /// Sheet names must be unique in a workbook, ignoring case.
    case duplicateSheetName(String)
    /// Excel stores a literal validation list as one formula of at most 255 characters
    /// (items joined by commas). Put the items in a sheet and use `.listSource` instead.
    case validationListTooLong(length: Int, limit: Int)
    /// A literal list item may not contain a comma or a double quote (the list is stored
    /// comma-separated inside quotes); use `.listSource` for such items.
    case invalidListItem(String)
    /// An argument this wrapper checks before calling the library (empty range, bad zoom).
    case invalidArgument(String)
    /// The workbook was already closed (written or failed); make a new `WorkbookWriter`.
    case workbookClosed

    public var description: String {
        switch self {
        case let .library(call, code, message):
            return "\(call) failed (lxw_error \(code)): \(message)"
        case let .cannotWriteFile(path, message):
            return "cannot write workbook to \(path): \(message)"
        case let .invalidSheetName(name, reason):
            return "invalid sheet name '\(name)': \(reason)"
        case let .duplicateSheetName(name):
            return "a sheet named '\(name)' already exists in this workbook (names ignore case)"
        case let .validationListTooLong(length, limit):
            return "validation list is \(length) characters when joined; Excel allows \(limit). "
                + "Write the items to a sheet and validate against that range instead"
        case let .invalidListItem(item):
            return "validation list item '\(item)' contains a comma or double quote; "
                + "use a range source for such items"
        case let .invalidArgument(message):
            return message
        case .workbookClosed:
            return "the workbook is already closed"
        }
    }
}

extension WriterError {
    /// The library's own text for an error code.
    static func message(for error: lxw_error) -> String {
        guard let text = lxw_strerror(error) else { return "unknown error" }
        return String(cString: text)
    }
}

/// Turns an `lxw_error` into a thrown `WriterError` naming the failing call.
@inline(__always)
func check(_ error: lxw_error, _ call: StaticString) throws {
    guard error != LXW_NO_ERROR else { return }
    throw WriterError.library(call: "\(call)", code: Int(error.rawValue),
                              message: WriterError.message(for: error))
}
