/// How a form written by `renkei template` marks its answer cells, so that what comes back can be
/// read wherever a respondent moved things. Forms writes these; Ingest reads them.
///
/// Two independent marks per answer cell, because respondents' office software keeps one or the
/// other: a workbook-level defined name (`RK_M1`, follows inserted rows and renamed sheets), and a
/// key in the answer sheet's hidden id column (`M1`, `M1_1#3`) whose row holds the input cell in
/// the meta sheet's `answer_column`.
public enum Anchor {
    /// The hidden sheet recording which form, codebook and respondent a workbook is.
    public static let metaSheetName = "_renkei"
    /// Text in A1 of the meta sheet: finds it even if the sheet was renamed.
    public static let metaMarker = "renkei:meta"

    /// Rows of the meta sheet: key in column A, value in column B.
    public enum MetaKey: String, CaseIterable, Sendable {
        case formID = "form_id"
        case codebookID = "codebook_id"
        case codebookVersion = "codebook_version"
        /// 団体コード the form was made for (blank on a blank coordinator form).
        case code
        case coordinatorNumber = "coordinator_number"
        /// Column letter of the input cells on answer sheets (fallback anchors).
        case answerColumn = "answer_column"
        /// Column letter of the hidden id column on answer sheets.
        case idColumn = "id_column"
    }

    /// What every answer cell's defined name starts with.
    public static let definedNamePrefix = "RK_"
    static let optionMark = "_O"

    /// Defined name of a question's input cell (single, integer, text): `RK_M1`.
    public static func definedName(question: String) -> String { definedNamePrefix + question }

    /// Defined name of a multi-choice option's ○ cell: `RK_M1_1_O3`.
    public static func definedName(question: String, option: Int) -> String {
        definedNamePrefix + question + optionMark + String(option)
    }

    /// Key in the hidden id column: `M1`, or `M1_1#3` for option 3 of multi-choice M1_1.
    public static func columnKey(question: String, option: Int? = nil) -> String {
        guard let option else { return question }
        return question + "#" + String(option)
    }

    /// The question (and option) a defined name marks, or nil if it is not one of ours.
    /// Question ids never contain `_O<digits>` at their end, which the codebook loader checks.
    public static func parse(definedName name: String) -> (question: String, option: Int?)? {
        guard name.hasPrefix(definedNamePrefix), name.count > definedNamePrefix.count else { return nil }
        let body = Array(name.utf8.dropFirst(definedNamePrefix.utf8.count))
        // An option suffix is `_O` followed by digits only, at the very end. Bytes: runs per anchor per file.
        var i = body.count
        while i > 0, body[i - 1] >= UInt8(ascii: "0"), body[i - 1] <= UInt8(ascii: "9") { i -= 1 }
        let digitCount = body.count - i
        if digitCount > 0, digitCount < 6, i >= 3, body[i - 1] == UInt8(ascii: "O"), body[i - 2] == UInt8(ascii: "_") {
            var n = 0
            for b in body[i...] { n = n * 10 + Int(b - UInt8(ascii: "0")) }
            if n > 0 { return (String(decoding: body[..<(i - 2)], as: UTF8.self), n) }
        }
        return (String(decoding: body, as: UTF8.self), nil)
    }

    /// The question (and option) a hidden-column key marks.
    public static func parse(columnKey key: String) -> (question: String, option: Int?)? {
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "#") })
        else { return nil }
        let parts = key.split(separator: "#", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (key, nil)
        case 2: guard let n = Int(parts[1]), n > 0, !parts[0].isEmpty else { return nil }
                return (String(parts[0]), n)
        default: return nil
        }
    }
}
