import Foundation
import SurveyModel

/// A returned 疑義照会票 (or the contractor's own corrections): one row per answered query,
/// each tied by its hidden keys to the exact issue it answers.
public struct QueryReply: Sendable, Equatable {
    /// 照会回答 (a prefecture's returned workbook) or 事務局修正 (the contractor's corrections file).
    public enum Source: String, Sendable { case prefecture, contractor
        public var label: String { self == .prefecture ? "照会回答" : "事務局修正" }
    }

    public struct Row: Sendable, Equatable {
        /// 1-based row number as the spreadsheet shows it (the audit trail cites it).
        public var row: Int
        /// 照会番号 (hidden column): which query of the run's record the row answers; empty on a row added by hand.
        public var queryID: String = ""
        /// A contractor's row names its target directly (the contractor is the authority).
        public var respondent: Respondent?
        public var question: String
        public var rule: String
        /// What the row shows (団体コード, 問番号, 記入値): checked against the query the id names.
        public var shownCode: String = ""
        public var shownQuestionNumber: String = ""
        public var shownValue: String = ""
        /// SHA-256 of the file the issue was raised on; empty in a contractor's file means "any".
        public var sourceSHA256: String = ""
        public var action: QueryForm.Action?
        public var correctedValue: String
        /// 修正後の値 is a formula saved without its result (nothing to read).
        public var correctedIsUncachedFormula = false
        public var note: String
        public var repliedBy: String
        public var repliedOn: String

        /// Anything typed in the reply columns: an untouched row is no reply.
        public var isAnswered: Bool {
            action != nil || !correctedValue.isEmpty || correctedIsUncachedFormula || !note.isEmpty
        }
    }

    public var source: Source
    /// The prefecture the workbook's marker names (a hint; the run's record decides).
    public var prefecture: String
    /// The workbook id from the meta sheet, looked up in the run's record.
    public var workbookID: String = ""
    public var rows: [Row]

    /// The reply in a workbook, or nil when it is not one of our query workbooks.
    /// A query workbook of another survey version is a rejection, not a reply.
    static func read(_ snapshot: WorkbookSnapshot, codebook: Codebook) -> Result<QueryReply, RejectReason>? {
        guard let meta = snapshot.sheets.first(where: { ($0.cells["A1"]?.written).map(Normalize.trim) == QueryForm.metaMarker })
        else { return nil }
        var values: [String: String] = [:]
        meta.cells.forEachCell { row, column, value in
            guard column == 0, row > 0, let v = meta.cells[row: row, column: 1] else { return }
            values[Normalize.trim(value.written)] = Normalize.trim(v.written)
        }
        let id = values[QueryForm.MetaKey.codebookID.rawValue] ?? "", version = values[QueryForm.MetaKey.codebookVersion.rawValue] ?? ""
        guard id == codebook.id, version == codebook.version else {
            return .failure(.otherVersion(found: "\(id) \(version)", expected: "\(codebook.id) \(codebook.version)"))
        }
        // The sheet of queries: the one whose header row carries the hidden keys (even if renamed).
        for sheet in snapshot.sheets {
            var columns: [QueryForm.Column: Int] = [:], headerRow: Int?
            sheet.cells.forEachCell { row, column, value in
                guard headerRow == nil || headerRow == row, case .text(let t) = value else { return }
                if let c = QueryForm.Column(header: Normalize.trim(t)) {
                    if c == .queryID { headerRow = row }
                    columns[c] = column
                }
            }
            guard let top = headerRow, columns[.queryID] != nil, sheet.cells.count > 0 else { continue }
            var found = rows(sheet.cells, below: top, columns: columns)
            if let at = columns[.correctedValue] {
                let uncached = Set(sheet.uncachedFormulas.filter { $0.column == at }.map(\.row))
                var numbers = Set(found.map(\.row))
                for i in found.indices where uncached.contains(found[i].row - 1) { found[i].correctedIsUncachedFormula = true }
                // A formula without result on an otherwise empty row is still a reply to account for.
                for r in uncached.sorted() where r > top && !numbers.contains(r + 1) {
                    numbers.insert(r + 1)
                    found.append(Row(row: r + 1, question: "", rule: "", correctedValue: "", correctedIsUncachedFormula: true,
                                     note: "", repliedBy: "", repliedOn: ""))
                }
                found.sort { $0.row < $1.row }
            }
            return .success(QueryReply(source: .prefecture, prefecture: values[QueryForm.MetaKey.prefecture.rawValue] ?? "",
                                       workbookID: values[QueryForm.MetaKey.workbook.rawValue] ?? "", rows: found))
        }
        return .success(QueryReply(source: .prefecture, prefecture: values[QueryForm.MetaKey.prefecture.rawValue] ?? "",
                                   workbookID: values[QueryForm.MetaKey.workbook.rawValue] ?? "", rows: []))
    }

