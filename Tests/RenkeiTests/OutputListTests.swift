import Foundation
import Testing

/// `run --help` (and so the man page made from it) lists every file README's table of a run folder
/// lists; ReportKitTests holds that table to the registry the help is printed from.
@Suite struct OutputListTests {
    static func readmePatterns() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(text.components(separatedBy: "<!-- outputs:begin -->").last?
            .components(separatedBy: "<!-- outputs:end -->").first)
        return block.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, cells[0].hasPrefix("`"), cells[0].hasSuffix("`") else { return nil }
            return String(cells[0].dropFirst().dropLast())
        }
    }

    @Test func runHelpListsEveryOutput() throws {
        let patterns = try Self.readmePatterns()
        #expect(patterns.count >= 13)
        let help = try Run.renkei(["run", "--help"]).stdout
        for p in patterns { #expect(help.contains(p), "renkei run --help lacks \(p)") }
    }
}
