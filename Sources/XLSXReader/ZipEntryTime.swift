import Foundation

/// A ZIP entry's MS-DOS date and time: the wall clock of the PC that zipped it, in no zone.
public struct DOSDateTime: Sendable, Equatable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int
    public let hour: Int, minute: Int, second: Int

    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard (1...12).contains(month), (1...31).contains(day), (0..<24).contains(hour),
              (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }

    /// From the two 16-bit header fields; nil for impossible values (zeroed fields, damage).
    public init?(date: UInt16, time: UInt16) {
        self.init(year: 1980 + Int(date >> 9), month: Int((date >> 5) & 0xF), day: Int(date & 0x1F),
                  hour: Int(time >> 11), minute: Int((time >> 5) & 0x3F), second: Int(time & 0x1F) * 2)
    }

    /// The instant this wall-clock time names in `zone` (the zone of the PC that zipped it).
    public func date(in zone: TimeZone) -> Date {
        let days = CivilDate.daysFromCivil(year: year, month: month, day: day)
        let wall = Double(days * 86_400 + hour * 3600 + minute * 60 + second)
        // The offset at the wall time read as UTC, then corrected once (exact except within a DST jump).
        let first = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall)))
        let offset = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - first)))
        return Date(timeIntervalSince1970: wall - offset)
    }

    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
        return String(year) + "-" + two(month) + "-" + two(day) + " " + two(hour) + ":" + two(minute) + ":" + two(second)
    }
}
