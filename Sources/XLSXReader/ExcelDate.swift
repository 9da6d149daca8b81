import Foundation

/// Proleptic Gregorian day arithmetic (H. Hinnant's algorithms): no Calendar or
/// DateFormatter, which are slow and not needed for UTC wall-clock values.
enum CivilDate {
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Excel serial numbers ↔ instants. Values are wall-clock times without a zone; they are
/// expressed as UTC `Date`s so that formatting them in UTC gives back what the sheet shows.
public enum ExcelDate {
    /// Seconds since 1970 for a serial, or nil when out of Excel's range.
    public static func unixSeconds(serial: Double, uses1904: Bool) -> Double? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        if uses1904 { return serial * 86_400 - 2_082_844_800 }
        // Excel counts 1900-02-29, which never existed: serials before 60 are one day later
        // in real time; serials below 1 are plain times of day on the 1899-12-30 epoch.
        let days = serial < 1 ? serial - 25_569 : (serial < 60 ? serial - 25_568 : serial - 25_569)
        return days * 86_400
    }

    public static func date(serial: Double, uses1904: Bool) -> Date? {
        unixSeconds(serial: serial, uses1904: uses1904).map { Date(timeIntervalSince1970: $0) }
    }

    /// `YYYY-MM-DDTHH:MM:SS`, with `.mmm` only when there are milliseconds.
    public static func iso(serial: Double, uses1904: Bool) -> String? {
        unixSeconds(serial: serial, uses1904: uses1904).map(iso(unixSeconds:))
    }

    public static func iso(unixSeconds: Double) -> String {
        let ms = Int((unixSeconds * 1000).rounded())
        var days = ms / 86_400_000
        var rem = ms % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let (y, m, d) = CivilDate.civilFromDays(days)
        let h = rem / 3_600_000, mi = rem / 60_000 % 60, s = rem / 1000 % 60, f = rem % 1000
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(h, 2) + ":" + pad(mi, 2) + ":" + pad(s, 2)
        if f != 0 { out += "." + pad(f, 3) }
        return out
    }

    /// Parses ISO 8601 as written by Office and by `t="d"` cells: `2023-08-23`,
    /// `2023-08-23T10:11:12`, optional fraction, optional `Z` or `±hh:mm`.
    /// Without a zone the text is taken as UTC (wall clock).
    public static func parseISO(_ text: String) -> Date? {
        let b = Array(text.utf8)
        var i = 0
        func num(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i ..< i + n { guard b[k] >= 48 && b[k] <= 57 else { return nil }; v = v * 10 + Int(b[k] - 48) }
            i += n
            return v
        }
        // A scalar, not a Character: its byte is its value, no grapheme analysis per call.
        func eat(_ c: Unicode.Scalar) -> Bool {
            if i < b.count && UInt32(b[i]) == c.value { i += 1; return true }
            return false
        }
        guard let y = num(4), eat("-"), let mo = num(2), eat("-"), let d = num(2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var secs = Double(CivilDate.daysFromCivil(year: y, month: mo, day: d) * 86_400)
        if eat("T") || eat(" ") {
            guard let h = num(2), eat(":"), let mi = num(2) else { return nil }
            var s = 0
            if eat(":") { guard let v = num(2) else { return nil }; s = v }
            secs += Double(h * 3600 + mi * 60 + s)
            if eat(".") {
                var scale = 0.1
                while i < b.count, b[i] >= 48, b[i] <= 57 { secs += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            }
        }
        if eat("Z") {
        } else if i < b.count && (b[i] == 43 || b[i] == 45) {
            let sign = b[i] == 45 ? -1.0 : 1.0
            i += 1
            guard let oh = num(2) else { return nil }
            _ = eat(":")
            let om = num(2) ?? 0
            secs -= sign * Double(oh * 3600 + om * 60)
        }
        guard i == b.count else { return nil }
        return Date(timeIntervalSince1970: secs)
    }

    private static func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
    }
}
