import Foundation
import SurveyModel
import XLSXReader

/// One returned form that was read and identified: its answers and issues, before across-form
/// checks and duplicate resolution.
public struct ParsedForm: Sendable {
    public var input: InputID
    public var meta: FormMeta
    public var respondent: Respondent
    /// Question id → valid answer (identity fields included): the response's values. The cells
    /// stay in `stored` (at 10× the nation a cell per answer was half the heap after the parse).
    public var answers: [String: AnswerValue]
    /// The cells of the answers that checks across forms cite (`CrossChecks.citedQuestions`).
    var citedCells: [String: ExtractedCell] = [:]
    public var issues: [Issue]
    /// The answer cells as read, compact: a correction is written into a decoded copy and the
    /// form checked again; the answer cache stores them.
    public var stored: StoredForm? = nil
    /// Taken from the answer cache, not parsed tonight.
    public var fromCache = false

    public var response: Response { Response(respondent: respondent, answers: answers) }

    /// 氏名 / 担当者氏名 as a comparison key: tells a resubmission from a second coordinator.
    func contactKey(in form: Form) -> String? {
        guard let q = form.identity(.contactName), case .text(let t)? = answers[q.id] else { return nil }
        return Normalize.key(t)
    }
}

/// What became of one input (a file, or a member of a bundle) before the across-form stages.
struct Processed: Sendable {
    enum Kind: Sendable { case form(ParsedForm), rejected(Reason), skipped(Reason), reply(QueryReply) }
    var input: InputID
    var size: Int
    var fileModified: Date?
    var workbookModified: Date?
    var kind: Kind
    /// Issues of a rejected file (unknown code …); a parsed form carries its own.
    var issues: [Issue] = []
    /// SHA-256 of the input's bytes (a bundle member: of the member), for the run record.
    var sha256: String? = nil
}

/// Turns one input's bytes into outcomes. Pure apart from the reader; never throws, never stops.
enum ProcessInput {
    static func run(_ file: InboxFile, options: IngestOptions) -> [Processed] {
        switch file.content {
        case .rejected(let r): return [Processed(input: file.id, size: file.size, fileModified: file.fileModified, kind: .rejected(r))]
        case .skipped(let r): return [Processed(input: file.id, size: file.size, fileModified: file.fileModified, kind: .skipped(r))]
        case .bytes(let bytes): return bytesOutcome(bytes, id: file.id, fileModified: file.fileModified, depth: 0, options: options)
        }
    }

    static func bytesOutcome(_ bytes: [UInt8], id: InputID, fileModified: Date?, depth: Int, options: IngestOptions) -> [Processed] {
        // Hashed here, while the bytes are in memory on a worker thread, rather than read again later.
        let digest = SHA256.hex(bytes)
        var out = classify(bytes, id: id, fileModified: fileModified, depth: depth, options: options, digest: digest)
        for i in out.indices where out[i].input == id && out[i].sha256 == nil { out[i].sha256 = digest }
        return out
    }

    static func classify(_ bytes: [UInt8], id: InputID, fileModified: Date?, depth: Int, options: IngestOptions,
                         digest: String? = nil) -> [Processed] {
        func reject(_ r: RejectReason) -> [Processed] {
            [Processed(input: id, size: bytes.count, fileModified: fileModified, kind: .rejected(r.reason))]
        }
        func skip(_ r: SkipReason) -> [Processed] {
            [Processed(input: id, size: bytes.count, fileModified: fileModified, kind: .skipped(r.reason))]
        }
        if bytes.isEmpty { return reject(.emptyFile) }
        let name = id.member ?? id.path
        // The contractor's own corrections: a CSV in the inbox's corrections folder.
        if QueryReply.isContractorCSV(id) {
            switch QueryReply.contractor(csv: bytes) {
            case .success(let r): return [Processed(input: id, size: bytes.count, fileModified: fileModified, kind: .reply(r))]
            case .failure(let r): return reject(r)
            }
        }
        // A workbook's ZIP directory is read once, for sniffing and for reading.
        let zip = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? try? ZipArchive(bytes: bytes, limits: options.limits) : nil
        let kind = ContainerKind.sniff(bytes, archive: zip)
        if kind != .xlsxZip, let other = OtherDocument.kind(bytes, archive: zip, name: name) { return skip(other) }
        switch kind {
        case .ole2Legacy: return reject(.legacyXLS)
        case .ole2Encrypted: return reject(.encrypted)
        case .ods: return reject(.ods)
        case .pdf: return skip(.pdf)
        case .unknown: return reject(.notAWorkbook)
        case .otherZip:
            // Only a `.zip` is a bundle of forwarded forms; any other zip-based file is no form
            // (a damaged one goes on to be reported as damaged).
            guard OtherDocument.isZipName(name) || zip == nil else { return reject(.notAWorkbook) }
            guard depth < 2 else {
                return [Processed(input: id, size: bytes.count, fileModified: fileModified, kind: .rejected(RejectReason.nestedTooDeep))]
            }
            return bundle(bytes, id: id, fileModified: fileModified, depth: depth, options: options)
        case .xlsxZip:
            return [workbook(bytes, archive: zip, id: id, fileModified: fileModified, options: options, digest: digest)]
        }
    }

