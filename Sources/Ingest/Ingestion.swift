import Foundation
import Synchronization
import SurveyModel
import XLSXReader

public struct IngestOptions: Sendable {
    public var limits: ReaderLimits
    public var codebook: Codebook {
        didSet { anchors = Self.anchors(codebook); coordinatorCountQuestions = Self.coordinatorCounts(codebook) }
    }
    /// Each form's answer cells by defined name, derived from the codebook.
    private(set) var anchors: [FormID: FormAnchors]
    public var master: MasterIndex
    /// Per form, the question with `role: coordinator_count`: how many coordinators the 自治体
    /// has, checked against the coordinator files received.
    private(set) var coordinatorCountQuestions: [FormID: String]
    /// The zone of the PCs that zipped bundles: a zip entry's DOS date/time is their wall clock.
    public var timeZone: TimeZone
    /// Folders inside the inbox never read (the output folder, when someone puts it there).
    public var excludedFolders: [String] = []
    /// The queries sent so far (the last published run's record); nil before any was published.
    public var sentQueries: QueryRecord?
    /// What the last run read, by file SHA-256: a file found there is not parsed again.
    public var answerCache: AnswerCache?
    /// The workbook parts this ingestion parsed, by their stored bytes (one per ingestion).
    var parts: PartMemo?

    public init(codebook: Codebook, master: MasterIndex, limits: ReaderLimits = .default,
                timeZone: TimeZone = IngestOptions.tokyo) {
        self.codebook = codebook; self.master = master; self.limits = limits
        self.coordinatorCountQuestions = Self.coordinatorCounts(codebook)
        self.timeZone = timeZone
        self.anchors = Self.anchors(codebook)
    }

    private static func coordinatorCounts(_ codebook: Codebook) -> [FormID: String] {
        Dictionary(codebook.forms.compactMap { f in f.question(role: .coordinatorCount).map { (f.id, $0.id) } },
                   uniquingKeysWith: { first, _ in first })
    }

    private static func anchors(_ codebook: Codebook) -> [FormID: FormAnchors] {
        Dictionary(codebook.forms.map { ($0.id, FormAnchors($0)) }, uniquingKeysWith: { first, _ in first })
    }
}

extension IngestOptions {
    /// Japan: where the survey's files are made.
    public static let tokyo = TimeZone(identifier: "Asia/Tokyo") ?? TimeZone(secondsFromGMT: 9 * 3600)!

    /// The R5 survey with the embedded codebook and master list.
    public static var r5: IngestOptions { IngestOptions(codebook: .r5, master: MasterIndex(.embedded)) }
}

/// Per accepted respondent, what reports need besides the answers: which file, when, and its state.
public struct AcceptedForm: Sendable {
    public var input: InputID
    public var respondent: Respondent
    public var state: LedgerState
    public var fileModified: Date?
    public var workbookModified: Date?
    /// Answers (identity and contact fields included) while replies and across-form checks run:
    /// the response's values, handed to it once they are final.
    var answers: [String: AnswerValue]
    /// The cells of the answers that checks across forms cite.
    var citedCells: [String: ExtractedCell] = [:]
    /// The answer cells as read, compact (a correction is written into a decoded copy and the form checked again).
    var stored: StoredForm?

    /// The cell an answer was read from, as the respondent left it (before any correction).
    public func cell(_ question: String, option: Int? = nil, codebook: Codebook) -> ExtractedCell? {
        guard let form = codebook.form(respondent.form) else { return nil }
        return stored?.decode(form: form.id, anchors: FormAnchors(form))?.cell(question, option: option)
    }
}

public struct IngestResult: Sendable {
    /// Accepted responses (with or without errors), sorted by respondent.
    public var responses: [Response]
    public var forms: [AcceptedForm]
    /// Every input, in inbox order.
    public var ledger: [LedgerEntry]
    /// Every issue, by input then sheet and cell.
    public var issues: [Issue]
    public var summary: LedgerSummary
    /// Every reply row applied or not (修正履歴), in inbox then row order.
    public var corrections: [Correction] = []
    /// The record of sent queries the replies were checked against.
    public var sentQueries: QueryRecord?
    /// Every form read tonight (parsed or from the cache) by file SHA-256: the next night's answer cache.
    public var readForms: [String: AnswerCache.Entry] = [:]
    /// How many of tonight's forms came from the answer cache instead of being parsed.
    public var cacheHits = 0
    public var timings: Timings

    public struct Timings: Sendable { public var discover: Double; public var parse: Double; public var resolve: Double }

