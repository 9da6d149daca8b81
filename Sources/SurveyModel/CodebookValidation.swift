import Foundation

/// Checks that need the whole form: ids usable as Excel names, conditions and `sum_of` pointing
/// at real questions of the right type, and the identity fields every returned file is matched by.
struct CodebookValidation {
    let source: String

    func resolve(_ draft: FormDraft) throws(CodebookError) -> Form {
        let formName = "form \(draft.form.id.rawValue)"
        var sectionIDs: [String: Int] = [:]
        for s in draft.sections {
            try checkID(s.section.id, what: "section", line: s.line)
            if let first = sectionIDs[s.section.id.lowercased()] {
                throw CodebookError(.duplicateID, source: source, line: s.line,
                                    "section id `\(s.section.id)` is used twice in \(formName) (first at line \(first)); rename one.")
            }
            sectionIDs[s.section.id.lowercased()] = s.line
        }

        let drafts = draft.sections.flatMap(\.questions)
        // Excel defined names ignore case, so `m1` and `M1` would be the same name RK_M1.
        var position: [String: Int] = [:]
        for (i, d) in drafts.enumerated() {
            let id = d.question.id
            try checkID(id, what: "question", line: d.idLine)
            if let j = position[id.lowercased()] {
                let other = drafts[j].question.id
                let same = other == id ? "is used twice" : "clashes with `\(other)` (ids ignore case in Excel names)"
                throw CodebookError(.duplicateID, source: source, line: d.idLine,
                                    "question id `\(id)` \(same) in \(formName) (first at line \(drafts[j].idLine)); rename one.")
            }
            position[id.lowercased()] = i
        }

        // A previous id that is still a current id would match last year's answers to the wrong question.
        var previous: [String: Int] = [:]
        for d in drafts {
            guard let p = d.question.previousID else { continue }
            if let j = position[p.lowercased()] {
                let other = drafts[j].question
                throw CodebookError(.previousID, source: source, line: d.previousIDLine,
                                    "`previous_id: \(p)` of question \(d.question.id) is also the id of \(other.id == d.question.id ? "this question" : "question \(other.id)") (line \(drafts[j].idLine)) in \(formName); a question that keeps its id needs no previous_id, and a reused id must not name another question. Remove it or rename the current question.")
            }
            if let first = previous[p.lowercased()] {
                throw CodebookError(.previousID, source: source, line: d.previousIDLine,
                                    "`previous_id: \(p)` is given twice in \(formName) (first at line \(first)); last year's question continues in one question only.")
            }
            previous[p.lowercased()] = d.previousIDLine
        }
        try onePerForm(drafts, \.question.role, .role, formName: formName, what: "role", marks: "question")

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

        let identities = try onePerForm(drafts, \.question.identity, .identity, formName: formName,
                                        what: "identity role", marks: "field")
        if identities[.code] == nil {
            throw CodebookError(.identity, source: source, line: draft.line,
                                "\(formName) has no 団体コード field; add a question with `identity: code` to its identity section, otherwise returned files cannot be matched to a respondent.")
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
                                "forms \(matrix[0].form.id.rawValue) and \(matrix[1].form.id.rawValue) both say `category_matrix: true`; the 場面・テーマ別 matrix is made from one form.")
        }
        let coordinators = drafts.filter { $0.form.audience == .eachCoordinator }
        if coordinators.count > 1 {
            throw CodebookError(.unknownAudience, source: source, line: coordinators[1].audienceLine,
                                "forms \(coordinators[0].form.id.rawValue) and \(coordinators[1].form.id.rawValue) both have `audience: coordinator`; the coordinator count (`role: coordinator_count`) counts the files of one form.")
        }
        for c in coordinators where !c.sections.flatMap(\.questions).contains(where: { $0.question.identity == .coordinatorNumber }) {
            throw CodebookError(.identity, source: source, line: c.audienceLine,
                                "form \(c.form.id.rawValue) has `audience: coordinator` but no field with `identity: coordinator_number`; add one, otherwise two coordinators of one 自治体 cannot be told apart.")
        }
        if coordinators.isEmpty {
            for d in drafts {
                for q in d.sections.flatMap(\.questions) where q.question.role == .coordinatorCount {
                    throw CodebookError(.role, source: source, line: q.line,
                                        "question \(q.question.id) of form \(d.form.id.rawValue) has `role: coordinator_count` but no form has `audience: coordinator`; add the coordinator form or remove the role.")
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
                                        "`\(key)` of form \(f.id.rawValue) 「\(text)」 has 「\(c)」, which \(sheet ? "an Excel sheet name" : "a file name") cannot hold; remove it.")
                }
                if sheet, text.count > 31 {
                    throw CodebookError(.invalidValue, source: source, line: line,
                                        "`\(key)` of form \(f.id.rawValue) 「\(text)」 is \(text.count) characters; it names a sheet, and Excel allows 31 at most.")
                }
                let slot = (sheet ? "sheet:" : "file:") + text
                if let other = seen[slot], other.form != f.id || other.key != key {
                    if other.form == f.id { continue }  // a form's list sheet may be its title
                    throw CodebookError(.duplicateID, source: source, line: line,
                                        "`\(key)` of form \(f.id.rawValue) 「\(text)」 is also the \(other.key) of form \(other.form.rawValue); each form needs its own.")
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
                                    "\(what) `\(r.rawValue)` is given twice in \(formName) (first at line \(first)); each role marks one \(marks).")
            }
            seen[r] = d.line
        }
        return seen
    }

    /// Ids become Excel defined names `RK_<id>` and hidden-column keys: letters, digits and `_`.
    func checkID(_ id: String, what: String, line: Int) throws(CodebookError) {
        if id.contains("{") {
            throw CodebookError(.invalidID, source: source, line: line,
                                "\(what) id `\(id)` has a placeholder; {cat} and {category} only work inside a `for_each_category` block.")
        }
        guard let first = id.unicodeScalars.first, first.isASCIILetter,
              id.unicodeScalars.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw CodebookError(.invalidID, source: source, line: line,
                                "\(what) id `\(id)` is not usable; ids start with a letter A–Z and contain only half-width letters, digits and `_` (e.g. Q6_area_1).")
        }
        // `_O3` at the end is how option cells are named (RK_M1_1_O3); a question must not look like one.
        let tail = id.reversed().prefix { $0.isASCII && $0.isNumber }
        if what == "question", !tail.isEmpty, id.dropLast(tail.count).hasSuffix("_O") {
            throw CodebookError(.invalidID, source: source, line: line,
                                "question id `\(id)` ends in `_O<number>`, which is reserved for option cells (RK_<id>_O<n>); rename it, e.g. `\(id.dropLast(tail.count + 2))_\(String(tail.reversed()))`.")
        }
    }

    /// `M2 = 設置している`, `M1 != 直営のみ`, `M9 includes その他` or `M9 includes 26`.
    func condition(_ text: String, line: Int, of id: String, at index: Int, in drafts: [QuestionDraft],
                   position: [String: Int]) throws(CodebookError) -> Condition {
        func fail(_ kind: CodebookError.Kind, _ m: String) -> CodebookError {
            CodebookError(kind, source: source, line: line, "`when: \"\(text)\"` of question \(id): \(m)")
        }
        guard let (lhs, op, rhs) = Self.split(text) else {
            throw fail(.condition, "write it as `QUESTION = option`, `QUESTION != option` or `QUESTION includes option`.")
        }
        guard let j = position[lhs.lowercased()], drafts[j].question.id == lhs else {
            let hint = position[lhs.lowercased()].map { " (did you mean \(drafts[$0].question.id)?)" } ?? ""
            throw fail(.condition, "there is no question `\(lhs)` in this form\(hint).")
        }
        guard j < index else {
            throw fail(.conditionOrder, j == index
                ? "a question cannot depend on itself; name the earlier question it follows from."
                : "\(lhs) comes after \(id) on the form; a condition must refer to an earlier question (move \(id) below \(lhs)).")
        }
        let target = drafts[j].question
        guard target.kind.accepts(op) else {
            let fitting = [Condition.Operator.equals, .notEquals, .includes].filter(target.kind.accepts).map { "`\($0.rawValue)`" }
            let advice = fitting.isEmpty ? "" : "; use \(fitting.joinedAsAlternatives)"
            let kinds = QuestionKinds.all.filter { $0.accepts(op) }.map(\.id)
            throw fail(.conditionType, "`\(op.rawValue)` needs a \(kinds.joinedAsAlternatives) question but \(lhs) is \(target.type.rawValue)\(advice).")
        }
        let option = target.option(label: rhs) ?? Int(rhs).flatMap { target.option(code: $0) }
        guard let option else {
            let labels = target.options.map { "\($0.code) \($0.label)" }.joined(separator: " / ")
            throw fail(.condition, "\(lhs) has no option 「\(rhs)」; its options are \(labels).")
        }
        return Condition(question: target.id, op: op, option: option.code)
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
            throw CodebookError(.sumOf, source: source, line: line, "`sum_of` of question \(id) is empty; list the parts or remove it.")
        }
        for p in parts {
            guard let j = position[p.lowercased()], drafts[j].question.id == p else {
                throw CodebookError(.sumOf, source: source, line: line, "`sum_of` of question \(id) names `\(p)`, which is not a question of this form.")
            }
            guard drafts[j].question.kind.isCount, p != id else {
                throw CodebookError(.sumOf, source: source, line: line,
                                    p == id ? "`sum_of` of question \(id) names itself; list only its parts."
                                            : "`sum_of` of question \(id) names \(p), which is \(drafts[j].question.type.rawValue); parts must be integer questions.")
            }
        }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
