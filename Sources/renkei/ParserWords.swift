import Foundation

/// argument-parser writes the frame of every `--help` (OVERVIEW, USAGE, "Show help information.",
/// "(default: …)") and its own usage errors ("Unknown option …") in English, and offers no way to
/// change them: what it prints goes through `japanese(_:)` first. A message it words in a way
/// not listed here is printed as it is.
enum ParserWords {
    /// Pattern and replacement, applied in order to the whole text; `$1`, `$2` are the pattern's groups.
    static let rules: [(pattern: String, replacement: String)] = [
        // The help's frame.
        ("(?m)^OVERVIEW: ", "概要: "),
        ("(?m)^USAGE: ", "書式:  "),
        ("(?m)^Usage: ", "書式:  "),
        ("(?m)^OPTIONS:$", "オプション:"),
        ("(?m)^ARGUMENTS:$", "引数:"),
        ("(?m)^SUBCOMMANDS:$", "コマンド:"),
        ("See '([^']+) <subcommand>' for detailed help\\.", "各コマンドの説明は '$1 <コマンド>' で表示します。"),
        ("See '([^']+)' for more information\\.", "詳しくは '$1' を参照してください。"),
        ("<subcommand>", "<コマンド>"),
        ("Show help information\\.", "このヘルプを表示します。"),
        ("Show the version\\.", "版を表示します。"),
        // On a line of its own (Help.ja puts them there) the space before them would misalign the bracket.
        ("(?m)^( +) \\(", "$1("),
        ("\\(values: ([^;)]*); default: ([^)]*)\\)", "（値: $1。既定: $2）"),
        ("\\(values: ([^)]*)\\)", "（値: $1）"),
        ("\\(default: ([^)]*)\\)", "（既定: $1）"),
        ("(?<=\\S) （(値|既定): ", "（$1: "),
        ("(?m)^Help:  ", "説明:  "),
        // Its usage errors.
        ("(?m)^Error: ", "エラー: "),
        ("Unknown option '([^']+)'\\. Did you mean '([^']+)'\\?", "オプション '$1' はありません。'$2' のことですか？"),
        ("Unknown option '([^']+)'", "オプション '$1' はありません"),
        ("Missing value for '([^']+)'", "'$1' の値がありません"),
        ("The value '([^']*)' is invalid for '([^']+)'", "'$2' に '$1' は使えません"),
        ("The value '([^']*)' is invalid\\.", "'$1' は使えません。"),
        ("\\. Please provide one of the following:", "。次のどれかを指定してください:"),
        ("\\. Please provide one of (.+)\\.", "。次のどれかを指定してください: $1。"),
        ("The option '([^']+)' does not take any value, but '([^']*)' was specified\\.",
         "オプション '$1' は値をとりません（'$2' が付いています）。"),
        ("Unexpected argument '([^']*)'", "余分な引数 '$1' があります"),
        ("(\\d+) unexpected arguments: ", "余分な引数が $1 個あります: "),
        ("Missing expected argument '([^']+)'", "'$1' を指定してください"),
        ("Missing one of: ", "次のどれかを指定してください: "),
        ("Missing required subcommand\\.", "コマンドを指定してください。"),
    ]

    private static let compiled: [(NSRegularExpression, String)] = rules.map { rule in
        // The patterns are constants of this file; a test compiles every one.
        (try! NSRegularExpression(pattern: rule.pattern), rule.replacement)
    }

    /// `text` (a help or an error as argument-parser wrote it) in Japanese words.
    static func japanese(_ text: String) -> String {
        let replaced = compiled.reduce(text) { text, rule in
            rule.0.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: rule.1)
        }
        // The values a message lists ('a', 'b' or 'c'): joined by 、 as the program's own messages do.
        return replaced.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let start = line.range(of: choose) else { return String(line) }
            let list = line[start.upperBound...].replacingOccurrences(of: "', '", with: "'、'")
                .replacingOccurrences(of: "' or '", with: "'、'").replacingOccurrences(of: "' and '", with: "'、'")
            return String(line[..<start.upperBound]) + list
        }.joined(separator: "\n")
    }

    private static let choose = "次のどれかを指定してください: "
}
