import Testing
@testable import SurveyModel

/// The slips a contractor makes revising the codebook for a new year are refused with the line
/// to fix and a did-you-mean; the revision's own devices (splits, contact fields, the calendar) read as meant.
@Suite struct RevisionGuardrailTests {
    typealias E = CodebookErrorTests

    func error(_ text: String) -> CodebookError? {
        do { _ = try Codebook.load(yaml: text, source: "r6.yaml"); return nil } catch {
            CodebookMessageTests.expectJapanese(error, yaml: text)
            return error
        }
    }

    @Test func duplicateNumberNamesBothLines() throws {
        // M1 (line 17) is 問1; X at line 29 is given 問1 too.
        let e = try #require(error(E.yaml("- {id: X, label: x, type: text, no: 問1}")))
        #expect(e.kind == .duplicateID && e.line == 29)
        #expect(e.message.contains("設問 X（29 行目）と設問 M1（17 行目）がどちらも「問1」"), "\(e)")
        // Numbers given so that they differ pass; a derived number after 問30 continues from it.
        let cb = try Codebook.load(yaml: E.yaml("- {id: X, label: x, type: text, no: 問30}", "- {id: Y, label: y, type: text}"))
        #expect(cb.form(.muni)?.question("Y")?.number == "問31")
    }

    @Test func whenNamesARenamedQuestionByItsOldID() throws {
        let e = try #require(error(E.yaml("- {id: Y, previous_id: OLD, label: y, type: single, options: [a, b]}",
                                         "- {id: X, label: x, type: text, when: \"OLD = a\"}")))
        #expect(e.kind == .condition && e.line == 30)
        #expect(e.message.contains("`OLD` は設問 Y の前回の id（previous_id）です。`Y` のことではありませんか。"), "\(e)")
    }

    @Test(arguments: [
        ("- {id: X, label: x, type: text, when: \"M11 = 委託\"}", "`M1` の書き間違いではありませんか"),
        ("- {id: X, label: x, type: text, when: \"M1 = 直営の\"}", "「直営のみ」の書き間違いではありませんか"),
        ("- {id: X, label: x, type: text, identity: emial}", "`email` の書き間違いではありませんか"),
        ("- {id: X, label: x, type: integer, range: 0..99, sum_of: [M33]}", "`M3` の書き間違いではありませんか"),
        ("- {id: X, label: x, type: single, options: [a], role: coordinator_cuont}", "`coordinator_count` の書き間違いではありませんか"),
        ("- {id: X, label: x, type: single, options: [a], category: acutte}", "`acute` の書き間違いではありませんか"),
    ])
    func misspeltReferencesGetADidYouMean(_ line: String, _ hint: String) throws {
        let e = try #require(error(E.yaml(line)))
        #expect(e.line == 29 && e.message.contains(hint), "\(e)")
    }

    @Test func indicatorNamingLastYearsIDSuggestsTheRenamedQuestion() throws {
        let text = E.yaml("- {id: M12, previous_id: M8, label: 配置, type: single, options: [配置している, 配置していない]}")
            + "indicators:\n  - {label: 配置, form: MUNI, question: M8, option: 配置している}\n"
        let e = try #require(error(text))
        #expect(e.kind == .indicator && e.message.contains("`M8` は設問 M12 の前回の id（previous_id）です。`M12` のことではありませんか。"), "\(e)")
    }

    @Test func scaleOptionsAreListedOnce() throws {
        let e = try #require(error(E.yaml("- {id: S, label: s, type: scale, scale: {min: 1, max: 3, low: 低い, high: 高い}}",
                                         "- {id: X, label: x, type: text, when: \"S = 9\"}")))
        #expect(e.message.contains("1 低い / 2 / 3 高い"), "\(e)")
        #expect(!e.message.contains("1 1 低い"), "\(e)")
    }

    @Test func contactFieldsAreUnnumberedAndAnyInNumber() throws {
        let text = E.yaml().replacingOccurrences(of: "- {id: code, label: 団体コード, type: text, identity: code}", with: """
            - {id: code, label: 団体コード, type: text, identity: code}
                      - {id: phone, label: 電話番号, type: text, identity: phone, pii: true, format: phone}
                      - {id: phone2, label: 電話番号（直通）, type: text, pii: true, format: phone}
                      - {id: deputy, label: 副担当者氏名, type: text, pii: true, max_length: 50}
            """)
        let form = try #require(try Codebook.load(yaml: text).form(.muni))
        for id in ["phone", "phone2", "deputy"] {
            let q = try #require(form.question(id))
            #expect(q.number.isEmpty && q.isContact && !q.isTabulated, "\(id)")
        }
        #expect(form.question("M1")?.number == "問1")
        #expect(form.question("M3")?.number == "問3")
        // The form's prompt follows the format, not a free-text box.
        let phone2 = try #require(form.question("phone2"))
        #expect(phone2.kind.input(phone2, option: nil).look == .text)
        #expect(phone2.kind.input(phone2, option: nil).message.contains("電話番号"))
    }

    @Test func splitAndMergedPreviousOptions() throws {
        let cb = try Codebook.load(yaml: E.yaml(
            "- {id: X, label: x, type: multi, options: [病院, 診療所, 薬局], previous_options: {医療機関（病院・診療所）: [病院, 診療所], 調剤薬局: 薬局, 保険薬局: 薬局}}"))
        let q = try #require(cb.form(.muni)?.question("X"))
        #expect(q.previousOptions == ["医療機関（病院・診療所）": [1, 2], "調剤薬局": [3], "保険薬局": [3]])
        #expect(q.origin.previousOptionLines["医療機関（病院・診療所）"] == 29)
        // A part of a split cannot also continue another old option.
        let e = try #require(error(E.yaml("- {id: X, label: x, type: multi, options: [病院, 診療所], previous_options: {医療機関: [病院, 診療所], 病院等: 病院}}")))
        #expect(e.kind == .reference && e.message.contains("「病院」は「医療機関」を分割した先なので、「病院等」を引き継ぐことはできません"), "\(e)")
    }

    @Test func surveyWindow() throws {
        let cb = try Codebook.load(yaml: E.yaml() + "survey: {window: 2024-08-23..2024-09-20}\n")
        let w = try #require(cb.window)
        #expect(w.days == 29 && w.first == "2024-08-23")
        #expect(w.start.timeIntervalSince1970 == 1_724_371_200)  // 2024-08-23 09:00 JST
        for bad in ["2024-09-20..2024-08-23", "2024-02-30..2024-03-01", "20240823..20240920"] {
            let e = try #require(error(E.yaml() + "survey: {window: \(bad)}\n"), "\(bad)")
            #expect(e.kind == .invalidValue && e.message.contains("`YYYY-MM-DD..YYYY-MM-DD` の形で") && e.message.contains("（`\(bad)` ではなく）"), "\(e)")
        }
        // Exported and read back the same.
        #expect(try Codebook.load(yaml: cb.exportYAML()).window == cb.window)
        #expect(Codebook.r5.window?.first == "2023-08-23")
    }
}
