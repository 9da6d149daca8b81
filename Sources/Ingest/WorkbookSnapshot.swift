import Foundation
import SurveyModel

/// The few things Ingest needs from a parsed workbook, as plain values.
/// Identify and Extract work on this, not on the reader, so they stay pure and testable
/// without zip bytes; `WorkbookLoading` fills it from XLSXReader at the edge.
public struct WorkbookSnapshot: Sendable, Equatable {
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var hidden: Bool
        /// Non-empty cells by A1 reference (`D12`, upper case, no `$`).
        public var cells: CellMap

        public init(name: String, hidden: Bool = false, cells: CellMap) {
            self.name = name; self.hidden = hidden; self.cells = cells
        }
    }

    public var sheets: [Sheet]
    /// Workbook-level defined names: name → refers-to text (`'回答'!$D$12`).
    public var definedNames: [String: String]
    /// docProps/core.xml `dcterms:modified`: when the respondent's office software last saved it.
    public var modified: Date?
    /// False when only the cells our anchors point to were read (the fast path).
    public var complete: Bool
    /// Our `RK_` names already resolved to a cell, when the loader did it (the fast path resolves
    /// them to know which cells to read); nil: resolve them from `definedNames`.
    public var anchorCells: [AnchorCell]?

    public struct AnchorCell: Sendable, Equatable {
        public var name: String
        public var sheet: String
        /// 0-based.
        public var row: Int, column: Int
    }

    public init(sheets: [Sheet], definedNames: [String: String] = [:], modified: Date? = nil, complete: Bool = true) {
        self.sheets = sheets; self.definedNames = definedNames; self.modified = modified; self.complete = complete
    }

    public func sheet(named name: String) -> Sheet? { sheets.first { $0.name == name } }
}

/// A cell's value as read (the type lives in SurveyModel, where the question kinds read it).
public typealias RawValue = WrittenValue

/// A1 helpers Ingest needs on its own (meta sheet column letters, shifting rows).
enum A1 {
    /// Splits `D12` / `$D$12` into ("D", 12); nil when it is not a single-cell reference.
    static func split(_ ref: String) -> (column: String, row: Int)? {
        // Byte-level: this runs for every anchor of every file, Foundation's string search is too slow here.
        var letters: [UInt8] = []
        var row = 0
        var digits = 0
        for b in ref.utf8 {
            switch b {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard digits == 0, letters.count < 3 else { return nil }
                letters.append(b & 0xDF)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard !letters.isEmpty, digits < 7 else { return nil }
                row = row * 10 + Int(b - UInt8(ascii: "0")); digits += 1
            default: return nil
            }
        }
        guard !letters.isEmpty, digits > 0, row > 0 else { return nil }
        return (String(decoding: letters, as: UTF8.self), row)
    }

    static func isColumn(_ s: String) -> Bool {
        (1...3).contains(s.count) && s.allSatisfy { $0.isASCII && $0.isLetter }
    }
}
