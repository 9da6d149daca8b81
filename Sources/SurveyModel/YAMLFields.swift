import Foundation
import Yams

/// Reads one YAML mapping of the codebook with the checks every mapping needs: only known keys
/// (a typo like `reqired` would otherwise be silently ignored), required keys present, and each
/// value of the expected shape — every failure pointing at the line to fix.
struct YAMLFields {
    let mapping: Node.Mapping
    /// Line of the mapping itself (its first key).
    let line: Int
    /// What this mapping is, for messages: "設問 M1", "調査票 MUNI", "調査票定義".
    var what: String
    let source: String
    private var values: [String: Node] = [:]
    private var keyLines: [String: Int] = [:]

    init(_ node: Node, what: String, allowed: [String], required: [String], source: String) throws(CodebookError) {
        guard case .mapping(let m) = node else {
            throw CodebookError(.invalidValue, source: source, line: node.line,
                                "\(what.particle("は")) `キー: 値` の行で書いてください（\(node.shapeName)ではなく）。")
        }
        mapping = m; line = node.line; self.what = what; self.source = source
        for (k, v) in m {
            guard let key = k.scalar?.string else {
                throw CodebookError(.invalidValue, source: source, line: k.line, "\(what.particle("に"))文字列でないキーがあります。キーは文字で書いてください。")
            }
            guard allowed.contains(key) else {
                let hint = YAMLFields.didYouMean(key, in: allowed)
                throw CodebookError(.unknownKey, source: source, line: k.line,
                                    "\(what.particle("の")) `\(key)` は知らないキーです。\(hint)使えるキーは \(allowed.joined(separator: "、")) です。")
            }
            values[key] = v; keyLines[key] = k.line
        }
        for key in required where values[key] == nil {
            throw CodebookError(.missingKey, source: source, line: line,
                                "\(what.particle("に"))必須のキー `\(key)` がありません。`\(key): …` を書き足してください。")
        }
    }

    func has(_ key: String) -> Bool { values[key] != nil }
    func node(_ key: String) -> Node? { values[key] }
    /// Line of `key`'s value (where to look when it is wrong), else of the mapping.
    func line(_ key: String) -> Int { values[key]?.line ?? keyLines[key] ?? line }

    func error(_ kind: CodebookError.Kind, _ key: String, _ message: String) -> CodebookError {
        CodebookError(kind, source: source, line: line(key), message)
    }

    func string(_ key: String) throws(CodebookError) -> String? {
        guard let v = values[key] else { return nil }
        guard case .scalar(let s) = v else {
            throw error(.invalidValue, key, "\(what.particle("の")) `\(key)` は文字列で書いてください（\(v.shapeName)ではなく）。")
        }
        return s.string
    }

    func requiredString(_ key: String) throws(CodebookError) -> String {
        guard let s = try string(key), !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(.missingKey, key, "\(what.particle("の")) `\(key)` が空です。`\(key):` の後に値を書いてください。")
        }
        return s
    }

    func bool(_ key: String) throws(CodebookError) -> Bool? {
        guard let s = try string(key) else { return nil }
        switch s {
        case "true": return true
        case "false": return false
        default: throw error(.invalidValue, key, "\(what.particle("の")) `\(key)` は true か false で書いてください（`\(s)` ではなく）。")
        }
    }

    func int(_ key: String) throws(CodebookError) -> Int? {
        guard let s = try string(key) else { return nil }
        guard let n = Int(s), n > 0 else {
            throw error(.invalidValue, key, "\(what.particle("の")) `\(key)` は 1 以上の整数で書いてください（`\(s)` ではなく）。")
        }
        return n
    }

    func sequence(_ key: String) throws(CodebookError) -> [Node]? {
        guard let v = values[key] else { return nil }
        guard case .sequence(let s) = v else {
            throw error(.invalidValue, key, "\(what.particle("の")) `\(key)` は `- ` で始まる行か `[a, b]` のリストで書いてください（\(v.shapeName)ではなく）。")
        }
        return Array(s)
    }

    /// A list of text items (`[C5_1, C5_2]`, or one line per item).
    func strings(_ key: String) throws(CodebookError) -> [String]? {
        guard let items = try sequence(key) else { return nil }
        var out: [String] = []
        for item in items {
            guard let s = item.scalar?.string else {
                throw CodebookError(.invalidValue, source: source, line: item.line, "\(what.particle("の")) `\(key)` には文字列だけを並べてください。")
            }
            out.append(s)
        }
        return out
    }

    /// 「`required` の書き間違いではありませんか。」 for the known name closest to `key`, else "".
    /// `quoted` writes the name in 「」 (option labels) instead of backticks (keys and ids).
    static func didYouMean(_ key: String, in names: [String], quoted: Bool = false) -> String {
        closest(to: key, in: names).map { (quoted ? "「\($0)」" : "`\($0)` ") + "の書き間違いではありませんか。" } ?? ""
    }

    /// A known key within edit distance 2, for "did you mean" hints.
    static func closest(to key: String, in keys: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var prev = row[0]; row[0] = i
                for j in stride(from: 1, through: b.count, by: 1) {
                    let cur = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                    prev = cur
                }
            }
            return a.isEmpty ? b.count : row[b.count]
        }
        let k = Array(key.lowercased())
        return keys.map { ($0, distance(k, Array($0.lowercased()))) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }
}

extension Node {
    /// 1-based line where the node starts (0 if unknown).
    var line: Int { mark?.line ?? 0 }

    /// What the node is, for 「（…ではなく）」; a text ends in a space before the particle.
    var shapeName: String {
        switch self {
        case .scalar(let s): "文字列 `\(s.string)` "
        case .mapping: "対応表"
        case .sequence: "リスト"
        case .alias: "エイリアス"
        }
    }
}

/// The "did you mean" of codebook keys, for the other YAML file a user edits (the run config).
public func closestKey(to key: String, in keys: [String]) -> String? { YAMLFields.closest(to: key, in: keys) }

extension String {
    /// The noun followed by a particle, spaced as the messages write ids: `設問 M1 の`, `調査票定義の`.
    func particle(_ p: String) -> String {
        self + (last.map { $0.isASCII } == true ? " " : "") + p
    }
}
