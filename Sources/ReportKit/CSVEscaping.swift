/// CSV as Excel in Japan opens it: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting, and
/// cells that a spreadsheet would run as a formula defused with a leading apostrophe.
public enum CSV {
    /// Byte order mark: without it Excel reads UTF-8 as Shift_JIS and shows mojibake.
    public static let bom = "\u{FEFF}"

    /// Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// One field: defused against formula injection, then quoted if it must be.
    public static func field(_ value: String) -> String {
        var v = value
        if let first = v.first, formulaStarts.contains(first) { v = "'" + v }
        let needsQuotes = v.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || v.hasPrefix(" ") || v.hasSuffix(" ")
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
