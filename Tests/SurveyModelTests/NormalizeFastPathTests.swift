import Foundation
import Testing
@testable import SurveyModel

/// The byte-level fast paths of free text, phone numbers and ○ marks give exactly what the
/// Foundation paths they skip give (those stay in the product as the fallback; copied here as the reference).
@Suite struct NormalizeFastPathTests {
    /// `Normalize.freeText` before the byte path: one plain line as it is, else Foundation over the whole text.
    static func referenceFreeText(_ s: String) -> String {
        if Normalize.isPlainLine(s) { return s }
        let lines = s.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { Normalize.collapseSpaces(String($0)) }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `TextKind.phone` of a text before the fast path.
    static func referencePhone(_ s: String) -> String {
        Normalize.key(s).replacingOccurrences(of: "(", with: "-").replacingOccurrences(of: ")", with: "-")
            .split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
    }

    /// `Normalize.mark` of a text before the byte comparison.
    static func referenceMark(_ s: String) -> Normalize.Mark {
        if Normalize.chosenMarks.contains(s) { return .chosen }
        let k = Normalize.key(s)
        if Normalize.chosenMarks.contains(k) { return .chosen }
        if Normalize.notChosenMarks.contains(k) { return .notChosen }
        return .invalid
    }

    /// What respondents type, and what trips Unicode up: widths, every hyphen, every space, line
    /// ends, combining marks and NFD, emoji (with modifiers and joiners), controls.
    static let pieces: [String] = [
        "0", "1", "3", "9", "０", "３", "９", "a", "Z", "ａ", "Ｚ", "x", ".", ",", "@", "(", ")", "（", "）",
        "‐", "-", "–", "—", "―", "ー", "－", "−", "ｰ", "﹣",
        " ", "  ", "\u{3000}", "\u{A0}", "\t", "\u{2003}", "\u{202F}", "\u{200B}", "\u{85}", "\u{0B}", "\u{0C}", "\u{7F}", "\u{00}",
        "\r", "\n", "\r\n", "\n\n", "\u{2028}", "\u{2029}",
        "\u{301}", "\u{3099}", "\u{309A}", "か\u{3099}", "か", "が", "ア", "ｶ", "ﾞ", "ﾟ", "ｶﾞ", "e\u{301}", "é", "\u{AD}",
        "😀", "👍🏽", "👨‍👩‍👧", "🇯🇵", "\u{FE0F}", "\u{200D}", "☺", "✓", "①", "※", "〜", "、", "。", "「", "」", "々",
        "区", "市", "電話", "内線", "一行目", "한", "ㄱ", "○", "◯", "×", "レ", "はい", "¥", "￥", "\u{302A}",
    ]

    static func generated(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<rng.int(0...12)).map { _ in rng.pick(pieces) }.joined()
        }
    }

    @Test func freeTextMatchesFoundationOnGeneratedText() {
        var fastTaken = 0
        for s in Self.generated(count: 30_000, seed: 25) {
            #expect(Array(Normalize.freeText(s).utf8) == Array(Self.referenceFreeText(s).utf8), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            if Normalize.freeTextOfSimpleText(s) != nil { fastTaken += 1 }
        }
        // The fast path is really tried, not always refused.
        #expect(fastTaken > 3_000)
    }

    @Test func freeTextHandPicked() {
        let cases: [(String, String)] = [
            ("  一行目  \r\n  二行目　　です ", "一行目\n二行目 です"),
            ("\n\n 見直し\u{A0}\u{A0}が必要\n\n\n次年度\t以降 \n", "見直し が必要\n\n\n次年度 以降"),
            ("１行目\r\n\r\n２行目", "１行目\n\n２行目"),
            ("\r\n \r\n", ""),
            ("", ""),
        ]
        for (written, read) in cases {
            #expect(Normalize.freeText(written) == read)
            #expect(Self.referenceFreeText(written) == read)
        }
        // Multi-line Japanese text with ASCII takes the byte path; NFD and a lone CR do not.
        #expect(Normalize.freeTextOfSimpleText("委託先：ABC社（2件）\n予算 ※未定") == "委託先：ABC社（2件）\n予算 ※未定")
        #expect(Normalize.freeTextOfSimpleText("か\u{3099}\nです") == nil)
        #expect(Normalize.freeTextOfSimpleText("一\r二") == nil)
    }

    @Test func phoneMatchesFoundationOnGeneratedText() {
        var fastTaken = 0
        for s in Self.generated(count: 30_000, seed: 2_500) {
            #expect(Array(TextKind.phone(.text(s)).utf8) == Array(Self.referencePhone(s).utf8), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            if TextKind.asciiPhone(Normalize.key(s)) != nil { fastTaken += 1 }
        }
        #expect(fastTaken > 3_000)
    }

    @Test func phoneHandPicked() {
        #expect(TextKind.phone(.text("０３－１２３４－５６７８")) == "03-1234-5678")
        #expect(TextKind.phone(.text("(03)1234-5678")) == "03-1234-5678")
        #expect(TextKind.phone(.text("（０３）１２３４ー５６７８")) == "03-1234-5678")
        #expect(TextKind.phone(.text("--090((1234))5678--")) == "090-1234-5678")
        #expect(TextKind.phone(.text("")) == "")
        #expect(TextKind.phone(.text("03-1234-5678 内線12")) == "03-1234-5678内線12")
    }

    @Test func markMatchesReferenceOnGeneratedText() {
        for s in Self.generated(count: 10_000, seed: 7) + Self.pieces + Array(Normalize.chosenMarks) + Array(Normalize.notChosenMarks) {
            #expect(Normalize.mark(.text(s)) == Self.referenceMark(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(Normalize.mark(.text("○")) == .chosen)
        #expect(Normalize.mark(.text("○ ")) == .chosen)
        #expect(Normalize.mark(.text("△")) == .invalid)
    }
}
