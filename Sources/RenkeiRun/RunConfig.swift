import Foundation
import Logging
import ReportKit
import SurveyModel
import Tabulate
import Yams

/// Options of `renkei run` that a YAML file can hold, for cron: every key is optional and a
/// command-line option overrides it. Relative paths are relative to the config file's folder.
///
/// ```yaml
/// inbox: /srv/renkei/inbox
/// out: /srv/renkei/Reports
/// codebook: codebook-R6.yaml               # default: the embedded R5 codebook
/// master: municipalities.csv               # default: the embedded master list
/// previous: /srv/renkei/R5/latest            # last survey's published run, for 前回比較
/// keep_runs: 30
/// log_level: info                          # trace, debug, info, notice, warning, error, critical
/// time_zone: Asia/Tokyo                    # run folder names, summary, run.json, reports
/// log_file: /var/log/renkei/run.log      # the full log, every line dated
/// notify: /usr/local/bin/renkei-mail       # run after every run, summary JSON on stdin
/// notify_timeout: 60                       # seconds; then its process group is killed
/// accept_shrink: false
/// shrink_guard:
///   min_percent: 50                        # hold when accepted answers < 50% of the last publish
///   prefectures: true                      # hold when a prefecture with returns now has none
/// limits:
///   max_file_mb: 50
///   max_inflated_mb: 300
///   max_compression_ratio: 200
///   max_cells_per_sheet: 2000000
/// report:
///   percent_base: applicable               # ％ of everyone asked (無回答 included), or valid
///   omit: [見える化]                        # optional outputs left out (run --omit)
/// ```
public struct RunConfig: Equatable {
    public var inbox: String?
    public var out: String?
    public var codebook: String?
    public var master: String?
    public var previous: String?
    public var keepRuns: Int?
    public var logLevel: String?
    public var json: Bool?
    public var timeZone: String?
    public var notify: String?
    /// Seconds the notify command may take before it is killed.
    public var notifyTimeout: Int?
    /// The full log, appended (every line dated).
    public var logFile: String?
    public var acceptShrink: Bool?
    public var shrinkMinPercent: Int?
    public var shrinkPrefectures: Bool?
    public var limits = Limits()
    /// `report.percent_base`: applicable or valid.
    public var percentBase: String?
    /// `report.omit`: optional outputs left out, each one of `OmittableOutput.names`.
    public var omit: [OmittableOutput]?
    /// The file it came from (for messages naming the key), nil for no file.
    public var file: String?
    /// `key` (dotted for nested ones) → line in the file.
    public var lines: [String: Int] = [:]

    public init(file: String? = nil) { self.file = file }

    public struct Limits: Equatable {
        public var maxFileMb: Int?
        public var maxInflatedMb: Int?
        public var maxCompressionRatio: Int?
        public var maxCellsPerSheet: Int?
        public init() {}
    }

