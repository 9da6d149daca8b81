import Foundation
import Ingest
import SurveyModel
import Tabulate

/// summary.json: the headline figures for machines, keys sorted so two runs give the same bytes.
/// Every share is the workbooks' own (`Proportion` under the run's percent base), with its n and 無回答.
public enum SummaryJSON {
    struct Summary: Codable {
        var survey: Survey
        var asOf: String
        var runID: String
        /// What every `share` is of: `applicable` (n = 有効回答 + 無回答) or `valid` (n = 有効回答).
        var percentBase: PercentBase
        var files: [String: Int]
        var responses: [String: Int]
        var responseRates: [String: Double?]
        var categories: [CategoryFigure]
        var prefectures: [PrefectureFigure]
        var issues: [String: Int]
    }
    struct Survey: Codable { var id, version, title, year: String }
    /// A count and, when it is a share, its n (the base under `percentBase`, as the tables' n row
    /// shows it), 無回答 and share rounded to 6 places; a plain count (コーディネーター票) has only `count`.
    struct Share: Codable, Equatable {
        var count: Int
        var n: Int?
        var noAnswer: Int?
        var share: Double?

        init(count: Int) { self.count = count }
        init(_ p: Proportion, _ base: PercentBase) {
            count = p.count; n = p.base(base); noAnswer = p.noAnswer; share = SummaryJSON.round(p.share(base))
        }
    }
    struct CategoryFigure: Codable {
        var id, label, kind: String
        /// Municipalities that answered ある (取組あり) of those the 有無 question applies to.
        var withInitiative: Share
        var initiatives: [String: Int]
    }
    struct PrefectureFigure: Codable {
        var prefCode, code, name: String
        var prefectureReturned: Bool
        var municipalitiesReturned, municipalitiesTotal, coordinators: Int
        var municipalityRate: Double?
        var indicators: [String: Share]
        var issues: [String: Int]
    }

    /// Shares rounded to 6 places: enough for any report, and stable across platforms' printing.
    static func round(_ x: Double?) -> Double? { x.map { ($0 * 1_000_000).rounded() / 1_000_000 } }

    public static func render(_ input: ReportInput) throws -> String {
        let t = input.tabulation, s = t.status, base = input.percentBase
        var files = [String: Int]()
        for state in LedgerState.allCases { files[state.rawValue] = input.files.filter { $0.state == state }.count }
        var responses = [String: Int]()
        for form in input.codebook.forms { responses[form.id.rawValue] = input.responses.filter { $0.respondent.form == form.id }.count }
        let categories = input.codebook.categories.map { c -> CategoryFigure in
            let r = t.matrix.row(c)
            var ini = [String: Int]()
            for o in r?.initiatives ?? [] { ini[String(format: "%02d %@", o.code, o.label)] = o.count }
            return CategoryFigure(id: c.id, label: c.label, kind: c.kind.rawValue,
                                  withInitiative: Share(r?.presence ?? Proportion(0, valid: 0), base), initiatives: ini)
        }
        let issuesByPref = Dictionary(grouping: input.issues) { $0.respondent?.prefectureCode ?? "" }
        func severities(_ list: [Issue]) -> [String: Int] {
            var out = [String: Int]()
            for sev in IssueSeverity.allCases { out[sev.rawValue] = list.filter { $0.severity == sev }.count }
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
                                    issues: severities(issuesByPref[p.prefecture.prefCode] ?? []))
        }
        let summary = Summary(
            survey: Survey(id: input.codebook.id, version: input.codebook.version, title: input.codebook.title,
                           year: input.codebook.year),
            asOf: input.asOf, runID: input.runID, percentBase: base, files: files, responses: responses,
            responseRates: Dictionary(uniqueKeysWithValues: s.forms.filter { $0.expected != nil }.map { ($0.form.rawValue, round($0.share)) }),
            categories: categories, prefectures: prefectures, issues: severities(input.issues))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n"
    }
}
