import Foundation
@testable import Ingest
import SurveyModel
import TestSupport

/// Builds returned-form workbooks the way `renkei template` lays them out (an answer sheet with a
/// hidden id column and defined names, a `_renkei` meta sheet), with the knobs respondents turn:
/// inserted rows, renamed sheets, lost defined names, inline strings.
struct TestWorkbook {
    enum V { case s(String), n(Double), b(Bool) }

    var form: Form
    var code: String?
    var coordinatorNumber: Int?
    var answers: [String: V] = [:]
    var sheetName = "回答"
    var metaSheetName = Anchor.metaSheetName
    var rowsInsertedAbove = 0
    var definedNames = true
    var idColumn = true
    var inlineStrings = false
    /// docProps `dcterms:modified`; nil leaves it out, as some producers do.
    var modified: String? = "2023-09-01T10:00:00Z"
    var codebookID = TestData.codebook.id
    var codebookVersion = TestData.codebook.version
    /// Extra defined names, e.g. a `#REF!` one.
    var extraNames: [(String, String)] = []
    /// Extra defined names written with their scope and visibility exactly as given.
    var scopedNames: [(name: String, refersTo: String, localSheetId: Int?, hidden: Bool)] = []

    init(_ form: FormID, code: String? = nil, number: Int? = nil, _ answers: [String: V] = [:]) {
        self.form = TestData.codebook.form(form)!
        self.code = code; self.coordinatorNumber = number; self.answers = answers
    }

    /// Row of an answer key on the answer sheet.
    func row(_ key: String) -> Int {
        let keys = AnswerKey.all(of: form).map(\.description)
        return 5 + rowsInsertedAbove + keys.firstIndex(of: key)!
    }

    var bytes: [UInt8] {
        var strings: [String] = []
        func cell(_ ref: String, _ v: V) -> String {
            switch v {
            case .n(let d): return "<c r=\"\(ref)\"><v>\(d)</v></c>"
            case .b(let b): return "<c r=\"\(ref)\" t=\"b\"><v>\(b ? 1 : 0)</v></c>"
            case .s(let s):
                if inlineStrings { return "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(esc(s))</t></is></c>" }
                strings.append(s)
                return "<c r=\"\(ref)\" t=\"s\"><v>\(strings.count - 1)</v></c>"
            }
        }
        var rows: [String] = ["<row r=\"1\">" + cell("B1", .s(form.title)) + "</row>"]
        var names: [(String, String)] = extraNames
        let quoted = "'" + sheetName.replacingOccurrences(of: "'", with: "''") + "'"
        for key in AnswerKey.all(of: form) {
            let r = row(key.description)
            var cells = ""
            if idColumn { cells += cell("A\(r)", .s(key.description)) }
            cells += cell("C\(r)", .s(form.question(key.question)!.label))
            if let v = answers[key.description] { cells += cell("D\(r)", v) }
            rows.append("<row r=\"\(r)\">\(cells)</row>")
            if definedNames {
                let name = key.option.map { Anchor.definedName(question: key.question, option: $0) } ?? Anchor.definedName(question: key.question)
                names.append((name, "\(quoted)!$D$\(r)"))
            }
        }
        var meta: [(String, String)] = [("form_id", form.id.rawValue), ("codebook_id", codebookID),
                                        ("codebook_version", codebookVersion), ("answer_column", "D"), ("id_column", "A")]
        if let code { meta.append(("code", code)) }
        if let n = coordinatorNumber { meta.append(("coordinator_number", String(n))) }
        var metaRows = ["<row r=\"1\">" + cell("A1", .s(Anchor.metaMarker)) + "</row>"]
        for (i, kv) in meta.enumerated() {
            metaRows.append("<row r=\"\(i + 2)\">" + cell("A\(i + 2)", .s(kv.0)) + cell("B\(i + 2)", .s(kv.1)) + "</row>")
        }
        let sheet1 = sheetXML(rows), sheet2 = sheetXML(metaRows)
        let sst = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
            + strings.map { "<si><t xml:space=\"preserve\">\(esc($0))</t></si>" }.joined() + "</sst>"
        var nameXML = names.map { "<definedName name=\"\(esc($0.0))\">\(esc($0.1))</definedName>" }
        for n in scopedNames {
            let local = n.localSheetId.map { " localSheetId=\"\($0)\"" } ?? ""
            nameXML.append("<definedName name=\"\(esc(n.name))\"\(local)\(n.hidden ? " hidden=\"1\"" : "")>\(esc(n.refersTo))</definedName>")
        }
        let dn = nameXML.isEmpty ? "" : "<definedNames>" + nameXML.joined() + "</definedNames>"
        let workbook = """
        <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(esc(sheetName))" sheetId="1" r:id="rId1"/><sheet name="\(esc(metaSheetName))" sheetId="2" state="veryHidden" r:id="rId2"/></sheets>\(dn)</workbook>
        """
        let wbRels = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>\(inlineStrings ? "" : "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")</Relationships>
        """
        let rootRels = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
        """
        let core = """
        <?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\(modified.map { "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\($0)</dcterms:modified>" } ?? "")</cp:coreProperties>
        """
        let types = """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>
        """
        var entries: [(String, [UInt8])] = [("[Content_Types].xml", Array(types.utf8)), ("_rels/.rels", Array(rootRels.utf8)),
                                            ("docProps/core.xml", Array(core.utf8)), ("xl/workbook.xml", Array(workbook.utf8)),
                                            ("xl/_rels/workbook.xml.rels", Array(wbRels.utf8)),
                                            ("xl/worksheets/sheet1.xml", Array(sheet1.utf8)), ("xl/worksheets/sheet2.xml", Array(sheet2.utf8))]
        if !inlineStrings { entries.append(("xl/sharedStrings.xml", Array(sst.utf8))) }
        return TestZip.make(entries)
    }

    func sheetXML(_ rows: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + rows.joined() + "</sheetData></worksheet>"
    }

    func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
