/// 単一回答: one option, chosen from a dropdown. The answer is the option's code.
struct SingleChoiceKind: CodebookKind {
    var id: String { "single" }
    var name: String { "単一回答" }
    var isCount: Bool { false }
    var codebookKeys: [String] { ["options"] }

    func accepts(_ op: Condition.Operator) -> Bool { op == .equals || op == .notEquals }

    func read(_ f: YAMLFields, into q: inout Question, loader: CodebookLoader) throws(CodebookError) {
        q.options = try loader.readOptions(f, type: id, exclusiveAllowed: false)
    }

    func export(_ q: Question) -> [String] { CodebookExportLines.options(q.options) }

    // MARK: the form

    func cells(of q: Question) -> [Int?] { [nil] }
    func formNote(_ q: Question) -> [String] { ["▼から1つ選択"] }
    func optionNote(_ o: Option) -> String { "" }
    func input(_ q: Question, option: Option?) -> FormInput {
        .dropdown(q)
    }

    // MARK: a returned form

    func read(_ q: Question, cell: (Int?) -> WrittenValue?) -> KindReading {
        guard let raw = cell(nil), !Normalize.isBlank(raw) else { return .blank }
        guard let code = Normalize.option(raw, in: q.options) else {
            let list = q.options.map(\.listed).joined(separator: "／")
            return .invalid([KindFinding(.error, .unknownOption,
                                         "\(q.printedName)の回答「\(raw.written)」は選択肢にありません。次のいずれかを選んでください：\(list)")])
        }
        return .value(.single(code), at: nil)
    }

    // MARK: counting and showing

    func tally(_ answer: AnswerValue, into tally: inout AnswerTally) -> Bool {
        guard case .single(let code) = answer else { return false }
        tally.count(option: code)
        return true
    }

    func tableLines(_ q: Question) -> [TableLine] { q.options.map(TableLine.option) }

    func display(_ answer: AnswerValue, _ q: Question) -> String {
        guard case .single(let code) = answer else { return "" }
        return q.option(code: code)?.label ?? String(code)
    }

    func listed(_ answer: AnswerValue, _ q: Question) -> ListedAnswer { .text(display(answer, q)) }
    func listColumn(_ q: Question) -> ListColumn { .one(heading: "選択肢", width: .options) }

    func csv(_ answer: AnswerValue, _ q: Question) -> (code: String, value: String) {
        guard case .single(let c) = answer else { return ("", "") }
        return (String(c), q.option(code: c)?.label ?? "")
    }

    func answer(previousCodes codes: [Int], value: String, _ q: Question) -> AnswerValue? { codes.first.map(AnswerValue.single) }
    /// The code for counting, the label beside it for reading.
    func wideColumns(_ q: Question) -> [WideColumn] {
        [WideColumn(id: "", heading: "（コード）"), WideColumn(id: ".label", heading: "（選択肢名）")]
    }
    func wide(_ answer: AnswerValue?, _ q: Question) -> [WideField] {
        guard case .single(let c)? = answer else { return [.empty, .empty] }
        return [.number(c), .text(q.option(code: c)?.label ?? "")]
    }

    // MARK: simulating

    func plausibleAnswer(_ q: Question, rng: inout SplitMix64) -> AnswerValue? {
        guard !q.options.isEmpty else { return nil }
        // Earlier options are a little more common, as on most forms.
        return .single(q.options[rng.weighted(q.options.indices.map { 1.0 / Double($0 + 2) })].code)
    }

    func typed(_ answer: AnswerValue, _ q: Question) -> [TypedCell] { [TypedCell(.text(display(answer, q)))] }

    func faults(_ answer: AnswerValue, _ q: Question) -> [KindFault] {
        let label = display(answer, q)
        return [KindFault("stray-spaces") { rng in
            let pad = rng.pick([(" ", " "), ("", "　"), ("　", ""), (" ", "")])
            return FaultyAnswer(cells: [TypedCell(.text(pad.0 + label + pad.1))], value: answer)
        }]
    }
}

extension QuestionType {
    public static let single = QuestionType(registered: "single")
}
