import Foundation
import SurveyModel
import XLSXReader

/// The column headings of a written workbook read back — the rows each sheet repeats at the top
/// of every printed page (`_xlnm.Print_Titles`) — checked against the glossary (`Term`).
public enum Headings {
    /// Every non-empty heading cell of every sheet: (sheet, text).
    public static func cells(_ path: String) throws -> [(sheet: String, text: String)] {
        let book = try Workbook(path: path)
        var out: [(sheet: String, text: String)] = []
        for name in book.definedNames where name.name == "_xlnm.Print_Titles" {
            guard let index = name.localSheetId, index < book.sheets.count else { continue }
            let rows = rowRanges(name.refersTo)
            guard !rows.isEmpty else { continue }
            let ws = try book.worksheet(at: index)
            for cell in ws.cells where rows.contains(where: { $0.contains(cell.ref.row) }) && !cell.text.isEmpty {
                out.append((ws.name, cell.text))
            }
        }
        return out
    }

    /// The 0-based rows of `'疑義照会'!$4:$4` or `'集計'!$A:$B,'集計'!$4:$5`.
    static func rowRanges(_ refersTo: String) -> [ClosedRange<Int>] {
        refersTo.split(separator: ",").compactMap { part -> ClosedRange<Int>? in
            let cells = part.split(separator: "!").last.map(String.init) ?? String(part)
            let ends = cells.split(separator: ":").map { $0.filter(\.isNumber) }
            guard ends.count == 2, let a = Int(ends[0]), let b = Int(ends[1]), a >= 1, b >= a else { return nil }
            return (a - 1)...(b - 1)
        }
    }

    /// What the survey itself names (forms, questions, options, indicators, categories, rules,
    /// prefectures, municipality kinds): headings that are data, not column concepts.
    public static func surveyNames(_ codebook: Codebook) -> Set<String> {
        var names: Set<String> = ["全国"]
        for f in codebook.forms {
            names.formUnion([f.title, f.listSheet] + f.sections.map(\.title))
            for q in f.questions {
                names.formUnion([q.label, q.printedName, q.number, q.shortName, q.labelWithKind])
                for o in q.options { names.formUnion([o.label, o.listed, "\(o.code) \(o.label)"]) }
            }
        }
        names.formUnion(codebook.indicators.map(\.label))
        names.formUnion(codebook.categories.map(\.label))
        names.formUnion(IssueRule.known.map(\.label))
        names.formUnion(MasterList.embedded.prefectures.map(\.name))
        names.formUnion(MunicipalityKind.allCases.map(\.rawValue))
        return names
    }

    /// Headings that are neither a glossary term nor a survey name (a form's title followed by a
    /// term, `市町村票 回収数`, is both), and any heading under a name the glossary retired.
    public static func strays(_ path: String, codebook: Codebook) throws -> [String] {
        let names = surveyNames(codebook)
        let retired = Dictionary(Term.allCases.flatMap { t in t.retired.map { ($0, t) } }, uniquingKeysWith: { a, _ in a })
        let hiddenKeys = Set(QueryForm.Column.allCases.filter { $0.term == nil }.map(\.header))
        var out: [String] = []
        for (sheet, text) in try cells(path) {
            let flat = text.filter { !$0.isNewline }
            if let t = retired[flat] { out.append("\(sheet): 「\(flat)」 is retired — the glossary calls it 「\(t.rawValue)」"); continue }
            if Term(heading: text) != nil || names.contains(flat) || names.contains(text) || hiddenKeys.contains(flat) { continue }
            // 配置人数（問2）: a term and the question it was asked in.
            if let open = flat.firstIndex(of: "（"), flat.hasSuffix("）"), Term(heading: String(flat[..<open])) != nil,
               names.contains(String(flat[flat.index(after: open)..<flat.index(before: flat.endIndex)])) { continue }
            let parts = flat.split(separator: " ").map(String.init)
            if parts.count > 1, parts.allSatisfy({ Term(heading: $0) != nil || names.contains($0) }) { continue }
            out.append("\(sheet): 「\(flat)」 is no glossary term")
        }
        return out
    }
}
