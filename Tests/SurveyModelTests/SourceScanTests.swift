import Foundation
import Testing
import SurveyModel

/// The survey is data: no question, category or form id of the embedded R5 codebook, no form
/// title, category or option label (nor a counted word, below) may be written in Swift
/// under `Sources/` (a renamed question, a fourth form or an eighth category in next year's
/// codebook would otherwise go silently wrong). Identity fields (`code`, `email`, …) are exempt:
/// code addresses them by `IdentityRole`, whose names they share.
@Suite struct SourceScanTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// What the scan looks for: whole question, category and form ids inside string literals,
    /// the stem of a per-category id (`M6_` of M6_daily), category and form ids as enum cases
    /// (`.daily`, `.muni`), and form titles and category and option labels anywhere in a literal.
    struct Needles {
        var words: Set<String> = []
        var stems: Set<String> = []
        var cases: Set<String> = []
        var phrases: Set<String> = []
        /// Option labels too common to be a survey fact on their own (ある, その他 …) are
        /// only caught as a whole literal.
        var wholeLiterals: Set<String> = []
        /// Labels this short are common words; they count only as a whole literal.
        static let shortLabel = 4

        init(_ cb: Codebook) {
            for f in cb.forms {
                for q in f.questions where q.identity == nil {
                    words.insert(q.id)
                    if let c = q.category, let r = q.id.range(of: "_" + c.id) {
                        stems.insert(String(q.id[..<r.lowerBound]) + "_")
                    }
                }
            }
            for c in cb.categories { words.insert(c.id); cases.insert(c.id); phrases.insert(c.label) }
            for f in cb.forms {
                words.insert(f.id.rawValue)
                cases.insert(f.id.rawValue.lowercased())
                for t in [f.title, f.listSheet, f.fileStem, f.recipient] where !t.isEmpty { phrases.insert(t) }
                for q in f.questions where q.identity == nil {
                    for o in q.options {
                        if o.label.count >= Self.shortLabel { phrases.insert(o.label) } else { wholeLiterals.insert(o.label) }
                    }
                }
            }
            phrases.subtract(Self.sharedWords)
            wholeLiterals.subtract(Self.sharedWords)
        }

        /// Labels that are also the program's own vocabulary, not facts of one survey year: the
        /// master list's 都道府県 and 市町村, the coordinator audience, the query workbook's
        /// action その他, and 特にない, the exclusive option simulate's faults combine.
        static let sharedWords: Set<String> = ["都道府県", "市町村", "コーディネーター", "その他", "特にない"]

        /// Each hit as `id (in "literal")` or `.case`.
        func hits(in source: String) -> [String] {
            let lit = SwiftLiterals(source)
            var out: [String] = []
            for s in lit.strings {
                for token in s.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }) {
                    let t = String(token)
                    if words.contains(t) || stems.contains(t) { out.append("\(t) (in \"\(s)\")") }
                }
                for p in phrases.sorted() where s.contains(p) { out.append("\(p) (in \"\(s)\")") }
                let whole = s.trimmingCharacters(in: .whitespaces)
                if wholeLiterals.contains(whole) { out.append("\(whole) (in \"\(s)\")") }
            }
            let code = Array(lit.code)
            for (i, ch) in code.enumerated() where ch == "." {
                let word = String(code[(i + 1)...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
                if cases.contains(word) { out.append(".\(word)") }
            }
            return out
        }
    }

    @Test func noSurveyIDInSources() throws {
        let needles = Needles(.r5)
        #expect(needles.words.contains("M8_1") && needles.stems.contains("M6_") && needles.cases.contains("daily"))
        #expect(needles.words.contains("MUNI") && needles.cases.contains("coord") && needles.phrases.contains("市町村票"))
        #expect(needles.phrases.contains("看取り") && needles.phrases.contains("設置している"))
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 100, "found \(files.count) Swift files under \(Self.sources.path)")
        var found: [String] = []
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            let rel = url.path.replacingOccurrences(of: Self.sources.path + "/", with: "")
            found += needles.hits(in: text).map { "\(rel): \($0)" }
        }
        #expect(found.isEmpty, "R5 ids in Swift sources (move them to the codebook):\n\(found.joined(separator: "\n"))")
    }

    /// A counted word (「7つの場面・テーマ」, 「3つの調査票」) in a string literal is a survey fact the
    /// codebook holds: it must be interpolated from the codebook's count, never written. 「1つの数」
    /// (one number, not a range) counts nothing in the codebook.
    static let countedWord = try! NSRegularExpression(pattern: "[0-9０-９]+つの")
    static let allowedCountedWords: Set<String> = ["1つの数"]

    static func countedWords(in source: String) -> [String] {
        SwiftLiterals(source).strings.flatMap { s in
            countedWord.matches(in: s, range: NSRange(s.startIndex..., in: s)).compactMap { m -> String? in
                let start = Range(m.range, in: s)!.lowerBound
                let phrase = String(s[start...].prefix(m.range.length + 1))
                return allowedCountedWords.contains(phrase) ? nil : "\(phrase) (in \"\(s)\")"
            }
        }
    }

    @Test func noCountedWordInSources() throws {
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 100)
        var found: [String] = []
        for url in files {
            let rel = url.path.replacingOccurrences(of: Self.sources.path + "/", with: "")
            found += Self.countedWords(in: try String(contentsOf: url, encoding: .utf8)).map { "\(rel): \($0)" }
        }
        #expect(found.isEmpty, "counted words in Swift sources (interpolate the codebook's count):\n\(found.joined(separator: "\n"))")
    }

    @Test(arguments: [
        (#"let s = "7つの場面・テーマごと""#, ["7つの場"]),
        (#"let s = "全\(n)件、３つの調査票""#, ["３つの調"]),
        (#"let s = "\(cb.categories.count)つの場面・テーマ""#, []),
        (#"let s = "1つの数で記入""#, []),
        ("// 7つの場面 in a comment\nlet a = 1", []),
    ])
    func scannerCatchesCountedWords(_ source: String, _ expected: [String]) {
        #expect(Self.countedWords(in: source).map { $0.components(separatedBy: " (in").first! } == expected, "\(source)")
    }

    /// The scan would catch each way an id used to be written, and only in code, not in comments.
    @Test(arguments: [
        (#"let q = answers["M8_1"]"#, ["M8_1"]),
        (#"x.hasPrefix("M6_")"#, ["M6_"]),
        (#"let id = "M6_\(c.id)_1""#, ["M6_"]),
        (#"let h = "配置人数（M8_1）""#, ["M8_1"]),
        (#"let t = """\n  P7_1 と C4\n  """"#, ["P7_1", "C4"]),
        (##"let r = #"M2 = "ok""#"##, ["M2"]),
        (#"if c == .eol { f("\(x ? "acute" : "y")") }"#, ["acute", ".eol"]),
        ("// M8_1 in a comment, \"M8_1\" too\n/* and \"eol\" here */ let a = 1", []),
        (#"let s = "M8_10 and XM8_1 and daily_x""#, []),
        (#"if f.id == .muni { t = "MUNI" }"#, ["MUNI", ".muni"]),
        (#"let h = "\(x)市町村票 回収数""#, ["市町村票"]),
        (#"let a = ["ある", "看取りの場面"]"#, ["ある", "看取り"]),
        (#"let n = "\(cb.categories.count)つの場面", m = "その他の理由""#, []),
        (#"let s = "FORMS and MUNICIPAL and MUNI_RATE""#, []),
    ])
    func scannerCatchesIDs(_ source: String, _ expected: [String]) {
        let hits = Needles(.r5).hits(in: source).map { $0.components(separatedBy: " (in").first! }
        #expect(hits == expected, "\(source)")
    }
}

/// String literals and code of a Swift file, comments dropped. Interpolations are code; each
/// escape and interpolation leaves a space in the literal so ids do not run together.
struct SwiftLiterals {
    var strings: [String] = []
    var code = ""

    private enum Mode { case code(depth: Int), string(multiline: Bool, hashes: Int) }

    init(_ source: String) {
        let c = Array(source.unicodeScalars)
        var i = 0
        var stack: [Mode] = [.code(depth: 0)]
        var current = "", outer: [String] = []
        func at(_ k: Int) -> Unicode.Scalar? { k < c.count ? c[k] : nil }
        func hashes(from k: Int, _ n: Int) -> Bool { (0..<n).allSatisfy { at(k + $0) == "#" } }
        while i < c.count {
            switch stack[stack.count - 1] {
            case .code(let depth):
                if c[i] == "/", at(i + 1) == "/" {
                    while i < c.count, c[i] != "\n" { i += 1 }
                    continue
                }
                if c[i] == "/", at(i + 1) == "*" {
                    var nest = 0
                    repeat {
                        if c[i] == "/", at(i + 1) == "*" { nest += 1; i += 2 }
                        else if c[i] == "*", at(i + 1) == "/" { nest -= 1; i += 2 }
                        else { i += 1 }
                    } while nest > 0 && i < c.count
                    continue
                }
                var j = i, h = 0
                while at(j) == "#" { j += 1; h += 1 }
                if at(j) == "\"" {
                    let multi = at(j + 1) == "\"" && at(j + 2) == "\""
                    outer.append(current); current = ""
                    stack.append(.string(multiline: multi, hashes: h))
                    i = j + (multi ? 3 : 1)
                    continue
                }
                if c[i] == "(" { stack[stack.count - 1] = .code(depth: depth + 1) }
                if c[i] == ")" {
                    if depth == 0, stack.count > 1 { stack.removeLast(); i += 1; continue }
                    stack[stack.count - 1] = .code(depth: max(0, depth - 1))
                }
                code.unicodeScalars.append(c[i]); i += 1
            case .string(let multi, let h):
                let quotes = multi ? 3 : 1
                if c[i] == "\"", (0..<quotes).allSatisfy({ at(i + $0) == "\"" }), hashes(from: i + quotes, h) {
                    strings.append(current); current = outer.removeLast()
                    stack.removeLast()
                    i += quotes + h
                    continue
                }
                if c[i] == "\\", hashes(from: i + 1, h) {
                    let k = i + 1 + h
                    current += " "
                    if at(k) == "(" { stack.append(.code(depth: 0)); i = k + 1 } else { i = k + 1 }
                    continue
                }
                current.unicodeScalars.append(c[i]); i += 1
            }
        }
    }
}
