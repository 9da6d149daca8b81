import Foundation
import Ingest
import ReportKit
import SurveyModel

/// `run.json`: what a run read and wrote, so anyone can later prove which files a report came from.
struct RunRecord: Encodable {
    struct Input: Encodable {
        let path: String
        let member: String?
        let size: Int
        let sha256: String?
        let state: String
        let reasonCode: String
        let respondent: String?
        let supersededBy: String?
        let errors: Int
        let warnings: Int
    }
    struct Output: Encodable, Sendable {
        let path: String
        let size: Int
        let sha256: String
    }
    let tool: String
    let toolVersion: String
    let codebookID: String
    let codebookVersion: String
    let startedAt: String
    let finishedAt: String
    let timeZone: String
    let inbox: String
    /// Accepted responses per prefecture code: the shrink guard's baseline for the next run.
    let responsesByPrefecture: [String: Int]
    /// Why the run was held instead of published (the shrink guard), nil when published.
    let held: String?
    /// The previous survey's run compared with (`--previous`), nil without one.
    var previousRun: String? = nil
    let dataFingerprint: String
    let counts: [String: Int]
    let responses: [String: Int]
    let issues: [String: Int]
    /// Issues by state: open + corrected + confirmed = raised.
    let issueStates: [String: Int]
    /// Reply rows by outcome (applied, confirmed, invalid, stale, pending).
    let corrections: [String: Int]
    /// Counts of the change report since the previous published run (nil on a first run).
    let changes: [String: Int]?
    let timingsSeconds: [String: Double]
    let inputs: [Input]
    let outputs: [Output]

    static func inputs(_ ledger: [LedgerEntry]) -> [Input] {
        ledger.map {
            Input(path: $0.input.path, member: $0.input.member, size: $0.size, sha256: $0.sha256,
                  state: $0.state.rawValue, reasonCode: $0.reason.code, respondent: $0.respondent?.description,
                  supersededBy: $0.supersededBy?.description, errors: $0.errors, warnings: $0.warnings)
        }
    }

    /// Hashes every written file (outputs are small; this is a few milliseconds).
    static func outputs(_ files: [WrittenFile], in folder: String) throws -> [Output] {
        // Read back and hashed on all cores: answers.csv alone is several megabytes.
        try files.parallelMap { f in
            Result {
                let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + f.path))
                return Output(path: f.path, size: data.count, sha256: SHA256.hex([UInt8](data)))
            }
        }.map { try $0.get() }
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

    func json() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.keyEncodingStrategy = .convertToSnakeCase
        return try enc.encode(self)
    }
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

    /// 集計基準日時 on report covers: the newest accepted input's time. Derived from the inputs,
    /// not the clock, so reports stay reproducible.
    func asOf(_ ledger: [LedgerEntry]) -> String {
        let newest = ledger.filter { $0.state == .accepted || $0.state == .acceptedWithErrors }
            .compactMap { $0.workbookModified ?? $0.fileModified }.max()
        guard let newest else { return "（受理した回答なし）" }
        let label = zone.identifier == "Asia/Tokyo" ? "JST" : zone.abbreviation(for: newest) ?? zone.identifier
        return formatter("yyyy-MM-dd HH:mm").string(from: newest) + "（受理した最新の回答の保存日時, \(label)）"
    }
}

/// The tool's version, printed by `--version` and recorded in run.json.
public enum RenkeiVersion {
    public static let current = "0.1.0"
}

