import Foundation
import Synchronization
import Testing
@testable import XLSXWriter

@Suite struct DeterminismTests {
    @Test func sameCallsGiveByteIdenticalFiles() throws {
        let dir = try temporaryDirectory()
        let a = dir.appendingPathComponent("a.xlsx"), b = dir.appendingPathComponent("b.xlsx")
        try writeSample(to: a)
        try writeSample(to: b)
        let first = try Data(contentsOf: a), second = try Data(contentsOf: b)
        #expect(first.count > 1000)
        #expect(first == second)
    }

    @Test func chosenInstantIsWrittenAndStable() throws {
        let dir = try temporaryDirectory()
        let date = Date(timeIntervalSince1970: 1_717_200_000)  // 2024-06-01T00:00:00Z
        let a = dir.appendingPathComponent("a.xlsx"), b = dir.appendingPathComponent("b.xlsx")
        try writeSample(to: a, creationDate: .at(date))
        try writeSample(to: b, creationDate: .at(date))
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
        #expect(try part("docProps/core.xml", of: a).contains(">2024-06-01T00:00:00Z</dcterms:created>"))
    }

    @Test func nowUsesTheClock() throws {
        let file = try temporaryDirectory().appendingPathComponent("now.xlsx")
        try writeSample(to: file, creationDate: .now)
        let core = try part("docProps/core.xml", of: file)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(core.contains(">\(year)-"))
        #expect(!core.contains("2000-01-01T00:00:00Z"))
    }

    /// libxlsxwriter keeps all state per workbook (temp files from tmpfile(), its own zip
    /// stream), so separate workbooks on separate threads must not disturb each other.
    @Test func parallelWorkbooksMatchSerialOutput() throws {
        let dir = try temporaryDirectory()
        let reference = dir.appendingPathComponent("reference.xlsx")
        try writeSample(to: reference)
        let expected = try Data(contentsOf: reference)
        let count = 24
        let urls = (0..<count).map { dir.appendingPathComponent("p\($0).xlsx") }
        let failed = DispatchQueue.concurrentPerformCollecting(count) { i in
            (try? writeSample(to: urls[i])) == nil
        }
        #expect(!failed.contains(true))
        for url in urls { #expect(try Data(contentsOf: url) == expected, "\(url.lastPathComponent) differs") }
    }
}

/// Collects one Bool per concurrentPerform iteration; each slot is written once under the lock.
final class FailureFlags: Sendable {
    private let flags: Mutex<[Bool]>
    init(_ count: Int) { flags = Mutex(Array(repeating: false, count: count)) }
    func set(_ index: Int, _ value: Bool) { flags.withLock { $0[index] = value } }
    var all: [Bool] { flags.withLock { $0 } }
}

extension DispatchQueue {
    /// concurrentPerform that reports which iterations failed.
    static func concurrentPerformCollecting(_ count: Int, _ body: @Sendable (Int) -> Bool) -> [Bool] {
        let flags = FailureFlags(count)
        concurrentPerform(iterations: count) { i in flags.set(i, body(i)) }
        return flags.all
    }
}
