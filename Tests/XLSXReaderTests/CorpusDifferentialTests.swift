import Foundation
import TestSupport
import Testing
@testable import XLSXReader

/// Every file of the calamine corpus read by us and compared with what python-calamine
/// returned (`expected/NAME.json`).
@Suite struct CorpusDifferentialTests {
    /// Files where we knowingly differ from python-calamine: why, and which differences
    /// that reason allows (every other difference still fails).
    static let knownDifferences: [String: (reason: String, allows: String)] = [
        "errors.xlsx": ("python-calamine drops error cells; we return them as .error(\"#DIV/0!\") etc.", "extra error("),
        "picture_richdata.xlsx": ("python-calamine drops error cells (#VALUE! of an in-cell picture); we keep them", "extra error("),
        "pictures_in_cell_and_over_cell.xlsx": ("python-calamine drops error cells (#VALUE! of in-cell pictures); we keep them", "extra error("),
        "pivots.xlsx": ("python-calamine drops error cells (#DIV/0!); we keep them", "extra error("),
    ]

    static let corpus = packageRoot().appendingPathComponent("Fixtures/corpus/calamine")

    static func files() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".xlsm") }.sorted()
    }

    @Test func corpusIsPresent() {
        #expect(Self.files().count >= 60)
    }

    @Test(arguments: files())
    func matchesCalamine(_ name: String) throws {
        let expectedURL = Self.corpus.appendingPathComponent("expected/\(name).json")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any])
        let differences = try Self.differences(name, expected: expected)
        if let known = Self.knownDifferences[name] {
            print("known difference \(name): \(known.reason); \(differences.count) item(s)")
            #expect(!differences.isEmpty, "\(name) no longer differs; drop it from knownDifferences")
            let unexplained = differences.filter { !$0.contains(known.allows) }
            #expect(unexplained.isEmpty, "\(name): \(unexplained.prefix(10))")
        } else {
            #expect(differences.isEmpty, "\(name): \(differences.prefix(10))")
        }
    }

    static func differences(_ name: String, expected: [String: Any]) throws -> [String] {
        let path = corpus.appendingPathComponent(name).path
        let expectedError = expected["error"] as? String
        let wb: Workbook
        do {
            wb = try Workbook(path: path)
        } catch {
            // Where calamine refused, a typed error of ours is the agreeing answer.
            return expectedError == nil ? ["we refuse (\(error.kind)) but calamine read it"] : []
        }
        var diffs: [String] = []
        if let expectedError { diffs.append("calamine refused (\(expectedError)) but we open it") }
        let sheets = expected["sheets"] as? [[String: Any]] ?? []
        if sheets.map({ $0["name"] as? String ?? "" }) != wb.sheets.map(\.name) {
            diffs.append("sheet names \(wb.sheets.map(\.name))")
        }
        for (i, sheet) in sheets.enumerated() where i < wb.sheets.count {
            let info = wb.sheets[i]
            let vis = (sheet["visible"] as? String ?? "").lowercased()
            if vis != info.visibility.rawValue.lowercased() { diffs.append("\(info.name) visibility \(info.visibility)") }
            let ws: Worksheet
            do { ws = try wb.worksheet(at: i) } catch { diffs.append("\(info.name): \(error.kind)"); continue }
            var ours: [String: Cell] = [:]
            for c in ws.cells { ours[c.ref.a1] = c }
            for case let entry as [Any] in sheet["cells"] as? [Any] ?? [] {
                guard entry.count == 3, let ref = entry[0] as? String, let type = entry[1] as? String else { continue }
                guard let cell = ours.removeValue(forKey: ref) else { diffs.append("\(info.name)!\(ref) missing (\(type) \(entry[2]))"); continue }
                if let problem = compare(cell, type: type, value: entry[2], uses1904: wb.uses1904Dates) {
                    diffs.append("\(info.name)!\(ref): \(problem)")
                }
            }
            for (ref, c) in ours.sorted(by: { $0.key < $1.key }) { diffs.append("\(info.name)!\(ref) extra \(c.value)") }
        }
        return diffs
    }

    /// nil when our cell says the same as calamine's entry.
    static func compare(_ cell: Cell, type: String, value: Any, uses1904: Bool) -> String? {
        switch (type, cell.value) {
        case ("s", .string(let s)):
            return s == value as? String ? nil : "string \(s.debugDescription) vs \(String(describing: value).debugDescription)"
        case ("n", .number(let v)):
            guard let e = (value as? NSNumber)?.doubleValue else { return "bad expectation" }
            return abs(v - e) <= 1e-9 * max(1, abs(e)) ? nil : "number \(v) vs \(e)"
        case ("b", .bool(let b)):
            return (value as? NSNumber)?.boolValue == b ? nil : "bool \(b) vs \(value)"
        case ("d", _):
            guard let text = value as? String, let e = ExcelDate.parseISO(text) else { return "bad expectation" }
            guard let ours = cell.date(uses1904: uses1904) else { return "not a date: \(cell.value) fmt \(String(describing: cell.dateFormat))" }
            return abs(ours.timeIntervalSince(e)) < 0.001 ? nil : "date \(ours) vs \(text)"
        case ("t", .date(let text)):
            return text == value as? String ? nil : "time \(text) vs \(value)"
        case ("t", .number(let v)) where cell.isDateFormatted:
            // python time of day "HH:MM:SS[.ffffff]".
            guard let text = value as? String, let e = ExcelDate.parseISO("1970-01-01T" + text) else { return "bad expectation" }
            let seconds = (v - v.rounded(.down)) * 86_400
            return abs(seconds - e.timeIntervalSince1970) < 0.001 ? nil : "time \(seconds) vs \(text)"
        case ("td", .number(let v)) where cell.isDateFormatted:
            guard let e = (value as? NSNumber)?.doubleValue else { return "bad expectation" }
            return abs(v * 86_400 - e) < 0.001 ? nil : "duration \(v * 86_400) vs \(e)"
        default:
            return "type \(cell.value) fmt \(String(describing: cell.dateFormat)) vs \(type) \(value)"
        }
    }
}

extension CorpusDifferentialTests {
    /// Where calamine refused, we refuse too, with the error a user can act on.
    @Test func refusedFilesGiveTypedErrors() {
        #expect(throws: XLSXError.encrypted) { try Workbook(path: Self.corpus.appendingPathComponent("pass_protected.xlsx").path) }
        // Its sizes lie and xl/_rels/workbook.xml.rels inflates to garbage failing its CRC.
        #expect(throws: XLSXError.corruptZip("CRC mismatch in xl/_rels/workbook.xml.rels")) {
            try Workbook(path: Self.corpus.appendingPathComponent("issue252.xlsx").path)
        }
    }
}
