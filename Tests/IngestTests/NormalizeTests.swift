import Testing
@testable import Ingest
@testable import SurveyModel

@Suite struct NormalizeTests {
    @Test(arguments: ["○", "◯", "〇", "●", "◎", "✓", "✔", "☑", "レ", "v", "Ｖ", "1", "１", " ○ ", "\u{3000}○", "はい", "有", "あり"])
    func chosenMarks(_ s: String) { #expect(Normalize.mark(.text(s)) == .chosen) }

    @Test(arguments: ["", " ", "\u{3000}", "0", "×", "✕", "いいえ", "無", "なし", "-"])
    func notChosenMarks(_ s: String) { #expect(Normalize.mark(.text(s)) == .notChosen) }

    @Test(arguments: ["x", "X", "△", "2", "済み?", "はい（一部）"])
    func invalidMarks(_ s: String) { #expect(Normalize.mark(.text(s)) == .invalid) }

    @Test func markFromNumbersAndBools() {
        #expect(Normalize.mark(.number(1)) == .chosen)
        #expect(Normalize.mark(.number(0)) == .notChosen)
        #expect(Normalize.mark(.number(2)) == .invalid)
        #expect(Normalize.mark(.bool(true)) == .chosen)
        #expect(Normalize.mark(.bool(false)) == .notChosen)
        #expect(Normalize.mark(nil) == .notChosen)
    }

    @Test(arguments: [("１２", 12), ("１２人", 12), ("3件", 3), ("1,234 件", 1234), ("12 回", 12), ("１，２３４", 1234),
                      ("12.0", 12), (" 7 ", 7), ("０", 0), ("5ヶ所", 5), ("-3", -3), ("−3", -3)])
    func integers(_ s: String, _ n: Int) { #expect(Normalize.integer(.text(s)) == .value(n)) }

    @Test func integerFromNumberCell() {
        #expect(Normalize.integer(.number(12)) == .value(12))
        #expect(Normalize.integer(.number(12.5)) == .fraction("12.5"))
        #expect(Normalize.integer(.text("12.5")) == .fraction("12.5"))
    }

    @Test(arguments: ["約12", "十二", "12人くらい", "1-2", "", "abc", "1.2.3"])
    func notIntegers(_ s: String) { #expect(Normalize.integer(.text(s)) == .notANumber) }

    static let options = [Option(code: 1, label: "直営のみ"), Option(code: 2, label: "一部委託"),
                          Option(code: 3, label: "医療機関（病院・診療所）")]

    @Test(arguments: [("直営のみ", 1), (" 一部 委託 ", 2), ("一部委託\u{3000}", 2), ("1", 1), ("１", 1), ("①", 1), ("1.", 1),
                      ("(2)", 2), ("2）", 2), ("1. 直営のみ", 1), ("3:医療機関(病院・診療所)", 3), ("医療機関(病院・診療所)", 3)])
    func singleOptions(_ s: String, _ code: Int) { #expect(Normalize.option(.text(s), in: Self.options) == code) }

    @Test func singleOptionFromNumberCell() {
        #expect(Normalize.option(.number(2), in: Self.options) == 2)
        #expect(Normalize.option(.number(4), in: Self.options) == nil)
        #expect(Normalize.option(.number(1.5), in: Self.options) == nil)
    }

    @Test(arguments: ["直営", "4", "1. 一部委託", "○", "はい"])
    func unknownOptions(_ s: String) { #expect(Normalize.option(.text(s), in: Self.options) == nil) }

    @Test func textNormalization() {
        #expect(Normalize.text("　ＡＢＣ　１２３  ｄｅｆ ") == "ABC 123 def")
        #expect(Normalize.freeText("  一行目  \r\n  二行目　　です ") == "一行目\n二行目 です")
        #expect(Normalize.key("０３ー１２３４－５６７８") == "03-1234-5678")
    }

    @Test func phoneAndEmailShapes() {
        #expect(TextKind.isPhone(TextKind.phone(.text("０３－１２３４－５６７８"))))
        #expect(TextKind.isPhone(TextKind.phone(.text("(03)1234-5678"))))
        #expect(TextKind.isPhone(TextKind.phone(.number(312345678))))
        #expect(TextKind.isPhone(TextKind.phone(.text("090-1234-5678"))))
        #expect(!TextKind.isPhone(TextKind.phone(.text("1234-5678"))))
        #expect(!TextKind.isPhone(TextKind.phone(.text("内線123"))))
        #expect(TextKind.isEmail(Normalize.key("ｙａｍａｄａ＠ｃｉｔｙ．ｌｇ．ｊｐ")))
        #expect(!TextKind.isEmail("yamada@city"))
        #expect(!TextKind.isEmail("yamada city@lg.jp"))
        #expect(!TextKind.isEmail("山田@lg.jp"))
    }

    @Test func checkDigits() {
        #expect(MasterIndex.hasValidCheckDigit("131016"))
        #expect(MasterIndex.hasValidCheckDigit("130001"))
        #expect(MasterIndex.hasValidCheckDigit("011002"))
        #expect(!MasterIndex.hasValidCheckDigit("131017"))
        #expect(IdentifyRespondent.code(from: .number(11002)) == "011002")
        #expect(IdentifyRespondent.code(from: .text("１３１０１")) == "131016")
        #expect(IdentifyRespondent.code(from: .text("１３１０１６")) == "131016")
    }
}
