import SurveyModel

/// A form's answer cells by the defined name that marks each, built once per run: every file
/// carries the same two hundred names, and looking each up here is cheaper than parsing it.
struct FormAnchors: Sendable {
    /// Every answer cell of the form, in form order.
    let keys: [AnswerKey]
    let keySet: Set<AnswerKey>
    /// `RK_M1_1_O3` → (M1_1, option 3), for every key, spelled as `renkei template` writes it.
    let byDefinedName: [String: AnswerKey]

    init(_ form: Form) {
        keys = AnswerKey.all(of: form)
        keySet = Set(keys)
        var names: [String: AnswerKey] = [:]
        for k in keys {
            let name = k.option.map { Anchor.definedName(question: k.question, option: $0) } ?? Anchor.definedName(question: k.question)
            names[name] = k
        }
        byDefinedName = names
    }

    /// The answer cell a defined name marks, or nil if it marks none of this form's.
    /// Names spelled otherwise (an office program's rewrite, `RK_M1_O03`) go through the parser.
    func key(definedName name: String) -> AnswerKey? {
        if let k = byDefinedName[name] { return k }
        guard name.utf8.starts(with: "RK_".utf8), let parsed = Anchor.parse(definedName: name) else { return nil }
        let k = AnswerKey(question: parsed.question, option: parsed.option)
        return keySet.contains(k) ? k : nil
    }
}
