import Foundation
import Yams

extension Codebook {
    /// Name the embedded codebook goes by in messages and in `renkei codebook`.
    public static let r5SourceName = "r5-codebook.yaml"

    /// The embedded R5 codebook file, comments included: what `renkei codebook` prints for editing.
    public static let r5YAML: String = String(decoding: PackageResources.r5_codebook_yaml, as: UTF8.self)

    /// The R5 survey (令和5年度), parsed once. A test proves the embedded file loads, so failing
    /// here is a build defect, not a user error.
    public static let r5: Codebook = {
        do { return try load(yaml: r5YAML, source: r5SourceName) } catch { fatalError("embedded \(error)") }
    }()

    /// Parses and checks a codebook. `source` names the file in error messages.
    public static func load(yaml: String, source: String = "codebook.yaml") throws(CodebookError) -> Codebook {
        try CodebookLoader(source: source).load(yaml)
    }

    /// Reads a codebook file (UTF-8, with or without BOM) given with `--codebook`.
    public static func load(path: String) throws(CodebookError) -> Codebook {
        let text: String
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw CodebookError(.unreadable, source: path, line: 0, "ファイルを読めません: \(SystemError.text(EISDIR))。調査票定義の YAML ファイルを指定してください。")
        }
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            let message = if let code = SystemError.code(of: error) {
                "ファイルを読めません: \(SystemError.text(code))。パスと読み取り権限を確かめてください。"
            } else if let c = (error as? CocoaError)?.code, c == .fileReadInapplicableStringEncoding || c == .fileReadCorruptFile {
                // Not UTF-8 (Excel-era tools save Shift_JIS): Darwin says inapplicable encoding, Linux corrupt file.
                "ファイルが UTF-8 ではありません。UTF-8 で保存し直してください。"
            } else {
                "ファイルを読めません。パスと、UTF-8 で保存されていることを確かめてください（\(error.localizedDescription)）。"
            }
            throw CodebookError(.unreadable, source: path, line: 0, message)
        }
        return try load(yaml: text, source: path)
    }
}

/// A question as read, before conditions and `sum_of` are resolved against the whole form.
struct QuestionDraft {
    var question: Question
    var line: Int
    var idLine: Int
    var when: String?
    var whenLine: Int
    var sumOfLine: Int
    var previousIDLine = 0
    /// Where a question expanded from a `for_each_category` block sits in it (for 問6-① numbering).
    var block: QuestionNumbering.BlockPosition?
}

struct SectionDraft {
    var section: Section
    var line: Int
    var questions: [QuestionDraft]
}

struct FormDraft {
    var form: Form
    var line: Int
    var sections: [SectionDraft]
    var audienceLine = 0
    var matrixLine = 0
    /// Lines of the texts that become sheet and file names (`title`, `list_sheet`, `file_stem`).
    var nameLines: [String: Int] = [:]
}

/// Turns codebook YAML into a `Codebook`: reading here, cross-checks in `CodebookValidation`.
struct CodebookLoader {
    let source: String
    /// The `categories:` read first: blocks, options and indicators name them.
    var categories: [Category] = []

    static let topKeys = ["id", "version", "title", "year", "survey", "shared", "categories", "forms", "indicators", "confirmable_rules"]
    static let formKeys = ["id", "title", "audience", "recipient", "file_stem", "category_matrix", "list_sheet",
                           "instructions", "sections"]
    static let sectionKeys = ["id", "title", "questions"]
    static let blockKeys = ["for_each_category", "questions"]
    /// Keys only some kinds take (`options`, `range` …) come from the kinds themselves.
    static let questionKeys: [String] = {
        let common = ["id", "label", "type", "options", "range", "when", "required", "pii", "category",
                      "max_length", "format", "sum_of", "identity", "prefilled", "note", "role",
                      "previous_id", "previous_options", "reference", "no"]
        return common + QuestionKinds.kindKeys.filter { !common.contains($0) }
    }()
    static let optionKeys = ["label", "exclusive", "category", "categories"]

    func load(_ yaml: String) throws(CodebookError) -> Codebook {
        var loader = self
        // Excel-era editors on Windows save UTF-8 with a BOM.
        let text = yaml.hasPrefix("\u{FEFF}") ? String(yaml.dropFirst()) : yaml
        let parsed: Node?
        do { parsed = try Yams.compose(yaml: text) } catch { throw syntaxError(error) }
        guard let root = parsed else {
            throw CodebookError(.missingKey, source: source, line: 0, "調査票定義が空です。`renkei codebook` の出力をもとに書いてください。")
        }
        let top = try YAMLFields(root, what: "調査票定義", allowed: Self.topKeys,
                                 required: ["id", "version", "title", "year", "forms"], source: source)
        loader.categories = try readCategories(top)
        return try loader.load(top)
    }