    /// Rows under the header with anything in them: a query id, or a reply typed on a row added by hand.
    static func rows(_ cells: CellMap, below top: Int, columns: [QueryForm.Column: Int]) -> [Row] {
        var byRow: [Int: [QueryForm.Column: String]] = [:]
        let columnOf = Dictionary(columns.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        cells.forEachCell { row, column, value in
            guard row > top, let c = columnOf[column] else { return }
            byRow[row, default: [:]][c] = value.written
        }
        return byRow.keys.sorted().compactMap { r in
            let f = byRow[r]!
            return row(r + 1, f)
        }
    }

    /// One row from its fields by column; nil when it has neither a query id nor a reply.
    static func row(_ number: Int, _ f: [QueryForm.Column: String]) -> Row? {
        func get(_ c: QueryForm.Column) -> String { f[c].map(Normalize.trim) ?? "" }
        let actionText = get(.action)
        let action = QueryForm.Action.allCases.first { $0.rawValue == actionText } ?? (actionText.isEmpty ? nil : .other)
        let r = Row(row: number, queryID: get(.queryID), respondent: Respondent(key: get(.respondentKey)),
                    question: get(.questionID), rule: get(.ruleID), shownCode: get(.code),
                    shownQuestionNumber: get(.questionNumber), shownValue: f[.value] ?? "",
                    action: action,
                    correctedValue: get(.correctedValue), note: get(.note), repliedBy: get(.repliedBy), repliedOn: get(.repliedOn))
        return r.queryID.isEmpty && !r.isAnswered ? nil : r
    }

    /// The folder of the inbox whose CSV files are the contractor's corrections.
    public static let correctionsFolder = "corrections"

    static func isContractorCSV(_ id: InputID) -> Bool {
        // Lower-casing a whole Japanese path is dear: an ASCII last byte other than v/V already says no.
        if let last = id.path.utf8.last, last < 0x80, last | 0x20 != UInt8(ascii: "v") { return false }
        guard id.member == nil, id.path.lowercased().hasSuffix(".csv") else { return false }
        return id.path.hasPrefix(correctionsFolder + "/") || id.path.contains("/" + correctionsFolder + "/")
    }

    /// The contractor's corrections (`corrections/*.csv`): the same columns by header, ids included.
    /// UTF-8 (with or without BOM) or CP932 (what Excel on Japanese Windows saves as CSV).
    static func contractor(csv bytes: [UInt8]) -> Result<QueryReply, RejectReason> {
        guard let text = decodeCSV(bytes) else { return .failure(.correctionsEncoding) }
        guard let table = try? CSVTable(parsing: text), let header = table.rows.first?.fields
        else { return .failure(.correctionsWithoutHeader) }
        let names = header.map(Normalize.trim)
        let need = [QueryForm.Column.respondentKey, .questionID, .action].map(\.header)
        guard need.allSatisfy(names.contains) else { return .failure(.correctionsWithoutHeader) }
        let rows = table.rows.dropFirst().compactMap { r -> Row? in
            var f: [String: String] = [:], byColumn: [QueryForm.Column: String] = [:]
            for (i, h) in names.enumerated() where i < r.fields.count {
                f[h] = Normalize.trim(r.fields[i])
                if let c = QueryForm.Column(header: h) { byColumn[c] = f[h] }
            }
            func get(_ c: QueryForm.Column) -> String { byColumn[c] ?? "" }
            let key = get(.respondentKey)
            guard !key.isEmpty else { return nil }
            let actionText = get(.action)
            let action = QueryForm.Action.allCases.first { $0.rawValue == actionText } ?? (actionText.isEmpty ? nil : .other)
            return Row(row: r.line, respondent: Respondent(key: key), question: get(.questionID), rule: get(.ruleID),
                       sourceSHA256: (f[contractorSHA256Header] ?? "").lowercased(), action: action,
                       correctedValue: get(.correctedValue), note: get(.note), repliedBy: get(.repliedBy), repliedOn: get(.repliedOn))
        }
        return .success(QueryReply(source: .contractor, prefecture: "", rows: rows))
    }

    /// Optional column of a contractor's CSV: the file a correction is meant for (empty: the accepted one).
    static let contractorSHA256Header = "source_sha256"

    /// UTF-8 first (valid UTF-8 is almost never CP932 text by accident), then CP932; nil for anything else.
    static func decodeCSV(_ bytes: [UInt8]) -> String? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF]) || body.contains(0) { return nil }
        if let s = String(validating: body, as: UTF8.self) { return s }
        // Foundation's .shiftJIS is CP932 on Linux (checked code by code for zip entry names).
        return String(data: Data(body), encoding: .shiftJIS)
    }
}
