import Foundation
import Ingest
import ReportKit
import SurveyModel

/// `run.json`: what a run read and wrote, so anyone can later prove which files a report came from.
/// The one definition of the file: the run writes it, and the shrink guard, `--previous` and the
/// tests read it back through it. Keys are snake_case. Fields a renkei before schema version 2
/// did not write are optional, so older runs still serve as a baseline or a previous run.
///
/// Schema 3: `inputs` are the ledger's own rows (`LedgerEntry`), adding each input's `reason`
/// (the ledger's Japanese sentence), `file_modified` / `workbook_modified` and `superseded_by` as
/// {path, member}; records of schema 2 and before read as rows without them.
public struct RunRecord: Codable, Sendable {
    /// The schema written now; nil in a record written before versions were recorded.
    public static let currentSchema = 3

    public struct Output: Codable, Sendable {
        public let path: String
        public let size: Int
        public let sha256: String
    }
    public var schemaVersion: Int? = RunRecord.currentSchema
    public let tool: String
    public let toolVersion: String
    public let codebookID: String
    public let codebookVersion: String
    public let startedAt: String
    public let finishedAt: String
    public let timeZone: String?
    public let inbox: String
    /// Accepted responses per prefecture code: the shrink guard's baseline for the next run.
    public let responsesByPrefecture: [String: Int]?
    /// Why the run was held instead of published (the shrink guard), nil when published.
    public let held: String?
    /// The previous survey's run compared with (`--previous`), nil without one.
    public var previousRun: String? = nil
    public let dataFingerprint: String
    public let counts: [String: Int]
    /// Accepted responses per form id.
    public let responses: [String: Int]
    public let issues: [String: Int]
    /// Issues by state: open + corrected + confirmed = raised.
    public let issueStates: [String: Int]?
    /// Reply rows by outcome (applied, confirmed, invalid, stale, pending).
    public let corrections: [String: Int]?
    /// Counts of the change report since the previous published run (nil on a first run).
    public let changes: [String: Int]?
    public let timingsSeconds: [String: Double]
    /// The ledger: every input and what became of it.
    public internal(set) var inputs: [LedgerEntry]
    public internal(set) var outputs: [Output]

    enum CodingKeys: String, CodingKey {
        case tool, held, inbox, counts, responses, issues, corrections, changes, inputs, outputs
        case schemaVersion = "schema_version", toolVersion = "tool_version", codebookID = "codebook_id"
        case codebookVersion = "codebook_version", startedAt = "started_at", finishedAt = "finished_at"
        case timeZone = "time_zone", responsesByPrefecture = "responses_by_prefecture", previousRun = "previous_run"
        case dataFingerprint = "data_fingerprint", issueStates = "issue_states", timingsSeconds = "timings_seconds"
    }

    /// All accepted responses.
    public var accepted: Int { responses.values.reduce(0, +) }

    /// The run.json of a run folder.
    public static func load(runFolder: String) throws -> RunRecord {
        try JSONDecoder().decode(RunRecord.self, from: Data(contentsOf: URL(fileURLWithPath: runFolder + "/" + fileName)))
    }

    /// What a run accepted, all the shrink guard reads of a run.json: decoding only these keys
    /// skips building its thousands of input and output rows.
    public struct Accepted: Decodable, Sendable {
        /// nil in a record written before versions were recorded.
        public let schemaVersion: Int?
        /// Accepted responses per form id.
        public let responses: [String: Int]
        public let responsesByPrefecture: [String: Int]?

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            schemaVersion = try c.decodeIfPresent(Int.self, forKey: .schemaVersion)
            responses = try c.decode([String: Int].self, forKey: .responses)
            responsesByPrefecture = try c.decodeIfPresent([String: Int].self, forKey: .responsesByPrefecture)
        }

