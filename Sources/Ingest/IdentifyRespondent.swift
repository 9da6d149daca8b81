import SurveyModel

/// Who answered: 団体コード and coordinator number from the form's identity cells,
/// cross-checked against the meta block and the master list.
enum IdentifyRespondent {
    struct Outcome {
        var respondent: Respondent?
        /// Identity answers to store in the Response (code, names, coordinator number).
        var answers: [String: AnswerValue] = [:]
        var issues: [Issue] = []
        var rejection: RejectReason?
    }

    static func run(form: Form, extracted: ExtractedForm, master: MasterIndex, input: InputID) -> Outcome {
        var out = Outcome()
        let meta = extracted.meta
        let codeQ = form.identity(.code)
        let codeCell = codeQ.flatMap { extracted.cell($0.id) }
        func reject(_ r: RejectReason, _ rule: Issue.Rule, _ message: String) -> Outcome {
            out.rejection = r
            out.issues.append(Issue(.error, rule, input: input, sheet: codeCell?.sheet, cell: codeCell?.ref,
                                    question: codeQ?.id, questionLabel: codeQ?.label,
                                    value: codeCell?.raw?.written, message: message))
            return out
        }

        // The typed code wins over the meta block: a blank coordinator form has only the typed one.
        let written = codeCell?.raw.flatMap(code(from:))
        guard let code = written ?? meta.code.flatMap({ code(from: .text($0)) }) else {
            return reject(.missingCode, .unknownCode, RejectReason.missingCode.reason.message)
        }
        if form.audience != .eachCoordinator, let metaCode = meta.code, metaCode != code {
            let r = RejectReason.codeMismatch(written: code, form: master.name(of: metaCode) ?? metaCode)
            return reject(r, .codeMismatch, r.reason.message)
        }
        guard MasterIndex.hasValidCheckDigit(code) else {
            return reject(.checkDigit(code), .checkDigit, RejectReason.checkDigit(code).reason.message)
        }
        let pref = master.prefectures[code], muni = master.municipalities[code]
        let known = switch form.audience {
        case .eachPrefecture: pref != nil
        case .eachMunicipality: muni != nil
        case .eachCoordinator: pref != nil || muni != nil
        }
        guard known else {
            return reject(.unknownCode(code), .unknownCode, RejectReason.unknownCode(code).reason.message)
        }
        if let codeQ { out.answers[codeQ.id] = .text(code) }

        // Names are prefilled; a different name means the wrong form was used or edited: ask, keep.
        let expectedPref = muni?.prefectureName ?? pref?.name
        for (role, expected) in [(IdentityRole.prefectureName, expectedPref), (.municipalityName, muni?.name)] {
            guard let q = form.identity(role), let cell = extracted.cell(q.id), let raw = cell.raw else { continue }
            let typed = Normalize.text(raw.written)
            out.answers[q.id] = .text(typed)
            if let expected, Normalize.key(typed) != Normalize.key(expected) {
                out.issues.append(Issue(.warning, .nameMismatch, input: input, sheet: cell.sheet, cell: cell.ref,
                                        question: q.id, questionLabel: q.label, value: raw.written,
                                        message: "\(q.label)「\(typed)」が団体コード\(code)の名称「\(expected)」と一致しません。団体コードと名称を確認してください。"))
            }
        }

        var number: Int?
        if form.audience == .eachCoordinator {
            let q = form.identity(.coordinatorNumber)
            let cell = q.flatMap { extracted.cell($0.id) }
            if let raw = cell?.raw {
                if case .value(let n) = Normalize.integer(raw), (1...99).contains(n) { number = n }
                else {
                    out.rejection = .coordinatorNumber(raw.written)
                    out.issues.append(Issue(.error, .coordinatorNumber, input: input, sheet: cell?.sheet, cell: cell?.ref,
                                            question: q?.id, questionLabel: q?.label, value: raw.written,
                                            message: RejectReason.coordinatorNumber(raw.written).reason.message))
                    return out
                }
            } else if let m = meta.coordinatorNumber, (1...99).contains(m) {
                number = m
            } else {
                out.rejection = .coordinatorNumber(nil)
                out.issues.append(Issue(.error, .coordinatorNumber, input: input, sheet: cell?.sheet, cell: cell?.ref,
                                        question: q?.id, questionLabel: q?.label,
                                        message: RejectReason.coordinatorNumber(nil).reason.message))
                return out
            }
            if let q, let number { out.answers[q.id] = .integer(number) }
        }
        out.respondent = Respondent(form: form.id, code: code, coordinatorNumber: number)
        for i in out.issues.indices { out.issues[i].respondent = out.respondent }
        return out
    }

    /// 団体コード as typed: full-width digits forgiven; a number cell lost its leading zero
    /// (11002 → 011002); five typed digits are the code without check digit, which we complete.
    static func code(from raw: RawValue) -> String? {
        switch raw {
        case .number(let d):
            guard d >= 0, d < 1_000_000, d.rounded() == d else { return nil }
            let s = String(Int(d))
            return String(repeating: "0", count: 6 - s.count) + s
        case .text(let t):
            var k = Normalize.key(t)
            if k.utf8.contains(UInt8(ascii: "-")) { k = String(k.unicodeScalars.filter { $0 != "-" }.map(Character.init)) }
            guard !k.isEmpty else { return nil }
            if k.count == 5, let c = MasterIndex.checkDigit(of: k) { return k + String(c) }
            return k
        default:
            return nil
        }
    }
}
