import SurveyModel

/// answers.csv: one row per respondent × tabulated question, long format, for machines.
/// No `pii` question and no identity field (contacts) ever appears in it.
public enum AnswersCSV {
    public static let header = ["form", "団体コード", "都道府県コード", "コーディネーター番号", "設問ID",
                                "状態", "選択肢コード", "回答"]

    /// 状態: 回答 (answered), 無回答 (asked, blank or invalid), 非該当 (condition did not hold).
    public static func render(codebook: Codebook, responses: [Response]) -> String {
        var rows: [[String]] = []
        var questions = [FormID: [Question]]()
        for form in codebook.forms { questions[form.id] = form.questions.filter { $0.isTabulated && !$0.pii } }
        rows.reserveCapacity(responses.count * 40)
        for r in responses.sorted(by: { $0.respondent < $1.respondent }) {
            guard let list = questions[r.respondent.form] else { continue }
            let who = r.respondent
            let lead = [who.form.rawValue, who.code, who.prefectureCode, who.coordinatorNumber.map(String.init) ?? ""]
            for q in list {
                let a = r.answers[q.id]
                let state = a != nil ? "回答" : (r.isAsked(q) ? "無回答" : "非該当")
                var codes = "", value = ""
                switch a {
                case .single(let c)?: codes = String(c); value = q.option(code: c)?.label ?? ""
                case .multi(let cs)?:
                    codes = cs.map(String.init).joined(separator: ";")
                    value = cs.map { q.option(code: $0)?.label ?? String($0) }.joined(separator: ";")
                case .integer(let n)?: value = String(n)
                case .text(let t)?: value = t
                case nil: break
                }
                rows.append(lead + [q.id, state, codes, value])
            }
        }
        return CSV.document(header: header, rows: rows)
    }
}

/// issues.csv and ledger.csv: the 疑義 and the 台帳 as flat tables (`renkei validate` writes
/// them for one prefecture, the run for the nation).
public enum LedgerCSV {
    public static let issuesHeader = ["重要度", "ルール", "調査票", "団体コード", "都道府県コード", "コーディネーター番号",
                                      "ファイル", "シート", "セル", "設問ID", "設問", "記入値", "内容"]

    /// `maskPII` replaces the written value of contact questions (and its echo in the message) by ＊＊＊:
    /// on for anything that leaves the prefecture, off for a prefecture's own list.
    public static func issues(_ issues: [IssueRecord], codebook: Codebook, maskPII: Bool) -> String {
        let masker = ReportContext.Masker(codebook: codebook)
        let rows = issues.sorted(by: IssueRecord.reportOrder).map { raw -> [String] in
            let i = maskPII ? masker.masked(raw) : raw
            let who = i.respondent
            return [i.severity.rawValue, i.rule, who?.form.rawValue ?? "", who?.code ?? "", who?.prefectureCode ?? "",
                    who?.coordinatorNumber.map(String.init) ?? "", i.file, i.sheet ?? "", i.cell ?? "",
                    i.question ?? "", i.questionLabel ?? "", i.value ?? "", i.message]
        }
        return CSV.document(header: issuesHeader, rows: rows)
    }

    public static let ledgerHeader = ["ファイル", "状態", "状態コード", "理由コード", "理由", "調査票", "団体コード",
                                      "コーディネーター番号", "更新日時"]

    public static func ledger(_ files: [FileRecord]) -> String {
        let rows = files.sorted { ($0.file, $0.state) < ($1.file, $1.state) }.map { f -> [String] in
            [f.file, f.state.label, f.state.rawValue, f.reasonCode ?? "", f.reason ?? "", f.respondent?.form.rawValue ?? "",
             f.respondent?.code ?? "", f.respondent?.coordinatorNumber.map(String.init) ?? "",
             ReportContext.timestamp(f.modified)]
        }
        return CSV.document(header: ledgerHeader, rows: rows)
    }
}
