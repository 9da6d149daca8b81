import Foundation

/// How people write a count they are unsure of: 約3件, 3件程度, 3くらい, 3前後, 3位 (read as 3),
/// or a span 10〜20 (no one number). Only asked when a number cell did not read as a number.
public enum ApproximateNumber: Sendable, Equatable {
    case approximate(Int)
    case range

    static let prefixes = ["約", "およそ", "大体", "概ね", "おおよそ"]
    static let suffixes = ["程度", "くらい", "ぐらい", "前後", "位", "ほど", "程"]
    /// Between two numbers of a span (after NFKC: ～ → ~; 〜 and dashes stay or become -).
    static let spanMarks: [Character] = ["~", "〜", "-", "～"]

    /// nil when `text` is neither (then it is simply not a number).
    public static func read(_ text: String) -> ApproximateNumber? {
        var t = Substring(Normalize.key(text).replacingOccurrences(of: ",", with: ""))
        var marked = false
        for p in prefixes where t.hasPrefix(p) { t = t.dropFirst(p.count); marked = true; break }
        for s in suffixes where t.hasSuffix(s) { t = t.dropLast(s.count); marked = true; break }
        if let n = count(t) { return marked ? .approximate(n) : nil }
        // 10〜20, 10-20人, 約10～20件: two counts around one span mark.
        if let i = t.firstIndex(where: spanMarks.contains), i != t.startIndex,
           count(t[..<i]) != nil, count(t[t.index(after: i)...]) != nil { return .range }
        if let i = t.range(of: "から"), count(t[..<i.lowerBound]) != nil, count(t[i.upperBound...]) != nil { return .range }
        return nil
    }

    /// A whole number, optionally followed by a unit (3件): what `Normalize.integer` accepts.
    private static func count(_ s: Substring) -> Int? {
        var t = s
        for u in Normalize.units where t.hasSuffix(u) { t = t.dropLast(u.count); break }
        guard !t.isEmpty, t.count <= 15, t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(t)
    }
}
