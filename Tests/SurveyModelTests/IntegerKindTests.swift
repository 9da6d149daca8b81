import TestSupport
import Testing
@testable import SurveyModel

/// 数値 answers as people write them: plain, approximate (counted, with a warning), spans (refused).
@Suite struct IntegerKindTests {
    let q = Question(id: "Q1", label: "人数", type: .integer, range: 0...99)

    func read(_ s: String) -> KindReading { q.kind.read(q) { $0 == nil ? .text(s) : nil } }

    @Test(arguments: [
        ("12", 12), ("１２", 12), ("12人", 12), ("12.0", 12), (" 12 ", 12),
    ])
    func plain(_ written: String, _ n: Int) {
        #expect(read(written) == .value(.integer(n), at: nil))
    }

    @Test(arguments: [
        ("約3件", 3), ("3件程度", 3), ("3くらい", 3), ("3ぐらい", 3), ("3前後", 3), ("3位", 3),
        ("約３件", 3), ("３程度", 3), ("およそ12人", 12), ("約3件程度", 3), ("約 12", 12),
    ])
    func approximateIsCountedWithAWarning(_ written: String, _ n: Int) throws {
        guard case .value(.integer(let v), nil, let note?) = read(written) else {
            Issue.record("「\(written)」 was not read as an approximate number: \(read(written))"); return
        }
        #expect(v == n)
        #expect(note.severity == .warning && note.rule == .approximate)
        #expect(note.message.contains("概数「\(written)」を\(n)として集計しました。正確な数をご確認ください。"))
    }

    @Test(arguments: ["10〜20", "10-20", "10～20", "10~20人", "約10〜20件", "10から20"])
    func spanAsksForOneNumber(_ written: String) throws {
        guard case .invalid(let f) = read(written), let first = f.first else { Issue.record("\(written) accepted"); return }
        #expect(first.severity == .error && first.rule == .type)
        #expect(first.message.contains("1つの数（整数）で記入してください"))
    }

    @Test(arguments: ["三人", "不明", "約", "程度", "-"])
    func notANumberStaysATypeError(_ written: String) throws {
        guard case .invalid(let f) = read(written) else { Issue.record("\(written) accepted"); return }
        #expect(f.first?.rule == .type)
        #expect(f.first?.message.contains("数値として読めません") == true)
    }

    @Test func approximateOutOfRangeIsARangeError() {
        guard case .invalid(let f) = read("約120人") else { Issue.record("accepted"); return }
        #expect(f.first?.rule == .range)
    }
}
