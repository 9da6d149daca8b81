import Foundation
import SurveyModel

/// `answer-key.json`: what the simulated inbox should turn into, so tests can check the whole job.
public struct AnswerKey: Codable, Sendable {
    public var seed: UInt64
    public var codebookID: String
    public var codebookVersion: String
    /// 2-digit prefecture codes simulated.
    public var prefectures: [String]
    public var rates: FaultRates
    /// Every input of the inbox (a zip member is one input), sorted by path then member.
    public var files: [FileKey]
    /// Every respondent that has a readable submission, sorted.
    public var respondents: [RespondentKey]
    /// Respondents that never answered (`MUNI:…`), sorted.
    public var missing: [String]

    public struct FileKey: Codable, Sendable, Equatable {
        /// Path relative to the inbox.
        public var path: String
        /// Path inside a zip bundle.
        public var member: String?
        /// `accepted`, `acceptedWithErrors`, `superseded`, `rejected`, `skipped` (Ingest's LedgerState).
        public var state: String
        /// Ingest's reason code: `accepted`, `accepted-with-warnings`, `accepted-with-errors`,
        /// `superseded`, `legacy-xls`, `encrypted`, `lock-file`.
        public var reason: String
        /// `MUNI:131016`, `COORD:131016#2`; nil for lock files.
        public var respondent: String?
        /// docProps modified time written into the file (ISO 8601), when it is a workbook.
        public var modified: String?
        /// File-level faults: `inserted-rows`, `renamed-sheet`, `resubmitted`, `zip-bundle`, `legacy-xls`, …
        public var faults: [String]
    }

    public struct RespondentKey: Codable, Sendable, Equatable {
        public var respondent: String
        public var form: String
        public var code: String
        public var coordinatorNumber: Int?
        /// The file whose answers count (the latest accepted one).
        public var file: String
        /// What the respondent meant: the generated answers before any fault.
        public var truth: [String: KeyValue]
        /// What a validator should end with: faults corrected where they can be, invalid answers absent.
        public var expected: [String: KeyValue]
        public var faults: [InjectedFault]
        /// Issues Ingest should raise for the counted file (rule, severity, question).
        public var issues: [ExpectedIssue]
        /// Questions whose written answer is invalid and so counted as 無回答.
        public var noAnswer: [String]
    }

    /// An issue Ingest should raise: its rule id, `error` or `warning`, the question.
    public struct ExpectedIssue: Codable, Equatable, Hashable, Sendable {
        public var rule: String
        public var severity: String
        public var question: String
    }

    /// An answer in JSON: `{"single":2}`, `{"multi":[1,3]}`, `{"integer":12}`, `{"text":"…"}`.
    public enum KeyValue: Codable, Sendable, Equatable {
        case single(Int), multi([Int]), integer(Int), text(String)

        public init(_ v: AnswerValue) {
            switch v {
            case .single(let c): self = .single(c)
            case .multi(let cs): self = .multi(cs)
            case .integer(let n): self = .integer(n)
            case .text(let s): self = .text(s)
            }
        }

        private enum Tag: String, CodingKey { case single, multi, integer, text }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Tag.self)
            if let v = try c.decodeIfPresent(Int.self, forKey: .single) { self = .single(v) }
            else if let v = try c.decodeIfPresent([Int].self, forKey: .multi) { self = .multi(v) }
            else if let v = try c.decodeIfPresent(Int.self, forKey: .integer) { self = .integer(v) }
            else { self = .text(try c.decode(String.self, forKey: .text)) }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Tag.self)
            switch self {
            case .single(let v): try c.encode(v, forKey: .single)
            case .multi(let v): try c.encode(v, forKey: .multi)
            case .integer(let v): try c.encode(v, forKey: .integer)
            case .text(let v): try c.encode(v, forKey: .text)
            }
        }

        public var answerValue: AnswerValue {
            switch self {
            case .single(let c): .single(c)
            case .multi(let cs): .multi(cs)
            case .integer(let n): .integer(n)
            case .text(let s): .text(s)
            }
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> AnswerKey { try JSONDecoder().decode(AnswerKey.self, from: data) }

    public func respondent(_ key: String) -> RespondentKey? { respondents.first { $0.respondent == key } }
}


extension Dictionary where Key == String, Value == AnswerValue {
    var keyValues: [String: AnswerKey.KeyValue] { mapValues(AnswerKey.KeyValue.init) }
}
