import Testing
@testable import SurveyModel

/// Who receives each form is read from the codebook, and forms that cannot work together are
/// codebook errors at the line to fix (`# here` marks it in each broken copy of the R5 file).
@Suite struct AudienceTests {
    @Test func r5FormsAndTheirAudiences() {
        let cb = Codebook.r5
        #expect(cb.forms.map(\.audience) == [.eachPrefecture, .eachMunicipality, .eachCoordinator])
        #expect(cb.categoryMatrixForm?.id == .muni && cb.municipalityForm?.id == .muni && cb.prefectureForm?.id == .pref)
        #expect(cb.form(.muni)?.listSheet == "市町村別回答一覧" && cb.form(.pref)?.listSheet == "都道府県票")
        #expect(cb.form(.muni)?.fileStem == "市町村票")
        #expect(cb.titles(.eachPrefecture) == "都道府県票" && cb.titles(.eachCoordinator) == "コーディネーター票")
        #expect(cb.indicators.map(\.id).suffix(2) == ["COORD", "MUNI_RATE"], "measure ids follow the forms' ids")
    }

    @Test func exportKeepsTheAudience() throws {
        let back = try Codebook.load(yaml: Codebook.r5.exportYAML())
        #expect(back.forms.map(\.audience) == Codebook.r5.forms.map(\.audience))
        #expect(back.forms.map(\.listSheet) == Codebook.r5.forms.map(\.listSheet))
        #expect(back.forms.map(\.recipient) == Codebook.r5.forms.map(\.recipient))
        #expect(back.categoryMatrixForm?.id == .muni)
    }

    static let coordAudience = "    audience: coordinator\n"
    static let muniAudience = "    audience: municipality\n    recipient: 市区町村"

    /// (replacements, error kind, words of the message).
    static let mistakes: [([(String, String)], CodebookError.Kind, String)] = [
        ([("    audience: prefecture\n", "    audience: prefectures  # here\n")], .unknownAudience, "`prefecture` の書き間違いではありませんか。"),
        ([("    audience: prefecture\n", ""), ("  - id: PREF\n", "  - id: PREF  # here\n")], .missingKey, "調査票に必須のキー `audience` がありません"),
        ([(coordAudience, "    audience: coordinator  # here\n"), (muniAudience, "    audience: coordinator\n    recipient: 市区町村")],
         .unknownAudience, "両方が `audience: coordinator` です"),
        ([(coordAudience, coordAudience + "    category_matrix: true  # here\n")], .unknownAudience, "両方に `category_matrix: true` があります"),
        ([("          - {id: coordinator_number, label: コーディネーター番号, type: integer, range: 1..99, identity: coordinator_number}\n", ""),
          (coordAudience, "    audience: coordinator  # here\n")], .identity,
         "コーディネーター番号の欄（`identity: coordinator_number`）がありません"),
        ([(coordAudience, "    audience: prefecture\n"), ("          - id: P7_1\n", "          - id: P7_1  # here\n")], .role,
         "`audience: coordinator` の調査票がありません"),
        ([("form: PREF, question: P1, option: 設置している}", "form: PERF, question: P1, option: 設置している}  # here")], .indicator, "`PREF` の書き間違いではありませんか。"),
        ([("  - id: PREF\n", "  - id: pref  # here\n")], .invalidID, "半角の大文字 A–Z"),
        ([("    list_sheet: コーディネーター\n", "    list_sheet: 市町村別回答一覧  # here\n")], .duplicateID, "調査票 MUNI の `list_sheet` と同じです"),
        ([("    list_sheet: コーディネーター\n", "    list_sheet: コーディネーター票の回答の一覧（氏名・連絡先を含むため取扱いに注意）  # here\n")],
         .invalidValue, "31 文字以内"),
        ([("    category_matrix: true\n", "    category_matrix: true\n    file_stem: 市町村/票  # here\n")], .invalidValue, "ファイル名に使えない「/」があります"),
    ]

    @Test(arguments: mistakes.indices) func mistakeNamesTheLine(_ i: Int) {
        let (edits, kind, hint) = Self.mistakes[i]
        var text = Codebook.r5YAML
        for (old, new) in edits {
            #expect(text.contains(old), "fixture out of date: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("# here") }.map { $0 + 1 }
        do {
            _ = try Codebook.load(yaml: text, source: "r6.yaml")
            Issue.record("\(edits) loaded without error")
        } catch {
            #expect(error.kind == kind, "\(error)")
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(hint), "\(error)")
            CodebookMessageTests.expectJapanese(error, yaml: text)
        }
    }
}
