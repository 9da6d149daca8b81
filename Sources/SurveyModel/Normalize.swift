import Foundation

/// How respondents really write answers, turned into what they mean.
/// Pure functions; the original stays in `ExtractedCell.raw` beside every result.
public enum Normalize {
    /// NFKC (全角英数 → ASCII, ① → 1, U+3000 → space), then trimmed with runs of spaces collapsed.
    public static func text(_ s: String) -> String {
        collapseSpaces(nfkc(s))
    }

    /// NFKC, skipping Foundation (slow on Linux) for the common text NFKC cannot change: ASCII
    /// (but not control characters), hiragana, katakana, CJK ideographs and 、。「」・ー. Only when a
    /// character outside those appears (全角英数, ①, ｶﾅ, U+3000 …) is the full mapping applied.
    public static func nfkc(_ s: String) -> String {
        for u in s.unicodeScalars {
            let v = u.value
            let stable = (0x20...0x7E).contains(v) || (0x3041...0x3096).contains(v) || (0x309D...0x309E).contains(v)
                || (0x30A1...0x30FE).contains(v) || (0x4E00...0x9FFF).contains(v) || (0x3001...0x3002).contains(v)
                || (0x3005...0x3007).contains(v) || (0x300C...0x300F).contains(v) || (0x3010...0x3011).contains(v)
                || v == 0x25CB || v == 0x25EF || v == 0x25CF || v == 0x25CE || v == 0x0A || v == 0x09 || v == 0x0D
            if !stable { return s.precomposedStringWithCompatibilityMapping }
        }
        return s
    }

