/// A bad row or file in the master list, with the line to fix. Most come from editing the CSV in
/// Excel (leading zeros dropped, saved as Shift_JIS), so the messages say how to avoid that.
public struct MasterListError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The file cannot be read or is not UTF-8.
        case unreadable
        /// Broken quoting (an unclosed `"`).
        case syntax
        /// Header row missing or lacking a column.
        case header
        /// A row with more or fewer fields than the header.
        case columnCount
        /// 団体コード not six digits, or pref_code not two.
        case code
        /// 団体コード whose sixth digit is not the check digit.
        case checkDigit
        /// pref_code not the code's first two digits, not a known prefecture, or a wrong prefecture name.
        case prefecture
        /// kind not one of 指定都市 / 市 / 特別区 / 町 / 村.
        case kind
        case duplicate
        /// A required field (name) left empty, or no rows at all.
        case empty
    }

    public var kind: Kind
    public var source: String
    /// 1-based line in the file; 0 when the problem is the whole file.
    public var line: Int
    public var message: String

    public init(_ kind: Kind, source: String, line: Int, _ message: String) {
        self.kind = kind; self.source = source; self.line = line; self.message = message
    }

    public var description: String { line > 0 ? "\(source):\(line): \(message)" : "\(source): \(message)" }
}
