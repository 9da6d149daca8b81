/// 複数回答: any number of options, a ○ in each chosen option's own row; `exclusive` options
/// (特にない) stand alone. The answer is the chosen codes, ascending.
struct MultiChoiceKind: CodebookKind {
    var id: String { "multi" }
    var name: String { "複数回答" }
    var isCount: Bool { false }
    var codebookKeys: [String] { ["options"] }

    func accepts(_ op: Condition.Operator) -> Bool { op == .includes }

    func read(_ f: YAMLFields, into q: inout Question, loader: CodebookLoader) throws(CodebookError) {
        q.options = try loader.readOptions(f, type: id, exclusiveAllowed: true)
    }

    func export(_ q: Question) -> [String] { CodebookExportLines.options(q.options) }

    // MARK: the form

    func cells(of q: Question) -> [Int?] { q.options.map(\.code) }
    func formNote(_ q: Question) -> [String] { ["当てはまるものすべての回答欄に「○」"] }
    func optionNote(_ o: Option) -> String { o.exclusive ? "他の選択肢と同時に選べません" : "" }
    func input(_ q: Question, option: Option?) -> FormInput {
        FormInput(look: .mark, accepts: .list(["○"]), title: "選択", message: "当てはまる場合は「○」を選択してください。",
                  errorTitle: "入力エラー", errorMessage: "「○」を選択するか、空欄にしてください。")
    }

    // MARK: a returned form

    /// A mark that is no mark drops the whole question (we cannot tell what was meant), as does
    /// an exclusive option chosen with others.
    func read(_ q: Question, cell: (Int?) -> WrittenValue?) -> KindReading {
        var chosen: [Int] = [], findings: [KindFinding] = []
        // By index: a copy of each option (its label and note retained and released) costs more than the mark.
        for i in q.options.indices {
            let code = q.options[i].code, raw = cell(code)
            switch Normalize.mark(raw) {
            case .chosen: chosen.append(code)
            case .notChosen: break
            case .invalid:
                let o = q.options[i]
                findings.append(KindFinding(.error, .invalidMark, option: o.code,
                                            "\(q.printedName)の選択肢「\(o.label)」の記入「\(raw?.written ?? "")」が選択の印として読めません。選ぶ選択肢には「○」を、選ばない選択肢は空欄にしてください。"))
            }
        }
        if !findings.isEmpty { return .invalid(findings) }
        guard let first = chosen.first else { return .blank }
        if chosen.count > 1, let e = q.options.first(where: { $0.exclusive && chosen.contains($0.code) }) {
            return .invalid([KindFinding(.error, .exclusive, option: e.code,
                                         "\(q.printedName)で「\(e.label)」と他の選択肢が同時に選ばれています。「\(e.label)」は他の選択肢と同時に選べません。どちらかに修正してください。")])
        }
        return .value(.multi(chosen.sorted()), at: first)
    }

    // MARK: counting and showing

    func tally(_ answer: AnswerValue, into tally: inout AnswerTally) -> Bool {
        guard case .multi(let codes) = answer, !codes.isEmpty else { return false }
        // Codes are ascending: a code listed twice by mistake still counts once.
        var previous = -1
        for code in codes where code != previous { tally.count(option: code); previous = code }
        return true
    }

    func tableLines(_ q: Question) -> [TableLine] { q.options.map(TableLine.option) }

    func display(_ answer: AnswerValue, _ q: Question) -> String {
        guard case .multi(let codes) = answer else { return "" }
        return codes.map { q.option(code: $0)?.label ?? String($0) }.joined(separator: "、")
    }

    func listed(_ answer: AnswerValue, _ q: Question) -> ListedAnswer {
        guard case .multi(let codes) = answer else { return .marks([]) }
        return .marks(codes)
    }

    func listColumn(_ q: Question) -> ListColumn { q.options.isEmpty ? .one(heading: "", width: .fixed(6.5)) : .perOption }

    func csv(_ answer: AnswerValue, _ q: Question) -> (code: String, value: String) {
        guard case .multi(let cs) = answer else { return ("", "") }
        return (cs.map(String.init).joined(separator: ";"), cs.map { q.option(code: $0)?.label ?? String($0) }.joined(separator: ";"))
    }

    func answer(previousCodes codes: [Int], value: String, _ q: Question) -> AnswerValue? {
        codes.isEmpty ? nil : .multi(Array(Set(codes)).sorted())
    }
    /// One 0/1 column per option, as analysts' tools expect.
    func wideColumns(_ q: Question) -> [WideColumn] {
        q.options.map { WideColumn(id: "." + String($0.code), heading: "：" + $0.label) }
    }
    func wide(_ answer: AnswerValue?, _ q: Question) -> [WideField] {
        guard case .multi(let codes)? = answer else { return q.options.map { _ in .empty } }
        return q.options.map { .number(codes.contains($0.code) ? 1 : 0) }
    }

    // MARK: simulating

    /// How often an exclusive option (特にない) is the answer, and each other option is chosen.
    static let exclusiveShare = 0.06, optionShare = 0.35
    static let markVariants = ["◯", "〇", "●", "✓", "1", "はい"]
    static let invalidMarks = ["△", "?", "×?"]

    func plausibleAnswer(_ q: Question, rng: inout SplitMix64) -> AnswerValue? {
        let exclusive = q.options.filter(\.exclusive)
        if !exclusive.isEmpty, rng.chance(Self.exclusiveShare) { return .multi([exclusive[0].code]) }
        let ordinary = q.options.filter { !$0.exclusive }
        var chosen = ordinary.filter { _ in rng.chance(Self.optionShare) }.map(\.code)
        if chosen.isEmpty, !ordinary.isEmpty { chosen = [rng.pick(ordinary).code] }
        return .multi(chosen.sorted())
    }

    func typed(_ answer: AnswerValue, _ q: Question) -> [TypedCell] { marks(answer, .text("○")) }

    private func marks(_ answer: AnswerValue, _ mark: WrittenValue) -> [TypedCell] {
        guard case .multi(let codes) = answer else { return [] }
        return codes.map { TypedCell(option: $0, mark) }
    }

    func faults(_ answer: AnswerValue, _ q: Question) -> [KindFault] {
        guard case .multi(let codes) = answer else { return [] }
        var faults: [KindFault] = []
        if let ex = q.options.first(where: \.exclusive), !codes.contains(ex.code) {
            let value = AnswerValue.multi((codes + [ex.code]).sorted())
            let cells = typed(value, q)
            faults.append(KindFault("exclusive-with-others", rule: .exclusive, severity: .error, option: ex.code) { _ in
                FaultyAnswer(cells: cells, value: value)
            })
        }
        if let free = q.options.first(where: { !codes.contains($0.code) && !$0.exclusive }) {
            let cells = typed(answer, q)
            faults.append(KindFault("invalid-mark", rule: .invalidMark, severity: .error, option: free.code) { rng in
                let mark = rng.pick(Self.invalidMarks)
                return FaultyAnswer(cells: cells + [TypedCell(option: free.code, .text(mark))], value: answer, written: mark)
            })
        }
        faults.append(KindFault("mark-variant") { rng in
            let m = rng.pick(Self.markVariants)
            return FaultyAnswer(cells: self.marks(answer, m == "1" ? .number(1) : .text(m)), value: answer, written: m)
        })
        return faults
    }
}

extension QuestionType {
    public static let multi = QuestionType(registered: "multi")
}
