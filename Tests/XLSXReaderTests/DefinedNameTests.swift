import TestSupport
import Testing
@testable import XLSXReader

/// The one reader of sheet references (`'回答 (2)'!$D$12`) and the one scoping rule for defined names.
@Suite struct DefinedNameTests {
    // (refers-to text, sheet, range as A1) — nil: not one plain reference.
    @Test(arguments: [
        ("'回答 票'!$B$7", "回答 票", "B7"),
        ("Sheet1!$A$1:$C$3", "Sheet1", "A1:C3"),
        ("回答!d12", "回答", "D12"),
        ("=回答!$D$012", "回答", "D12"),
        ("  回答!$D12  ", "回答", "D12"),
        ("'It''s'!A1", "It's", "A1"),
        ("''''!A1", "'", "A1"),
        ("'回答 (2)'!$D$12:$D$12", "回答 (2)", "D12"),
        ("'#REF'!A1", "#REF", "A1"),
        ("_renkei!B2", "_renkei", "B2"),
    ] as [(String, String, String)])
    func reads(_ text: String, _ sheet: String, _ range: String) {
        let r = DefinedName.parseReference(text)
        #expect(r?.sheet == sheet && r?.range.a1 == range)
    }

    @Test(arguments: ["#REF!", "回答!#REF!", "'回答'!#REF!", "#REF!$D$1", "[1]回答!$D$1", "'[book.xlsx]回答'!A1",
                      "'C:\\dir\\[book.xlsx]回答'!A1", "回答:集計!A1", "My Sheet!A1", "'It's'!A1", "'回答!A1", "''!A1",
                      "!A1", "回答!", "回答", "$A$1", "SUM(回答!A1:A3)", "回答!A1,回答!B2", "回答!A1+1", "-回答!A1",
                      "回答!$A:$A", "回答!$1:$3", "回答!A0", "回答!XFE1", "回答!A1 :B2", "=", ""])
    func refuses(_ text: String) {
        #expect(DefinedName.parseReference(text) == nil)
    }

    static func workbook(_ names: String) throws -> Workbook {
        try Workbook(bytes: ZipBuilder.workbook(sheets: [("回答", ""), ("回答 (2)", ""), ("Answer", "")],
                                                workbookExtra: "<definedNames>\(names)</definedNames>"))
    }

    // (definedName elements as written, what RK_M1 resolves to as sheet!A1; nil: nothing)
    @Test(arguments: [
        (#"<definedName name="RK_M1">回答!$D$5</definedName>"#, "回答!D5"),
        (#"<definedName name="RK_M1" hidden="1">回答!$D$5</definedName>"#, "回答!D5"),
        (#"<definedName name="RK_M1">answer!D5:E6</definedName>"#, "Answer!D5:E6"),
        (#"<definedName name="RK_M1">ANSWER!D5</definedName>"#, "Answer!D5"),
        (#"<definedName name="RK_M1">集計!D5</definedName>"#, nil),
        (#"<definedName name="RK_M1" localSheetId="1">'回答 (2)'!$D$5</definedName><definedName name="RK_M1">回答!$D$5</definedName>"#, "回答!D5"),
        (#"<definedName name="RK_M1" localSheetId="2">Answer!D5</definedName><definedName name="RK_M1" localSheetId="1">'回答 (2)'!D5</definedName>"#, "回答 (2)!D5"),
        (#"<definedName name="RK_M1" localSheetId="1">'回答 (2)'!D5</definedName><definedName name="RK_M1" localSheetId="1">回答!D5</definedName>"#, "回答 (2)!D5"),
        (#"<definedName name="RK_M1">回答!D5</definedName><definedName name="RK_M1">回答!D6</definedName>"#, "回答!D5"),
        (#"<definedName name="RK_M1">#REF!</definedName><definedName name="RK_M1" localSheetId="0">回答!D5</definedName>"#, nil),
        (#"<definedName name="rk_m1">回答!D5</definedName>"#, nil),
        (#"<definedName name="_xlnm.Print_Area" localSheetId="0">回答!$A$1:$F$90</definedName>"#, nil),
    ] as [(String, String?)])
    func scopingRule(_ names: String, _ expected: String?) throws {
        let wb = try Self.workbook(names)
        let found = wb.namedCells("RK_M1").map { "\($0.sheet)!\($0.range.a1)" }
        #expect(found == expected)
        // The lookup by name and the list every reader walks apply the same rule.
        #expect(wb.namedCells(prefix: "RK_").map { "\($0.sheet)!\($0.range.a1)" } == (expected.map { [$0] } ?? []))
        #expect(wb.definedNameReference("RK_M1").map { "\($0.sheet)!\($0.range.a1)" } == expected)
    }

    @Test func builtInNamesAreNeverSeenAndOthersKeepFileOrder() throws {
        let wb = try Self.workbook("""
            <definedName name="_xlnm.Print_Area" localSheetId="0">回答!$A$1:$F$90</definedName>\
            <definedName name="RK_M2">回答!D6</definedName><definedName name="RK_M1" localSheetId="0">回答!D5</definedName>\
            <definedName name="Other">回答!A1</definedName><definedName name="RK_M3">SUM(回答!D1:D3)</definedName>
            """)
        #expect(wb.namedCells(prefix: "RK_").map(\.name) == ["RK_M2", "RK_M1"])
        #expect(wb.namedCells().map(\.name) == ["RK_M2", "RK_M1", "Other"])
        #expect(wb.namedCells().map(\.sheetIndex) == [0, 0, 0])
        #expect(wb.definedNames.count == 5)
    }
}

/// The scoping rule's duplicate check behaves as a set of names, through hash collisions and growth.
@Suite struct SeenNamesTests {
    @Test func behavesAsASetOfNames() {
        var seen = NameText.Seen(capacity: 3)
        var reference = Set<String>()
        let names = (0 ..< 600).map { i in ["RK_M\(i % 250)", "回答\(i % 7)", "", "rk_m\(i % 3)"][i % 4] }
        for (i, n) in names.enumerated() {
            let h = NameText.hash(n, ifStartsWith: [])!
            let inserted = seen.insert(h, index: i, sameName: { names[$0] == n })
            #expect(inserted == reference.insert(n).inserted, "\(n)")
        }
        // Equal hashes alone never make two names one: the names are compared.
        var colliding = NameText.Seen(capacity: 2)
        let first = colliding.insert(42, index: 0, sameName: { _ in false })
        let other = colliding.insert(42, index: 1, sameName: { _ in false })
        let again = colliding.insert(42, index: 2, sameName: { $0 == 1 })
        #expect(first && other && !again)
    }

    @Test func hashIsTakenOnlyWithThePrefix() {
        #expect(NameText.hash("RK_M1", ifStartsWith: Array("RK_".utf8)) != nil)
        #expect(NameText.hash("RK", ifStartsWith: Array("RK_".utf8)) == nil)
        #expect(NameText.hash("rk_M1", ifStartsWith: Array("RK_".utf8)) == nil)
        #expect(NameText.hash("RK_M1", ifStartsWith: []) != NameText.hash("RK_M2", ifStartsWith: []))
    }
}
