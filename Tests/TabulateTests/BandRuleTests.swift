import TestSupport
import Testing
@testable import Tabulate

@Suite struct BandRuleTests {
    func labels(_ r: ClosedRange<Int>?) -> [String] { BandRule.bands(for: r).map(\.label) }

    @Test func smallRanges() {
        #expect(labels(0...99) == ["0", "1～2", "3～5", "6～10", "11以上"])
        #expect(labels(1...50) == ["1～2", "3～5", "6～10", "11以上"])
        #expect(labels(0...40) == ["0", "1～2", "3～5", "6～10", "11以上"])
        #expect(labels(0...100) == ["0", "1～2", "3～5", "6～10", "11以上"])
    }

    @Test func rangesEndingWithinTheBreaksStayClosed() {
        #expect(labels(0...10) == ["0", "1～2", "3～5", "6～10"])
        #expect(labels(0...7) == ["0", "1～2", "3～5", "6～7"])
        #expect(labels(0...3) == ["0", "1～2", "3"])
        #expect(labels(0...1) == ["0", "1"])
        #expect(labels(0...0) == ["0"])
        #expect(labels(0...11) == ["0", "1～2", "3～5", "6以上"])
        #expect(labels(12...12) == ["12"])
    }

    @Test func wideRangesUseDecades() {
        #expect(labels(0...100_000) == ["0", "1～9", "10～99", "100～999", "1,000～9,999", "10,000以上"])
        #expect(labels(1...500) == ["1～9", "10～99", "100以上"])
        #expect(labels(0...1000) == ["0", "1～9", "10～99", "100以上"])
    }

    @Test func noRangeOrNegativeRangeHasNoBands() {
        #expect(labels(nil) == [])
        #expect(labels(-5...5) == [])
    }

    @Test func bandsCoverTheRangeWithoutGaps() {
        for range in [0...99, 1...50, 0...10, 0...100_000, 3...7, 12...99] {
            let bands = BandRule.bands(for: range)
            #expect(bands.first?.lower == range.lowerBound)
            for (a, b) in zip(bands, bands.dropFirst()) { #expect(a.upper.map { $0 + 1 } == b.lower) }
            for v in [range.lowerBound, range.upperBound] {
                #expect(bands.filter { $0.contains(v) }.count == 1)
            }
        }
    }
}
