import Foundation
import Ingest
import SurveyModel
import Tabulate

/// answers.csv: one row per respondent × tabulated question, long format, for machines.
/// No `pii` question and no identity field (contacts) ever appears in it.
public enum AnswersCSV {
    /// The columns, by header: what the writer writes and what `--previous` reads back by name.
    public enum Column: String, CaseIterable, Sendable {
        case form, code = "団体コード", prefectureCode = "都道府県コード", coordinatorNumber = "コーディネーター番号"
        case questionID = "設問ID", state = "状態", optionCodes = "選択肢コード", answer = "回答", correction = "修正"
    }
    public static let header = Column.allCases.map(\.rawValue)

    /// 状態 of a row.
    public enum State: String, CaseIterable, Sendable {
        case answered = "回答", blank = "無回答", notAsked = "非該当"
    }

    /// 状態: 回答 (answered), 無回答 (asked, blank or invalid), 非該当 (condition did not hold).
    /// 修正: 照会回答 or 事務局修正 when the answer is a corrected value (`corrected`: by respondent, question).
    public static func render(codebook: Codebook, responses: [Response], corrected: [Respondent: [String: String]] = [:]) -> String {
        String(decoding: bytes(codebook: codebook, responses: responses, corrected: corrected), as: UTF8.self)
    }

    /// The document as UTF-8 bytes (tests, `render`); the run streams it with `write`.
    static func bytes(codebook: Codebook, responses: [Response], corrected: [Respondent: [String: String]] = [:]) -> [UInt8] {
        var all = [UInt8]()
        write(codebook: codebook, responses: responses, corrected: corrected) { all += $0 }
        return all
    }

    /// The document in pieces of about `chunk` bytes, in order, to `emit`. The longest single job
    /// of the reports (~80,000 lines), so it writes into one reused buffer, never the whole file:
    /// the respondent's four leading fields are escaped once per respondent, question ids and the
    /// three states once per run.
    static func write(codebook: Codebook, responses: [Response], corrected: [Respondent: [String: String]] = [:],
                      chunk: Int = CSVBuffer.chunk, to emit: ([UInt8]) throws -> Void) rethrows {
        var questions = [FormID: [(question: Question, id: [UInt8])]]()
        for form in codebook.forms {
            questions[form.id] = form.questions.filter { $0.isTabulated && !$0.pii }.map { ($0, CSVBuffer.escaped($0.id)) }
        }
        let answered = CSVBuffer.escaped(State.answered.rawValue), blank = CSVBuffer.escaped(State.blank.rawValue)
        let notAsked = CSVBuffer.escaped(State.notAsked.rawValue)
        var out = CSVBuffer(capacity: chunk + 64 * 1024)
        out.row(header)
        for r in responses.sorted(by: { $0.respondent < $1.respondent }) {
            guard let list = questions[r.respondent.form] else { continue }
            let who = r.respondent
            var lead = CSVBuffer.escaped(who.form.rawValue)
            for field in [who.code, who.prefectureCode, who.coordinatorNumber.map(String.init) ?? ""] {
                lead.append(0x2C)
                lead += CSVBuffer.escaped(field)
            }
            lead.append(0x2C)
            let fixes = corrected[who]
            for (q, id) in list {
                let a = r.answers[q.id]
                out.raw(lead)
                out.raw(id)
                out.comma()
                out.raw(a != nil ? answered : (r.isAsked(q) ? blank : notAsked))
                out.comma()
                if let a {
                    let (code, value) = q.kind.csv(a, q)
                    out.field(code); out.comma(); out.field(value)
                } else {
                    out.comma()
                }
                out.comma()
                if let fix = fixes?[q.id] { out.field(fix) }
                out.endLine()
            }
            if out.bytes.count >= chunk { try out.flush(emit) }
        }
        try out.flush(emit)
    }

