import Foundation
import Testing
@testable import Ingest
import SurveyModel

/// Each validation rule on a returned workbook: the exact rule, cell and severity.
@Suite struct RuleTests {
    func run(_ wb: TestWorkbook) -> IngestResult { TestData.ingest([("m.xlsx", wb)]) }

    func muni(_ change: [String: TestWorkbook.V?]) -> TestWorkbook {
        var a = TestData.validMuni()
        for (k, v) in change { a[k] = v }
        return TestWorkbook(.muni, code: "131016", a)
    }

    func only(_ r: IngestResult, _ rule: Ingest.Issue.Rule) -> Ingest.Issue? {
        let hits = r.issues.filter { $0.rule == rule }
        #expect(hits.count == 1, "expected one \(rule) issue, got \(r.issues.map { "\($0.rule) \($0.cell?.a1 ?? "")" })")
        return hits.first
    }

    @Test func validFormIsAcceptedWithNormalizedAnswers() throws {
        let r = run(muni([:]))
        #expect(r.issues.isEmpty, "\(r.issues.map(\.message))")
        #expect(r.ledger.map(\.state) == [.accepted])
        let resp = try #require(r.responses.first)
        #expect(resp.respondent == Respondent(form: .muni, code: "131016"))
        #expect(resp.answers["M1"] == .single(2))
        #expect(resp.answers["M1_1"] == .multi([1]))
        #expect(resp.answers["M2_2"] == .integer(4))
        #expect(resp.answers["M9"] == .multi([1]))
        #expect(resp.answers["MUNI_code"] == .text("131016"))
        #expect(resp.answers["MUNI_tel"] == .text("03-1234-5678"))
        #expect(r.forms.first?.cell("M1", codebook: .r5)?.raw == .text("一部委託"))
    }

    @Test func fullWidthAndMessyInputsNormalize() throws {
        let r = run(muni(["M1": .s(" 2 "), "M2_2": .s("１２回"), "M1_1#2": .s("✓"), "M9#1": .s("〇"),
                          "MUNI_tel": .s("０３（１２３４）５６７８"), "MUNI_mail": .s("ｙａｍａｄａ＠ｃｉｔｙ．ｌｇ．ｊｐ")]))
        #expect(r.issues.isEmpty, "\(r.issues.map(\.message))")
        let a = try #require(r.responses.first).answers
        #expect(a["M1"] == .single(2)); #expect(a["M2_2"] == .integer(12)); #expect(a["M1_1"] == .multi([1, 2]))
        #expect(a["MUNI_tel"] == .text("03-1234-5678")); #expect(a["MUNI_mail"] == .text("yamada@city.lg.jp"))
    }

    @Test func rangeIsAnErrorAndTheAnswerIsDropped() throws {
        let wb = muni(["M2_2": .n(120)])
        let r = run(wb)
        let i = try #require(only(r, .range))
        #expect(i.severity == .error); #expect(i.cell?.a1 == "D\(wb.row("M2_2"))"); #expect(i.sheet == "回答")
        #expect(i.question == "M2_2"); #expect(i.value == "120"); #expect(i.message.contains("0～99"))
        #expect(r.responses.first?.answers["M2_2"] == nil)
        #expect(r.ledger.first?.state == .acceptedWithErrors)
    }

    @Test func fractionAndTextInIntegerAreTypeErrors() throws {
        let wb = muni(["M2_2": .n(2.5), "M8": .s("配置している"), "M8_1": .s("三人")])
        let r = run(wb)
        let t = r.issues.filter { $0.rule == .type }
        #expect(t.map(\.cell?.a1) == ["D\(wb.row("M2_2"))", "D\(wb.row("M8_1"))"])
        #expect(t.allSatisfy { $0.severity == .error })
    }

    @Test func unknownOption() throws {
        let wb = muni(["M1": .s("直営"), "M1_1#1": nil])
        let r = run(wb)
        let i = try #require(only(r, .unknownOption))
        #expect(i.severity == .error); #expect(i.cell?.a1 == "D\(wb.row("M1"))"); #expect(i.value == "直営")
        #expect(i.message.contains("1 直営のみ"))
    }

    @Test func requiredBlankIsAWarning() throws {
        let wb = muni(["M2": nil, "M2_2": nil])
        let r = run(wb)
        let i = try #require(only(r, .required))
        #expect(i.severity == .warning); #expect(i.question == "M2"); #expect(i.cell?.a1 == "D\(wb.row("M2"))")
        #expect(r.ledger.first?.state == .accepted)
    }

    @Test func answeredThoughNotAskedIsIgnoredWithAWarning() throws {
        let wb = muni(["M2": .s("設置していない"), "M2_2": .n(3)])
        let r = run(wb)
        let i = try #require(only(r, .notAsked))
        #expect(i.severity == .warning); #expect(i.cell?.a1 == "D\(wb.row("M2_2"))"); #expect(i.value == "3")
        #expect(r.responses.first?.answers["M2_2"] == nil)
    }

    @Test func askedButBlankConditionalIsRequiredWarning() throws {
        let wb = muni(["M2_2": nil])
        let r = run(wb)
        #expect(only(r, .required)?.question == "M2_2")
    }

