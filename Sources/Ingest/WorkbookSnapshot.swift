import Foundation

/// The few things Ingest needs from a parsed workbook, as plain values.
/// Identify and Extract work on this, not on the reader, so they stay pure and testable
/// without zip bytes; `WorkbookLoading` fills it from XLSXReader at the edge.
public struct WorkbookSnapshot: Sendable, Equatable {
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var hidden: Bool
        /// Non-empty cells by A1 reference (`D12`, upper case, no `$`).
        public var cells: [String: RawValue]

        public init(name: String, hidden: Bool = false, cells: [String: RawValue]) {
            self.name = name; self.hidden = hidden; self.cells = cells
        }
    }

    public var sheets: [Sheet]
    /// Workbook-level defined names: name → refers-to text (`'回答'!$D$12`).
    public var definedNames: [String: String]
    /// docProps/core.xml `dcterms:modified`: when the respondent's office software last saved it.
    public var modified: Date?

    public init(sheets: [Sheet], definedNames: [String: String] = [:], modified: Date? = nil) {
        self.sheets = sheets; self.definedNames = definedNames; self.modified = modified
    }

    public func sheet(named name: String) -> Sheet? { sheets.first { $0.name == name } }
}

/// A cell's value as the reader gives it, before any survey meaning is applied.
public enum RawValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    case bool(Bool)
    /// `#N/A`, `#REF!` …
    case error(String)
    case date(Date)

    /// The value as a person would read it in the cell, for issues (値).
    public var written: String {
        switch self {
        case .text(let s): return s
        case .number(let d):
            if d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .error(let e): return e
        case .date(let d):
            let f = ISO8601DateFormatter(); f.formatOptions = [.withFullDate]
            return f.string(from: d)
        }
    }
}

/// A1 helpers Ingest needs on its own (meta sheet column letters, shifting rows).
enum A1 {
    /// Splits `D12` / `$D$12` into ("D", 12); nil when it is not a single-cell reference.
    static func split(_ ref: String) -> (column: String, row: Int)? {
        // Called for every cell and defined name of every file: plain ASCII bytes, no Foundation.
        if let fast = splitASCII(ref) { return fast.column.isEmpty ? nil : fast }
        let s = ref.replacingOccurrences(of: "$", with: "").uppercased()
        let letters = s.prefix { $0.isASCII && $0.isLetter }
        let digits = s.dropFirst(letters.count)
        guard (1...3).contains(letters.count), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let row = Int(digits), row > 0 else { return nil }
        return (String(letters), row)
    }

    /// `split` for an ASCII reference: nil when the text is not ASCII (the general path decides),
    /// ("", 0) when it is ASCII but not a single-cell reference.
    static func splitASCII(_ ref: String) -> (column: String, row: Int)? {
        var letters: [UInt8] = []
        letters.reserveCapacity(3)
        var row = 0, digits = 0, bad = false
        for b in ref.utf8 {
            if b >= 0x80 { return nil }
            if b == UInt8(ascii: "$") { continue }
            if digits == 0, (b >= 65 && b <= 90) || (b >= 97 && b <= 122) {
                letters.append(b & 0xDF)
            } else if b >= 48 && b <= 57 {
                digits += 1
                if digits > 18 { return nil }  // let Int(…) decide on overflow
                row = row * 10 + Int(b - 48)
            } else {
                bad = true
            }
        }
        guard !bad, (1...3).contains(letters.count), digits > 0, row > 0 else { return ("", 0) }
        return (String(decoding: letters, as: UTF8.self), row)
    }

    static func isColumn(_ s: String) -> Bool {
        (1...3).contains(s.count) && s.allSatisfy { $0.isASCII && $0.isLetter }
    }
}