        public static func load(runFolder: String) throws -> Accepted {
            try JSONDecoder().decode(Accepted.self, from: Data(contentsOf: URL(fileURLWithPath: runFolder + "/" + fileName)))
        }
    }

    /// Every written file as run.json lists it: size and SHA-256 as the worker that wrote it took them.
    static func outputs(_ files: [WrittenFile]) -> [Output] {
        files.map { Output(path: $0.path, size: $0.bytes, sha256: $0.sha256) }
    }

    /// A short digest of what was read: same inputs and codebook, same fingerprint. Reports carry
    /// it instead of the wall clock, so two runs on the same inbox give byte-identical files.
    static func fingerprint(_ ledger: [LedgerEntry], codebook: Codebook) -> String {
        var s = SHA256()
        s.update(Array("\(codebook.id)\n\(codebook.version)\n".utf8))
        for e in ledger.sorted(by: { $0.input < $1.input }) {
            s.update(Array("\(e.input.description)\t\(e.sha256 ?? "-")\t\(e.state.rawValue)\n".utf8))
        }
        return String(s.finalizeHex().prefix(12))
    }

    /// The encoder's settings for run.json (the whole record, and each of its rows alike).
    static func encoder() -> JSONEncoder { JSONPieces.encoder() }

    /// run.json as one document (tests; the run streams it with `write(to:)`).
    func json() throws -> Data {
        var all = Data()
        try write { all.append($0) }
        return all
    }

    /// Writes run.json to `path` piece by piece; its input rows are copied from `inputRows` (made
    /// by `writeRows(inputs, to:)`, removed here) when given.
    func write(to path: String, inputRows: String? = nil) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let file = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? file.close() }
        guard let inputRows else { return try write { try file.write(contentsOf: $0) } }
        defer { unlink(inputRows) }
        guard let rows = FileHandle(forReadingAtPath: inputRows) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: inputRows])
        }
        defer { try? rows.close() }
        try write(inputRows: { emit in
            while let piece = try rows.read(upToCount: Self.piece), !piece.isEmpty { try emit(piece) }
        }) { try file.write(contentsOf: $0) }
    }

    /// The bytes JSONEncoder makes of the whole record, in pieces: the record without its rows,
    /// then each list's rows put into place; the input rows from `inputRows` when given.
    func write(inputRows: ((_ emit: (Data) throws -> Void) throws -> Void)? = nil, _ emit: (Data) throws -> Void) throws {
        var skeleton = self
        skeleton.inputs = []; skeleton.outputs = []
        // Sorted keys: inputs comes before outputs.
        try JSONPieces.write(skeleton: skeleton, lists: [
            .init(key: CodingKeys.inputs.rawValue, depth: 1, isEmpty: inputs.isEmpty),
            .init(key: CodingKeys.outputs.rawValue, depth: 1, isEmpty: outputs.isEmpty),
        ], rows: { list, emit in
            if list == 1 { return try JSONPieces.rows(outputs, depth: 1, parallel: true) { try emit(Data($0)) } }
            if let inputRows { try inputRows(emit) } else { try JSONPieces.rows(inputs, depth: 1) { try emit(Data($0)) } }
        }, emit)
    }

    /// The input rows of run.json into a file (the run makes it in its staging folder while the
    /// reports are written; `write(to:inputRows:)` copies it into place), a batch at a time.
    static func writeRows(_ inputs: [LedgerEntry], to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? file.close() }
        try JSONPieces.rows(inputs, depth: 1) { try file.write(contentsOf: $0) }
    }

    private static let piece = 1 << 20
}

/// run.json in the registry of outputs: written by the run itself once every other output is in
/// place (it holds their SHA-256), so it lists no file for the parallel writer.
extension RunRecord: ReportOutput {
    public static let fileName = "run.json"
    public static let pattern = fileName
    public static let purpose = "この集計の記録（プログラムと調査票定義の版、すべての入力と出力の SHA-256、所要時間）"
    public static func files(_ ctx: ReportContext) -> [OutputFile] { [] }
}

/// Times as a reader sees them, all in the one configured zone (default Asia/Tokyo): run folder
/// names, the summary line, run.json and the reports' 集計基準日時.
public struct Clock {
    public let zone: TimeZone
    public static let defaultZone = IngestOptions.tokyo.identifier

    public init(zone: TimeZone) { self.zone = zone }

    private func formatter(_ format: String) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = format
        return f
    }

    /// A run folder's name: local time with its offset, so names sort and say when.
    func stamp(_ d: Date) -> String { formatter("yyyyMMdd'T'HHmmssxx").string(from: d) }

    /// The summary's first line: `2026-11-29 02:30:00 +0900`.
    func display(_ d: Date) -> String { formatter("yyyy-MM-dd HH:mm:ss xx").string(from: d) }

    func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = zone
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    /// 集計基準日時 on report covers: the newest accepted survey form's time (a reply is no form).
    /// Derived from the inputs, not the clock, so reports stay reproducible.
    func asOf(_ ledger: [LedgerEntry]) -> String {
        let newest = ledger.filter { ($0.state == .accepted || $0.state == .acceptedWithErrors) && $0.respondent != nil }
            .compactMap { $0.workbookModified ?? $0.fileModified }.max()
        guard let newest else { return "（受理した回答なし）" }
        // The one date format of every report (`2023/09/23 12:14`); what it is, and the zone, the
        // covers' 用語・凡例 say. Only a zone other than Japan's is named.
        let zoneName = zone.identifier == "Asia/Tokyo" ? "" : "（" + (zone.abbreviation(for: newest) ?? zone.identifier) + "）"
        return Shown.dateTime(newest, zone: zone) + zoneName
    }
}

/// The tool's version, printed by `--version` and recorded in run.json.
public enum RenkeiVersion {
    public static let current = "0.1.0"
}