    @Test func exclusiveWithOthersIsAnError() throws {
        let wb = muni(["M9#3": .s("○")])
        let r = run(wb)
        let i = try #require(only(r, .exclusive))
        #expect(i.severity == .error); #expect(i.cell?.a1 == "D\(wb.row("M9#3"))")
        #expect(r.responses.first?.answers["M9"] == nil)
    }

    @Test func invalidMarkIsAnErrorOnItsCell() throws {
        let wb = muni(["M9#2": .s("x")])
        let r = run(wb)
        let i = try #require(only(r, .invalidMark))
        #expect(i.severity == .error); #expect(i.cell?.a1 == "D\(wb.row("M9#2"))"); #expect(i.value == "x")
        #expect(r.responses.first?.answers["M9"] == nil)
    }

    @Test func textLength() throws {
        let wb = muni(["M10": .s(String(repeating: "あ", count: 21))])
        let i = try #require(only(run(wb), .textLength))
        #expect(i.severity == .error); #expect(i.cell?.a1 == "D\(wb.row("M10"))")
    }

    @Test func emailAndPhoneShapes() throws {
        let wb = muni(["MUNI_mail": .s("yamada@city"), "MUNI_tel": .s("1234")])
        let r = run(wb)
        #expect(only(r, .email)?.cell?.a1 == "D\(wb.row("MUNI_mail"))")
        #expect(only(r, .phone)?.cell?.a1 == "D\(wb.row("MUNI_tel"))")
        #expect(r.issues.allSatisfy { $0.severity == .error })
    }

    @Test func sumMismatchIsAWarningAndKeepsBoth() throws {
        var a = TestData.validCoord(); a["C5_2"] = .n(5)
        let wb = TestWorkbook(.coord, a)
        let r = run(wb)
        let i = try #require(only(r, .sum))
        #expect(i.severity == .warning); #expect(i.cell?.a1 == "D\(wb.row("C5"))"); #expect(i.question == "C5")
        #expect(r.responses.first?.answers["C5"] == .integer(10))
        #expect(r.responses.first?.answers["C5_2"] == .integer(5))
    }

    @Test func nameMismatchIsAWarning() throws {
        let wb = muni(["MUNI_muni": .s("中央区")])
        let i = try #require(only(run(wb), .nameMismatch))
        #expect(i.severity == .warning); #expect(i.cell?.a1 == "D\(wb.row("MUNI_muni"))")
    }

    @Test func spacesInNamesAreNotAMismatch() {
        #expect(run(muni(["MUNI_muni": .s(" 千代田 区 "), "MUNI_pref": .s("東京都　")])).issues.isEmpty)
    }

    @Test func missingAnchorIsAnError() throws {
        var wb = muni([:])
        wb.extraNames = []; wb.idColumn = false; wb.definedNames = false
        // Only M10 keeps an anchor: every other question's anchor is gone.
        wb.extraNames = [("RK_M10", "'回答'!$D$23")]
        let r = run(wb)
        // The respondent is still known from the meta block, so the form is kept; its answers are 無回答.
        #expect(r.ledger.first?.state == .acceptedWithErrors)
        let m1 = r.issues.first { $0.rule == .anchorMissing && $0.question == "M1" }
        #expect(m1?.severity == .error); #expect(m1?.message.hasPrefix(TestData.muni.question("M1")!.printedName + "の回答欄が見つかりません") == true, "\(m1?.message ?? "")")
        #expect(!r.issues.contains { $0.question == "M10" })
        var wb2 = muni([:]); wb2.definedNames = false; wb2.idColumn = true
        #expect(run(wb2).issues.isEmpty)
    }

    @Test func oneMissingAnchorNamesTheQuestion() throws {
        let form = TestData.muni
        let snapshot = WorkbookSnapshot(sheets: [
            .init(name: "_renkei", cells: ["A1": .text("renkei:meta"), "A2": .text("form_id"), "B2": .text("MUNI"),
                                           "A3": .text("codebook_id"), "B3": .text("zaitaku-renkei"),
                                           "A4": .text("codebook_version"), "B4": .text("R5.1"), "A5": .text("code"), "B5": .number(131016)]),
            .init(name: "回答", cells: ["D5": .text("131016")])],
            anchorCells: [.init(name: "RK_MUNI_code", sheet: "回答", row: 4, column: 3)])
        let (kind, _) = ProcessInput.read(snapshot, input: InputID(path: "x.xlsx"), options: TestData.options)
        guard case .form(let f) = kind else { Testing.Issue.record("not parsed: \(kind)"); return }
        let missing = f.issues.filter { $0.rule == .anchorMissing }
        #expect(missing.count == AnswerKey.all(of: form).map(\.question).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }.count - 3)
        // Prefilled names are checked only when present; the code was found.
        #expect(missing.first { $0.question == "MUNI_code" || $0.question == "MUNI_muni" } == nil)
        #expect(missing.first { $0.question == "M1" }?.message.hasPrefix(TestData.muni.question("M1")!.printedName + "の回答欄") == true, "\(missing.first { $0.question == "M1" }?.message ?? "")")
        #expect(missing.allSatisfy { $0.severity == .error })
    }
}
