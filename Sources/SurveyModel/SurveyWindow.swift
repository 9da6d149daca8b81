import Foundation
import Yams

/// 回答期間: the days respondents return their forms (`survey: {window: 2024-08-23..2024-09-20}`),
/// both ends included, in Japan time. `renkei simulate` dates its files within it.
public struct SurveyWindow: Sendable, Equatable {
    /// First and last day as written (`2024-08-23`).
    public var first: String
    public var last: String
    /// 09:00 Japan time of the first day.
    public var start: Date
    /// Days from the first to the last, both included.
    public var days: Int

    /// Japan time, whatever the machine's zone.
    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        return c
    }()

    /// nil unless both are real `YYYY-MM-DD` dates with `first` not after `last`.
    public init?(first: String, last: String) {
        func day(_ s: String) -> Date? {
            let p = s.split(separator: "-").map { Int($0) }
            guard p.count == 3, let y = p[0], let m = p[1], let d = p[2], s.count == 10 else { return nil }
            let c = DateComponents(year: y, month: m, day: d, hour: 9)
            guard let date = Self.calendar.date(from: c), Self.calendar.component(.day, from: date) == d,
                  Self.calendar.component(.month, from: date) == m else { return nil }
            return date
        }
        guard let a = day(first), let b = day(last), a <= b else { return nil }
        self.first = first; self.last = last; start = a
        days = (Self.calendar.dateComponents([.day], from: a, to: b).day ?? 0) + 1
    }

    /// Whether `date` falls on one of the window's days (Japan time).
    public func contains(_ date: Date) -> Bool {
        let end = start.addingTimeInterval(Double(days) * 86_400 - 9 * 3600)
        return date >= start.addingTimeInterval(-9 * 3600) && date < end
    }
}

extension CodebookLoader {
    static let surveyKeys = ["window"]

    /// `survey: {window: FIRST..LAST}`.
    func readWindow(_ top: YAMLFields) throws(CodebookError) -> SurveyWindow? {
        guard let node = top.node("survey") else { return nil }
        let f = try YAMLFields(node, what: "`survey`", allowed: Self.surveyKeys, required: [], source: source)
        guard let text = try f.string("window") else { return nil }
        let ends = text.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
        guard ends.count == 2, let w = SurveyWindow(first: ends[0], last: ends[1]) else {
            throw f.error(.invalidValue, "window", "`survey` の `window` は回答期間の初日と最終日を `YYYY-MM-DD..YYYY-MM-DD` の形で、初日を先にして書いてください（`\(text)` ではなく）。")
        }
        return w
    }
}
