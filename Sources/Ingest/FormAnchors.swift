import SurveyModel
import Synchronization

/// A form's answer cells by the defined name that marks each, built once per run: every file
/// carries the same two hundred names, and looking each up here is cheaper than parsing it.
struct FormAnchors: Sendable {
    /// Every answer cell of the form, in form order.
    let keys: [AnswerKey]
    /// Position of each key in `keys`.
    let position: [AnswerKey: Int]
    /// `RK_M1_1_O3` → position of (M1_1, option 3), spelled as `renkei template` writes it.
    private let byDefinedName: [String: Int]
    /// The last file's anchor names and what they chose: files of one layout carry the same names.
    let lastLayout = NameLayout()

    init(_ form: Form) {
        keys = AnswerKey.all(of: form)
        var position: [AnswerKey: Int] = [:]
        var names: [String: Int] = [:]
        for (i, k) in keys.enumerated() {
            position[k] = position[k] ?? i
            let name = k.option.map { Anchor.definedName(question: k.question, option: $0) } ?? Anchor.definedName(question: k.question)
            names[name] = names[name] ?? i
        }
        self.position = position
        byDefinedName = names
    }

    /// Position in `keys` of the answer cell a defined name marks, or nil if it marks none of
    /// this form's. Names spelled otherwise (an office program's rewrite, `RK_M1_O03`) go
    /// through the parser.
    func index(definedName name: String) -> Int? {
        if let i = byDefinedName[name] { return i }
        guard name.utf8.starts(with: Anchor.definedNamePrefix.utf8), let parsed = Anchor.parse(definedName: name) else { return nil }
        return position[AnswerKey(question: parsed.question, option: parsed.option)]
    }
}

/// The anchor names of the file read last and, per answer cell, which of them marks it
/// (`Extract.cells`): a file of the same layout is served by comparing its names with these
/// (the same strings, so nearly free), never by trusting that the layout is the same.
final class NameLayout: Sendable {
    private let last = Mutex<(names: [String], chosen: [Int])?>(nil)

    /// The choice made for exactly these names, if they are the last file's.
    func chosen(for names: [WorkbookSnapshot.AnchorCell]) -> [Int]? {
        last.withLock { l in
            guard let l, l.names.count == names.count else { return nil }
            for i in names.indices where l.names[i] != names[i].name { return nil }
            return l.chosen
        }
    }

    func remember(_ names: [WorkbookSnapshot.AnchorCell], chosen: [Int]) {
        let n = names.map(\.name)
        last.withLock { $0 = (n, chosen) }
    }
}