    /// One line per mistake (`renkei.yaml:7: …`), all of them; `partial` holds every key that did read.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public var line = 0
        public var partial: RunConfig? = nil
    }

    public static let logLevels = Logger.Level.allCases.map(\.rawValue)
    public static let percentBases = PercentBase.allCases.map(\.rawValue)

    /// Where a value came from, for a message: `renkei.yaml:7: keep_runs` or `--keep`.
    public func origin(_ key: String, flag: String, fromFlag: Bool) -> String {
        if fromFlag { return flag }
        guard let file, let line = lines[key] else { return flag }
        return "\((file as NSString).lastPathComponent):\(line): \(key)"
    }

    /// A path from the file, made absolute against the file's folder.
    private static func resolve(_ path: String, from file: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        let folder = (URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().path)
        return URL(fileURLWithPath: expanded, relativeTo: URL(fileURLWithPath: folder, isDirectory: true)).standardizedFileURL.path
    }

    /// Reads a config file; unknown keys (at any level) and wrong values are errors naming the
    /// line, so a typo never silently changes a nightly run.
    public static func load(path: String) throws -> RunConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "設定ファイル \(path) を読めません。パスと権限を確認してください")
        }
        let name = (path as NSString).lastPathComponent
        let root: Node?
        do { root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) } catch {
            let line = (error as? YamlError).flatMap(Self.line(of:)).map { ":\($0)" } ?? ""
            throw Failure(description: "\(name)\(line): YAML として読めません。その行の近くの字下げとコロンを確認してください")
        }
        var c = RunConfig(file: path)
        guard let root else { return c }  // an empty file: all defaults
        // Every mistake is collected (a night's typo and its neighbour are fixed in one go); the
        // keys that did read are kept in `partial`, so notify: still reaches the operator.
        let r = Reader(file: name)
        let top = r.mapping(root, under: nil, known: ["inbox", "out", "codebook", "master", "previous", "keep_runs", "log_level", "log_file", "json",
                                                      "time_zone", "notify", "notify_timeout", "accept_shrink", "shrink_guard", "limits", "report"])
        c.inbox = r.read(top["inbox"]) { resolve(try r.text($0, "inbox"), from: path) }
        c.out = r.read(top["out"]) { resolve(try r.text($0, "out"), from: path) }
        c.codebook = r.read(top["codebook"]) { resolve(try r.text($0, "codebook"), from: path) }
        c.master = r.read(top["master"]) { resolve(try r.text($0, "master"), from: path) }
        c.previous = r.read(top["previous"]) { resolve(try r.text($0, "previous"), from: path) }
        c.keepRuns = r.read(top["keep_runs"]) { try r.whole($0, "keep_runs", min: 1) }
        c.logLevel = r.read(top["log_level"]) { try r.choice($0, "log_level", logLevels) }
        c.logFile = r.read(top["log_file"]) { resolve(try r.text($0, "log_file"), from: path) }
        c.json = r.read(top["json"]) { try r.bool($0, "json") }
        c.timeZone = r.read(top["time_zone"]) { n in
            let id = try r.text(n, "time_zone")
            guard TimeZone(identifier: id) != nil else {
                throw r.failure(n, "time_zone は Asia/Tokyo や UTC のようなタイムゾーン名で指定してください（'\(id)' ではなく）")
            }
            return id
        }
        c.notify = r.read(top["notify"]) { try r.text($0, "notify") }
        c.notifyTimeout = r.read(top["notify_timeout"]) { try r.whole($0, "notify_timeout", min: 1, max: 86_400) }
        c.acceptShrink = r.read(top["accept_shrink"]) { try r.bool($0, "accept_shrink") }
        if let g = top["shrink_guard"] {
            let guardKeys = r.mapping(g, under: "shrink_guard", known: ["min_percent", "prefectures"])
            c.shrinkMinPercent = r.read(guardKeys["min_percent"]) { try r.whole($0, "shrink_guard.min_percent", min: 0, max: 100) }
            c.shrinkPrefectures = r.read(guardKeys["prefectures"]) { try r.bool($0, "shrink_guard.prefectures") }
        }
        if let l = top["limits"] {
            let lk = r.mapping(l, under: "limits", known: ["max_file_mb", "max_inflated_mb", "max_compression_ratio", "max_cells_per_sheet"])
            c.limits.maxFileMb = r.read(lk["max_file_mb"]) { try r.whole($0, "limits.max_file_mb", min: 1) }
            c.limits.maxInflatedMb = r.read(lk["max_inflated_mb"]) { try r.whole($0, "limits.max_inflated_mb", min: 1) }
            c.limits.maxCompressionRatio = r.read(lk["max_compression_ratio"]) { try r.whole($0, "limits.max_compression_ratio", min: 1) }
            c.limits.maxCellsPerSheet = r.read(lk["max_cells_per_sheet"]) { try r.whole($0, "limits.max_cells_per_sheet", min: 1) }
        }
        if let rep = top["report"] {
            let rk = r.mapping(rep, under: "report", known: ["percent_base", "omit"])
            c.percentBase = r.read(rk["percent_base"]) { try r.choice($0, "report.percent_base", percentBases) }
            c.omit = r.read(rk["omit"]) { node in
                // One name or a list of them.
                let items: [Node] = if case .sequence(let s) = node { Array(s) } else { [node] }
                return try items.compactMap { OmittableOutput(try r.choice($0, "report.omit", OmittableOutput.names)) }
            }
        }
        c.lines = r.lines
        guard r.problems.isEmpty else {
            let lines = r.problems.sorted { $0.line < $1.line }.map(\.message)
            throw Failure(description: lines.joined(separator: "\n"), partial: c)
        }
        return c
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    /// Reads values with messages in words: `renkei.yaml:7: keep_runs は 1 以上の整数で指定してください`.
    /// A class: every reading closure records its problem in the one list.
    private final class Reader {
        let file: String
        var lines: [String: Int] = [:]
        var problems: [(line: Int, message: String)] = []

        init(file: String) { self.file = file }

        func failure(_ node: Node, _ message: String) -> Failure {
            Failure(description: "\(file):\(node.mark?.line ?? 0): \(message)", line: node.mark?.line ?? 0)
        }

        /// The value of `node` read by `parse`, or nil with its problem recorded.
        func read<T>(_ node: Node?, _ parse: (Node) throws -> T) -> T? {
            guard let node else { return nil }
            do { return try parse(node) } catch {
                problems.append((line: (error as? Failure)?.line ?? 0, message: "\(error)"))
                return nil
            }
        }

        /// The keys of a mapping, each checked against `known` (an unknown one is recorded and
        /// left out); records each key's line.
        func mapping(_ node: Node, under parent: String?, known: [String]) -> [String: Node] {
            let what = parent.map { "'\($0)'" } ?? "設定ファイル"
            guard case .mapping(let m) = node else {
                problems.append((node.mark?.line ?? 0, failure(node, "\(what)には `キー: 値` の行を書いてください").description))
                return [:]
            }
            var out: [String: Node] = [:]
            for (k, v) in m {
                guard let key = k.string else {
                    problems.append((k.mark?.line ?? 0, failure(k, "\(what)に文字列でないキーがあります").description))
                    continue
                }
                let full = parent.map { "\($0).\(key)" } ?? key
                guard known.contains(key) else {
                    let hint = closestKey(to: key, in: known).map { "。'\($0)' のことですか？" } ?? ""
                    let place = parent.map { "'\($0)' の下に" } ?? ""
                    problems.append((k.mark?.line ?? 0, failure(k, "\(place)キー '\(key)' はありません\(hint)（使えるキー: \(known.joined(separator: ", "))）").description))
                    continue
                }
                out[key] = v
                lines[full] = k.mark?.line ?? 0
            }
            return out
        }

        func scalar(_ node: Node, _ key: String, _ kind: String) throws -> String {
            guard case .scalar(let s) = node else { throw failure(node, "\(key) は\(kind)で指定してください（リストや対応表ではなく）") }
            return s.string
        }

        func text(_ node: Node, _ key: String) throws -> String {
            let s = try scalar(node, key, "文字列").trimmingCharacters(in: .whitespaces)
            guard !s.isEmpty else { throw failure(node, "\(key) が空です。'\(key):' の後に値を書くか、その行を消してください") }
            return s
        }

        func whole(_ node: Node, _ key: String, min: Int, max: Int? = nil) throws -> Int {
            let range = max.map { "\(min)〜\($0)" } ?? "\(min) 以上"
            let s = try scalar(node, key, " \(range)の整数")
            guard let n = Int(s), n >= min, n <= (max ?? Int.max) else {
                throw failure(node, "\(key) は \(range)の整数で指定してください（'\(s)' ではなく）")
            }
            return n
        }

        func bool(_ node: Node, _ key: String) throws -> Bool {
            let s = try scalar(node, key, " true か false ")
            switch s.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: throw failure(node, "\(key) は true か false で指定してください（'\(s)' ではなく）")
            }
        }

        func choice(_ node: Node, _ key: String, _ allowed: [String]) throws -> String {
            let s = try scalar(node, key, " \(allowed.joined(separator: ", ")) のどれか")
            guard allowed.contains(s) else {
                let hint = closestKey(to: s, in: allowed).map { "。'\($0)' のことですか？" } ?? ""
                throw failure(node, "\(key) は \(allowed.joined(separator: ", ")) のどれかで指定してください（'\(s)' ではなく）\(hint)")
            }
            return s
        }
    }
}
