import Foundation
import Testing
import SurveyModel
import XLSXReader
@testable import Forms

/// A written form gives Ingest everything it needs: every anchor twice, identity, meta.
@Suite struct FormAnchorTests {
    let dir = Fixture.tempDir("anchors")

    @Test(arguments: FormID.allCases)
    func everyAnchorIsFoundByNameAndByColumn(form id: FormID) throws {
        let cb = Codebook.r5
        let form = try #require(cb.form(id))
        let recipient: FormRecipient = switch form.audience {
        case .eachPrefecture: .prefecture(Fixture.tokyo, form: id)
        case .eachMunicipality: .municipality(Fixture.sapporo, form: id)
        case .eachCoordinator: .coordinator(of: Fixture.chiyoda, number: 3, form: id)
        }
        let url = try Fixture.write(FormDocument(codebook: cb, form: form, recipient: recipient), name: "\(id).xlsx", in: dir)
        let back = try ReadBack(url)
        let expected = ReadBack.expectedKeys(form)
        #expect(!expected.isEmpty)
        for key in expected {
            #expect(back.byName[key] != nil, "no defined name for \(key)")
            #expect(back.byColumn[key] != nil, "no id-column row for \(key)")
            #expect(back.byName[key]?.ref.row == back.byColumn[key], "name and id column disagree for \(key)")
            #expect(back.byName[key]?.ref.column == back.answerColumn)
        }
        #expect(Set(back.byName.keys) == Set(expected))
        #expect(back.meta["form_id"] == id.rawValue)
        #expect(back.meta["codebook_id"] == cb.id)
        #expect(back.meta["codebook_version"] == cb.version)
        #expect(back.meta["code"] == recipient.code)
        #expect(back.meta["answer_column"] == "D")
        #expect(back.meta["id_column"] == "A")
        #expect(back.meta["coordinator_number"] == (id == .coord ? "3" : ""))
        let names = back.workbook.sheets.map(\.name)
        #expect(names.first == "記入要領")
        #expect(names.contains("回答"))
        #expect(back.workbook.sheets.first { $0.name == Anchor.metaSheetName }?.visibility != .visible)
    }

    /// Identity cells of a sample of the master list carry its codes and names.
    @Test func identityIsPrefilledFromTheMasterList() throws {
        let master = MasterList.embedded
        let cb = Codebook.r5
        let sample = stride(from: 0, to: master.municipalities.count, by: 97).map { master.municipalities[$0] }
        for m in sample {
            let url = try Fixture.write(Fixture.muniDocument(m), name: "m\(m.code).xlsx", in: dir)
            let back = try ReadBack(url)
            let form = cb.form(.muni)!
            #expect(back.value(form.identity(.code)!.id) == m.code)
            #expect(back.value(form.identity(.prefectureName)!.id) == m.prefectureName)
            #expect(back.value(form.identity(.municipalityName)!.id) == m.name)
            #expect(back.meta["code"] == m.code)
        }
        for p in master.prefectures.prefix(3) {
            let url = try Fixture.write(FormDocument(codebook: cb, form: cb.form(.pref)!, recipient: .prefecture(p, form: .pref)),
                                        name: "p\(p.code).xlsx", in: dir)
            let back = try ReadBack(url)
            #expect(back.value("code") == p.code || back.value(cb.form(.pref)!.identity(.code)!.id) == p.code)
            #expect(back.value(cb.form(.pref)!.identity(.prefectureName)!.id) == p.name)
        }
    }

    @Test func blankCoordinatorFormHasNoCode() throws {
        let cb = Codebook.r5
        let url = try Fixture.write(FormDocument(codebook: cb, form: cb.form(.coord)!, recipient: .blankCoordinator(form: .coord)),
                                    name: "blank.xlsx", in: dir)
        let back = try ReadBack(url)
        #expect(back.meta["code"] == "")
        #expect(back.value(cb.form(.coord)!.identity(.code)!.id) == nil)
    }

    /// Typed values land in the anchored cells exactly as typed.
    @Test func filledValuesAreWrittenAsTyped() throws {
        let filled: [String: FilledValue] = ["M2": .text(" 設置している "), "M2_2": .text("１２"),
                                             "M8_1": .number(3), "M9#27": .text("◯")]
        let url = try Fixture.write(Fixture.muniDocument(filled: filled), name: "filled.xlsx", in: dir)
        let back = try ReadBack(url)
        #expect(back.value("M2") == " 設置している ")
        #expect(back.value("M2_2") == "１２")
        #expect(back.value("M8_1") == "3")
        #expect(back.valueByColumn("M9#27") == "◯")
    }

    /// Inserted rows and a renamed sheet move every anchor, and both marks still agree.
    @Test func insertedRowsAndRenamedSheetKeepAnchors() throws {
        let plain = try ReadBack(try Fixture.write(Fixture.muniDocument(), name: "plain.xlsx", in: dir))
        let edits = FormEdits(insertRows: RowInsertion(beforeQuestion: "M2", count: 3, text: "※補足：協議会は準備中"),
                              answerSheetName: "回答（修正）")
        let url = try Fixture.write(Fixture.muniDocument(filled: ["M2": .text("設置している")], edits: edits),
                                    name: "moved.xlsx", in: dir)
        let back = try ReadBack(url)
        #expect(back.answerSheet.name == "回答（修正）")
        #expect(back.value("M2") == "設置している")
        #expect(back.valueByColumn("M2") == "設置している")
        #expect(back.byColumn["M1"] == plain.byColumn["M1"])
        #expect(back.byColumn["M2"] == plain.byColumn["M2"]! + 3)
        #expect(back.byName["M10"]?.ref.row == plain.byName["M10"]!.ref.row + 3)
        #expect(back.byName["M10"]?.sheet == "回答（修正）")
    }

    /// The same form written twice is byte-identical; a modified time changes docProps only.
    @Test func outputIsDeterministic() throws {
        let a = try Data(contentsOf: try Fixture.write(Fixture.muniDocument(), name: "a.xlsx", in: dir))
        let b = try Data(contentsOf: try Fixture.write(Fixture.muniDocument(), name: "b.xlsx", in: dir))
        #expect(a == b)
        let later = Date(timeIntervalSince1970: 1_695_000_000)
        let url = try Fixture.write(Fixture.muniDocument(edits: FormEdits(modified: later)), name: "c.xlsx", in: dir)
        let back = try ReadBack(url)
        #expect(back.workbook.properties.modified == later)
    }
}
