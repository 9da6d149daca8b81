import Foundation
import Ingest
import ReportKit
import SurveyModel
import Tabulate

/// The end-of-run summary, for a person (text) or a script (JSON).
struct RunSummary {
    let filesByState: [String: Int]
    let inputs: Int
    let responsesByForm: [String: Int]
    /// The codebook's form ids, in its order, for the text summary.
    let formIDs: [String]
    let issuesBySeverity: [String: Int]
    let errors: Int
    /// Files that could not be read as forms: they need action as much as an invalid answer does.
    let rejected: Int
    var needsAction: Bool { errors > 0 || rejected > 0 }
    let prefecturesReturned: Int, prefecturesTotal: Int
    let municipalitiesReturned: Int, municipalitiesTotal: Int
    let coordinators: Int
    /// open / corrected / confirmed, and raised (their sum).
    let issuesByStatus: [String: Int]
    let corrections: [String: Int]
    let changes: [String: Int]?

    init(result: IngestResult, tabulation: Tabulation, master: MasterList, changes: ChangeReport? = nil) {
        var byStatus: [String: Int] = ["raised": result.issues.count]
        for s in IssueStatus.allCases { byStatus[s.rawValue] = result.issues.filter { $0.status == s }.count }
        issuesByStatus = byStatus
        var byOutcome: [String: Int] = [:]
        for o in Correction.Outcome.allCases { byOutcome[o.rawValue] = result.corrections.filter { $0.outcome == o }.count }
        corrections = byOutcome
        self.changes = changes?.counts
        var byState: [String: Int] = [:]
        for s in LedgerState.allCases { byState[s.rawValue] = result.summary.count(s) }
        filesByState = byState
        inputs = result.summary.inputs
        var byForm: [String: Int] = [:]
        for f in tabulation.nation.map(\.form) { byForm[f.rawValue] = result.responses.filter { $0.respondent.form == f }.count }
        responsesByForm = byForm
        formIDs = tabulation.nation.map(\.form.rawValue)
        errors = result.issues.filter { $0.severity == .error }.count
        rejected = result.summary.count(.rejected)
        issuesBySeverity = ["error": errors, "warning": result.issues.count - errors]
        let st = tabulation.status
        prefecturesReturned = st.prefecturesReturned; prefecturesTotal = st.prefecturesTotal
        municipalitiesReturned = st.municipalitiesReturned; municipalitiesTotal = st.municipalitiesTotal
        coordinators = st.coordinators
    }

    /// How a run ended, for the summary (text and JSON).
    struct Ending {
        var started: String
        var seconds: Double
        var run: String
        var latest: String
        var held: String?
        var status: ExitStatus
    }

    func text(_ e: Ending) -> String {
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.1f%%", Double(a) * 100 / Double(b)) }
        let states = LedgerState.allCases.map { "\($0.rawValue) \(filesByState[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        let outcome = e.held.map { "HELD, not published: \($0)" } ?? e.run
        return """
            renkei run \(e.started): \(inputs) files read in \(String(format: "%.2f", e.seconds)) s\(e.held == nil ? "" : " — HELD")
              files:       \(states)
              responses:   \(formIDs.map { "\($0) \(responsesByForm[$0] ?? 0)" }.joined(separator: ", "))
              returned:    prefectures \(prefecturesReturned)/\(prefecturesTotal) (\(pct(prefecturesReturned, prefecturesTotal))), municipalities \(municipalitiesReturned)/\(municipalitiesTotal) (\(pct(municipalitiesReturned, municipalitiesTotal))), coordinators \(coordinators)
              issues:      \(issuesBySeverity["error"] ?? 0) errors, \(issuesBySeverity["warning"] ?? 0) warnings; open \(issuesByStatus["open"] ?? 0), corrected \(issuesByStatus["corrected"] ?? 0), confirmed \(issuesByStatus["confirmed"] ?? 0) (issues.csv; queries in 疑義照会/)
              replies:     \(Correction.Outcome.allCases.map { "\($0.rawValue) \(corrections[$0.rawValue] ?? 0)" }.joined(separator: ", ")) (corrections.csv)
              changes:     \(changes.map { c in ChangeReport.Kind.allCases.map { "\($0.rawValue) \(c[$0.rawValue] ?? 0)" }.joined(separator: ", ") } ?? "first run (nothing to compare with)")
              reports:     \(outcome)\(e.held == nil ? "" : "\n  held run:    \(e.run) (pass --accept-shrink to publish such a run)")
              latest:      \(e.latest)\(e.held == nil ? "" : " (unchanged)")
            """
    }

    func json(_ e: Ending) throws -> Data {
        struct Out: Encodable {
            let startedAt: String; let status: String; let exitStatus: Int32; let held: String?
            let inputs: Int; let files: [String: Int]; let responses: [String: Int]; let issues: [String: Int]
            let prefecturesReturned: Int; let prefecturesTotal: Int
            let municipalitiesReturned: Int; let municipalitiesTotal: Int; let coordinators: Int
            let reports: String; let latest: String; let seconds: Double
            let issueStates: [String: Int]; let corrections: [String: Int]; let changes: [String: Int]?
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        enc.keyEncodingStrategy = .convertToSnakeCase
        var d = try enc.encode(Out(startedAt: e.started, status: e.status.name, exitStatus: e.status.rawValue, held: e.held,
                                   inputs: inputs, files: filesByState, responses: responsesByForm, issues: issuesBySeverity,
                                   prefecturesReturned: prefecturesReturned, prefecturesTotal: prefecturesTotal,
                                   municipalitiesReturned: municipalitiesReturned, municipalitiesTotal: municipalitiesTotal,
                                   coordinators: coordinators, reports: e.run, latest: e.latest,
                                   seconds: (e.seconds * 1000).rounded() / 1000,
                                   issueStates: issuesByStatus, corrections: corrections, changes: changes))
        d.append(0x0A)
        return d
    }
}
