/// A small RFC 4180 reader for the master-list files (and a previous run's CSVs): quoted
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
    public init(parsing text: String) throws(Failure) {
        var text = text
        var rows: [Row] = []
        let failure = text.withUTF8 { bytes in
            Self.scan(bytes) { row in
                rows.append(Row(line: row.line, fields: (0..<row.count).map(row.string)))
                return true
            }
        }
        if let failure { throw failure }
        self.rows = rows
    }

    /// One row as `scan` hands it over: its fields' UTF-8 with the quoting removed, valid only
    /// during the call (a reader makes Strings of just the fields it keeps).
    public struct Fields {
        /// 1-based line where the row starts in the file.
        public let line: Int
        let bytes: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<Int>

        public var count: Int { ends.count }
        /// Field `i`'s bytes.
        public func utf8(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
        }
        /// Field `i` as text (ill-formed UTF-8 repaired, as `String(decoding:)` does).
        public func string(_ i: Int) -> String { String(decoding: utf8(i), as: UTF8.self) }
    }

    /// Reads `bytes` in one pass, handing each row that is not entirely empty to `row`, in order.
    /// Once `row` returns false no more rows are handed over, but the rest is still checked, so a
    /// file is either all CSV or the first place it is not (its line) comes back. Over the UTF-8,
    /// a run of plain bytes at a time: every delimiter is ASCII, which no byte of a multi-byte
    /// character can equal.
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>, row: (Fields) -> Bool) -> Failure? {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        let afterQuoteMessage = "閉じた引用符 `\"` の後に文字があります（引用符で囲んだ欄は閉じる `\"` で終え、欄の中の `\"` は `\"\"` と書いてください）"
        let unclosedMessage = "引用符 `\"` で始まる欄が閉じられていません（閉じる `\"` を補ってください）"
        var out = [UInt8](), ends = [Int]()
        out.reserveCapacity(1024); ends.reserveCapacity(32)
        var handing = true
        var line = 1, rowLine = 1
        var afterQuote = false, fieldStarted = false
        var fieldStart = 0
        let n = bytes.count
        var i = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < n {
            let c = bytes[i]
            if c == quote, out.count == fieldStart, !afterQuote {
                // A quoted field: plain runs up to each quote, `""` for a quote inside.
                fieldStarted = true
                i += 1
                while true {
                    var j = i
                    while j < n, bytes[j] != quote {
                        if bytes[j] == lf { line += 1 }
                        j += 1
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                    guard j < n else { return Failure(line: rowLine, message: unclosedMessage) }
                    if j + 1 < n, bytes[j + 1] == quote { out.append(quote); i = j + 2; continue }
                    i = j + 1; afterQuote = true
                    break
                }
                continue
            }
            switch c {
            case comma:
                ends.append(out.count); fieldStart = out.count
                afterQuote = false; fieldStarted = true
                i += 1
            case cr, lf:
                // CRLF is one line break; a lone CR (old Mac Excel) is one too.
                i += 1
                if c == cr, i < n, bytes[i] == lf { i += 1 }
                ends.append(out.count)
                if handing, !(ends.count == 1 && ends[0] == 0) {
                    handing = out.withUnsafeBufferPointer { b in ends.withUnsafeBufferPointer { e in row(Fields(line: rowLine, bytes: b, ends: e)) } }
                }
                out.removeAll(keepingCapacity: true); ends.removeAll(keepingCapacity: true)
                fieldStart = 0; afterQuote = false; fieldStarted = false
                line += 1; rowLine = line
            default:
                if afterQuote { return Failure(line: line, message: afterQuoteMessage) }
                // An unquoted run up to the next delimiter (a quote inside it is a plain byte).
                var j = i + 1
                while j < n {
                    let d = bytes[j]
                    if d == comma || d == cr || d == lf { break }
                    j += 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                fieldStarted = true
                i = j
            }
        }
        if fieldStarted || out.count > fieldStart || !ends.isEmpty {
            ends.append(out.count)
            if handing, !(ends.count == 1 && ends[0] == 0) {
                _ = out.withUnsafeBufferPointer { b in ends.withUnsafeBufferPointer { e in row(Fields(line: rowLine, bytes: b, ends: e)) } }
            }
        }
        return nil
    }
}
