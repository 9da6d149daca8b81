import SurveyModel

/// Summary of an integer question (開催回数, 配置人数, 相談件数) over its n answers.
public struct IntegerStats: Sendable, Equatable {
    public var n: Int
    public var sum: Int
    /// nil when n = 0, like every statistic below.
    public var mean: Double?
    /// Middle value; for an even n, the mean of the two middle values (so 2.5 can occur).
    public var median: Double?
    public var min: Int?
    public var max: Int?
    /// 度数分布 in the bands `BandRule` derives from the question's range; counts add up to n.
    public var bands: [Band]

    public init(n: Int, sum: Int, mean: Double?, median: Double?, min: Int?, max: Int?, bands: [Band]) {
        self.n = n; self.sum = sum; self.mean = mean; self.median = median
        self.min = min; self.max = max; self.bands = bands
    }

    /// Statistics of `values`, counted into `bands` (whose counts are ignored on input).
    init(values: [Int], bands template: [Band]) {
        let sorted = values.sorted()
        let n = sorted.count
        let sum = sorted.reduce(0, +)
        var median: Double?
        if n > 0 {
            median = n % 2 == 1 ? Double(sorted[n / 2])
                                : (Double(sorted[n / 2 - 1]) + Double(sorted[n / 2])) / 2
        }
        var bands = template
        for value in sorted {
            if let i = bands.firstIndex(where: { $0.contains(value) }) { bands[i].count += 1 }
        }
        self.init(n: n, sum: sum, mean: n > 0 ? Double(sum) / Double(n) : nil, median: median,
                  min: sorted.first, max: sorted.last, bands: bands)
    }
}

/// One class of a frequency distribution: `lower...upper`, or `lower` and above when upper is nil.
public struct Band: Sendable, Equatable {
    /// "0", "1～2", "11以上" — ready for a report header.
    public var label: String
    public var lower: Int
    /// nil for the open top band ("11以上").
    public var upper: Int?
    /// Its share is the question's: `QuestionTable.proportion(count)`.
    public var count: Int

    public init(label: String, lower: Int, upper: Int?, count: Int = 0) {
        self.label = label; self.lower = lower; self.upper = upper; self.count = count
    }

    public func contains(_ value: Int) -> Bool { value >= lower && value <= (upper ?? Int.max) }
}

/// Fixed, quantile-free bands derived from an integer question's allowed range alone, so the
/// same question has the same columns in every prefecture's report and every year.
///
/// The rule:
/// - no range, or a range reaching below 0: no bands (only n, sum, mean, median, min, max);
/// - 0 in range: a band of its own ("0": no meetings, no consultations is a finding in itself);
/// - range top ≤ 100 (counts of meetings, staff, years): breaks after 2, 5 and 10 —
///   `0 / 1～2 / 3～5 / 6～10 / 11以上`;
/// - range top > 100 (case counts): decades — `0 / 1～9 / 10～99 / 100～999 / … / 10,000以上`;
/// - the last band is open ("以上") and holds more than the range top alone (0..100000 ends
///   with `10,000以上`, not `10,000～99,999 / 100,000`), except when the range ends within
///   the breaks (top ≤ 10): then it is closed (0..10 gives `6～10`, 0..3 gives `3`).
/// Breaks outside the range are dropped (1..50 gives `1～2 / 3～5 / 6～10 / 11以上`).
public enum BandRule {
    public static func bands(for range: ClosedRange<Int>?) -> [Band] {
        guard let range, range.lowerBound >= 0 else { return [] }
        let top = range.upperBound
        var bands = [Band]()
        if range.lowerBound == 0 { bands.append(Band(label: "0", lower: 0, upper: 0)) }
        var start = max(range.lowerBound, 1)
        guard start <= top else { return bands }

        let small = top <= 100
        var breaks = [Int]()
        if small {
            breaks = [2, 5, 10]
        } else {
            var b = 9
            while b < top { breaks.append(b); b = b * 10 + 9 }
        }
        // A range ending within the breaks is closed; otherwise its top is a validation ceiling,
        // not a value anyone reports, so the last band is open and never the top alone.
        let closedTail = small && top <= 10
        for b in breaks where b >= start && (closedTail ? b < top : b < top - 1) {
            bands.append(Band(label: label(start, b), lower: start, upper: b))
            start = b + 1
        }
        if closedTail || start == top {
            bands.append(Band(label: label(start, top), lower: start, upper: top))
        } else {
            bands.append(Band(label: grouped(start) + "以上", lower: start, upper: nil))
        }
        return bands
    }

    static func label(_ lower: Int, _ upper: Int) -> String {
        lower == upper ? grouped(lower) : grouped(lower) + "～" + grouped(upper)
    }

    /// 10000 → "10,000", as Japanese statistical tables print counts.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        guard value >= 1000 else { return digits }
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }
}