    /// Hands tonight's read forms to whoever writes the next night's cache, and drops the forms'
    /// own reference to the same cells (read only while replies were applied): once written, they
    /// are freed instead of held through the reports (~30 MB at 10× the nation).
    public mutating func takeReadForms() -> [String: AnswerCache.Entry] {
        let taken = readForms
        readForms = [:]
        for i in forms.indices { forms[i].stored = nil }
        return taken
    }
}

public enum Ingestion {
    /// Reads the inbox folder. Progress reports (files done, files total) from worker threads.
    public static func ingest(inbox: URL, options: IngestOptions,
                              progress: (@Sendable (Int, Int) -> Void)? = nil) -> IngestResult {
        let t0 = Date()
        // A file larger than any part we would inflate is refused unread: memory stays bounded.
        let files = Discover.walk(inbox: inbox, excluding: options.excludedFolders).map { f -> InboxFile in
            guard case .bytes = f.content, f.size > options.limits.maxEntrySize else { return f }
            var r = f
            r.content = .rejected(RejectReason.tooLarge("file size \(f.size) > \(options.limits.maxEntrySize)").reason)
            return r
        }
        let t1 = Date()
        return run(files, options: options, progress: progress, discover: t1.timeIntervalSince(t0)) {
            Discover.load($0, inbox: inbox)
        }
    }

    /// Already-loaded inputs (tests, fuzzers, a mail gateway): names still decide litter, content the rest.
    public static func ingest(inputs: [(id: InputID, bytes: [UInt8], modified: Date?)], options: IngestOptions,
                              progress: (@Sendable (Int, Int) -> Void)? = nil) -> IngestResult {
        let files = inputs.map { i -> InboxFile in
            let content: InboxFile.Content = Discover.litter(i.id.member ?? i.id.path).map { .skipped($0.reason) } ?? .bytes(i.bytes)
            return InboxFile(id: i.id, size: i.bytes.count, fileModified: i.modified, content: content)
        }
        return run(files, options: options, progress: progress, discover: 0) { $0 }
    }

    static func run(_ files: [InboxFile], options: IngestOptions, progress: (@Sendable (Int, Int) -> Void)?,
                    discover: Double, load: @Sendable (InboxFile) -> InboxFile) -> IngestResult {
        let t0 = Date()
        // Forms of one survey share their workbook, relationship and style parts byte for byte.
        var withParts = options
        withParts.parts = PartMemo(limits: options.limits)
        let options = withParts
        // Results by index, so the order is the inbox order whatever the threads did.
        let shared = SharedReadings()
        let nested = files.parallelMap(progress: progress) { shared.share(ProcessInput.run(load($0), options: options)) }
        // Flattened into an array sized once: growing it by doubling held ~2× its size at the peak.
        var processed = [Processed]()
        processed.reserveCapacity(nested.reduce(0) { $0 + $1.count })
        for list in nested { processed += list }
        _ = consume nested
        let t1 = Date()
        let result = assemble(processed, options: options, timings: .init(discover: discover, parse: t1.timeIntervalSince(t0), resolve: 0))
        var r = result
        r.timings.resolve = Date().timeIntervalSince(t1)
        return r
    }

    /// Every copy of the same bytes (a file sent twice, in a bundle and loose) reads to equal answers:
    /// they share the first copy's storage instead of each holding its own until the ledger is made.
    final class SharedReadings: Sendable {
        private let first = Mutex<[String: (answers: [String: AnswerValue], stored: StoredForm?)]>([:])

        func share(_ outcomes: [Processed]) -> [Processed] {
            outcomes.map { p in
                guard case .form(var f) = p.kind, let sha = p.sha256 else { return p }
                var p = p
                first.withLock { seen in
                    guard let kept = seen[sha] else { seen[sha] = (f.answers, f.stored); return }
                    // Equal values only: a copy judged differently (another name, another time) keeps its own.
                    if kept.answers == f.answers { f.answers = kept.answers }
                    if kept.stored == f.stored { f.stored = kept.stored }
                }
                p.kind = .form(f)
                return p
            }
        }
    }

