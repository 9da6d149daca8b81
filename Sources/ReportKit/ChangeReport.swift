import Foundation
import Ingest
import SurveyModel
import XLSXWriter

/// issues-state.json: what the next run's change report compares with (files by hash, every
/// issue with its state, the corrections applied). Ids only: no values, no contacts. The one
/// definition of the file, written and read back through it; keys snake_case as run.json's.
public struct RunState: Codable, Sendable, Equatable {
    /// The schema written now; nil in a file written before versions were recorded.
    public static let currentSchema = 1
    public var schemaVersion: Int? = RunState.currentSchema
    public struct IssueState: Codable, Sendable, Equatable {
        public var key: String
        public var status: String
    }
    public var files: [String: String]
    public var issues: [IssueState]
    public var corrections: [String]
    /// Every query sent this season and where each workbook went: what the next run checks replies against.
    public var queries: QueryRecord?

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", files, issues, corrections, queries
    }

    public static let fileName = "issues-state.json"

    init(_ input: ReportInput) { self.init(ReportContext(input)) }

    init(_ ctx: ReportContext) {
        let input = ctx.input
        files = Dictionary(input.files.compactMap { f in f.sha256.map { (f.file, $0) } }, uniquingKeysWith: { a, _ in a })
        issues = input.issues.map { IssueState(key: Self.key($0, ctx), status: $0.status.rawValue) }
        corrections = input.corrections.filter { $0.outcome == .applied }.map(Self.key)
        queries = (input.sentQueries ?? QueryRecord()).adding(ctx.sentNow)
    }

    /// The same problem of the same respondent, whichever file it was found in again. A contact
    /// value is kept as its hash, as issues.csv masks it.
    static func key(_ i: Issue, _ ctx: ReportContext) -> String {
        let contact = i.respondent.flatMap { r in i.question.map { ctx.piiQuestions[r.form]?.contains($0) ?? false } } ?? false
        let value = contact && !(i.value ?? "").isEmpty ? "sha256:" + SentQuery.hash(i.value ?? "") : i.value ?? ""
        return [i.respondent?.description ?? i.file, i.question ?? "", i.rule.rawValue, value].joined(separator: "\t")
    }
    static func key(_ c: Correction) -> String {
        [c.source.description, String(c.row), c.respondent?.description ?? "", c.question].joined(separator: "\t")
    }

    /// The state a published run left, or nil (first run, or a run before this file existed).
    public static func load(runFolder: String) -> RunState? {
        guard let data = FileManager.default.contents(atPath: runFolder + "/" + fileName) else { return nil }
        return try? JSONDecoder().decode(RunState.self, from: data)
    }

    /// The file as one document (tests; the run streams it with `write(_:)`).
    func json() throws -> Data {
        var all = Data()
        try write { all.append($0) }
        return all
    }

    /// The bytes JSONEncoder makes of the whole state, in pieces: the issues and the sent queries,
    /// the long lists, a batch at a time (a large nation's state held ~90 MB as one encoder document).
    func write(_ emit: (Data) throws -> Void) throws {
        var skeleton = self
        skeleton.issues = []
        skeleton.queries?.queries = []
        var lists = [JSONPieces.List(key: CodingKeys.issues.rawValue, depth: 1, isEmpty: issues.isEmpty)]
        if let queries { lists.append(.init(key: "queries", depth: 2, isEmpty: queries.queries.isEmpty)) }
        // Sorted keys: issues before queries.
        try JSONPieces.write(skeleton: skeleton, lists: lists, rows: { list, emit in
            if list == 0 { return try JSONPieces.rows(issues, depth: 1) { try emit(Data($0)) } }
            try JSONPieces.rows(queries?.queries ?? [], depth: 2, parallel: true) { try emit(Data($0)) }
        }, emit)
    }
}

