import Foundation
import ReportKit
import SurveyModel
import Tabulate
import Testing

/// The one-pass answers.csv reader against the reader it replaced (kept here, whole, as the
/// reference): the same rows, or the same words for a file renkei did not write, on files that
/// are mostly well formed with every kind of damage mixed in.
@Suite struct AnswersCSVReadSeeded {
    @Test func theOnePassReaderAgreesWithTheTableReaderOnGeneratedFiles() {
        var rng = SplitMix64(seed: 0x5EED_A115)
        var failures = 0, rows = 0
        for round in 0..<1_500 {
            let bytes = Self.file(&rng)
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = Outcome { () throws(Reference.Failure) in try Reference.read(text) }
            let fromData = Outcome { () throws(AnswersCSV.ReadFailure) in try AnswersCSV.read(Data(bytes)) }
            let fromText = Outcome { () throws(AnswersCSV.ReadFailure) in try AnswersCSV.read(text) }
            #expect(fromData == expected, "round \(round): \(String(reflecting: text))")
            #expect(fromText == expected, "round \(round)")
            if case .rows(let r) = expected { rows += r.count } else { failures += 1 }
        }
        // Both outcomes are exercised in numbers, or the comparison proves little.
        #expect(failures > 300 && failures < 1_200, "\(failures) of 1,500 files failed")
        #expect(rows > 5_000)
    }

    @Test func optionCodesReadAsIntDoes() {
        for piece in ["1", "+2", "-3", "007", "", "+", "-", "1a", "９", " 1", "9223372036854775807", "9223372036854775808",
                      "-9223372036854775808", "-9223372036854775809", "1.0"] {
            let text = "form,団体コード,都道府県コード,コーディネーター番号,設問ID,状態,選択肢コード,回答\nMUNI,1,01,,Q,回答,\(piece);5,x;y\n"
            #expect((try? AnswersCSV.read(text)) == (try? Reference.read(text)), "\(piece)")
        }
    }

    /// A file of answers.csv rows, each piece drawn from what renkei writes and what breaks it.
    static func file(_ rng: inout SplitMix64) -> [UInt8] {
        func pick<T>(_ xs: [T]) -> T { xs[rng.int(0...(xs.count - 1))] }
        var header = AnswersCSV.header
        if rng.chance(0.1) { header.removeLast() }                       // an older file: no 修正
        if rng.chance(0.1) { header.append("追加") }                      // a newer one
        if rng.chance(0.03) { header.remove(at: rng.int(0...4)) }         // not renkei's
        if rng.chance(0.1) { header.swapAt(rng.int(0...3), rng.int(4...6)) }
        // Per column: what renkei writes, then what it never writes (drawn now and then).
        let values: [(clean: [String], odd: [String])] = [
            (["MUNI", "PREF", "COORD"], ["", "M U", "a,b", "市\"町\""]),
            (["011002", "131016", "472158"], ["", "０１", "1,2", "x\ny"]),
            (["01", "13", "47"], ["", "1.0"]),
            (["", "1", "2", "12"], ["x"]),
            (["M1", "M8_1", "P2", "C3"], ["", "Ｑ"]),
            (["回答", "無回答", "非該当"], ["たぶん", "", "回答 "]),
            (["", "1", "2;3", "1;4;5", "12"], [";", "1;;4", "+1", "-2", "x", "99999999999999999999", "4;x"]),
            (["", "はい", "はい;いいえ", "a;b;c", "12", "\"引用\"", "改\r\n行", "カンマ,入り", "\u{FEFF}x",
              "a;\u{301}b", "ｶﾞ;ｷﾞ;ｸ", "回答;は;い"], ["；", "a;"]),
            (["", "照会回答", "事務局修正"], ["x"]),
            (["", "z"], [","]),
        ]
        func value(_ column: Int) -> String {
            rng.chance(0.985) ? pick(values[column].clean) : pick(values[column].odd)
        }
        func field(_ s: String) -> String {
            let needs = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || rng.chance(0.1)
            return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        let eol = rng.chance(0.5) ? "\r\n" : "\n"
        var text = (rng.chance(0.2) ? "\u{FEFF}" : "") + header.map(field).joined(separator: ",") + eol
        // Respondents in runs of rows, as the writer groups them.
        var lead = (0..<4).map(value)
        for _ in 0..<rng.int(0...30) {
            if rng.chance(0.3) { lead = (0..<4).map(value) }
            var fields = header.indices.map { c -> String in
                guard let column = AnswersCSV.Column(rawValue: header[c]),
                      let k = AnswersCSV.Column.allCases.firstIndex(of: column) else { return value(9) }
                return k < 4 ? lead[k] : value(k)
            }
            if rng.chance(0.005) { fields.append("x") }
            if rng.chance(0.005) { fields.removeLast() }
            var line = fields.map(field).joined(separator: ",")
            switch rng.int(0...399) {
            case 0: line += "\"oops"                      // text after a quote, or a quote never closed
            case 1: line = "\"a\"b," + line
            case 2: line = ""                             // a blank line
            case 3: line = "\"\""                         // an empty quoted field alone
            case 4: line += "\r"                          // a lone CR
            default: break
            }
            text += line + (rng.chance(0.98) ? eol : "")
        }
        var bytes = Array(text.utf8)
        if rng.chance(0.05), !bytes.isEmpty { bytes.insert(pick([0xFF, 0xE3, 0x80]), at: rng.int(0...(bytes.count - 1))) }
        if rng.chance(0.02) { bytes = [] }
        return bytes
    }
}

/// Rows read, or the words of the failure.
private enum Outcome: Equatable {
    case rows([PreviousAnswer]), failure(String)

