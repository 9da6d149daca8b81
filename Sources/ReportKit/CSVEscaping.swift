/// CSV as Excel in Japan opens it: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting, and
/// cells that a spreadsheet would run as a formula defused with a leading apostrophe.
public enum CSV {
    /// Byte order mark: without it Excel reads UTF-8 as Shift_JIS and shows mojibake.
    public static let bom = "\u{FEFF}"

    /// Bytes that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP):
    /// `=` `+` `-` `@` tab CR. Checked on UTF-8 bytes: Character comparison normalizes and is slow.
    static func startsLikeFormula(_ value: String) -> Bool {
        guard let b = value.utf8.first else { return false }
        return b == UInt8(ascii: "=") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: "@") || b == 0x09 || b == 0x0D
    }

    /// One field: defused against formula injection, then quoted if it must be.
    public static func field(_ value: String) -> String {
        let v = startsLikeFormula(value) ? "'" + value : value
        var needsQuotes = v.utf8.first == 0x20 || v.utf8.last == 0x20
        if !needsQuotes {
            for b in v.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { needsQuotes = true; break }
        }
        guard needsQuotes else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A plain number, written as is (numbers are not text and cannot inject).
    public static func field(_ value: Int) -> String { String(value) }

    public static func line(_ fields: [String]) -> String {
        fields.map { field($0) }.joined(separator: ",") + "\r\n"
    }

    /// A whole document: BOM, header, rows.
    public static func document(header: [String], rows: [[String]]) -> String {
        var out = bom + line(header)
        out.reserveCapacity(rows.count * 64)
        for row in rows { out += line(row) }
        return out
    }
}