    /// A zip of forwarded forms: each member is its own input; a bad member spoils nothing else.
    static func bundle(_ bytes: [UInt8], id: InputID, fileModified: Date?, depth: Int, options: IngestOptions) -> [Processed] {
        let zip: ZipArchive
        do { zip = try ZipArchive(bytes: bytes, limits: options.limits) } catch {
            return [Processed(input: id, size: bytes.count, fileModified: fileModified, kind: .rejected(WorkbookLoading.rejection(error).reason))]
        }
        let members = zip.entries.filter { !$0.isDirectory }.sorted { $0.name < $1.name }
        guard !members.isEmpty else {
            return [Processed(input: id, size: bytes.count, fileModified: fileModified, kind: .rejected(RejectReason.bundleWithoutWorkbook.reason))]
        }
        var out: [Processed] = []
        var seen: [String: Int] = [:]
        for e in members {
            // A damaged or hand-made zip can repeat a name; every input still needs its own id.
            seen[e.name, default: 0] += 1
            let unique = seen[e.name]! == 1 ? e.name : e.name + "#" + String(seen[e.name]!)
            let name = id.member.map { $0 + "/" + unique } ?? unique
            let mid = InputID(path: id.path, member: name)
            let modified = entryTime(e, zone: options.timeZone)
            if let skip = Discover.litter(e.name) {
                out.append(Processed(input: mid, size: e.uncompressedSize, fileModified: modified, kind: .skipped(skip.reason)))
                continue
            }
            do {
                let data = try zip.extract(e, budget: options.limits.maxEntrySize)
                out += bytesOutcome(data, id: mid, fileModified: modified, depth: depth + 1, options: options)
            } catch {
                out.append(Processed(input: mid, size: e.uncompressedSize, fileModified: modified,
                                     kind: .rejected(WorkbookLoading.rejection(error).reason)))
            }
        }
        return out
    }

    /// The extended timestamp is a true instant; the DOS fields are the zipping PC's wall clock.
    static func entryTime(_ e: ZipEntry, zone: TimeZone) -> Date? {
        e.extendedModified ?? e.dosModified?.date(in: zone)
    }