    /// Leading and trailing white space removed; returns the string itself (no copy, no
    /// Foundation) when there is none, which is nearly always.
    public static func trim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return s }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    public static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Nothing but spaces (of any width): an answer left blank.
    public static func isBlank(_ raw: WrittenValue) -> Bool {
        guard case .text(let s) = raw else { return false }
        // A character NFKC keeps and that is not a space leaves the text non-blank: decided
        // at the first such character, without normalizing (nearly every answer).
        for u in s.unicodeScalars {
            let v = u.value
            if (0x21...0x7E).contains(v) || (0x3041...0x3096).contains(v) || (0x30A1...0x30FE).contains(v) || (0x4E00...0x9FFF).contains(v) { return false }
            if !isSpace(u) { break }
        }
        return text(s).isEmpty
    }

    /// Free text keeps its characters (people's wording is theirs) but loses stray outer spaces.
    public static func freeText(_ s: String) -> String {
        // Most answers are one line with no space at all to collapse or trim: nothing to do.
        if isPlainLine(s) { return s }
        if let fast = freeTextOfSimpleText(s) { return fast }
        let lines = s.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { collapseSpaces(String($0)) }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `freeText` over UTF-8 bytes for text whose every character is one scalar that no neighbour
    /// joins (ASCII, kana, kanji, CJK and full-width punctuation …) and no CR without LF; nil otherwise.
    static func freeTextOfSimpleText(_ s: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false, lineStart = 0
        var bytes = s.utf8.makeIterator()
        var afterCR = false
        func appendSpaceIfPending() {
            if pendingSpace { out.append(0x20); pendingSpace = false }
        }
        while let b = bytes.next() {
            if afterCR { guard b == 0x0A else { return nil }; afterCR = false }
            switch b {
            case 0x0D: afterCR = true                                   // CRLF reads as LF
            case 0x0A: out.append(0x0A); lineStart = out.count; pendingSpace = false
            case 0x20, 0x09: pendingSpace = out.count > lineStart
            case 0x21...0x7E: appendSpaceIfPending(); out.append(b)
            case 0xC2...0xEF:
                // A lead byte: the scalar it starts, read whole (the String is valid UTF-8).
                let count = b < 0xE0 ? 2 : 3
                var v = UInt32(b & (count == 2 ? 0x1F : 0x0F))
                var tail: (UInt8, UInt8) = (0, 0)
                for i in 1..<count {
                    guard let c = bytes.next() else { return nil }
                    v = v << 6 | UInt32(c & 0x3F)
                    if i == 1 { tail.0 = c } else { tail.1 = c }
                }
                if v == 0xA0 || v == 0x3000 { pendingSpace = out.count > lineStart; continue }
                guard isSimpleScalar(v) else { return nil }
                appendSpaceIfPending()
                out.append(b); out.append(tail.0)
                if count == 3 { out.append(tail.1) }
            default: return nil                                         // other controls, 4-byte scalars
            }
        }
        if afterCR { return nil }
        // Each line is now trimmed: what is left to trim at either end is empty lines.
        let first = out.firstIndex { $0 != 0x0A } ?? out.endIndex
        let last = out.lastIndex { $0 != 0x0A }.map { $0 + 1 } ?? first
        return String(decoding: out[first..<last], as: UTF8.self)
    }

    /// A character of its own (no grapheme joins it to a neighbour), neither white space nor a
    /// control character: each one is a `Character` of its own, kept by `freeText` as it is.
    private static func isSimpleScalar(_ v: UInt32) -> Bool {
        switch v {
        case 0xA1...0xAC, 0xAE...0xFF,                      // Latin-1 signs and letters (not the soft hyphen)
             0x2010...0x2027, 0x2030...0x205E,              // dashes, quotes, ※ … (no spaces, no format characters)
             0x2190...0x27BF,                               // arrows, math, ①, box drawing, ○ ◎, ✓
             0x3001...0x3029, 0x3030...0x303F,              // CJK punctuation (not the combining tone marks)
             0x3041...0x3096, 0x309B...0x30FF,              // kana (not the combining sound marks)
             0x4E00...0x9FFF,                               // kanji
             0xFF01...0xFF9D, 0xFFE0...0xFFE6: true         // full-width forms, half-width kana (not ﾞﾟ)
        default: false
        }
    }

    /// No ASCII space or control character, no U+00A0 or U+3000 anywhere, and no white space
    /// at either end: `freeText` would return the text as it is.
    static func isPlainLine(_ s: String) -> Bool {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last,
              !first.properties.isWhitespace, !last.properties.isWhitespace else { return s.isEmpty }
        var previous: (UInt8, UInt8) = (0, 0)
        for b in s.utf8 {
            if b < 0x21 { return false }
            if previous.1 == 0xC2 && b == 0xA0 { return false }                          // U+00A0
            if previous.0 == 0xE3 && previous.1 == 0x80 && b == 0x80 { return false }   // U+3000
            previous = (previous.1, b)
        }
        return true
    }

    /// Key for comparing labels and names: NFKC with every space removed, dashes unified.
    public static func key(_ s: String) -> String {
        let n = nfkc(s)
        // ASCII (an address, a phone number): spaces dropped byte by byte; no dash look-alike is ASCII.
        var ascii: [UInt8] = []
        ascii.reserveCapacity(n.utf8.count)
        for b in n.utf8 {
            guard b < 0x80 else { return keyOfScalars(n) }
            if b != 0x20 && !(0x09...0x0D).contains(b) { ascii.append(b) }
        }
        return String(decoding: ascii, as: UTF8.self)
    }

    private static func keyOfScalars(_ n: String) -> String {
        var out = String.UnicodeScalarView()
        for u in n.unicodeScalars where !isSpace(u) { out.append(dashes.contains(u) ? "-" : u) }
        return String(out)
    }

    static func collapseSpaces(_ s: String) -> String {
        var out = ""; var pendingSpace = false
        for ch in s {
            if ch == " " || ch == "\t" || ch == "\u{3000}" || ch == "\u{00A0}" { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(ch)
        }
        return out
    }

    /// Hyphen look-alikes typed in phone numbers and numbers (NFKC leaves most of them alone).
    static let dashes: Set<Unicode.Scalar> = ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}",
                                              "\u{2015}", "\u{2212}", "\u{30FC}", "\u{FF0D}", "\u{FE63}", "\u{FF70}"]

    // MARK: marks of multi-choice options

    public enum Mark: Sendable, Equatable { case chosen, notChosen, invalid }

    /// Marks read as "chosen". `1`/`はい`/`有` because respondents treat the ○ column as yes/no;
    /// レ and v are the Japanese check mark typed by hand.
    public static let chosenMarks: Set<String> = ["○", "◯", "〇", "●", "◎", "✓", "✔", "☑", "☒", "レ", "v", "V",
                                                  "1", "はい", "有", "有り", "あり", "済"]
    /// Marks read as "not chosen": in Japanese forms × means no, unlike an English ballot.
    public static let notChosenMarks: Set<String> = ["", "0", "×", "✕", "✖", "-", "いいえ", "無", "無し", "なし", "☐"]

    /// A ○ cell. Anything else (x, △, 2, a note) is `invalid`: we cannot tell what was meant,
    /// so Validate drops the whole question and asks (ASCII x is ambiguous: ✗ in the West, × here).
    public static func mark(_ raw: WrittenValue?) -> Mark {
        guard let raw else { return .notChosen }
        switch raw {
        case .bool(let b): return b ? .chosen : .notChosen
        case .number(let d): return d == 1 ? .chosen : d == 0 ? .notChosen : .invalid
        case .error, .date: return .invalid
        case .text(let s):
            // The marks read as they are (every mark is its own key): most cells hold exactly ○,
            // compared by bytes first (hashing a non-ASCII string for the set costs more).
            if s.utf8.elementsEqual("○".utf8) || chosenMarks.contains(s) { return .chosen }
            let k = key(s)
            if chosenMarks.contains(k) { return .chosen }
            if notChosenMarks.contains(k) { return .notChosen }
            return .invalid
        }
    }

    // MARK: integers

    public enum IntegerReading: Sendable, Equatable {
        case value(Int)
        /// A number, but not whole (12.5).
        case fraction(String)
        /// Not a number at all.
        case notANumber
    }

    /// Units people add after counts (１２人, 3件, "12 回").
    public static let units = ["人", "名", "件", "回", "年", "か月", "ヶ月", "ヵ月", "カ月", "箇所", "か所", "ヶ所",
                               "ヵ所", "カ所", "施設", "機関", "団体", "歳"]

    /// A count as written: full-width digits, thousands commas, a trailing unit, `12.0` are fine.
    public static func integer(_ raw: WrittenValue) -> IntegerReading {
        switch raw {
        case .number(let d):
            guard d.isFinite else { return .notANumber }
            if d.rounded() == d, abs(d) < 1e15 { return .value(Int(d)) }
            return .fraction(raw.written)
        case .bool, .error, .date: return .notANumber
        case .text(let s):
            let k = key(s)
            // Plain digits (a count typed as text): what the steps below give, without Foundation.
            if !k.isEmpty, k.utf8.count <= 15, k.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let n = Int(k) {
                return .value(n)
            }
            var t = k.replacingOccurrences(of: ",", with: "")
            for u in units where t.hasSuffix(u) { t = String(t.dropLast(u.count)); break }
            return integer(text: t)
        }
    }

    static func integer(text t: String) -> IntegerReading {
        var body = Substring(t)
        var negative = false
        if body.first == "-" || body.first == "+" { negative = body.first == "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 15, parts.count <= 2,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(whole) else { return .notANumber }
        if parts.count == 2 {
            let frac = parts[1]
            guard frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .notANumber }
            if !frac.allSatisfy({ $0 == "0" }) { return .fraction(t) }
        }
        return .value(negative ? -n : n)
    }

    // MARK: single-choice options

    /// The option a single-choice cell means: its label (spaces and width forgiven),
    /// its number (1, ①, "1.", "(1)"), or number and label together ("1. 直営のみ").
    /// nil when nothing matches (→ `unknown-option`).
    public static func option(_ raw: WrittenValue, in options: [Option]) -> Int? {
        switch raw {
        case .number(let d):
            guard d.rounded() == d, let o = options.first(where: { Double($0.code) == d }) else { return nil }
            return o.code
        case .bool, .error, .date: return nil
        case .text(let s):
            // Most answers come from the dropdown, exactly as the label: no normalization needed.
            if let o = options.first(where: { $0.label == s }) { return o.code }
            let k = key(s)
            if let o = options.first(where: { key($0.label) == k }) { return o.code }
            var rest = Substring(k)
            if rest.first == "(" { rest = rest.dropFirst() }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count < 4, let n = Int(digits), let o = options.first(where: { $0.code == n })
            else { return nil }
            rest = rest.dropFirst(digits.count).drop { ".):、,;".contains($0) }
            return rest.isEmpty || String(rest) == key(o.label) ? o.code : nil
        }
    }
}
