import XLSXWriter

/// CSV as Excel in Japan opens it: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting, and
/// cells that a spreadsheet would run as a formula defused with a leading apostrophe.
public enum CSV {
    /// Byte order mark: without it Excel reads UTF-8 as Shift_JIS and shows mojibake.
    public static let bom = "\u{FEFF}"

    /// Bytes that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP):
    /// `=` `+` `-` `@` tab CR. Checked on UTF-8 bytes: Character comparison normalizes and is slow.
    static func startsLikeFormula(_ value: String) -> Bool {
        startsLikeFormula(value.utf8)
    }

    static func startsLikeFormula<Bytes: Collection<UInt8>>(_ utf8: Bytes) -> Bool {
        guard let b = utf8.first else { return false }
        return b == UInt8(ascii: "=") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: "@") || b == 0x09 || b == 0x0D
    }

    /// One field: control characters made visible, defused against formula injection, then
    /// quoted if it must be.
    public static func field(_ value: String) -> String {
        let value = VisibleText.escapingControls(value)
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
        String(decoding: documentBytes(header: header, rows: rows), as: UTF8.self)
    }

    /// The same document as UTF-8 bytes, ready to write to a file.
    public static func documentBytes(header: [String], rows: [[String]]) -> [UInt8] {
        var all = [UInt8]()
        all.reserveCapacity((rows.count + 1) * 64)
        writeDocument(header: header, rows: rows) { all += $0 }
        return all
    }

    /// The same document in pieces of about `chunk` bytes, in order, to `emit`: rows made as they
    /// are written never hold the whole file (issues.csv of a large nation is tens of MB).
    static func writeDocument<Rows: Sequence<[String]>>(header: [String], rows: Rows, chunk: Int = CSVBuffer.chunk,
                                                        to emit: ([UInt8]) throws -> Void) rethrows {
        var out = CSVBuffer(capacity: chunk + 64 * 1024)
        out.row(header)
        for row in rows {
            out.row(row)
            if out.bytes.count >= chunk { try out.flush(emit) }
        }
        try out.flush(emit)
    }
}

/// A CSV document built straight into UTF-8 bytes: the same BOM, quoting and defusing as
/// `CSV.field`/`CSV.line`, without a String per field and per line (answers.csv has ~80,000
/// lines of 8 fields).
struct CSVBuffer {
    private(set) var bytes: [UInt8] = []

    /// Starts with the byte order mark; `capacity` is a guess of the final size in bytes.
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
        bytes.append(contentsOf: CSV.bom.utf8)
    }

    /// One field as `CSV.field` writes it (no separator).
    mutating func field(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            // A quote inside is doubled by the String code, whose matching is Character-based, and
            // control characters are escaped there; such fields are rare, so they take exactly that path.
            if utf8.contains(0x22) || VisibleText.containsControl(utf8) {
                bytes.append(contentsOf: CSV.field(String(decoding: utf8, as: UTF8.self)).utf8)
                return
            }
            let defuse = CSV.startsLikeFormula(utf8)
            var quote = (!defuse && utf8.first == 0x20) || utf8.last == 0x20
            if !quote {
                for b in utf8 where b == 0x2C || b == 0x0A || b == 0x0D { quote = true; break }
            }
            if quote { bytes.append(0x22) }
            if defuse { bytes.append(UInt8(ascii: "'")) }
            bytes.append(contentsOf: utf8)
            if quote { bytes.append(0x22) }
        }
    }

    /// How much a streamed document holds before handing it on (answers.csv, wide CSVs).
    static let chunk = 1 << 20

    /// Hands what is held to `emit` and starts again empty, keeping the buffer's room.
    mutating func flush(_ emit: ([UInt8]) throws -> Void) rethrows {
        guard !bytes.isEmpty else { return }
        try emit(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Bytes already escaped (a field made once and reused on many lines, a comma).
    mutating func raw(_ escaped: [UInt8]) { bytes.append(contentsOf: escaped) }

    mutating func comma() { bytes.append(0x2C) }
    mutating func endLine() { bytes.append(0x0D); bytes.append(0x0A) }

    /// A whole line as `CSV.line` writes it.
    mutating func row(_ fields: [String]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { comma() }
            field(f)
        }
        endLine()
    }

    /// One field escaped on its own, to be appended with `raw` many times.
    static func escaped(_ value: String) -> [UInt8] {
        var one = CSVBuffer()
        one.field(value)
        return one.bytes
    }

    private init() {}
}
