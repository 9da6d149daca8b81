import Foundation

/// A cell's value as the reader gives it, before any survey meaning is applied.
public enum WrittenValue: Sendable, Hashable {
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
