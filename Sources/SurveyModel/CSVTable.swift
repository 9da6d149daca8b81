/// A small RFC 4180 reader for the master-list files: quoted fields with `""` escapes and line
/// breaks, CRLF or LF endings, and a UTF-8 BOM, because the contractor edits these files in Excel.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// 1-based line where the row starts in the file.
        public var line: Int
        public var fields: [String]
    }

    public struct Failure: Error {
        public var line: Int
        public var message: String
    }

    public var rows: [Row]

    /// Parses `text`; rows that are entirely empty (blank lines, the final newline) are skipped.
    public init(parsing text: String) throws(Failure) {
        var rows: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, rowLine = 1
        var quoted = false, afterQuote = false, fieldStarted = false
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }

        func endField() {
            fields.append(String(field)); field = String.UnicodeScalarView()
            quoted = false; afterQuote = false; fieldStarted = false
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
        }

        var i = scalars.startIndex
        while i < scalars.endIndex {
            let c = scalars[i]
            i = scalars.index(after: i)
            if quoted {
                if c == "\"" {
                    if i < scalars.endIndex, scalars[i] == "\"" { field.append("\""); i = scalars.index(after: i) }
                    else { quoted = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                endField(); fieldStarted = true
            case "\r", "\n":
                // CRLF is one line break; a lone CR (old Mac Excel) is one too.
                if c == "\r", i < scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
                endRow(); line += 1; rowLine = line
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true; fieldStarted = true
            default:
                if afterQuote {
                    throw Failure(line: line, message: "text after a closing quote; a quoted field must end right after its closing `\"` (write `\"\"` for a quote inside it)")
                }
                field.append(c); fieldStarted = true
            }
        }
        if quoted {
            throw Failure(line: rowLine, message: "a quoted field is never closed; add the missing `\"`")
        }
        if fieldStarted || !field.isEmpty || !fields.isEmpty { endRow() }
        self.rows = rows
    }
}
