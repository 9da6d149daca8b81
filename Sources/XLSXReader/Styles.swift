/// What a number format makes of a numeric cell, as far as dates are concerned.
public enum DateFormatKind: Sendable, Equatable {
    /// Calendar date (y, m, d), possibly with a time: `yyyy/m/d`, `ggge"年"m"月"d"日"`.
    case date
    /// Date and time of day.
    case dateTime
    /// Time of day only: `h:mm`.
    case time
    /// Elapsed time (`[h]:mm:ss`): a duration, not a point in time.
    case duration

    /// Classifies a built-in number format id (ECMA-376 §18.8.30, plus the CJK ids
    /// 27–36 and 50–58 that Japanese Excel uses for 和暦 and 年月日 formats).
    public static func builtIn(_ id: Int) -> DateFormatKind? {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: .date
        case 22: .dateTime
        case 18...21, 32, 33, 45, 47: .time
        case 46: .duration
        default: nil
        }
    }

    /// Classifies a custom `formatCode`: date tokens y/m/d/h/s count only outside
    /// quotes, `[...]` (colours, conditions, locales) and escapes; `[h]`, `[mm]`, `[ss]`
    /// mean elapsed time. Only the first section decides (the others format negatives,
    /// zero and text).
    public static func classify(_ code: String) -> DateFormatKind? {
        let b = Array(code.utf8)
        var i = 0
        var hasDate = false, hasTime = false, hasMonthOrMinute = false, elapsed = false
        while i < b.count {
            let c = b[i] | 0x20  // ASCII lower-case
            switch b[i] {
            case UInt8(ascii: "\""):
                i += 1
                while i < b.count && b[i] != UInt8(ascii: "\"") { i += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                i += 1
            case UInt8(ascii: "["):
                let s = i + 1
                while i < b.count && b[i] != UInt8(ascii: "]") { i += 1 }
                let inner = b[s ..< min(i, b.count)].map { $0 | 0x20 }
                if !inner.isEmpty, let f = inner.first, f == UInt8(ascii: "h") || f == UInt8(ascii: "m") || f == UInt8(ascii: "s"),
                   inner.allSatisfy({ $0 == f }) {
                    elapsed = true
                }
            case UInt8(ascii: ";"):
                i = b.count
                continue
            default:
                if c == UInt8(ascii: "g"), i + 7 <= b.count, String(decoding: b[i ..< i + 7], as: UTF8.self).lowercased() == "general" {
                    i += 7
                    continue
                }
                switch c {
                case UInt8(ascii: "y"), UInt8(ascii: "d"): hasDate = true
                case UInt8(ascii: "h"), UInt8(ascii: "s"): hasTime = true
                case UInt8(ascii: "m"): hasMonthOrMinute = true
                default: break
                }
            }
            i += 1
        }
        if elapsed { return .duration }
        // A lone `m` is a month; next to h or s it is minutes.
        if hasMonthOrMinute && !hasTime { hasDate = true }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return nil
        }
    }
}

/// The part of `styles.xml` a reader needs: for each cell format (`cellXfs` index,
/// the cell's `s` attribute), whether its number format shows a date or time.
struct StyleTable: Sendable {
    var dateKinds: [DateFormatKind?] = []

    static let empty = StyleTable()

    func dateKind(style: Int) -> DateFormatKind? {
        style >= 0 && style < dateKinds.count ? dateKinds[style] : nil
    }

    static func parse(_ bytes: [UInt8], part: String, limits: ReaderLimits) throws -> StyleTable {
        try bytes.withUnsafeBufferPointer { buf in
            var x = XMLScanner(buf, part: part, maxDepth: limits.maxXMLDepth)
            var custom: [Int: DateFormatKind?] = [:]
            var table = StyleTable()
            var inCellXfs = false
            var xfDepth = 0
            while true {
                switch try x.next() {
                case .start:
                    if x.isName("numFmt") {
                        if let r = x.attribute("numFmtId"), let id = NumberParser.parseInt(buf, r) {
                            custom[id] = DateFormatKind.classify(x.attributeString("formatCode") ?? "")
                        }
                    } else if x.isName("cellXfs") {
                        inCellXfs = true
                        xfDepth = x.depth
                    } else if inCellXfs && x.isName("xf") && x.depth == xfDepth + 1 {
                        let id = x.attribute("numFmtId").flatMap { NumberParser.parseInt(buf, $0) } ?? 0
                        table.dateKinds.append(custom[id] ?? DateFormatKind.builtIn(id))
                    } else if x.isName("fonts") || x.isName("fills") || x.isName("borders") || x.isName("dxfs")
                                || x.isName("cellStyles") || x.isName("cellStyleXfs") || x.isName("colors") {
                        // Nothing a reader needs: step over without looking inside.
                        try x.skipElement()
                    }
                case .end:
                    if x.isName("cellXfs") { inCellXfs = false }
                case .text:
                    break
                case .eof:
                    return table
                }
            }
        }
    }
}
