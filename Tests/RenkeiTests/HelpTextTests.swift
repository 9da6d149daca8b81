import ArgumentParser
import Foundation
import RenkeiRun
import TestSupport
import Testing
@testable import renkei

/// Every `--help` is Japanese, like everything else renkei prints: only argument-parser's own
/// words, option names, file names and paths, commands, config keys and values stay as written.
@Suite struct HelpTextTests {
    static let commands: [(String, ParsableCommand.Type)] = [
        ("renkei", Renkei.self), ("run", RunCommand.self), ("validate", ValidateCommand.self),
        ("template", Template.self), ("simulate", Simulate.self), ("codebook", CodebookCommand.self),
        ("cells", Cells.self), ("manual", ManualCommand.self),
    ]

    /// Names the help may use bare: subcommands, formats and tools, config keys and their values,
    /// signals, placeholders of the cells format.
    static let names: Set<String> = [
        "renkei", "template", "validate", "simulate", "codebook", "cells", "manual", "cron", "systemd",
        "YAML", "JSON", "Excel", "xlsx", "xlsm", "latest", "runs", "held", "applicable", "valid", "notice",
        "debug", "inbox", "report", "previous", "reference", "code", "prefecture", "name", "kana", "kind",
        "Asia", "Tokyo", "Reports", "SIGINT", "SIGTERM", "Ctrl", "true", "false", "seed", "NAME", "KIND",
        "YYYY", "DDTHH", "percentBase",
    ]

    /// A command's --help as the binary prints it: argument-parser's text in ParserWords' Japanese.
    static func help(_ command: ParsableCommand.Type) -> String {
        ParserWords.japanese(Renkei.helpMessage(for: command, columns: 80))
    }

    /// The runs of 4+ ASCII letters left in `help` once the usage line (書式), values and defaults, options,
    /// `…`, "…", '…', 「…」, {…}, <…>, paths and file names, example commands, config keys
    /// (`keep_runs:`, anything with `_`) and `names` are taken out: empty means Japanese.
    static func englishWords(in help: String) -> [String] {
        var lines: [String] = []
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("書式:") || t.hasPrefix("renkei ") { continue }
            lines.append(String(line))
        }
        var text = lines.joined(separator: "\n")
        for pattern in ["（(?:値|既定): [^）]*）", "`[^`]*`", "「[^」]*」", #""[^"\n]*""#, "'[^'\n]*'",
                        #"\{[^}]*\}"#, "<[^>\n]*>", #"(?<![A-Za-z])--?[a-z][a-z-]*"#,
                        #"[A-Za-z0-9_.~<>…*-]*[/.][A-Za-z0-9_./<>…*-]*[A-Za-z0-9/]"#, "[A-Za-z0-9_.~<>*-]+/"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let words = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }.map(String.init)
        return words.filter { w in
            w.contains(/[A-Za-z]{4}/) && !w.contains("_") && !names.contains(w)
        }
    }

    @Test func everyHelpIsJapanese() {
        for (name, command) in Self.commands {
            let help = Self.help(command)
            let english = Self.englishWords(in: help)
            #expect(english.isEmpty, "renkei \(name) --help: English \(english)")
            #expect(help.contains(/[ぁ-んァ-ン一-龥]/), "renkei \(name) --help")
            if name != "manual" {
                #expect(help.contains(ExitStatus.helpHeading + "\n"), "renkei \(name) --help lacks \(ExitStatus.helpHeading)")
                #expect(!help.contains("EXIT STATUS"), "renkei \(name) --help")
            }
        }
    }

    @Test func theCheckFindsEnglish() {
        #expect(Self.englishWords(in: "OVERVIEW: Read the inbox and publish the reports.") == ["OVERVIEW", "Read", "publish", "reports"])
        #expect(Self.englishWords(in: "  --out <out>   出力フォルダ（既定: Reports）。 (default: forms)") == ["default", "forms"])
        #expect(Self.englishWords(in: "  --out <out>   出力フォルダ（既定: Reports）。（既定: forms）").isEmpty)
        #expect(Self.englishWords(in: "設定ファイルでは keep_runs:、docs/operator.md を参照、`renkei run`").isEmpty)
        #expect(Self.englishWords(in: "  0    reports published") == ["reports", "published"])
    }

