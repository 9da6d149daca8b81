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

/// The term lookup by fingerprint gives what comparing the text with every term byte for byte gives:
/// for each term, for texts one scalar away from a term, and for texts made of the terms' scalars.
@Suite struct TermSpelling {
    @Test func theFingerprintLookupAgreesWithComparingEveryTerm() {
        func reference(_ s: String) -> Term? { Term.allCases.first { $0.rawValue.utf8.elementsEqual(s.utf8) } }
        var rng = SplitMix64(seed: 0x5EED)
        let pool = Array(Set(Term.allCases.flatMap(\.rawValue.unicodeScalars)).sorted { $0.value < $1.value })
        var texts = Term.allCases.map(\.rawValue)
        for term in Term.allCases {
            var scalars = Array(term.rawValue.unicodeScalars)
            switch rng.below(3) {
            case 0: scalars.remove(at: rng.below(scalars.count))
            case 1: scalars.insert(rng.pick(pool), at: rng.below(scalars.count + 1))
            default: scalars[rng.below(scalars.count)] = rng.pick(pool)
            }
            texts.append(String(String.UnicodeScalarView(scalars)))
        }
        for _ in 0..<5_000 { texts.append(String(String.UnicodeScalarView((0...rng.below(14)).map { _ in rng.pick(pool) }))) }
        for s in texts { #expect(Term.spelled(s) == reference(s), "\(s)") }
    }
}

/// The byte test for line breaks finds what looking at every scalar finds.
@Suite struct TermLineBreaks {
    @Test func theByteTestAgreesWithTheScalars() {
        var rng = SplitMix64(seed: 0x0B4E)
        let breaks: [UInt32] = [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]
        // Neighbours in UTF-8: the same lead or continuation bytes without being a break.
        let near: [UInt32] = [0x09, 0x0E, 0x84, 0x86, 0xC5, 0x2027, 0x202A, 0x2008, 0x3028, 0x6A28, 0x41, 0x56DE, 0x1F600]
        for _ in 0..<5_000 {
            let scalars = (0...rng.below(10)).map { _ in Unicode.Scalar(rng.below(8) == 0 ? rng.pick(breaks) : rng.pick(near))! }
            let s = String(String.UnicodeScalarView(scalars))
            let expected = scalars.contains { breaks.contains($0.value) }
            let bytes = Array(s.utf8)
            #expect(bytes.withUnsafeBufferPointer(Term.hasLineBreak) == expected, "\(scalars.map { String($0.value, radix: 16) })")
        }
    }
}
