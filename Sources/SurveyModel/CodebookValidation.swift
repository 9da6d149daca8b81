import Foundation

/// Checks that need the whole form: ids usable as Excel names, conditions and `sum_of` pointing
/// at real questions of the right type, and the identity fields every returned file is matched by.
struct CodebookValidation {
    let source: String

    func resolve(_ draft: FormDraft) throws(CodebookError) -> Form {
        let formName = "調査票 \(draft.form.id.rawValue)"
        var sectionIDs: [String: Int] = [:]
        for s in draft.sections {
            try checkID(s.section.id, what: "セクションの id", line: s.line)
            if let first = sectionIDs[s.section.id.lowercased()] {
                throw CodebookError(.duplicateID, source: source, line: s.line,
                                    "セクションの id `\(s.section.id)` が\(formName.particle("で")) 2 回使われています（最初は \(first) 行目）。どちらかの名前を変えてください。")
            }
            sectionIDs[s.section.id.lowercased()] = s.line
        }

        let drafts = draft.sections.flatMap(\.questions)
        // Excel defined names ignore case, so `m1` and `M1` would be the same name RK_M1.
        var position: [String: Int] = [:]
        for (i, d) in drafts.enumerated() {
            let id = d.question.id
            try checkID(id, what: "設問の id", line: d.idLine)
            if let j = position[id.lowercased()] {
                let other = drafts[j].question.id
                let message = other == id
                    ? "設問の id `\(id)` が\(formName.particle("で")) 2 回使われています（最初は \(drafts[j].idLine) 行目）。どちらかの名前を変えてください。"
                    : "設問の id `\(id)` は\(formName.particle("の")) \(drafts[j].idLine) 行目の `\(other)` と大文字・小文字だけが違います。Excel の名前では区別されないので、どちらかの名前を変えてください。"
                throw CodebookError(.duplicateID, source: source, line: d.idLine, message)
            }
            position[id.lowercased()] = i
        }

        // A previous id that is still a current id would match last year's answers to the wrong question.
        var previous: [String: Int] = [:]
        for d in drafts {
            guard let p = d.question.previousID else { continue }
            if let j = position[p.lowercased()] {
                let other = drafts[j].question
                let whose = other.id == d.question.id ? "この設問自身" : "設問 \(other.id)"
                throw CodebookError(.previousID, source: source, line: d.previousIDLine,
                                    "設問 \(d.question.id) の `previous_id: \(p)` は、\(formName.particle("の"))\(whose)（\(drafts[j].idLine) 行目）の今回の id でもあります。id を変えていない設問なら previous_id を消し、そうでなければ今回の設問の id を変えてください。")
            }
            if let first = previous[p.lowercased()] {
                throw CodebookError(.previousID, source: source, line: d.previousIDLine,
                                    "`previous_id: \(p)` が\(formName.particle("で")) 2 回あります（最初は \(first) 行目）。前回の設問を引き継げるのは 1 つの設問だけです。")
            }
            previous[p.lowercased()] = d.previousIDLine
        }
        try onePerForm(drafts, \.question.role, .role, formName: formName, what: "role", marks: "設問")

        var resolved: [Question] = []
        for (i, d) in drafts.enumerated() {
            var q = d.question
            if let text = d.when {
                q.condition = try condition(text, line: d.whenLine, of: q.id, at: i, in: drafts, position: position)
            }
            if let parts = q.sumOf { try checkSumOf(parts, of: q.id, line: d.sumOfLine, in: drafts, position: position) }
            resolved.append(q)
        }
        QuestionNumbering.assign(&resolved, blocks: drafts.map(\.block))
        // Two questions printed with one 問番号 make 「問20で…の場合のみ」 and every reply ambiguous.
        var numbered: [String: Int] = [:]
        for (i, q) in resolved.enumerated() where q.isTabulated && !q.number.isEmpty {
            if let j = numbered[q.number] {
                throw CodebookError(.duplicateID, source: source, line: drafts[i].line,
                                    "\(formName.particle("で"))設問 \(q.id)（\(drafts[i].line) 行目）と設問 \(resolved[j].id)（\(drafts[j].line) 行目）がどちらも「\(q.number)」になっています。それぞれに別の `no:` を付けてください（`no:` を消すと調査票の順に番号が付きます）。")
            }
            numbered[q.number] = i
        }

        let identities = try onePerForm(drafts, \.question.identity, .identity, formName: formName,
                                        what: "identity", marks: "欄")
        if identities[.code] == nil {
            throw CodebookError(.identity, source: source, line: draft.line,
                                "\(formName.particle("に"))団体コードの欄がありません。基本情報のセクションに `identity: code` の設問を加えてください（ないと、返送されたファイルを回答者と結び付けられません）。")
        }

        var form = draft.form
        var next = resolved[...]
        form.sections = draft.sections.map { s in
            var section = s.section
            section.questions = Array(next.prefix(s.questions.count))
            next = next.dropFirst(s.questions.count)
            return section
        }
        return form
    }