    /// argument-parser's own usage errors reach cron's mail: Japanese, with the option and the
    /// value as they were typed, and none of its English frame left.
    @Test func parserErrorsAreJapanese() throws {
        let cases: [([String], String)] = [
            (["run", "--foo"], "エラー: オプション '--foo' はありません。'--out' のことですか？"),
            (["run", "--nothing-like-it"], "エラー: オプション '--nothing-like-it' はありません"),
            (["run", "extra"], "エラー: 余分な引数 'extra' があります"),
            (["run", "--keep", "x"], "エラー: '--keep <keep-runs>' に 'x' は使えません"),
            (["run", "--percent-base", "x"], "に 'x' は使えません。次のどれかを指定してください: 'applicable'、'valid'。"),
            (["run", "--json=3"], "エラー: オプション '--json' は値をとりません（'3' が付いています）。"),
            (["run", "--out"], "エラー: '--out <out>' の値がありません"),
            (["template"], "エラー: '--out <out>' を指定してください"),
        ]
        for (args, expected) in cases {
            let o = try Run.renkei(args)
            #expect(o.status == 2, "\(args): \(o.status) \(o.stderr)")
            #expect(o.stderr.contains(expected), "\(args): \(o.stderr)")
            #expect(o.stderr.contains("書式:  renkei "), "\(args): \(o.stderr)")
            #expect(!o.stderr.contains(/\b(Error|Usage|Help|See|Unknown|Missing|Unexpected|invalid|Please)\b/), "\(args): \(o.stderr)")
        }
        // Every rule is a valid pattern (they are compiled once, on first use).
        for rule in ParserWords.rules { #expect((try? NSRegularExpression(pattern: rule.pattern)) != nil, "\(rule.pattern)") }
    }

    /// Japanese is two columns a character: the prose and the output list are wrapped to 80
    /// columns, not 80 characters. Lines argument-parser builds from names (書式) are not ours.
    @Test func helpLinesFitEightyColumns() {
        for (name, command) in Self.commands {
            // argument-parser breaks a longer line of ours at a space, losing its indent (an example command).
            for line in command.configuration.discussion.split(separator: "\n") {
                #expect(HelpText.width(line) <= 80, "renkei \(name): argument-parser would break \(line)")
            }
            let help = Self.help(command)
            for line in help.split(separator: "\n").map(String.init) where !line.hasPrefix("書式:") {
                #expect(HelpText.width(line) <= 80, "renkei \(name) --help: \(HelpText.width(line)) columns: \(line)")
            }
        }
    }

    @Test func wrappingBreaksByDisplayWidthNeverInsideANameNorBeforeAComma() {
        let text = "受付フォルダのファイルはすべて、理由とともに台帳（ledger.csv）に記録します。<out>/runs/<日時>/ に置きます。"
        let lines = HelpText.wrap(text, columns: 20).split(separator: "\n").map(String.init)
        #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, "\(lines)")
        for line in lines {
            #expect(HelpText.width(line) <= 22, "\(line)")
            #expect(!line.hasPrefix("、") && !line.hasPrefix("。") && !line.hasSuffix("（"), "\(lines)")
        }
        #expect(lines.contains { $0.contains("ledger.csv") } && lines.contains { $0.contains("<out>/runs/<日時>/") }, "\(lines)")
        #expect(HelpText.wrap("  renkei codebook > codebook-R6.yaml", columns: 10) == "  renkei codebook > codebook-R6.yaml")
    }
    /// groff breaks lines only at spaces, so a Japanese paragraph ran as one line past any
    /// terminal: the pages carry a break point (`\:`) between Japanese characters, where a line
    /// may break (before （ too, never before 、。）」 nor after （「, never inside ASCII).
    @Test func manTextBreaksBetweenJapaneseCharactersOnly() {
        let roff = ManualPage.text("台帳（ledger.csv）に記録します。次の\n実行で")
        #expect(roff.replacingOccurrences(of: "\\:", with: "") == "台帳（ledger.csv）に記録します。次の実行で")
        #expect(roff.contains("台\\:帳") && roff.contains("次\\:の\\:実"), "\(roff)")
        for never in ["（\\:", "\\:。", "\\:）", "l\\:", "\\:l"] { #expect(!roff.contains(never), "\(roff)") }
        // The output list of run --help: a tagged entry per file, its purpose joined again.
        let list = ManualPage.paragraph("書くファイル:\n  全国集計.xlsx\n      全国の集計。連絡先を\n      含まない\n  run.json\n      この集計の記録")
        #expect(list == ".PP\n書\\:く\\:フ\\:ァ\\:イ\\:ル:\n.TP\n\\fB全国集計.xlsx\\fR\n全\\:国\\:の\\:集\\:計。\\:連\\:絡\\:先\\:を\\:含\\:ま\\:な\\:い\n"
                + ".TP\n\\fBrun.json\\fR\nこ\\:の\\:集\\:計\\:の\\:記\\:録\n", "\(list)")
    }

    /// Every man page as `man` shows it in an 80-column terminal: no line wider than that, and
    /// defaults said as the help says them (既定).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/man"), "man is not installed"))
    func manPagesFitEightyColumns() throws {
        let dir = Temp.dir("man80")
        try ManualCommand.parse(["--out", dir]).run()
        let pages = listing(dir)
        #expect(pages.count == 7, "\(pages)")
        for name in pages {
            let page = try Run.shell("LANG=C.UTF-8 MANWIDTH=80 man -l \(shellQuote(dir + "/" + name)) 2>&1")
            #expect(page.status == 0 && !page.stdout.contains("warning"), "\(name): \(page.stdout)")
            #expect(!page.stdout.contains("(default:"), "\(name): the default in English")
            let lines = page.stdout.split(separator: "\n")
            #expect(lines.count > 15, "\(name)")
            for line in lines { #expect(HelpText.width(line) <= 80, "\(name): \(HelpText.width(line)) columns: \(line)") }
            if name == "renkei-run.1" {
                #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == "prefectures/NN_都道府県名.xlsx" }, "\(page.stdout)")
            }
        }
    }
}
