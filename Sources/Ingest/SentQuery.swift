import SurveyModel

/// One query the contractor sent (照会): the run's own record of what was asked, of whom, on
/// which value of which file, and to which prefecture. A reply row is checked against it.
public struct SentQuery: Codable, Sendable, Hashable {
    /// `Q` + 16 hex digits, the same every night for the same question on the same file and value.
    public var id: String
    /// `Respondent` key (`MUNI:131016`).
    public var respondent: String
    public var question: String
    public var rule: String
    /// SHA-256 of the value the issue was raised on: the value itself may be a contact, never stored.
    public var raisedValueSHA256: String
    /// SHA-256 of the file the issue was raised on.
    public var sourceSHA256: String
    /// 2-digit code of the prefecture whose query workbook carried it.
    public var prefecture: String

    /// The query for an open issue of an identified respondent, raised on the file with that hash.
    public init?(_ issue: Issue, sourceSHA256: String) {
        guard let who = issue.respondent else { return nil }
        respondent = who.description
        question = issue.question ?? ""
        rule = issue.rule.rawValue
        raisedValueSHA256 = Self.hash(issue.value ?? "")
        self.sourceSHA256 = sourceSHA256
        prefecture = who.prefectureCode
        id = "Q" + String(SHA256.hex(Array([respondent, question, rule, raisedValueSHA256, sourceSHA256]
            .joined(separator: "\t").utf8)).prefix(16))
    }

    /// The value as shown in 記入値, hashed after trimming (a spreadsheet may pad or strip spaces).
    public static func hash(_ value: String) -> String { SHA256.hex(Array(Normalize.trim(value).utf8)) }

    public var who: Respondent? { Respondent(key: respondent) }
}

/// Every query sent so far this season and which prefecture each query workbook went to: the
/// authority a returned workbook is checked against (kept in issues-state.json, carried night to night).
public struct QueryRecord: Codable, Sendable, Equatable {
    public var queries: [SentQuery]
    /// Workbook id (hidden meta sheet) → 2-digit prefecture code it was written for.
    public var workbooks: [String: String]

    public init(queries: [SentQuery] = [], workbooks: [String: String] = [:]) {
        self.queries = queries; self.workbooks = workbooks
    }

    /// This record plus what another run sent (ids sorted: the file stays byte-stable).
    public func adding(_ other: QueryRecord) -> QueryRecord {
        var byID = Dictionary(queries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for q in other.queries { byID[q.id] = q }
        return QueryRecord(queries: byID.keys.sorted().map { byID[$0]! },
                           workbooks: workbooks.merging(other.workbooks, uniquingKeysWith: { _, b in b }))
    }

    /// The workbook id of a prefecture's query workbook in a run: not guessable from the
    /// prefecture alone, so one prefecture's workbook cannot be turned into another's by editing its marker.
    public static func workbookID(run: String, prefecture: String) -> String {
        "W" + String(SHA256.hex(Array(("renkei-query-workbook\t" + run + "\t" + prefecture).utf8)).prefix(16))
    }

    func index() -> [String: SentQuery] { Dictionary(queries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }
}