    /// Forms that must fit together: one category matrix, one coordinator form, numbered
    /// coordinators, and a coordinator count only when there are coordinators to count.
    func checkAudiences(_ drafts: [FormDraft]) throws(CodebookError) {
        try checkNames(drafts)
        let matrix = drafts.filter(\.form.feedsCategoryMatrix)
        if matrix.count > 1 {
            throw CodebookError(.unknownAudience, source: source, line: matrix[1].matrixLine,
                                "調査票 \(matrix[0].form.id.rawValue) と \(matrix[1].form.id.rawValue) の両方に `category_matrix: true` があります。場面・テーマ別の集計表は 1 つの調査票から作るので、どちらかを消してください。")
        }
        let coordinators = drafts.filter { $0.form.audience == .eachCoordinator }
        if coordinators.count > 1 {
            throw CodebookError(.unknownAudience, source: source, line: coordinators[1].audienceLine,
                                "調査票 \(coordinators[0].form.id.rawValue) と \(coordinators[1].form.id.rawValue) の両方が `audience: coordinator` です。コーディネーター数（`role: coordinator_count`）は 1 つの調査票のファイルを数えるので、1 つにしてください。")
        }
        for c in coordinators where !c.sections.flatMap(\.questions).contains(where: { $0.question.identity == .coordinatorNumber }) {
            throw CodebookError(.identity, source: source, line: c.audienceLine,
                                "調査票 \(c.form.id.rawValue) は `audience: coordinator` ですが、コーディネーター番号の欄（`identity: coordinator_number`）がありません。加えてください（ないと、1 つの自治体のコーディネーターを区別できません）。")
        }
        if coordinators.isEmpty {
            for d in drafts {
                for q in d.sections.flatMap(\.questions) where q.question.role == .coordinatorCount {
                    throw CodebookError(.role, source: source, line: q.line,
                                        "調査票 \(d.form.id.rawValue) の設問 \(q.question.id) に `role: coordinator_count` がありますが、`audience: coordinator` の調査票がありません。コーディネーターの調査票を加えるか、この role を消してください。")
                }
            }
        }
    }