    static func workbook(_ bytes: [UInt8], archive: ZipArchive? = nil, id: InputID, fileModified: Date?, options: IngestOptions,
                         digest: String? = nil) -> Processed {
        var p = Processed(input: id, size: bytes.count, fileModified: fileModified, kind: .rejected(RejectReason.notASurveyForm.reason))
        // Read before (the answer cache): the same cells and save time as parsing would give.
        if let digest, let entry = options.answerCache?[digest], let formID = entry.form.formID,
           let form = options.codebook.form(id: formID), let anchors = options.anchors[form.id],
           let extracted = entry.form.decode(form: form.id, anchors: anchors) {
            p.workbookModified = entry.modified
            (p.kind, p.issues) = judge(extracted, form: form, stored: entry.form, input: id, options: options)
            if case .form(var f) = p.kind { f.fromCache = true; p.kind = .form(f) }
            return p
        }
        do {
            // Fast path first: only the sheets our anchors name. Anything odd (meta sheet renamed,
            // names lost, anchors missing) is read again in full, so the fast path never changes a result.
            let partial = try WorkbookLoading.snapshot(bytes: bytes, archive: archive, limits: options.limits, complete: false,
                                                       memo: options.parts)
            p.workbookModified = partial.modified
            if !partial.complete, let (kind, issues) = read(partial, input: id, options: options, requireAllAnchors: true) {
                p.kind = kind; p.issues = issues
                return p
            }
            let full = partial.complete ? partial : try WorkbookLoading.snapshot(bytes: bytes, archive: archive, limits: options.limits,
                                                                                                  memo: options.parts)
            (p.kind, p.issues) = read(full, input: id, options: options)
        } catch {
            p.kind = .rejected(WorkbookLoading.rejection(error).reason)
        }
        return p
    }

    /// The pure part: a snapshot → a parsed form or a rejection with its issues.
    static func read(_ snapshot: WorkbookSnapshot, input: InputID, options: IngestOptions) -> (Processed.Kind, [Issue]) {
        read(snapshot, input: input, options: options, requireAllAnchors: false)!
    }

    /// With `requireAllAnchors`, nil instead of a result that reading more sheets could change
    /// (no meta sheet found, or an anchor not found).
    static func read(_ snapshot: WorkbookSnapshot, input: InputID, options: IngestOptions,
                     requireAllAnchors: Bool) -> (Processed.Kind, [Issue])? {
        let meta: FormMeta
        switch Identify.meta(of: snapshot, codebook: options.codebook) {
        case .failure(let r):
            if requireAllAnchors { return nil }
            // Not a survey form: perhaps a returned 疑義照会票.
            switch QueryReply.read(snapshot, codebook: options.codebook) {
            case .success(let reply)?: return (.reply(reply), [])
            case .failure(let q)?: return (.rejected(q.reason), [])
            case nil: return (.rejected(r.reason), [])
            }
        case .success(let m): meta = m
        }
        guard let form = options.codebook.form(meta.formID) else { return (.rejected(RejectReason.notASurveyForm.reason), []) }
        let anchors = options.anchors[form.id] ?? FormAnchors(form)
        let cells = Extract.cells(of: form, in: snapshot, meta: meta, anchors: anchors)
        let extracted = ExtractedForm(meta: meta, anchors: anchors.keys, position: anchors.position, byPosition: cells)
        if requireAllAnchors && !extracted.missing.isEmpty { return nil }
        return judge(extracted, form: form, stored: StoredForm.encode(meta: meta, byPosition: cells), input: input, options: options)
    }

    /// The answer cells → the respondent, the checked answers and issues (or a rejection).
    static func judge(_ extracted: ExtractedForm, form: Form, stored: StoredForm, input: InputID,
                      options: IngestOptions) -> (Processed.Kind, [Issue]) {
        let meta = extracted.meta
        let who = IdentifyRespondent.run(form: form, extracted: extracted, master: options.master, input: input)
        if let r = who.rejection { return (.rejected(r.reason), who.issues) }
        guard let respondent = who.respondent else { return (.rejected(RejectReason.notASurveyForm.reason), who.issues) }

        let checked = Validate.run(form: form, extracted: extracted, context: FileContext(input: input, respondent: respondent))
        // Values only, sized to what was answered: the whole nation's forms are held until duplicates are resolved.
        var answers = [String: AnswerValue](minimumCapacity: checked.answers.count + who.answers.count)
        for (q, a) in checked.answers { answers[q] = a.value }
        for (q, v) in who.answers { answers[q] = v }
        var cited: [String: ExtractedCell] = [:]
        for q in CrossChecks.citedQuestions(form, options: options) where answers[q] != nil {
            cited[q] = who.answers[q] != nil ? extracted.cell(q) : checked.answers[q]?.cell
        }
        var parsed = ParsedForm(input: input, meta: meta, respondent: respondent, answers: answers,
                                issues: who.issues + checked.issues, stored: stored)
        parsed.citedCells = cited
        return (.form(parsed), [])
    }
}
