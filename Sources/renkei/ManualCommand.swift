import ArgumentParser
import Foundation
import RenkeiRun

/// `renkei manual --out DIR` (hidden; `make man`): one man page per command, written from the
/// same command tree `--help` prints. argument-parser's generate-manual plugin drops every
/// non-ASCII character (the Japanese of abstracts, file names and the exit-status table).
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "各コマンドのヘルプから man ページ（renkei.1 など）を書き出します。",
        shouldDisplay: false
    )

    @ArgumentParser.Option(name: .long, help: .ja("man ページを書くフォルダ（なければ作ります）。"))
    var out: String

    func run() throws {
        let tree = try JSONDecoder().decode(ManualTree.self, from: Data(Renkei._dumpHelp().utf8))
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for page in ManualPage.pages(tree.command) {
            let path = (out as NSString).appendingPathComponent(page.fileName)
            try Data(page.roff.utf8).write(to: URL(fileURLWithPath: path))
        }
    }
}

/// The parts of argument-parser's `--experimental-dump-help` tree (ToolInfoV0) a page needs.
struct ManualTree: Decodable {
    struct Command: Decodable {
        var commandName: String
        var superCommands: [String]?
        var abstract: String?
        var discussion: String?
        var shouldDisplay: Bool?
        var subcommands: [Command]?
        var arguments: [Argument]?
    }
    struct Argument: Decodable {
        struct Name: Decodable { var kind: String; var name: String }
        var kind: String
        var shouldDisplay: Bool
        var isOptional: Bool
        var names: [Name]?
        var valueName: String?
        var defaultValue: String?
        var abstract: String?
    }
    var command: Command
}

/// One roff page (man(7) macros, which groff and mandoc both render, UTF-8 kept as is).
struct ManualPage {
    var fileName: String
    var roff: String

    static func pages(_ root: ManualTree.Command) -> [ManualPage] {
        var out: [ManualPage] = []
        func walk(_ c: ManualTree.Command, path: [String]) {
            guard c.shouldDisplay ?? true else { return }
            let words = path + [c.commandName]
            out.append(page(c, words: words, siblings: root.subcommands?.filter { ($0.shouldDisplay ?? true) && $0.commandName != "help" }.map(\.commandName) ?? []))
            for s in c.subcommands ?? [] where s.commandName != "help" { walk(s, path: words) }
        }
        walk(root, path: [])
        return out
    }

    private static func page(_ c: ManualTree.Command, words: [String], siblings: [String]) -> ManualPage {
        let name = words.joined(separator: "-")
        var r = ".TH \(esc(name.uppercased())) 1 \"\" \"renkei \(RenkeiVersion.current)\" \"renkei\"\n"
        // Left-aligned and unhyphenated: justifying Japanese, which roff breaks only at spaces, opens
        // wide gaps, and a file name must not be split (is‐sues.csv).
        r += ".ad l\n.nh\n"
        r += ".SH NAME\n\(esc(name)) \\- \(text(c.abstract ?? ""))\n"
        let arguments = (c.arguments ?? []).filter { $0.shouldDisplay && !($0.names ?? []).contains { ["help", "version"].contains($0.name) } }
        r += ".SH SYNOPSIS\n.B \(esc(words.joined(separator: " ")))\n"
        if c.subcommands?.isEmpty == false { r += ".I command\n" }
        for a in arguments { r += (a.isOptional ? "[\(synopsis(a))]" : synopsis(a)) + "\n" }
        // The discussion as --help prints it; its 終了ステータス block becomes the EXIT STATUS section.
        let parts = (c.discussion ?? "").components(separatedBy: ExitStatus.helpHeading + "\n")
        let paragraphs = parts[0].components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if !paragraphs.isEmpty {
            r += ".SH DESCRIPTION\n" + paragraphs.map(paragraph).joined()
        }
        if let subs = c.subcommands?.filter({ ($0.shouldDisplay ?? true) && $0.commandName != "help" }), !subs.isEmpty {
            r += ".SH COMMANDS\n"
            for s in subs { r += ".TP\n.B \(esc(s.commandName))\n\(text(s.abstract ?? ""))\n\\fB\(esc((words + [s.commandName]).joined(separator: "-")))\\fR(1) を参照してください。\n" }
        }
        if !arguments.isEmpty {
            r += ".SH OPTIONS\n"
            for a in arguments {
                r += ".TP\n" + synopsis(a) + "\n" + text(a.abstract ?? "")
                // The default in the help's words, unless the help already states it.
                if let d = a.defaultValue, !d.isEmpty, a.abstract?.contains("既定") != true { r += "（既定: \(esc(d))）" }
                r += "\n"
            }
        }
        if parts.count > 1 {
            r += ".SH EXIT STATUS\n"
            // The statuses the help lists (a status starts a line indented by two; its wrapped
            // meaning continues deeper), each with its meaning from the one table.
            let statuses = parts[1].split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
                .compactMap { $0.split(separator: " ").first.flatMap { Int32($0) }.flatMap(ExitStatus.init(rawValue:)) }
            for s in statuses { r += ".TP\n.B \(s.rawValue)\n\(text(s.meaning))\n" }
        }
        let others = (words.count == 1 ? siblings.map { "renkei-\($0)" } : ["renkei"] + siblings.filter { $0 != words.last }.map { "renkei-\($0)" })
        r += ".SH SEE ALSO\n" + others.map { "\\fB\(esc($0))\\fR(1)" }.joined(separator: ", ") + "\n"
        return ManualPage(fileName: name + ".1", roff: r)
    }