/// 前回公開からの変更: what changed since the previous published run.
public struct ChangeReport: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable {
        case newFile = "new_files", replacedFile = "replaced_files", opened = "issues_opened", closed = "issues_closed"
        case confirmed = "issues_confirmed", corrected = "corrections_applied"
        public var label: String {
            switch self {
            case .newFile: "新しいファイル"
            case .replacedFile: "差し替えられたファイル"
            case .opened: "新たな疑義"
            case .closed: "解消した疑義"
            case .confirmed: "確認済みになった疑義"
            case .corrected: "反映した修正"
            }
        }
    }
    /// One change; never a value (it goes into the national workbook).
    public struct Item: Sendable, Equatable {
        public var kind: Kind
        /// 2-digit prefecture code, "" when unknown.
        public var prefecture: String
        public var respondent: String
        public var question: String
        public var rule: String
        public var file: String
    }
    public var items: [Item]

    public func count(_ k: Kind) -> Int { items.count { $0.kind == k } }
    public var counts: [String: Int] { Dictionary(Kind.allCases.map { ($0.rawValue, count($0)) }, uniquingKeysWith: { a, _ in a }) }

    /// Compares this run's input with the state the previous published run left.
    public static func make(previous: RunState, current input: ReportInput) -> ChangeReport {
        let ctx = ReportContext(input)
        var items: [Item] = []
        func who(_ r: Respondent?) -> String {
            r.map { $0.display(formTitle: input.codebook.form($0.form)?.title ?? "", name: ctx.name(of: $0.code)) } ?? ""
        }
        func question(_ r: Respondent?, _ id: String?) -> String {
            guard let r, let id, let q = input.codebook.form(r.form)?.question(id) else { return "" }
            return q.printedName
        }
        // A reply file belongs to the prefecture the run's record sent its workbook to.
        var replyPrefecture: [String: String] = [:]
        for c in input.corrections where c.kind == .prefecture && !c.prefecture.isEmpty { replyPrefecture[c.source.description] = c.prefecture }
        for f in input.files {
            guard let sha = f.sha256 else { continue }
            let kind: Kind? = previous.files[f.file] == nil ? .newFile : previous.files[f.file] != sha ? .replacedFile : nil
            if let kind {
                items.append(Item(kind: kind, prefecture: f.respondent?.prefectureCode ?? replyPrefecture[f.file] ?? "", respondent: who(f.respondent),
                                  question: "", rule: f.state.label, file: f.fileName))
            }
        }
        let before = Dictionary(previous.issues.map { ($0.key, $0.status) }, uniquingKeysWith: { a, _ in a })
        var now: Set<String> = []
        for i in input.issues {
            let k = RunState.key(i, ctx)
            now.insert(k)
            let was = before[k]
            var kind: Kind?
            switch i.status {
            case .open: kind = was == nil || was != IssueStatus.open.rawValue ? .opened : nil
            case .confirmed: kind = was != IssueStatus.confirmed.rawValue ? .confirmed : nil
            case .corrected: kind = was == IssueStatus.open.rawValue ? .closed : nil
            }
            if let kind {
                items.append(Item(kind: kind, prefecture: i.respondent?.prefectureCode ?? "", respondent: who(i.respondent),
                                  question: question(i.respondent, i.question), rule: i.rule.label, file: i.fileName))
            }
        }
        // Open before and gone now: the respondent's new file no longer has the problem.
        for s in previous.issues where s.status == IssueStatus.open.rawValue && !now.contains(s.key) {
            let parts = s.key.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let r = parts.first.flatMap(Respondent.init(key:))
            items.append(Item(kind: .closed, prefecture: r?.prefectureCode ?? "", respondent: who(r),
                              question: question(r, parts.count > 1 ? parts[1] : nil),
                              rule: parts.count > 2 ? IssueRule(rawValue: parts[2]).label : "", file: ""))
        }
        let applied = Set(previous.corrections)
        for c in input.corrections where c.outcome == .applied && !applied.contains(RunState.key(c)) {
            items.append(Item(kind: .corrected, prefecture: c.respondent?.prefectureCode ?? "", respondent: who(c.respondent),
                              question: question(c.respondent, c.question), rule: c.kind.label, file: c.source.fileName))
        }
        return ChangeReport(items: items)
    }
}

/// The change report as a sheet: counts, then one row per change (national: no values, no contacts).
enum ChangeSheet {
    static func write(_ b: SheetBuilder, _ ctx: ReportContext, _ changes: ChangeReport, prefecture: Prefecture?) throws {
        let items = prefecture.map { p in changes.items.filter { $0.prefecture == p.prefCode } } ?? changes.items
        try b.text("前回公開からの変更" + (prefecture.map { "　" + $0.name } ?? "（全国）"), 0, 0, Style.title, measure: false)
        let counts = ChangeReport.Kind.allCases.map { k in "\(k.label) \(Shown.count(items.count { $0.kind == k })) 件" }
        try b.text(counts.joined(separator: "、"), 1, 0, Style.note, measure: false)
        let header = [Term.change, .prefecture, .respondent, .question, .ruleOrState, .file].map(\.rawValue)
        let top = 3
        for (i, h) in header.enumerated() { try b.text(h, top, i, Style.header) }
        var row = top + 1
        for item in items {
            let values = [item.kind.label, ctx.prefectureByPrefCode[item.prefecture]?.name ?? "都道府県不明", item.respondent,
                          item.question, item.rule, item.file]
            for (i, v) in values.enumerated() { try b.text(v, row, i) }
            row += 1
        }
        if items.isEmpty { try b.text("前回公開からの変更はありません。", row, 0, Style.note, measure: false) }
        else { try b.sheet.autofilter(rows: top...(row - 1), columns: 0...(header.count - 1)) }
        try b.fitColumns(minimum: 6, maximum: 40)
        try b.printSetup(headerRows: top...top, title: (prefecture?.name ?? "全国") + " 前回公開からの変更")
    }
}

extension ChangeSheet {
    /// Only after a published run (`--previous` state): a first run has nothing to compare with.
    static func sheet(_ ctx: ReportContext, prefecture: Prefecture?) -> ReportSheet {
        ReportSheet(name: "前回公開からの変更", purpose: "前回公開した集計からの変更（新しいファイル、疑義の発生・解消・確認、修正）",
                    isPresent: ctx.input.changes != nil) { b in
            if let changes = ctx.input.changes { try write(b, ctx, changes, prefecture: prefecture) }
        }
    }
}
