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
        public var respondent: Respondent?
        public var question: String
        public var rule: String
        /// The value the issue was raised on (as written by the respondent).
        public var raisedValue: String
        /// SHA-256 of the file the issue was raised on; empty in a contractor's file means "any".
        public var sourceSHA256: String
        public var action: QueryForm.Action?
        public var correctedValue: String
        public var note: String
        public var repliedBy: String
        public var repliedOn: String
    }

    public var source: Source
    public var prefecture: String
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
                if let c = QueryForm.Column.allCases.first(where: { $0.header == Normalize.trim(t) }) {
                    if c == .respondentKey { headerRow = row }
                    columns[c] = column
                }
            }
            guard let top = headerRow, columns[.respondentKey] != nil, sheet.cells.count > 0 else { continue }
            return .success(QueryReply(source: .prefecture, prefecture: values[QueryForm.MetaKey.prefecture.rawValue] ?? "",
                                       rows: rows(sheet.cells, below: top, columns: columns)))
        }
        return .success(QueryReply(source: .prefecture, prefecture: values[QueryForm.MetaKey.prefecture.rawValue] ?? "", rows: []))
    }

    /// Rows under the header that carry a respondent key.
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

    /// One row from its fields by column; nil when it carries no respondent key.
    static func row(_ number: Int, _ f: [QueryForm.Column: String]) -> Row? {
        func get(_ c: QueryForm.Column) -> String { f[c].map(Normalize.trim) ?? "" }
        let key = get(.respondentKey)
        guard !key.isEmpty else { return nil }
        let actionText = get(.action)
        let action = QueryForm.Action.allCases.first { $0.rawValue == actionText } ?? (actionText.isEmpty ? nil : .other)
        return Row(row: number, respondent: Respondent(key: key), question: get(.questionID), rule: get(.ruleID),
                   raisedValue: f[.raisedValue] ?? "", sourceSHA256: get(.sourceSHA256).lowercased(), action: action,
                   correctedValue: get(.correctedValue), note: get(.note), repliedBy: get(.repliedBy), repliedOn: get(.repliedOn))
    }

    /// The folder of the inbox whose CSV files are the contractor's corrections.
    public static let correctionsFolder = "corrections"

    static func isContractorCSV(_ id: InputID) -> Bool {
        guard id.member == nil, id.path.lowercased().hasSuffix(".csv") else { return false }
        return id.path.hasPrefix(correctionsFolder + "/") || id.path.contains("/" + correctionsFolder + "/")
    }

    /// The contractor's corrections (`corrections/*.csv`): the same columns by header, ids included.
    static func contractor(csv bytes: [UInt8]) -> Result<QueryReply, RejectReason> {
        guard let table = try? CSVTable(parsing: String(decoding: bytes, as: UTF8.self)), let header = table.rows.first?.fields
        else { return .failure(.correctionsWithoutHeader) }
        var columns: [QueryForm.Column: Int] = [:]
        for (i, h) in header.enumerated() {
            if let c = QueryForm.Column.allCases.first(where: { $0.header == Normalize.trim(h) }) { columns[c] = i }
        }
        guard columns[.respondentKey] != nil, columns[.questionID] != nil, columns[.action] != nil else {
            return .failure(.correctionsWithoutHeader)
        }
        let rows = table.rows.dropFirst().compactMap { r -> Row? in
            var f: [QueryForm.Column: String] = [:]
            for (c, at) in columns where at < r.fields.count { f[c] = r.fields[at] }
            return row(r.line, f)
        }
        return .success(QueryReply(source: .contractor, prefecture: "", rows: rows))
    }
}