    private static func synopsis(_ a: ManualTree.Argument) -> String {
        let value = a.valueName.map { " \\fI\(esc($0))\\fR" } ?? ""
        if a.kind == "positional" { return "\\fI\(esc(a.valueName ?? "value"))\\fR" }
        let names = (a.names ?? []).map { ($0.kind == "short" ? "-" : "--") + $0.name }
        let flag = "\\fB" + names.map(esc).joined(separator: "\\fR, \\fB") + "\\fR"
        return a.kind == "flag" ? flag : flag + value
    }

    /// The help's lines joined again, as roff fills them itself: Japanese without a space (roff
    /// would put one at every line end), ASCII words with one (none beside 。、（）「」); an indented line (an example) stays
    /// a line of its own.
    static func unwrap(_ s: String) -> String {
        var out = ""
        for line in s.trimmingCharacters(in: .newlines).split(separator: "\n", omittingEmptySubsequences: false) {
            if out.isEmpty { out = String(line); continue }
            if line.hasPrefix(" ") || out.hasSuffix("\n") { out += "\n" + line; continue }
            let t = line.trimmingCharacters(in: .whitespaces)
            let (before, after) = (out.last ?? " ", t.first ?? " ")
            let tight = (!before.isASCII && !after.isASCII) || "。、（「）」".contains(before) || "。、（「）」".contains(after)
            out += (tight ? "" : " ") + t
        }
        return out
    }

    /// A discussion paragraph: its prose filled by roff, and a list written as --help prints the
    /// outputs (a name indented by two, what it is indented by six below it) as tagged entries.
    static func paragraph(_ p: String) -> String {
        let lines = p.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func isTag(_ i: Int) -> Bool {
            lines[i].hasPrefix("  ") && !lines[i].hasPrefix("   ") && i + 1 < lines.count && lines[i + 1].hasPrefix("      ")
        }
        var r = ".PP\n", prose: [String] = [], i = 0
        while i < lines.count {
            guard isTag(i) else { prose.append(lines[i]); i += 1; continue }
            if !prose.isEmpty { r += text(prose.joined(separator: "\n")) + "\n"; prose = [] }
            var body: [String] = []
            var j = i + 1
            while j < lines.count, lines[j].hasPrefix("      ") { body.append(lines[j].trimmingCharacters(in: .whitespaces)); j += 1 }
            r += ".TP\n\\fB\(esc(lines[i].trimmingCharacters(in: .whitespaces)))\\fR\n" + text(body.joined(separator: "\n")) + "\n"
            if j < lines.count, !isTag(j) { r += ".PP\n" }
            i = j
        }
        if !prose.isEmpty { r += text(prose.joined(separator: "\n")) + "\n" }
        return r
    }

    /// Help text as roff fills it: lines joined again, escaped, and a break point (`\:`) wherever
    /// a Japanese line may break, since groff breaks lines only at spaces.
    static func text(_ s: String) -> String {
        var out = ""
        var previous: Character?
        for c in esc(unwrap(s)) {
            if let p = previous, HelpText.mayBreak(between: p, and: c) { out += "\\:" }
            out.append(c)
            previous = c
        }
        return out
    }

    /// Text made safe for roff: backslashes, hyphens of options, and a line starting with a
    /// control character. Everything else, Japanese included, goes through as UTF-8.
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : String(line) }
            .joined(separator: "\n")
    }
}
