/// 数値: a whole number within `range:` (a count: 人, 件, 回). Full-width digits, thousands
/// commas, a trailing unit and `12.0` are read as written; an approximate number (約3件, 3件程度)
/// is read as its number with a warning asking for the exact one; a range (10〜20) is refused.
struct IntegerKind: CodebookKind {
    var id: String { "integer" }
    var name: String { "数値" }
    var isCount: Bool { true }
    var codebookKeys: [String] { ["range"] }

    func accepts(_ op: Condition.Operator) -> Bool { false }

    func read(_ f: YAMLFields, into q: inout Question, loader: CodebookLoader) throws(CodebookError) {
        guard f.has("range") else {
            throw f.error(.range, "type", "integer の設問 \(q.id) に `range:` がありません。`range: 最小..最大` を書き足してください（例：`range: 0..99`）。")
        }
        q.range = try loader.readRange(f)
    }

    func export(_ q: Question) -> [String] { q.range.map { ["range: \($0.lowerBound)..\($0.upperBound)"] } ?? [] }

    // MARK: the form

    func cells(of q: Question) -> [Int?] { [nil] }

    func formNote(_ q: Question) -> [String] {
        var parts: [String] = []
        if let range = q.range { parts.append("半角数字（\(range.lowerBound)〜\(range.upperBound)）") }
        return parts
    }

    func optionNote(_ o: Option) -> String { "" }

    func input(_ q: Question, option: Option?) -> FormInput {
        let range = q.range ?? 0...999_999
        return FormInput(look: .number, accepts: .wholeNumber(range), title: FormInput.promptTitle(q),
                         message: "\(range.lowerBound)〜\(range.upperBound)の整数を半角数字で入力してください。",
                         errorTitle: "入力エラー", errorMessage: "\(range.lowerBound)〜\(range.upperBound)の整数を入力してください。")
    }

    // MARK: a returned form

    func read(_ q: Question, cell: (Int?) -> WrittenValue?) -> KindReading {
        guard let raw = cell(nil), !Normalize.isBlank(raw) else { return .blank }
        func fail(_ rule: IssueRule, _ message: String) -> KindReading { .invalid([KindFinding(.error, rule, message)]) }
        func inRange(_ n: Int, note: KindFinding?) -> KindReading {
            if let r = q.range, !r.contains(n) {
                return fail(.range, "\(q.printedName)の回答「\(raw.written)」が範囲外です。\(r.lowerBound)～\(r.upperBound)の整数で記入してください。")
            }
            return .value(.integer(n), at: nil, note: note)
        }
        switch Normalize.integer(raw) {
        case .value(let n):
            return inRange(n, note: nil)
        case .fraction:
            return fail(.type, "\(q.printedName)の回答「\(raw.written)」は整数ではありません。小数を使わず整数で記入してください。")
        case .notANumber:
            // Only here, off the common path: the ways people write a number they are unsure of.
            if case .text(let s) = raw {
                switch ApproximateNumber.read(s) {
                case .approximate(let n)?:
                    return inRange(n, note: KindFinding(.warning, .approximate,
                                                        "\(q.printedName)の概数「\(raw.written)」を\(n)として集計しました。正確な数をご確認ください。"))
                case .range?:
                    return fail(.type, "\(q.printedName)の回答「\(raw.written)」は幅のある数です。1つの数（整数）で記入してください（例：15）。")
                case nil: break
                }
            }
            return fail(.type, "\(q.printedName)の回答「\(raw.written)」は数値として読めません。半角数字の整数のみを記入してください（単位や「約」は不要です）。")
        }
    }

    // MARK: counting and showing

    func tally(_ answer: AnswerValue, into tally: inout AnswerTally) -> Bool {
        guard case .integer(let n) = answer else { return false }
        tally.add(number: n)
        return true
    }

    func tableLines(_ q: Question) -> [TableLine] { [.sum, .mean, .median, .minimum, .maximum, .bands] }

    func display(_ answer: AnswerValue, _ q: Question) -> String {
        guard case .integer(let n) = answer else { return "" }
        return String(n)
    }

    func listed(_ answer: AnswerValue, _ q: Question) -> ListedAnswer {
        guard case .integer(let n) = answer else { return .text("") }
        return .number(n)
    }

    func listColumn(_ q: Question) -> ListColumn { .one(heading: "数値", width: .fixed(10)) }
    func csv(_ answer: AnswerValue, _ q: Question) -> (code: String, value: String) { ("", display(answer, q)) }

    func answer(previousCodes codes: [Int], value: String, _ q: Question) -> AnswerValue? { Int(value).map(AnswerValue.integer) }
    func wideColumns(_ q: Question) -> [WideColumn] { [WideColumn(id: "", heading: "")] }
    func wide(_ answer: AnswerValue?, _ q: Question) -> [WideField] {
        guard case .integer(let n)? = answer else { return [.empty] }
        return [.number(n)]
    }

    // MARK: simulating

    func plausibleAnswer(_ q: Question, rng: inout SplitMix64) -> AnswerValue? {
        let range = q.range ?? 0...100
        // Small counts are the most common.
        let n = range.lowerBound + rng.weighted((0..<min(range.count, 30)).map { 1.0 / Double($0 + 2) })
        return .integer(min(max(n, range.lowerBound), range.upperBound))
    }

    func typed(_ answer: AnswerValue, _ q: Question) -> [TypedCell] {
        guard case .integer(let n) = answer else { return [] }
        return [TypedCell(.number(Double(n)))]
    }

    func faults(_ answer: AnswerValue, _ q: Question) -> [KindFault] {
        guard case .integer(let n) = answer else { return [] }
        var faults: [KindFault] = []
        if let r = q.range {
            faults.append(KindFault("out-of-range", rule: .range, severity: .error) { rng in
                let v = AnswerValue.integer(r.upperBound + rng.int(1...30))
                return FaultyAnswer(cells: self.typed(v, q), value: v)
            })
        }
        faults.append(KindFault("full-width-digits") { _ in
            let w = Self.fullWidth(String(n))
            return FaultyAnswer(cells: [TypedCell(.text(w))], value: answer, written: w)
        })
        faults.append(KindFault("approximate", rule: .approximate) { rng in
            let w = rng.pick(["約\(n)", "\(n)程度", "\(n)くらい", "約\(Self.fullWidth(String(n)))件"])
            return FaultyAnswer(cells: [TypedCell(.text(w))], value: answer, written: w)
        })
        return faults
    }

    /// １２ for 12.
    static func fullWidth(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { c in
            ("0"..."9").contains(c) ? Unicode.Scalar(c.value - 0x30 + 0xFF10)! : c
        }))
    }
}

extension IssueRule {
    /// An approximate number (約3件) read as its number: warning, asks for the exact one.
    public static let approximate = IssueRule("approximate", label: "概数")
}

extension QuestionType {
    public static let integer = QuestionType(registered: "integer")
}