    init<E: Error & CustomStringConvertible>(_ read: () throws(E) -> [PreviousAnswer]) {
        do { self = .rows(try read()) } catch { self = .failure(error.description) }
    }
}

/// The reader before the one-pass one: a whole CSVTable, then the rows by column name.
private enum Reference {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func read(_ text: String) throws(Failure) -> [PreviousAnswer] {
        let table: [(line: Int, fields: [String])]
        switch rows(text) {
        case .success(let t): table = t
        case .failure(let e): throw Failure(description: "CSV ではありません（\(e.line) 行目: \(e.message)）")
        }
        let needed: [AnswersCSV.Column] = [.form, .code, .prefectureCode, .coordinatorNumber, .questionID, .state, .optionCodes, .answer]
        guard let header = table.first?.fields, case let at = needed.compactMap({ header.firstIndex(of: $0.rawValue) }),
              at.count == needed.count else {
            throw Failure(description: "renkei の書く列（\(needed.map(\.rawValue).joined(separator: ","))）がありません")
        }
        var out = [PreviousAnswer]()
        for row in table.dropFirst() {
            guard row.fields.count == header.count, let form = FormID(rawValue: row.fields[at[0]]) else {
                throw Failure(description: "\(row.line) 行目は renkei が書いた行ではありません（欄 \(row.fields.count) 個、調査票 '\(row.fields.first ?? "")'）")
            }
            let f = at.map { row.fields[$0] }
            let state: PreviousAnswer.State
            switch AnswersCSV.State(rawValue: f[5]) {
            case .answered: state = .answered
            case .blank: state = .blank
            case .notAsked: state = .notAsked
            case nil: throw Failure(description: "\(row.line) 行目の状態 '\(f[5])' は renkei の書く値ではありません")
            }
            let codes = f[6].isEmpty ? [] : f[6].split(separator: ";").map { Int($0) ?? -1 }
            let labels = codes.isEmpty ? [] : codes.count == 1 ? [f[7]]
                : f[7].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            out.append(PreviousAnswer(form: form, code: f[1], prefectureCode: f[2], coordinatorNumber: f[3],
                                      questionID: f[4], state: state, codes: codes, labels: labels, value: f[7]))
        }
        return out
    }

    struct Broken: Error { let line: Int, message: String }

    static func rows(_ text: String) -> Result<[(line: Int, fields: [String])], Broken> {
        let bytes = Array(text.utf8)
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, rowLine = 1
        var quoted = false, afterQuote = false, fieldStarted = false
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            quoted = false; afterQuote = false; fieldStarted = false
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowLine, fields)) }
            fields = []
        }
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == quote {
                    if i < bytes.count, bytes[i] == quote { field.append(quote); i += 1 } else { quoted = false; afterQuote = true }
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case comma: endField(); fieldStarted = true
            case cr, lf:
                if c == cr, i < bytes.count, bytes[i] == lf { i += 1 }
                endRow(); line += 1; rowLine = line
            case quote where field.isEmpty && !afterQuote: quoted = true; fieldStarted = true
            default:
                if afterQuote {
                    return .failure(Broken(line: line, message: "閉じた引用符 `\"` の後に文字があります（引用符で囲んだ欄は閉じる `\"` で終え、欄の中の `\"` は `\"\"` と書いてください）"))
                }
                field.append(c); fieldStarted = true
            }
        }
        if quoted { return .failure(Broken(line: rowLine, message: "引用符 `\"` で始まる欄が閉じられていません（閉じる `\"` を補ってください）")) }
        if fieldStarted || !field.isEmpty || !fields.isEmpty { endRow() }
        return .success(rows)
    }
}
