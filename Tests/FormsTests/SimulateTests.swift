import Foundation
import Testing
import Ingest
import SurveyModel
import XLSXReader
@testable import Simulate

/// Two prefectures with a fixed seed: the answer key agrees with the files, and Ingest agrees with the key.
@Suite(.serialized) struct SimulateTests {
    static let out = Fixture.tempDir("simulate")
    static let key: Simulate.AnswerKey = {
        let plan = Simulation.plan(SimulationOptions(seed: 42, prefectures: ["13", "27"]))
        return try! Simulation.write(plan, to: out)
    }()
    var inbox: URL { _ = Self.key; return Self.out.appendingPathComponent("inbox") }

    @Test func sameSeedSamePlan() throws {
        let a = Simulation.plan(SimulationOptions(seed: 42, prefectures: ["13", "27"])).key
        #expect(try a.encoded() == Self.key.encoded())
        let decoded = try Simulate.AnswerKey.decode(Data(contentsOf: Self.out.appendingPathComponent("answer-key.json")))
        #expect(decoded.respondents == Self.key.respondents)
    }

    @Test func everyFaultKindIsPresent() {
        let fileFaults = Set(Self.key.files.flatMap(\.faults))
        for kind in ["legacy-xls", "encrypted", "lock-file", "resubmitted", "correction", "zip-bundle"] {
            #expect(fileFaults.contains(kind), "no \(kind)")
        }
        let valueFaults = Set(Self.key.respondents.flatMap { $0.faults.map(\.kind) })
        for kind in ["full-width-digits", "mark-variant", "sum-mismatch", "answered-though-skipped"] {
            #expect(valueFaults.contains(kind), "no \(kind)")
        }
        #expect(!Self.key.missing.isEmpty)
        #expect(Set(Self.key.files.map(\.state)).isSuperset(of: ["accepted", "superseded", "rejected", "skipped"]))
    }

    /// Loose workbooks read back give the typed answers of the key (through the anchors).
    @Test func filesAgreeWithTheKey() throws {
        let cb = Codebook.r5
        var checked = 0
        for r in Self.key.respondents where !r.file.contains("!") && r.faults.isEmpty {
            let back = try ReadBack(inbox.appendingPathComponent(r.file))
            #expect(back.meta["form_id"] == r.form)
            let form = cb.form(FormID(rawValue: r.form)!)!
            for (qid, value) in r.truth {
                let q = form.question(qid)!
                switch value {
                case .single(let c): #expect(back.value(qid) == q.option(code: c)?.label)
                case .multi(let cs):
                    for o in q.options { #expect((back.value("\(qid)#\(o.code)") == "○") == cs.contains(o.code), "\(r.respondent) \(qid)#\(o.code)") }
                case .integer(let n): #expect(back.value(qid) == String(n))
                case .text(let s): #expect(back.value(qid) == s)
                }
            }
            checked += 1
            if checked >= 40 { break }
        }
        #expect(checked > 10)
    }

    /// Ingest run over the simulated inbox ends every input in the state the key predicts,
    /// and finds the expected answers and issues.
    @Test func ingestMatchesTheKey() throws {
        let result = Ingestion.ingest(inbox: inbox, options: .r5)
        var states: [String: String] = [:]
        for e in result.ledger { states[e.input.description] = e.state.rawValue }
        var mismatches: [String] = []
        for f in Self.key.files {
            let id = f.member.map { "\(f.path)!\($0)" } ?? f.path
            if states[id] != f.state { mismatches.append("\(id): ingest \(states[id] ?? "nil"), key \(f.state)") }
        }
        let extra = result.issues.filter { $0.severity == .error }.map { "\($0.input) \($0.rule.rawValue) \($0.question ?? "") \($0.value ?? "") \($0.message)" }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10)) \(extra.prefix(8))")
        let responses = Dictionary(result.responses.map { ($0.respondent.description, $0) }, uniquingKeysWith: { a, _ in a })
        var answerMismatches: [String] = []
        for r in Self.key.respondents {
            guard let got = responses[r.respondent] else { answerMismatches.append("\(r.respondent): no response"); continue }
            for (qid, v) in r.expected where got.answers[qid] != v.answerValue {
                answerMismatches.append("\(r.respondent) \(qid): ingest \(String(describing: got.answers[qid])), key \(v)")
            }
            let tabulated = got.answers.keys.filter { Codebook.r5.form(FormID(rawValue: r.form)!)!.question($0)?.identity == nil }
            for qid in tabulated where r.expected[qid] == nil { answerMismatches.append("\(r.respondent) \(qid): extra") }
        }
        #expect(answerMismatches.isEmpty, "\(answerMismatches.prefix(10))")
        var issueMismatches: [String] = []
        let tabulatedRules: Set<String> = ["range", "exclusive", "invalid-mark", "not-asked", "required", "sum", "approximate"]
        for r in Self.key.respondents {
            let file = r.file
            let got = Set(result.issues.filter { $0.input.description == file && tabulatedRules.contains($0.rule.rawValue) }
                .map { Simulate.AnswerKey.ExpectedIssue(rule: $0.rule.rawValue, severity: $0.severity.rawValue, question: $0.question ?? "") })
            if got != Set(r.issues) { issueMismatches.append("\(r.respondent): ingest \(got), key \(r.issues)") }
        }
        #expect(issueMismatches.isEmpty, "\(issueMismatches.prefix(5))")
    }
}
