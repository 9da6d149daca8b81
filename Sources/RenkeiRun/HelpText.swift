/// The `--help` texts are Japanese, and argument-parser wraps only at spaces, counting characters:
/// a Japanese line would run twice the terminal's width. `HelpText.wrap` breaks by display width
/// (a full-width character is two columns) between Japanese characters or at a space, never inside
/// an ASCII word (an option, a file name, a path), and never before 、。）」 nor after （「.
public enum HelpText {
    /// The help column of an option (argument-parser's label column is 26 of 80).
    public static let optionColumns = 52
    /// Discussion text (argument-parser wraps it at 80 characters).
    public static let discussionColumns = 78

    /// Each line of `text` wrapped to `columns`; a line that starts with spaces (an example, a
    /// list item) is kept as written, continuation lines are indented by `indent` spaces.
    public static func wrap(_ text: String, columns: Int = discussionColumns, indent: Int = 0) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix(" ") ? String(line) : wrapLine(String(line), columns: columns)
                .joined(separator: "\n" + String(repeating: " ", count: indent))
        }.joined(separator: "\n")
    }

    /// An option's help, wrapped to the option column.
    public static func option(_ text: String) -> String { wrap(text, columns: optionColumns) }

    /// Columns a character takes in a terminal: 2 for the wide and full-width ones.
    public static func width(_ c: Character) -> Int {
        guard let v = c.unicodeScalars.first?.value else { return 0 }
        return switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
            2
        default: 1
        }
    }

    public static func width(_ s: some StringProtocol) -> Int { s.reduce(0) { $0 + width($1) } }

    private static let noLineStart: Set<Character> = ["、", "。", "）", "」", "・", "，", "：", "％", ")", ",", ".", ":", ";", "ー"]
    private static let noLineEnd: Set<Character> = ["（", "「", "("]

    /// Whether a line may break between two adjacent Japanese (wide) characters: never inside
    /// ASCII, before closing punctuation nor after an opening bracket (the man pages' break points).
    public static func mayBreak(between a: Character, and b: Character) -> Bool {
        width(a) == 2 && width(b) == 2 && !noLineEnd.contains(a) && !noLineStart.contains(b)
    }

    /// Units that are never split: an ASCII word (with what sticks to it), a space, or one character.
    private static func units(_ line: String) -> [String] {
        var out: [String] = []
        var word = ""
        for c in line {
            if c == " " {
                if !word.isEmpty { out.append(word); word = "" }
                out.append(" ")
            } else if c.isASCII || width(c) == 1 {
                word.append(c)
            } else {
                if !word.isEmpty { out.append(word); word = "" }
                out.append(String(c))
            }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }

    private static func wrapLine(_ line: String, columns: Int) -> [String] {
        var lines: [String] = []
        var current: [String] = []
        var used = 0
        for unit in units(line) {
            let w = width(unit)
            if used + w > columns, !current.isEmpty, unit != " " {
                // Never start a line with closing punctuation: it hangs past the width instead.
                if let first = unit.first, noLineStart.contains(first), unit.count == 1 {
                    current.append(unit); used += w; continue
                }
                var carried: [String] = []
                while let last = current.last, last.count == 1, let c = last.first, noLineEnd.contains(c), current.count > 1 {
                    carried.insert(current.removeLast(), at: 0)
                }
                lines.append(current.joined().trimmingTrailingSpaces())
                current = carried
                used = carried.reduce(0) { $0 + width($1) }
            }
            if unit == " " && current.isEmpty && !lines.isEmpty { continue }
            current.append(unit); used += w
        }
        lines.append(current.joined().trimmingTrailingSpaces())
        return lines
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
