import Foundation

/// 自由記述: free text, kept as the respondent wrote it (stray outer spaces aside), within
/// `max_length:`; contact fields (`format: email | phone`) must have the shape of one.
struct TextKind: CodebookKind {
    var id: String { "text" }
    var name: String { "自由記述" }
    var isCount: Bool { false }
    var codebookKeys: [String] { ["max_length", "format"] }

    func accepts(_ op: Condition.Operator) -> Bool { false }

    func read(_ f: YAMLFields, into q: inout Question, loader: CodebookLoader) throws(CodebookError) {
        q.maxLength = try f.int("max_length")
        if let fmt = try f.string("format") {
            guard let tf = TextFormat(rawValue: fmt) else {
                throw f.error(.unknownFormat, "format", "設問 \(q.id) の `format: \(fmt)` は使えません。email か phone にしてください。")
            }
            q.format = tf
        }
    }

    func export(_ q: Question) -> [String] {
        (q.maxLength.map { ["max_length: \($0)"] } ?? []) + (q.format.map { ["format: \($0.rawValue)"] } ?? [])
    }

    // MARK: the form

    func cells(of q: Question) -> [Int?] { [nil] }
    func formNote(_ q: Question) -> [String] { q.maxLength.map { ["\($0)字以内"] } ?? [] }
    func optionNote(_ o: Option) -> String { "" }

    func input(_ q: Question, option: Option?) -> FormInput {
        // Answers get a wide box; identity and contact fields (担当部署, 電話) a plain cell.
        if q.isTabulated {
            return FormInput(look: .textBox, accepts: q.maxLength.map { .textLength(min: nil, max: $0) }, title: FormInput.promptTitle(q),
                             message: q.maxLength.map { "\($0)字以内で記入してください。" } ?? "")
        }
        return FormInput(look: .text, accepts: .textLength(min: 0, max: q.maxLength ?? 255), title: FormInput.promptTitle(q),
                         message: q.format == .email ? "メールアドレスを入力してください。"
                             : q.format == .phone ? "電話番号を入力してください（例：03-1234-5678）。" : "入力してください。")
    }

    // MARK: a returned form

    func read(_ q: Question, cell: (Int?) -> WrittenValue?) -> KindReading {
        guard let raw = cell(nil), !Normalize.isBlank(raw) else { return .blank }
        func fail(_ rule: IssueRule, _ message: String) -> KindReading { .invalid([KindFinding(.error, rule, message)]) }
        let text: String
        switch q.format {
        case .email?: text = Normalize.key(raw.written)
        case .phone?: text = Self.phone(raw)
        case nil: text = Normalize.freeText(raw.written)
        }
        // A character is at least one byte: only text with more bytes than the limit needs counting.
        if let max = q.maxLength, text.utf8.count > max, text.count > max {
            return fail(.textLength, "\(q.printedName)の記入が\(text.count)文字あり、上限の\(max)文字を超えています。\(max)文字以内にまとめてください。")
        }
        switch q.format {
        case .email? where !Self.isEmail(text):
            return fail(.email, "「\(q.label)」の記入はメールアドレスの形式ではありません。name@example.lg.jp のように記入してください。")
        case .phone? where !Self.isPhone(text):
            return fail(.phone, "「\(q.label)」の記入は電話番号の形式ではありません。市外局番から 03-1234-5678 のように記入してください。")
        default:
            return .value(.text(text), at: nil)
        }
    }

    /// Phone numbers typed into a number cell lose their leading 0; put it back.
    static func phone(_ raw: WrittenValue) -> String {
        if case .number(let d) = raw, d > 0, d.rounded() == d { return "0" + String(Int(d)) }
        let key = Normalize.key(raw.written)
        return asciiPhone(key) ?? key.replacingOccurrences(of: "(", with: "-").replacingOccurrences(of: ")", with: "-")
            .split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
    }

