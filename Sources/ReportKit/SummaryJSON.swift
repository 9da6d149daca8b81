import Foundation
import Ingest
import SurveyModel
import Tabulate

/// summary.json: the headline figures for machines, keys sorted so two runs give the same bytes.
/// Every share is the workbooks' own (`Proportion` under the run's percent base), with its n and 無回答.
/// `Summary` is the file's one definition: the run writes it and `--previous` reads it back.
/// Keys are snake_case, as run.json's (schema 2). Schema 1 (before versions: camelCase, bare
/// numbers for shares) still reads, so last year's run serves as --previous; a field added
/// later must be optional for the same reason.
public enum SummaryJSON {
    public static let currentSchema = 2

    public struct Summary: Codable, Sendable {
        public var schemaVersion: Int? = SummaryJSON.currentSchema
        public var survey: Survey
        public var asOf: String
        public var runID: String
        /// What every `share` is of: `applicable` (n = 有効回答 + 無回答) or `valid` (n = 有効回答); nil in schema 1.
        public var percentBase: PercentBase?
        public var files: [String: Int]
        public var responses: [String: Int]
        public var responseRates: [String: Double?]
        public var categories: [CategoryFigure]
        public var prefectures: [PrefectureFigure]
        public var issues: [String: Int]
    }
    public struct Survey: Codable, Sendable { public var id, version, title, year: String }
    /// A count and, when it is a share, its n (the base under `percentBase`, as the tables' n row
    /// shows it), 無回答 and share rounded to 6 places; a plain count (コーディネーター票) has only `count`.
    public struct Share: Codable, Equatable, Sendable {
        public var count: Int
        public var n: Int?
        public var noAnswer: Int?
        public var share: Double?

        init(count: Int) { self.count = count }
        init(_ p: Proportion, _ base: PercentBase) {
            count = p.count; n = p.base(base); noAnswer = p.noAnswer; share = SummaryJSON.round(p.share(base))
        }

        enum CodingKeys: String, CodingKey { case count, n, noAnswer, share }

        public init(from decoder: Decoder) throws {
            if let k = try? decoder.container(keyedBy: CodingKeys.self) {
                count = try k.decode(Int.self, forKey: .count)
                n = try k.decodeIfPresent(Int.self, forKey: .n)
                noAnswer = try k.decodeIfPresent(Int.self, forKey: .noAnswer)
                share = try k.decodeIfPresent(Double.self, forKey: .share)
                return
            }
            // Schema 1 wrote a bare number: a count (withInitiative) or an indicator's share.
            let v = try decoder.singleValueContainer()
            if v.decodeNil() { count = 0 }
            else if let c = try? v.decode(Int.self) { count = c }
            else { count = 0; share = try v.decode(Double.self) }
        }
    }
    public struct CategoryFigure: Codable, Sendable {
        public var id, label, kind: String
        /// Municipalities that answered ある (取組あり) of those the 有無 question applies to.
        public var withInitiative: Share
        public var initiatives: [String: Int]
    }
    public struct PrefectureFigure: Codable, Sendable {
        public var prefCode, code, name: String
        public var prefectureReturned: Bool
        public var municipalitiesReturned, municipalitiesTotal, coordinators: Int
        public var municipalityRate: Double?
        public var indicators: [String: Share]
        public var issues: [String: Int]
    }

    /// A summary.json read back: snake_case keys (now) or camelCase ones (schema 1).
    public static func read(_ data: Data) throws -> Summary {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let key = path.last!.stringValue
            guard key.contains("_") else { return AnyKey(key) }
            let parts = key.split(separator: "_")
            // `run_id` back to `runID`: the one acronym the encoder folded.
            let camel = parts.enumerated().map { i, p in i == 0 ? String(p) : p == "id" ? "ID" : p.prefix(1).uppercased() + p.dropFirst() }
            return AnyKey(camel.joined())
        }
        return try decoder.decode(Summary.self, from: data)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Shares rounded to 6 places: enough for any report, and stable across platforms' printing.
    static func round(_ x: Double?) -> Double? { x.map { ($0 * 1_000_000).rounded() / 1_000_000 } }

    public static func render(_ input: ReportInput) throws -> String {
        let t = input.tabulation, s = t.status, base = input.percentBase
        var files = [String: Int]()
        for state in LedgerState.allCases { files[state.rawValue] = input.files.count { $0.state == state } }
        var responses = [String: Int]()
        for form in input.codebook.forms { responses[form.id.rawValue] = input.responses.count { $0.respondent.form == form.id } }
        let categories = input.codebook.categories.map { c -> CategoryFigure in
            let r = t.matrix.row(c)
            var ini = [String: Int]()
            for o in r?.initiatives ?? [] { ini[String(format: "%02d %@", o.code, o.label)] = o.count }
            return CategoryFigure(id: c.id, label: c.label, kind: c.kind.rawValue,
                                  withInitiative: Share(r?.presence ?? Proportion(0, valid: 0), base), initiatives: ini)
        }
        // Counted in one pass: grouping the issues by prefecture copied them all (14 MB at ten nations).
        var issueCounts = [String: [IssueSeverity: Int]](), allIssues = [IssueSeverity: Int]()
        for i in input.issues {
            issueCounts[i.respondent?.prefectureCode ?? "", default: [:]][i.severity, default: 0] += 1
            allIssues[i.severity, default: 0] += 1
        }
        func severities(_ counts: [IssueSeverity: Int]) -> [String: Int] {
            var out = [String: Int]()
            for sev in IssueSeverity.allCases { out[sev.rawValue] = counts[sev] ?? 0 }
            return out
        }
        let prefectures = s.perPrefecture.map { p -> PrefectureFigure in
            var ind = [String: Share]()
            if let row = t.indicators.rows.first(where: { $0.prefecture.prefCode == p.prefecture.prefCode }) {
                for (d, v) in zip(t.indicators.definitions, row.values) {
                    ind[d.id] = v.proportion.map { Share($0, base) } ?? Share(count: v.count)
                }
            }
            return PrefectureFigure(prefCode: p.prefecture.prefCode, code: p.prefecture.code, name: p.prefecture.name,
                                    prefectureReturned: p.prefectureReturned,
                                    municipalitiesReturned: p.municipalitiesReturned,
                                    municipalitiesTotal: p.municipalitiesTotal, coordinators: p.coordinators,
                                    municipalityRate: round(p.municipalityShare), indicators: ind,
                                    issues: severities(issueCounts[p.prefecture.prefCode] ?? [:]))
        }
        let summary = Summary(
            survey: Survey(id: input.codebook.id, version: input.codebook.version, title: input.codebook.title,
                           year: input.codebook.year),
            asOf: input.asOf, runID: input.runID, percentBase: base, files: files, responses: responses,
            responseRates: Dictionary(uniqueKeysWithValues: s.forms.filter { $0.expected != nil }.map { ($0.form.rawValue, round($0.share)) }),
            categories: categories, prefectures: prefectures, issues: severities(allIssues))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n"
    }
}