    /// The sequential, pure tail: duplicates, across-form checks, ledger.
    static func assemble(_ processed: [Processed], options: IngestOptions, timings: IngestResult.Timings) -> IngestResult {
        var parsed = [(index: Int, parsed: ParsedForm)]()
        parsed.reserveCapacity(processed.count)
        for (i, p) in processed.enumerated() { if case .form(let f) = p.kind { parsed.append((i, f)) } }
        let losers = ResolveDuplicates.losers(parsed, processed: processed, codebook: options.codebook)
        let survivors = parsed.filter { losers[$0.index] == nil }
        let cross = CrossChecks.run(survivors.map(\.parsed), options: options)

        var ledger: [LedgerEntry] = [], issues: [Issue] = [], forms: [AcceptedForm] = []
        // Kept until the run ends: sized once, not left with the spare half of a doubled buffer.
        ledger.reserveCapacity(processed.count)
        forms.reserveCapacity(parsed.count)
        // The issues kept (a superseded file's are not) counted first: grown by doubling, their
        // buffer and its copy were ~27 MB at the resolve peak of ten nations.
        var kept = 0
        for (i, p) in processed.enumerated() {
            guard case .form(let f) = p.kind else { kept += p.issues.count; continue }
            if losers[i] == nil { kept += p.issues.count + f.issues.count + (cross[p.input]?.count ?? 0) }
        }
        issues.reserveCapacity(kept)
        for (i, p) in processed.enumerated() {
            var own = p.issues
            if case .form(let f) = p.kind { own += f.issues + (cross[p.input] ?? []) }
            let entry = LedgerBuilder.entry(p, issues: own, supersededBy: losers[i], options: options)
            ledger.append(entry)
            // A superseded file's issues are moot: the respondent already sent a newer one.
            if entry.state != .superseded { issues += own }
            if case .form(let f) = p.kind, entry.state == .accepted || entry.state == .acceptedWithErrors {
                forms.append(AcceptedForm(input: p.input, respondent: f.respondent, state: entry.state,
                                          fileModified: p.fileModified, workbookModified: p.workbookModified, answers: f.answers,
                                          citedCells: f.citedCells, stored: f.stored))
            }
        }
        // Replies (疑義照会票, corrections) on top of the answers, checked against the record of sent
        // queries and ordered by time, never by file name.
        var fileSHA: [InputID: String] = [:]
        var replies: [ApplyReplies.Reply] = []
        for p in processed {
            if let s = p.sha256 { fileSHA[p.input] = s }
            if case .reply(let r) = p.kind {
                replies.append(.init(input: p.input, reply: r, saved: p.workbookModified, arrived: p.fileModified))
            }
        }
        let corrections = ApplyReplies.run(replies, forms: &forms, issues: &issues, fileSHA: fileSHA, options: options)
        if corrections.contains(where: { $0.outcome == .applied }) {
            CrossChecks.recheck(survivors.map(\.parsed), forms: forms, cross: cross, issues: &issues, options: options)
        }
        if !replies.isEmpty {
            let bySource = Dictionary(grouping: corrections, by: \.source)
            for i in ledger.indices where ledger[i].reason.code == LedgerBuilder.replyReason {
                let mine = bySource[ledger[i].input] ?? []
                let n = { (o: Correction.Outcome) in mine.count { $0.outcome == o } }
                ledger[i].reason.message += Correction.Outcome.allCases.map { "\($0.label)\(n($0))件" }.joined(separator: "、") + "。"
                ledger[i].errors = issues.count { $0.input == ledger[i].input && $0.severity == .error }
                ledger[i].warnings = issues.count { $0.input == ledger[i].input && $0.severity != .error }
            }
        }
        var readForms: [String: AnswerCache.Entry] = [:]
        var cacheHits = 0
        for p in processed {
            guard case .form(let f) = p.kind, let sha = p.sha256, let stored = f.stored else { continue }
            readForms[sha] = AnswerCache.Entry(modified: p.workbookModified, form: stored)
            if f.fromCache { cacheHits += 1 }
        }
        let summary = LedgerSummary(ledger)
        // Losing or doubling an input would silently change every count downstream.
        precondition(summary.balanced && summary.inputs == processed.count,
                     "ledger does not balance: \(summary.inputs) inputs, \(summary.byState)")
        // Sorted through an index (moving whole forms and building key tuples cost more than comparing).
        let keys = forms.map { ($0.respondent, $0.input) }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        forms = order.map { forms[$0] }
        // The forms' value tables become the responses' (shared, not copied).
        var responses = [Response]()
        responses.reserveCapacity(forms.count)
        for i in forms.indices {
            responses.append(Response(respondent: forms[i].respondent, answers: forms[i].answers))
            forms[i].answers = [:]
        }
        // Kept until the run ends: copied to its size only if replies left it with much spare room.
        if issues.capacity > issues.count + issues.count / 8 {
            var exact = [Issue]()
            exact.reserveCapacity(issues.count)
            exact.append(contentsOf: issues)
            issues = exact
        }
        var result = IngestResult(responses: responses, forms: forms, ledger: ledger, issues: issues,
                                  summary: summary, corrections: corrections, sentQueries: options.sentQueries, timings: timings)
        result.readForms = readForms
        result.cacheHits = cacheHits
        return result
    }
}