    /// Why an answers.csv cannot be read back, in words for the message about the folder it is in.
    public struct ReadFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The rows of an answers.csv this or an older renkei wrote, by column name (an older one has
    /// no 修正 column, a newer one may have more).
    public static func read(_ text: String) throws(ReadFailure) -> [PreviousAnswer] {
        var text = text
        return try text.withUTF8 { bytes in Result { () throws(ReadFailure) in try read(utf8: bytes) } }.get()
    }

    /// The same from the file's bytes, as read from disk.
    public static func read(_ data: Data) throws(ReadFailure) -> [PreviousAnswer] {
        try data.withUnsafeBytes { raw in Result { () throws(ReadFailure) in try read(utf8: raw.bindMemory(to: UInt8.self)) } }.get()
    }

    /// One pass over the UTF-8, a String made only for the fields a row keeps: a nation's file is
    /// ~80,000 lines. A file that is not CSV anywhere says so first, then a missing column, then the
    /// first line renkei did not write.
    static func read(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(ReadFailure) -> [PreviousAnswer] {
        let needed: [Column] = [.form, .code, .prefectureCode, .coordinatorNumber, .questionID, .state, .optionCodes, .answer]
        let states: [(utf8: [UInt8], state: PreviousAnswer.State)] = State.allCases.map { s in
            let state: PreviousAnswer.State = switch s {
            case .answered: .answered
            case .blank: .blank
            case .notAsked: .notAsked
            }
            return (Array(s.rawValue.utf8), state)
        }
        var header: [String]?
        var at = [Int]()
        var failure: ReadFailure?
        var out = [PreviousAnswer]()
        out.reserveCapacity(bytes.count / 72)
        // A respondent's rows are together: its fields are made once and shared by its rows.
        var who: (utf8: [[UInt8]], form: FormID, code: String, prefecture: String, coordinator: String)?
        let broken = CSVTable.scan(bytes) { row in
            guard let names = header else {
                let names = (0..<row.count).map(row.string)
                header = names
                at = needed.compactMap { names.firstIndex(of: $0.rawValue) }
                guard at.count == needed.count else {
                    failure = ReadFailure(description: "renkei の書く列（\(needed.map(\.rawValue).joined(separator: ","))）がありません")
                    return false
                }
                return true
            }
            guard row.count == names.count else {
                failure = ReadFailure(description: "\(row.line) 行目は renkei が書いた行ではありません（欄 \(row.count) 個、調査票 '\(row.string(0))'）")
                return false
            }
            if !(who.map { w in same(w.utf8[0], row.utf8(at[0])) && same(w.utf8[1], row.utf8(at[1]))
                    && same(w.utf8[2], row.utf8(at[2])) && same(w.utf8[3], row.utf8(at[3])) } ?? false) {
                guard let form = FormID(rawValue: row.string(at[0])) else {
                    failure = ReadFailure(description: "\(row.line) 行目は renkei が書いた行ではありません（欄 \(row.count) 個、調査票 '\(row.string(0))'）")
                    return false
                }
                who = ((0..<4).map { Array(row.utf8(at[$0])) }, form, row.string(at[1]), row.string(at[2]), row.string(at[3]))
            }
            let stateBytes = row.utf8(at[5])
            guard let state = states.first(where: { same($0.utf8, stateBytes) })?.state else {
                failure = ReadFailure(description: "\(row.line) 行目の状態 '\(row.string(at[5]))' は renkei の書く値ではありません")
                return false
            }
            // Codes and labels are listed in the same order, `;`-separated for a multiple answer.
            let codes = optionCodes(row.utf8(at[6]))
            let value = row.string(at[7])
            let labels = codes.isEmpty ? [] : codes.count == 1 ? [value] : Self.labels(row.utf8(at[7]), value)
            out.append(PreviousAnswer(form: who!.form, code: who!.code, prefectureCode: who!.prefecture,
                                      coordinatorNumber: who!.coordinator, questionID: row.string(at[4]), state: state,
                                      codes: codes, labels: labels, value: value))
            return true
        }
        if let broken { throw ReadFailure(description: "CSV ではありません（\(broken.line) 行目: \(broken.message)）") }
        guard header != nil else {
            throw ReadFailure(description: "renkei の書く列（\(needed.map(\.rawValue).joined(separator: ","))）がありません")
        }
        if let failure { throw failure }
        return out
    }

    /// 選択肢コード: `;`-separated integers, empty pieces skipped; a piece that is not an integer is -1.
    static func optionCodes(_ field: UnsafeBufferPointer<UInt8>) -> [Int] {
        var codes = [Int]()
        var piece = 0
        while piece < field.count {
            var end = piece
            while end < field.count, field[end] != 0x3B { end += 1 }
            if end > piece { codes.append(integer(UnsafeBufferPointer(rebasing: field[piece..<end])) ?? -1) }
            piece = end + 1
        }
        return codes
    }

    /// 回答's `;`-separated labels, as `split(separator: ";")` cuts `value` (the field's text): on
    /// the bytes when each scalar is a character of its own (a Character split costs ~45k
    /// instructions on Japanese), else by characters, where a mark after `;` joins it.
    static func labels(_ field: UnsafeBufferPointer<UInt8>, _ value: String) -> [String] {
        guard PlainText.isPlain(value) else { return value.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        var out = [String](), start = 0
        for i in 0...field.count where i == field.count || field[i] == 0x3B {
            out.append(String(decoding: UnsafeBufferPointer(rebasing: field[start..<i]), as: UTF8.self))
            start = i + 1
        }
        return out
    }

    /// Whether a field's bytes are `utf8`'s.
    private static func same(_ utf8: [UInt8], _ field: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.count == field.count && utf8.withUnsafeBufferPointer { $0.elementsEqual(field) }
    }

    /// A decimal integer with an optional sign, as `Int(_: String)` reads it; nil otherwise or on overflow.
    static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let negative = digits.first == 0x2D
        if negative || digits.first == 0x2B { i += 1 }
        guard i < digits.count else { return nil }
        var value = 0
        while i < digits.count {
            let d = Int(digits[i]) - 0x30
            guard d >= 0, d <= 9 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(d) : times.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }
}

/// issues.csv and ledger.csv: the 疑義 and the 台帳 as flat tables (`renkei validate` writes
/// them for one prefecture, the run for the nation).
public enum LedgerCSV {
    /// Read by people first (Japanese severity, rule, form, 問番号); the ids for machines in the last columns.
    public static let issuesHeader = ["重要度", "ルール", "調査票", "団体コード", "団体名", "都道府県コード", "コーディネーター番号",
                                      "ファイル", "シート", "セル", "問番号", "設問", "記入値", "内容", "状態",
                                      "重要度コード", "ルールID", "調査票ID", "設問ID"]

    /// `maskPII` replaces the written value of contact questions (and its echo in the message) by ＊＊＊:
    /// on for anything that leaves the prefecture, off for a prefecture's own list.
    /// `names` gives a 団体コード's name (団体名 column).
    public static func issues(_ issues: [Issue], codebook: Codebook, maskPII: Bool,
                              names: @escaping (String) -> String = { _ in "" }) -> String {
        String(decoding: issuesBytes(issues, codebook: codebook, maskPII: maskPII, names: names), as: UTF8.self)
    }

    static func issuesBytes(_ issues: [Issue], codebook: Codebook, maskPII: Bool, names: @escaping (String) -> String) -> [UInt8] {
        var all = [UInt8]()
        writeIssues(issues, codebook: codebook, maskPII: maskPII, names: names) { all += $0 }
        return all
    }

    /// issues.csv in pieces to `emit` (the run streams it), each row made as it is written.
    static func writeIssues(_ issues: [Issue], codebook: Codebook, maskPII: Bool, names: @escaping (String) -> String,
                            to emit: ([UInt8]) throws -> Void) rethrows {
        let masker = ReportContext.Masker(codebook: codebook)
        let rows = Issue.inReportOrder(issues).lazy.map { raw -> [String] in
            let i = maskPII ? masker.masked(raw) : raw
            let who = i.respondent
            let q = who.flatMap { codebook.form($0.form) }.flatMap { f in i.question.flatMap(f.question) }
            return [i.severity.label, i.rule.label, who.flatMap { codebook.form($0.form)?.title } ?? "", who?.code ?? "",
                    who.map { names($0.code) } ?? "", who?.prefectureCode ?? "",
                    who?.coordinatorNumber.map(String.init) ?? "", i.file, i.sheet ?? "", i.cell?.a1 ?? "",
                    q?.number ?? "", i.questionLabel ?? "", i.value ?? "", i.message, i.status.label,
                    i.severity.rawValue, i.rule.rawValue, who?.form.rawValue ?? "", i.question ?? ""]
        }
        try CSV.writeDocument(header: issuesHeader, rows: rows, to: emit)
    }

    /// ledger.csv's columns: each heading beside what it shows of a ledger row (`LedgerEntry`).
    static func ledgerColumns(_ calendar: Calendar) -> [(heading: String, value: (FileRecord) -> String)] {
        [("ファイル", { $0.file }), ("状態", { $0.state.label }), ("状態コード", { $0.state.rawValue }),
         ("理由コード", { $0.reason.code }), ("理由", { $0.reasonText }), ("調査票", { $0.respondent?.form.rawValue ?? "" }),
         ("団体コード", { $0.respondent?.code ?? "" }),
         ("コーディネーター番号", { $0.respondent?.coordinatorNumber.map(String.init) ?? "" }),
         ("更新日時", { ReportContext.timestamp($0.modified, calendar: calendar) })]
    }

    /// Times in `timeZone` (the run's zone; Japan time by default).
    public static func ledger(_ files: [FileRecord], timeZone: TimeZone = ReportInput.tokyo) -> String {
        String(decoding: ledgerBytes(files, timeZone: timeZone), as: UTF8.self)
    }

    static func ledgerBytes(_ files: [FileRecord], timeZone: TimeZone = ReportInput.tokyo) -> [UInt8] {
        var all = [UInt8]()
        writeLedger(files, timeZone: timeZone) { all += $0 }
        return all
    }

    /// ledger.csv in pieces to `emit` (the run streams it), each row made as it is written.
    static func writeLedger(_ files: [FileRecord], timeZone: TimeZone = ReportInput.tokyo, to emit: ([UInt8]) throws -> Void) rethrows {
        let columns = ledgerColumns(ReportContext.calendar(timeZone))
        let rows = files.sorted { ($0.file, $0.state) < ($1.file, $1.state) }.lazy.map { f in columns.map { $0.value(f) } }
        try CSV.writeDocument(header: columns.map(\.heading), rows: rows, to: emit)
    }
}
