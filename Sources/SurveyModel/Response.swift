/// Who answered a form: the form, the 団体コード and, for coordinators, their number.
public struct Respondent: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var form: FormID
    /// 6-digit 団体コード (for a coordinator: the 所属自治体's code).
    public var code: String
    /// コーディネーター番号, coordinator forms only.
    public var coordinatorNumber: Int?

    public init(form: FormID, code: String, coordinatorNumber: Int? = nil) {
        self.form = form; self.code = code; self.coordinatorNumber = coordinatorNumber
    }

    /// The 2-digit prefecture code the respondent belongs to.
    public var prefectureCode: String { String(code.prefix(2)) }

    /// Stable text key, e.g. `MUNI:131016`, `COORD:131016#3`.
    public var description: String {
        if let n = coordinatorNumber { return "\(form.rawValue):\(code)#\(n)" }
        return "\(form.rawValue):\(code)"
    }

    public static func < (a: Respondent, b: Respondent) -> Bool {
        (a.form, a.code, a.coordinatorNumber ?? 0) < (b.form, b.code, b.coordinatorNumber ?? 0)
    }
}

/// A normalized, valid answer. Blank and invalid answers are absent (counted as 無回答).
public enum AnswerValue: Sendable, Hashable {
    /// Option code.
    case single(Int)
    /// Chosen option codes, ascending.
    case multi([Int])
    case integer(Int)
    case text(String)
}

/// One respondent's accepted answers to one form.
public struct Response: Sendable, Equatable {
    public var respondent: Respondent
    /// Question id → valid answer. Identity and contact fields are included as `.text`/`.integer`.
    public var answers: [String: AnswerValue]

    public init(respondent: Respondent, answers: [String: AnswerValue]) {
        self.respondent = respondent; self.answers = answers
    }

    /// Whether `question` was asked of this respondent (its condition holds, or it has none).
    public func isAsked(_ question: Question) -> Bool {
        question.condition?.holds(in: answers) ?? true
    }
}

extension Respondent {
    /// How readers name a respondent (never the `MUNI:131016` key): 「市町村票（131016 千代田区）」,
    /// 「コーディネーター票（131016 千代田区 No.1）」.
    public func display(formTitle: String, name: String) -> String {
        var inside = code + (name.isEmpty ? "" : " " + name)
        if let n = coordinatorNumber { inside += " No.\(n)" }
        return formTitle + "（" + inside + "）"
    }
}

extension Respondent {
    /// Reads the stable text key back (`MUNI:131016`, `COORD:131016#3`), as hidden cells carry it.
    public init?(key: String) {
        let parts = key.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let form = FormID(rawValue: String(parts[0])) else { return nil }
        let rest = parts[1].split(separator: "#", maxSplits: 1)
        let code = String(rest[0])
        guard code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var number: Int?
        if rest.count == 2 { guard let n = Int(rest[1]) else { return nil }; number = n }
        self.init(form: form, code: code, coordinatorNumber: number)
    }
}