    func load(_ top: YAMLFields) throws(CodebookError) -> Codebook {
        var forms: [Form] = []
        var seen: [FormID: Int] = [:]
        var drafts: [FormDraft] = []
        for (rank, node) in (try top.sequence("forms") ?? []).enumerated() {
            let draft = try readForm(node, rank: rank)
            if let first = seen[draft.form.id] {
                throw CodebookError(.duplicateID, source: source, line: draft.line,
                                    "調査票 \(draft.form.id.rawValue) が 2 回あります（最初は \(first) 行目）。1 つにしてください。")
            }
            seen[draft.form.id] = draft.line
            drafts.append(draft)
            forms.append(try CodebookValidation(source: source).resolve(draft))
        }
        if forms.isEmpty {
            throw top.error(.missingKey, "forms", "調査票定義に調査票がありません。`forms:` の下に調査票（id、title、audience、sections）を並べてください。")
        }
        try CodebookValidation(source: source).checkAudiences(drafts)
        var codebook = Codebook(id: try top.requiredString("id"), version: try top.requiredString("version"),
                                title: try top.requiredString("title"), year: try top.requiredString("year"), forms: forms,
                                categories: categories, indicators: try readIndicators(top, forms: forms))
        codebook.window = try readWindow(top)
        codebook.confirmableRules = Set(try top.strings("confirmable_rules") ?? [])
        return codebook
    }

    func syntaxError(_ error: any Error) -> CodebookError {
        // libyaml's own words go last in parentheses, as SystemError keeps the C library's.
        let fix = "字下げ（タブではなく半角スペース）と、かっこや引用符の閉じ忘れを確かめてください"
        guard let y = error as? YamlError else {
            return CodebookError(.syntax, source: source, line: 0, "YAML として読めません。\(fix)（\(error)）。")
        }
        switch y {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { "; \($0.text)" } ?? ""
            return CodebookError(.syntax, source: source, line: mark.line, "YAML の書き方に誤りがあります。\(fix)（\(problem)\(ctx)）。")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return CodebookError(.syntax, source: source, line: context.mark.line,
                                 "キー `\(duplicates.joined(separator: "`、`"))` が同じ階層に 2 回書かれています。1 つにしてください。")
        default:
            return CodebookError(.syntax, source: source, line: 0, "YAML として読めません。\(fix)（\(y)）。")
        }
    }

