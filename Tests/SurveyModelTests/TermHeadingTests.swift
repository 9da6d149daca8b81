import Foundation
@testable import SurveyModel
import Testing

/// Every written cell asks whether it is a term of the glossary: the quick test for padding must
/// never miss a scalar Foundation's trimming would remove, or a padded heading would go unrecognised.
@Suite struct TermHeading {
    @Test func everyWhitespaceScalarCountsAsPossiblePadding() {
        var missed: [String] = []
        for value in UInt32(0) ... 0x10FFFF {
            guard let s = Unicode.Scalar(value) else { continue }
            if s.properties.generalCategory == .spaceSeparator || CharacterSet.whitespaces.contains(s), !Term.mayBeWhitespace(s) {
                missed.append(String(value, radix: 16))
            }
        }
        #expect(missed.isEmpty, "scalars trimmed as whitespace but not caught: \(missed)")
    }

    @Test func paddedOrBrokenHeadingsReadAsTheirTerm() {
        var seed: UInt64 = 0x7E4D
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let pads = ["", " ", "\u{3000}", "\t", "\u{00A0}", "\u{2009}", "\u{202F}", "\u{205F}", "\u{1680}"]
        for term in Term.allCases {
            let chars = Array(term.rawValue)
            for _ in 0..<4 {
                var text = String(chars)
                if chars.count > 1, next(2) == 0 { let at = next(chars.count - 1) + 1; text = String(chars[..<at]) + "\n" + String(chars[at...]) }
                text = pads[next(pads.count)] + text + pads[next(pads.count)]
                #expect(Term(heading: text) == term, "\(text.debugDescription)")
            }
            #expect(Term(heading: term.rawValue + "x") != term)
        }
    }
}
