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
    let inbox: String
    let dataFingerprint: String
    let counts: [String: Int]
    let responses: [String: Int]
    let issues: [String: Int]
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

enum Clock {
    static func utcStamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: d)
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    /// 集計基準日時 on report covers: the newest accepted input's time, in Japan time. Derived from
    /// the inputs, not the clock, so reports stay reproducible.
    static func asOf(_ ledger: [LedgerEntry]) -> String {
        let newest = ledger.filter { $0.state == .accepted || $0.state == .acceptedWithErrors }
            .compactMap { $0.workbookModified ?? $0.fileModified }.max()
        guard let newest else { return "（受理した回答なし）" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Tokyo")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: newest) + "（受理した最新の回答の保存日時, JST）"
    }
}

/// The tool's version, printed by `--version` and recorded in run.json.
enum RenkeiVersion {
    static let current = "0.1.0"
}