    func readForm(_ node: Node, rank: Int) throws(CodebookError) -> FormDraft {
        var f = try YAMLFields(node, what: "調査票", allowed: Self.formKeys, required: ["id", "title", "audience", "sections"], source: source)
        let raw = try f.requiredString("id")
        // The id is written into each form file and read back upper-cased.
        guard let first = raw.unicodeScalars.first, first.isASCIILetter,
              raw.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw f.error(.invalidID, "id", "調査票の id `\(raw)` は使えません。英字で始め、半角の大文字 A–Z、数字、`_` だけで書いてください（例：HOME_CARE）。")
        }
        f.what = "調査票 \(raw)"
        let audienceText = try f.requiredString("audience")
        guard let audience = Audience(rawValue: audienceText) else {
            let names = Audience.allCases.map(\.rawValue)
            let hint = YAMLFields.didYouMean(audienceText, in: names)
            throw f.error(.unknownAudience, "audience",
                          "調査票 \(raw) の `audience: \(audienceText)` は使えません。\(hint)\(names.joinedAsAlternatives.particle("に"))してください。")
        }
        let instructions = try f.strings("instructions") ?? []
        var sections: [SectionDraft] = []
        for s in try f.sequence("sections") ?? [] { sections.append(try readSection(s, form: raw)) }
        let form = Form(id: FormID(raw, rank: rank), title: try f.requiredString("title"), audience: audience,
                        recipient: try f.string("recipient") ?? "", fileStem: try f.string("file_stem"),
                        feedsCategoryMatrix: try f.bool("category_matrix") ?? false, listSheet: try f.string("list_sheet"),
                        instructions: instructions, sections: [])
        return FormDraft(form: form, line: f.line, sections: sections, audienceLine: f.line("audience"),
                         matrixLine: f.line("category_matrix"),
                         nameLines: Dictionary(uniqueKeysWithValues: ["title", "list_sheet", "file_stem"].map { ($0, f.line($0)) }))
    }

    func readSection(_ node: Node, form: String) throws(CodebookError) -> SectionDraft {
        var f = try YAMLFields(node, what: "調査票 \(form) のセクション", allowed: Self.sectionKeys,
                               required: ["id", "title", "questions"], source: source)
        let id = try f.requiredString("id")
        f.what = "調査票 \(form) のセクション \(id)"
        var questions: [QuestionDraft] = []
        for q in try f.sequence("questions") ?? [] {
            if q.mapping?.contains(where: { $0.key.scalar?.string == "for_each_category" }) == true {
                questions += try readBlock(q)
            } else {
                questions.append(try readQuestion(q, category: nil))
            }
        }
        let section = Section(id: id, title: try f.requiredString("title"), questions: [])
        return SectionDraft(section: section, line: f.line(("id")), questions: questions)
    }

    /// `for_each_category:` — the templates repeated per category, category-major so that a
    /// follow-up question (M6_daily_1) comes right after the question it depends on.
    func readBlock(_ node: Node) throws(CodebookError) -> [QuestionDraft] {
        let f = try YAMLFields(node, what: "`for_each_category` ブロック", allowed: Self.blockKeys,
                               required: ["for_each_category", "questions"], source: source)
        let categories = try categoryGroup(f, "for_each_category")
        let templates = try f.sequence("questions") ?? []
        var out: [QuestionDraft] = []
        for (k, c) in categories.enumerated() {
            for t in templates {
                var d = try readQuestion(t, category: c)
                d.block = .init(block: f.line, category: k)  // the block's line tells blocks apart
                out.append(d)
            }
        }
        return out
    }


    /// One question; inside a for_each_category block `category` fills `{cat}` and `{category}`.
    func readQuestion(_ node: Node, category blockCategory: Category?) throws(CodebookError) -> QuestionDraft {
        func fill(_ s: String?) -> String? {
            guard let s, let c = blockCategory else { return s }
            return s.replacingOccurrences(of: "{cat}", with: c.id).replacingOccurrences(of: "{category}", with: c.label)
        }
        var f = try YAMLFields(node, what: "設問", allowed: Self.questionKeys, required: ["id", "label", "type"], source: source)
        let id = fill(try f.requiredString("id"))!
        f.what = "設問 \(id)"
        let typeName = try f.requiredString("type")
        guard let type = QuestionType(rawValue: typeName) else {
            throw f.error(.unknownType, "type", "設問 \(id) の `type: \(typeName)` は使えません。`type` は \(QuestionKinds.ids.joinedAsAlternatives.particle("に"))してください。")
        }
        let kind = QuestionKinds.all[type.index]
        var q = Question(id: id, label: fill(try f.requiredString("label"))!, type: type)
        q.required = try f.bool("required") ?? true
        q.pii = try f.bool("pii") ?? false
        q.prefilled = try f.bool("prefilled") ?? false
        q.note = fill(try f.string("note"))
        q.number = fill(try f.string("no"))?.trimmingCharacters(in: .whitespaces) ?? ""
        q.category = try f.string("category").map { (s) throws(CodebookError) in try category(s, line: f.line("category")) } ?? blockCategory
        if let role = try f.string("role") {
            guard let r = QuestionRole(rawValue: role) else {
                let roles = QuestionRole.allCases.map(\.rawValue)
                let hint = YAMLFields.didYouMean(role, in: roles)
                throw f.error(.role, "role", "設問 \(id) の `role: \(role)` は使えません。\(hint)\(roles.joinedAsAlternatives.particle("に"))してください。")
            }
            guard type == .integer else {
                throw f.error(.role, "role", "`role: \(role)` は数を答える設問に付けるものですが、設問 \(id) は \(typeName) です。integer の設問に付けてください。")
            }
            q.role = r
        }
        if let previous = fill(try f.string("previous_id")) {
            try CodebookValidation(source: source).checkID(previous, what: "`previous_id` の id", line: f.line("previous_id"))
            q.previousID = previous
        }
        if let role = try f.string("identity") {
            guard let r = IdentityRole(rawValue: role) else {
                let roles = IdentityRole.allCases.map(\.rawValue)
                let hint = YAMLFields.didYouMean(role, in: roles)
                throw f.error(.unknownIdentityRole, "identity",
                              "設問 \(id) の `identity: \(role)` は使えません。\(hint)\(roles.joinedAsAlternatives.particle("に"))してください（ほかの連絡先の欄には identity を書かず、`pii: true` と `format:` だけを書きます）。")
            }
            q.identity = r
        }

        // A key another kind takes (`range:` on a single question) is a mistake worth naming.
        for key in QuestionKinds.kindKeys where f.has(key) && !kind.codebookKeys.contains(key) {
            let owners = QuestionKinds.all.filter { $0.codebookKeys.contains(key) }.map(\.id)
            let errorKind: CodebookError.Kind = key == "options" ? .options : key == "range" ? .range : .invalidValue
            throw f.error(errorKind, key, "設問 \(id) は \(typeName) なので `\(key):` は書けません。`\(key):` を消すか、`type` を \(owners.joinedAsAlternatives.particle("に"))してください。")
        }
        try kind.read(f, into: &q, loader: self)
        if f.has("previous_options") { q.previousOptions = try readPreviousOptions(f, question: &q) }
        if f.has("reference") { q.reference = try readReference(f, question: q, category: blockCategory) }
        if f.has("sum_of") {
            guard kind.isCount else {
                let counts = QuestionKinds.all.filter(\.isCount).map(\.id)
                throw f.error(.sumOf, "sum_of", "設問 \(id) は \(typeName) なので `sum_of:` は書けません。`sum_of:` は \(counts.joined(separator: "、")) の設問にだけ書けます。")
            }
            q.sumOf = try f.strings("sum_of").map { $0.compactMap(fill) }
        }
        q.origin.file = source
        q.origin.line = f.line("id")
        q.origin.previousIDLine = f.line("previous_id")
        return QuestionDraft(question: q, line: f.line, idLine: f.line("id"), when: fill(try f.string("when")),
                             whenLine: f.line("when"), sumOfLine: f.line("sum_of"), previousIDLine: f.line("previous_id"))
    }

    func readRange(_ f: YAMLFields) throws(CodebookError) -> ClosedRange<Int> {
        let bounds: [String]
        if case .sequence = f.node("range") { bounds = try f.strings("range") ?? [] }
        else { bounds = (try f.string("range") ?? "").components(separatedBy: "..") }
        let ints = bounds.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard bounds.count == 2, ints.count == 2 else {
            throw f.error(.range, "range", "\(f.what.particle("の")) `range` は `最小..最大` の形の整数で書いてください（例：`0..99`）。")
        }
        guard ints[0] <= ints[1] else {
            throw f.error(.range, "range", "\(f.what.particle("の")) `range` は最小 \(ints[0]) が最大 \(ints[1]) より大きくなっています。入れ替えてください。")
        }
        return ints[0]...ints[1]
    }

    /// A choice kind's `options:` (codes 1…n in order); `exclusive` only where the kind allows it.
    func readOptions(_ f: YAMLFields, type: String, exclusiveAllowed: Bool) throws(CodebookError) -> [Option] {
        guard f.has("options") else {
            throw f.error(.options, "type", "\(f.what.particle("は")) \(type) ですが `options:` がありません。選択肢を並べてください。")
        }
        let items = try f.sequence("options") ?? []
        var options: [Option] = []
        var lines: [String: Int] = [:]
        func add(_ label: String, exclusive: Bool, category: Category?, line: Int) throws(CodebookError) {
            let label = label.trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else {
                throw CodebookError(.options, source: source, line: line, "\(f.what.particle("の"))選択肢に、ラベルが空のものがあります。ラベルを書いてください。")
            }
            if let first = lines[label] {
                throw CodebookError(.options, source: source, line: line,
                                    "\(f.what.particle("の"))選択肢「\(label)」が 2 回あります（最初は \(first) 行目）。選択肢のラベルは別々にしてください。")
            }
            if exclusive && !exclusiveAllowed {
                throw CodebookError(.options, source: source, line: line,
                                    "`exclusive` は multi の設問にだけ使えます。\(f.what.particle("から"))消してください。")
            }
            lines[label] = line
            options.append(Option(code: options.count + 1, label: label, exclusive: exclusive, category: category))
        }
        for item in items {
            switch item {
            case .scalar(let s): try add(s.string, exclusive: false, category: nil, line: item.line)
            case .mapping:
                let o = try YAMLFields(item, what: "\(f.what.particle("の"))選択肢", allowed: Self.optionKeys, required: [], source: source)
                if o.has("categories") {
                    guard !o.has("label"), !o.has("category"), !o.has("exclusive") else {
                        throw o.error(.options, "categories", "`categories:` と同じ項目には `label:` などを書けません。ほかの選択肢は別の項目にしてください。")
                    }
                    for c in try categoryGroup(o, "categories") { try add(c.label, exclusive: false, category: c, line: o.line) }
                    continue
                }
                let cat = try o.string("category").map { (s) throws(CodebookError) in try category(s, line: o.line("category")) }
                guard let label = try o.string("label") ?? cat?.label else {
                    throw CodebookError(.missingKey, source: source, line: o.line, "\(f.what.particle("の"))選択肢に `label:`（または `category:`）がありません。書き足してください。")
                }
                try add(label, exclusive: try o.bool("exclusive") ?? false, category: cat, line: o.line)
            default:
                throw CodebookError(.options, source: source, line: item.line, "\(f.what.particle("の"))選択肢は、ラベルか `{label: …}` の形で書いてください。")
            }
        }
        if options.isEmpty {
            throw f.error(.options, "options", "\(f.what.particle("の")) `options` が空です。\(type) の設問には選択肢を並べてください。")
        }
        return options
    }
}
