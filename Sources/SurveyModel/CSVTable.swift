/// A small RFC 4180 reader for the master-list files (and a previous run's answers.csv): quoted
/// fields with `""` escapes and line breaks, CRLF or LF endings, and a UTF-8 BOM, because the
/// contractor edits these files in Excel.
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
    /// Byte by byte over the UTF-8: every delimiter is ASCII, which no byte of a multi-byte
    /// character can equal, and a previous run's answers.csv is ~80,000 lines.
    public init(parsing text: String) throws(Failure) {
        var text = text
        let result: Result<[Row], Failure> = text.withUTF8 { Self.parse($0) }
        self.rows = try result.get()
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[Row], Failure> {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, rowLine = 1
        var quoted = false, afterQuote = false, fieldStarted = false
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            quoted = false; afterQuote = false; fieldStarted = false
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
        }

        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == quote {
                    if i < bytes.count, bytes[i] == quote { field.append(quote); i += 1 }
                    else { quoted = false; afterQuote = true }
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case comma:
                endField(); fieldStarted = true
            case cr, lf:
                // CRLF is one line break; a lone CR (old Mac Excel) is one too.
                if c == cr, i < bytes.count, bytes[i] == lf { i += 1 }
                endRow(); line += 1; rowLine = line
            case quote where field.isEmpty && !afterQuote:
                quoted = true; fieldStarted = true
            default:
                if afterQuote {
                    return .failure(Failure(line: line, message: "text after a closing quote; a quoted field must end right after its closing `\"` (write `\"\"` for a quote inside it)"))
                }
                field.append(c); fieldStarted = true
            }
        }
        if quoted {
            return .failure(Failure(line: rowLine, message: "a quoted field is never closed; add the missing `\"`"))
        }
        if fieldStarted || !field.isEmpty || !fields.isEmpty { endRow() }
        return .success(rows)
    }
}