    /// `phone`'s brackets-to-hyphens over bytes when the key is ASCII (nearly always: NFKC made
    /// full-width digits ASCII), where no character joins a hyphen; nil otherwise.
    static func asciiPhone(_ key: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(key.utf8.count)
        var pendingHyphen = false
        for b in key.utf8 {
            guard b < 0x80 else { return nil }
            if b == UInt8(ascii: "-") || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") {
                pendingHyphen = !out.isEmpty
            } else {
                if pendingHyphen { out.append(UInt8(ascii: "-")); pendingHyphen = false }
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Japanese numbers: 0 then 9 or 10 more digits, hyphens optional (fixed lines, mobiles, 0120).
    /// Over bytes: a digit or a hyphen is one byte, and any other byte fails (as any other character would).
    static func isPhone(_ s: String) -> Bool {
        var digits = 0, first: UInt8 = 0
        for b in s.utf8 where b != UInt8(ascii: "-") {
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return false }
            if digits == 0 { first = b }
            digits += 1
        }
        return first == UInt8(ascii: "0") && (10...11).contains(digits)
    }

    /// Over bytes: every character accepted is one ASCII byte, and a non-ASCII byte fails (String's
    /// character-wise split and search cost a hundred times more).
    static func isEmail(_ s: String) -> Bool {
        let u = Array(s.utf8)
        let dot = UInt8(ascii: ".")
        guard let at = u.firstIndex(of: UInt8(ascii: "@")), !u[(at + 1)...].contains(UInt8(ascii: "@")) else { return false }
        let local = u[..<at], domain = u[(at + 1)...]
        guard !local.isEmpty, domain.contains(dot), domain.first != dot, domain.last != dot,
              !zip(domain, domain.dropFirst()).contains(where: { $0 == dot && $1 == dot }) else { return false }
        return local.allSatisfy { isAlphanumeric($0) || localSymbols.contains($0) }
            && domain.allSatisfy { isAlphanumeric($0) || $0 == dot || $0 == UInt8(ascii: "-") }
    }

    /// ASCII letters and digits (an address with any other byte, e.g. full-width, is refused).
    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }

    /// The symbols RFC 5322 allows in the local part (besides letters and digits).
    private static let localSymbols: Set<UInt8> = Set(".!#$%&'*+/=?^_`{|}~-".utf8)

    // MARK: counting and showing

    func tally(_ answer: AnswerValue, into tally: inout AnswerTally) -> Bool {
        guard case .text(let t) = answer else { return false }
        return !t.isEmpty
    }

    func tableLines(_ q: Question) -> [TableLine] { [] }

    func display(_ answer: AnswerValue, _ q: Question) -> String {
        guard case .text(let t) = answer else { return "" }
        return t
    }

    func listed(_ answer: AnswerValue, _ q: Question) -> ListedAnswer { .text(display(answer, q)) }
    func listColumn(_ q: Question) -> ListColumn { .one(heading: "", width: .answers) }
    func csv(_ answer: AnswerValue, _ q: Question) -> (code: String, value: String) { ("", display(answer, q)) }

    func answer(previousCodes codes: [Int], value: String, _ q: Question) -> AnswerValue? { value.isEmpty ? nil : .text(value) }
    func wideColumns(_ q: Question) -> [WideColumn] { [WideColumn(id: "", heading: "")] }
    func wide(_ answer: AnswerValue?, _ q: Question) -> [WideField] {
        guard case .text(let t)? = answer else { return [.empty] }
        return [.text(t)]
    }

    // MARK: simulating

    /// How often an optional free-text question is answered.
    static let freeTextShare = 0.15

    /// Without the codebook's words (Simulate writes from them), a text naming no survey fact.
    func plausibleAnswer(_ q: Question, rng: inout SplitMix64) -> AnswerValue? {
        if !q.required, !rng.chance(Self.freeTextShare) { return nil }
        return .text(String("記入例".prefix(q.maxLength ?? 3)))
    }

    func typed(_ answer: AnswerValue, _ q: Question) -> [TypedCell] { [TypedCell(.text(display(answer, q)))] }
    func faults(_ answer: AnswerValue, _ q: Question) -> [KindFault] { [] }
}

extension QuestionType {
    public static let text = QuestionType(registered: "text")
}