    /// A form's title and list sheet name sheets (Excel: at most 31 characters, none of []:*?/\),
    /// its file stem names files; each is one form's alone.
    func checkNames(_ drafts: [FormDraft]) throws(CodebookError) {
        var seen: [String: (form: FormID, key: String)] = [:]
        for d in drafts {
            let f = d.form
            for (key, text, sheet) in [("title", f.title, true), ("list_sheet", f.listSheet, true), ("file_stem", f.fileStem, false)] {
                let line = d.nameLines[key] ?? d.line
                let bad = sheet ? "[]:*?/\\" : "/\\:*?\"<>|"
                if let c = text.first(where: { bad.contains($0) }) {
                    throw CodebookError(.invalidValue, source: source, line: line,
                                        "調査票 \(f.id.rawValue) の `\(key)`「\(text)」に、\(sheet ? "Excel のシート名" : "ファイル名")に使えない「\(c)」があります。取り除いてください。")
                }
                if sheet, text.count > 31 {
                    throw CodebookError(.invalidValue, source: source, line: line,
                                        "調査票 \(f.id.rawValue) の `\(key)`「\(text)」は \(text.count) 文字です。シート名になるので、Excel の上限の 31 文字以内にしてください。")
                }
                let slot = (sheet ? "sheet:" : "file:") + text
                if let other = seen[slot], other.form != f.id || other.key != key {
                    if other.form == f.id { continue }  // a form's list sheet may be its title
                    throw CodebookError(.duplicateID, source: source, line: line,
                                        "調査票 \(f.id.rawValue) の `\(key)`「\(text)」は、調査票 \(other.form.rawValue) の `\(other.key)` と同じです。調査票ごとに別の名前にしてください。")
                }
                seen[slot] = (f.id, key)
            }
        }
    }

    /// A role marks one question of a form: the first line of each, or an error at the second.
    @discardableResult
    func onePerForm<R: Hashable & RawRepresentable<String>>(
        _ drafts: [QuestionDraft], _ key: KeyPath<QuestionDraft, R?>, _ kind: CodebookError.Kind,
        formName: String, what: String, marks: String
    ) throws(CodebookError) -> [R: Int] {
        var seen: [R: Int] = [:]
        for d in drafts {
            guard let r = d[keyPath: key] else { continue }
            if let first = seen[r] {
                throw CodebookError(kind, source: source, line: d.line,
                                    "`\(what): \(r.rawValue)` が\(formName.particle("で")) 2 回あります（最初は \(first) 行目）。1 つの\(marks)にだけ付けてください。")
            }
            seen[r] = d.line
        }
        return seen
    }

