import Foundation
import Synchronization
import CGmtime
import Testing
import XLSXReader
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

    /// glibc's gmtime() fills one buffer for the whole process and libxlsxwriter formats the
    /// date from it, so workbooks closing together with different dates (a seeded mix of
    /// fixed and chosen instants) must each still carry their own.
    @Test func concurrentClosesKeepTheirOwnDates() throws {
        let dir = try temporaryDirectory()
        var state: UInt64 = 25
        let dates: [WorkbookWriter.CreationDate] = (0..<1_200).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = Double(state >> 33 % 4_000_000_000)
            return state % 3 == 0 ? .fixed : .at(Date(timeIntervalSince1970: seconds))
        }
        let urls = dates.indices.map { dir.appendingPathComponent("d\($0).xlsx") }
        let failed = DispatchQueue.concurrentPerformCollecting(dates.count) { i in
            guard let wb = try? WorkbookWriter(path: urls[i].path, creationDate: dates[i]),
                  (try? wb.addSheet("S").write("x", row: 0, column: 0)) != nil else { return true }
            return (try? wb.close()) == nil
        }
        #expect(!failed.contains(true))
        let iso = ISO8601DateFormatter()
        for (i, date) in dates.enumerated() {
            let instant: Date
            switch date {
            case .fixed: instant = WorkbookWriter.CreationDate.fixedInstant
            case let .at(chosen): instant = chosen
            case .now: continue
            }
            let zip = try ZipArchive(bytes: [UInt8](Data(contentsOf: urls[i])))
            let core = try String(decoding: zip.extract(#require(zip.entry(named: "docProps/core.xml")), budget: 1 << 20),
                                  as: UTF8.self)
            let expected = iso.string(from: instant)
            #expect(core.contains(">\(expected)</dcterms:created>") && core.contains(">\(expected)</dcterms:modified>"),
                    "d\(i).xlsx should be dated \(expected)")
        }
    }

    /// The program's gmtime() is CGmtime's (a buffer per thread), not glibc's one per process.
    @Test func gmtimeKeepsAResultPerThread() {
        let here = UInt(bitPattern: renkei_gmtime_buffer())
        let there = Mutex<UInt>(0)
        let thread = Thread { there.withLock { $0 = UInt(bitPattern: renkei_gmtime_buffer()) } }
        thread.start()
        while !thread.isFinished { usleep(1000) }
        #expect(here != 0 && there.withLock { $0 } != 0)
        #expect(here != there.withLock { $0 })
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
