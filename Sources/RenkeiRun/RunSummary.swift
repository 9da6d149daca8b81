import Foundation
import Ingest
import ReportKit
import SurveyModel
import Tabulate

/// The end-of-run summary, for a person (text) or a script (JSON).
struct RunSummary {
    let filesByState: [String: Int]
    let inputs: Int
    /// Files of the inbox (a zip counts once), as the progress line counts them; `inputs` adds
    /// each member of a zip.
    let files: Int
    /// 都道府県票, 市町村票, コーディネーター票 by form id, in the codebook's order.
    let formTitles: [(id: String, title: String)]
    let responsesByForm: [String: Int]
    let issuesBySeverity: [String: Int]
    let errors: Int
    /// Files that could not be read as forms: they need action as much as an invalid answer does.
    let rejected: Int
    var needsAction: Bool { errors > 0 || rejected > 0 }
    /// 回収 of each form, in the codebook's order: a survey without coordinators has no coordinator count.
    let returns: [(form: String, title: String, received: Int, expected: Int?)]
    /// Per audience, nil when the codebook sends no form to it (the first form's 回収, as 回収状況 counts).
    let prefecturesReturned: Int?, prefecturesTotal: Int?
    let municipalitiesReturned: Int?, municipalitiesTotal: Int?
    let coordinators: Int?
    /// open / corrected / confirmed, and raised (their sum).
    let issuesByStatus: [String: Int]
    let corrections: [String: Int]
    let changes: [String: Int]?

    init(result: IngestResult, tabulation: Tabulation, master: MasterList, codebook: Codebook, changes: ChangeReport? = nil) {
        files = Set(result.ledger.map(\.input.path)).count
        formTitles = codebook.forms.map { ($0.id.rawValue, $0.title) }
        var byStatus: [String: Int] = ["raised": result.issues.count]
        for s in IssueStatus.allCases { byStatus[s.rawValue] = result.issues.count { $0.status == s } }
        issuesByStatus = byStatus
        var byOutcome: [String: Int] = [:]
        for o in Correction.Outcome.allCases { byOutcome[o.rawValue] = result.corrections.count { $0.outcome == o } }
        corrections = byOutcome
        self.changes = changes?.counts
        var byState: [String: Int] = [:]
        for s in LedgerState.allCases { byState[s.rawValue] = result.summary.count(s) }
        filesByState = byState
        inputs = result.summary.inputs
        var byForm: [String: Int] = [:]
        for f in tabulation.nation.map(\.form) { byForm[f.rawValue] = result.responses.count { $0.respondent.form == f } }
        responsesByForm = byForm
        errors = result.issues.count { $0.severity == .error }
        rejected = result.summary.count(.rejected)
        issuesBySeverity = ["error": errors, "warning": result.issues.count - errors]
        let st = tabulation.status
        let titles = Dictionary(codebook.forms.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        returns = st.forms.map { ($0.form.rawValue, titles[$0.form] ?? $0.form.rawValue, $0.received, $0.expected) }
        let sends = { (audience: Audience) in !codebook.formsFor(audience).isEmpty }
        prefecturesReturned = sends(.eachPrefecture) ? st.prefecturesReturned : nil
        prefecturesTotal = sends(.eachPrefecture) ? st.prefecturesTotal : nil
        municipalitiesReturned = sends(.eachMunicipality) ? st.municipalitiesReturned : nil
        municipalitiesTotal = sends(.eachMunicipality) ? st.municipalitiesTotal : nil
        coordinators = sends(.eachCoordinator) ? st.coordinators : nil
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

    /// For a person, in the reports' words (受理, 受理（エラーあり）, 照会中 …), no internal ids.
    func text(_ e: Ending) -> String {
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.1f%%", Double(a) * 100 / Double(b)) }
        func list(_ items: [(String, Int)]) -> String { items.map { "\($0.0) \($0.1)" }.joined(separator: "、") }
        let states = list(LedgerState.allCases.map { ($0.label, filesByState[$0.rawValue] ?? 0) })
        let members = inputs == files ? "" : "（zip の中身を含め \(inputs) 件）"
        let outcome = e.held.map { "保留（公開せず）: \($0)" } ?? e.run
        let returned = returns.map { r in
            r.title + " " + (r.expected.map { "\(r.received)/\($0) (\(pct(r.received, $0)))" } ?? "\(r.received)")
        }.joined(separator: "、")
        let changed = changes.map { c in list(ChangeReport.Kind.allCases.map { ($0.label, c[$0.rawValue] ?? 0) }) } ?? "初回（比較する前回の公開なし）"
        return """
            renkei run \(e.started): ファイル \(files) 件\(members)を \(String(format: "%.2f", e.seconds)) 秒で確認\(e.held == nil ? "" : " — 保留")
              ファイル:       \(states)
              回答:           \(list(formTitles.map { ($0.title, responsesByForm[$0.id] ?? 0) }))
              回収:           \(returned)
              疑義:           エラー \(issuesBySeverity["error"] ?? 0)、警告 \(issuesBySeverity["warning"] ?? 0)（\(list(IssueStatus.allCases.map { ($0.label, issuesByStatus[$0.rawValue] ?? 0) }))）issues.csv、疑義照会/
              照会への回答:   \(list(Correction.Outcome.allCases.map { ($0.label, corrections[$0.rawValue] ?? 0) }))（corrections.csv）
              前回公開からの変更: \(changed)
              レポート:       \(outcome)\(e.held == nil ? "" : "\n  保留した実行:   \(e.run)（公開するには --accept-shrink）")
              latest:         \(e.latest)\(e.held == nil ? "" : "（変更なし）")
            """
    }

    /// `--json` and notify's stdin before the first file: nothing read, nothing published.
    static func waitingJSON(started: String, inbox: String, latest: String) -> Data {
        struct Out: Encodable {
            let startedAt: String; let status: String; let exitStatus: Int32; let inputs: Int
            let message: String; let inbox: String; let latest: String
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        enc.keyEncodingStrategy = .convertToSnakeCase
        var d = (try? enc.encode(Out(startedAt: started, status: ExitStatus.clean.name, exitStatus: 0, inputs: 0,
                                     message: "まだ回答ファイルがありません", inbox: inbox, latest: latest))) ?? Data()
        d.append(0x0A)
        return d
    }

    /// One form's 回収 in `--json`: `expected` absent where there is no list to send to (coordinators).
    struct Returned: Encodable { let received: Int; let expected: Int? }

    func json(_ e: Ending) throws -> Data {
        struct Out: Encodable {
            let startedAt: String; let status: String; let exitStatus: Int32; let held: String?
            let inputs: Int; let files: [String: Int]; let responses: [String: Int]; let issues: [String: Int]
            let prefecturesReturned: Int?; let prefecturesTotal: Int?
            let municipalitiesReturned: Int?; let municipalitiesTotal: Int?; let coordinators: Int?
            let returns: [String: Returned]
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
                                   coordinators: coordinators,
                                   returns: Dictionary(returns.map { ($0.form, Returned(received: $0.received, expected: $0.expected)) },
                                                       uniquingKeysWith: { a, _ in a }),
                                   reports: e.run, latest: e.latest,
                                   seconds: (e.seconds * 1000).rounded() / 1000,
                                   issueStates: issuesByStatus, corrections: corrections, changes: changes))
        d.append(0x0A)
        return d
    }
}