    /// Ids become Excel defined names `RK_<id>` and hidden-column keys: letters, digits and `_`.
    func checkID(_ id: String, what: String, line: Int) throws(CodebookError) {
        if id.contains("{") {
            throw CodebookError(.invalidID, source: source, line: line,
                                "\(what) `\(id)` に `{cat}` や `{category}` があります。これらは `for_each_category` ブロックの中でだけ使えます。")
        }
        guard let first = id.unicodeScalars.first, first.isASCIILetter,
              id.unicodeScalars.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw CodebookError(.invalidID, source: source, line: line,
                                "\(what) `\(id)` は使えません。英字 A–Z で始め、半角の英字・数字・`_` だけで書いてください（例：Q6_area_1）。")
        }
        // `_O3` at the end is how option cells are named (RK_M1_1_O3); a question must not look like one.
        let tail = id.reversed().prefix { $0.isASCII && $0.isNumber }
        if what == "設問の id", !tail.isEmpty, id.dropLast(tail.count).hasSuffix("_O") {
            throw CodebookError(.invalidID, source: source, line: line,
                                "設問の id `\(id)` は `_O` と数字で終わっています。この形は選択肢のセルの名前（`RK_<id>_O<n>`）に使うので、`\(id.dropLast(tail.count + 2))_\(String(tail.reversed()))` のように名前を変えてください。")
        }
    }

    /// `M2 = 設置している`, `M1 != 直営のみ`, `M9 includes その他` or `M9 includes 26`.
    func condition(_ text: String, line: Int, of id: String, at index: Int, in drafts: [QuestionDraft],
                   position: [String: Int]) throws(CodebookError) -> Condition {
        func fail(_ kind: CodebookError.Kind, _ m: String) -> CodebookError {
            CodebookError(kind, source: source, line: line, "設問 \(id) の条件 `when: \"\(text)\"` について、\(m)")
        }
        guard let (lhs, op, rhs) = Self.split(text) else {
            throw fail(.condition, "書き方が読み取れません。`設問 = 選択肢`、`設問 != 選択肢`、`設問 includes 選択肢` のいずれかの形で書いてください。")
        }
        guard let j = position[lhs.lowercased()], drafts[j].question.id == lhs else {
            throw fail(.condition, "この調査票に設問 `\(lhs)` はありません。\(Self.didYouMean(lhs, in: drafts.map(\.question)))")
        }
        guard j < index else {
            throw fail(.conditionOrder, j == index
                ? "設問は自分自身を条件にできません。前にある、この設問の前提となる設問を書いてください。"
                : "\(lhs) は調査票で \(id) より後にあります。条件には前にある設問を書いてください（または \(id) を \(lhs) の後ろに移してください）。")
        }
        let target = drafts[j].question
        guard target.kind.accepts(op) else {
            let fitting = [Condition.Operator.equals, .notEquals, .includes].filter(target.kind.accepts).map { "`\($0.rawValue)`" }
            let advice = fitting.isEmpty ? "別の設問を条件にしてください。" : "\(fitting.joinedAsAlternatives.particle("を"))使ってください。"
            let kinds = QuestionKinds.all.filter { $0.accepts(op) }.map(\.id)
            throw fail(.conditionType, "`\(op.rawValue)` は \(kinds.joined(separator: "、")) の設問に使うものですが、\(lhs) は \(target.type.rawValue) です。\(advice)")
        }
        let option = target.option(label: rhs) ?? Int(rhs).flatMap { target.option(code: $0) }
        guard let option else {
            let labels = target.options.map(\.listed).joined(separator: " / ")
            let hint = YAMLFields.didYouMean(rhs, in: target.options.map(\.label), quoted: true)
            throw fail(.condition, "\(lhs) に選択肢「\(rhs)」はありません。\(hint)選択肢は \(labels) です。")
        }
        return Condition(question: target.id, op: op, option: option.code)
    }

    /// 「`M12` の書き間違いではありませんか。」 for a misspelt or last year's question id: a question
    /// renamed from it (`previous_id`) first, then the same id in another case, then the closest id.
    static func didYouMean(_ id: String, in questions: [Question]) -> String {
        if let renamed = questions.first(where: { $0.previousID?.lowercased() == id.lowercased() }) {
            return "`\(id)` は設問 \(renamed.id) の前回の id（previous_id）です。`\(renamed.id)` のことではありませんか。"
        }
        if let same = questions.first(where: { $0.id.lowercased() == id.lowercased() }) { return "`\(same.id)` の書き間違いではありませんか。" }
        return YAMLFields.didYouMean(id, in: questions.map(\.id))
    }

    static func split(_ text: String) -> (String, Condition.Operator, String)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let ops: [(String, Condition.Operator)] = [(" includes ", .includes), ("!=", .notEquals), ("≠", .notEquals), ("=", .equals)]
        for (token, op) in ops {
            guard let r = t.range(of: token) else { continue }
            let lhs = t[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
            let rhs = t[r.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !lhs.isEmpty, !rhs.isEmpty else { return nil }
            return (lhs, op, rhs)
        }
        return nil
    }

    func checkSumOf(_ parts: [String], of id: String, line: Int, in drafts: [QuestionDraft],
                    position: [String: Int]) throws(CodebookError) {
        if parts.isEmpty {
            throw CodebookError(.sumOf, source: source, line: line, "設問 \(id) の `sum_of` が空です。合計する設問を並べるか、`sum_of` を消してください。")
        }
        for p in parts {
            guard let j = position[p.lowercased()], drafts[j].question.id == p else {
                throw CodebookError(.sumOf, source: source, line: line, "設問 \(id) の `sum_of` にある `\(p)` は、この調査票の設問ではありません。\(Self.didYouMean(p, in: drafts.map(\.question)))")
            }
            guard drafts[j].question.kind.isCount, p != id else {
                throw CodebookError(.sumOf, source: source, line: line,
                                    p == id ? "設問 \(id) の `sum_of` に設問 \(id) 自身があります。内訳の設問だけを並べてください。"
                                            : "設問 \(id) の `sum_of` にある \(p) は \(drafts[j].question.type.rawValue) の設問です。内訳には integer の設問だけを並べてください。")
            }
        }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
