import Foundation
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
/// log_level: info                          # trace, debug, info, notice, warning, error
/// time_zone: Asia/Tokyo                    # run folder names, summary, run.json, reports
/// notify: /usr/local/bin/renkei-mail       # run after every run, summary JSON on stdin
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
    public var acceptShrink: Bool?
    public var shrinkMinPercent: Int?
    public var shrinkPrefectures: Bool?
    public var limits = Limits()
    /// `report.percent_base`: applicable or valid.
    public var percentBase: String?
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

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error"]
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
            throw Failure(description: "cannot read the config file \(path): check the path and permissions")
        }
        let name = (path as NSString).lastPathComponent
        let root: Node?
        do { root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) } catch {
            let line = (error as? YamlError).flatMap(Self.line(of:)).map { ":\($0)" } ?? ""
            throw Failure(description: "\(name)\(line): not valid YAML; check the indentation and colons near that line")
        }
        var c = RunConfig(file: path)
        guard let root else { return c }  // an empty file: all defaults
        var r = Reader(file: name, config: c)
        let top = try r.mapping(root, under: nil, known: ["inbox", "out", "codebook", "master", "previous", "keep_runs", "log_level", "json",
                                                          "time_zone", "notify", "accept_shrink", "shrink_guard", "limits", "report"])
        c.inbox = try top["inbox"].map { resolve(try r.text($0, "inbox"), from: path) }
        c.out = try top["out"].map { resolve(try r.text($0, "out"), from: path) }
        c.codebook = try top["codebook"].map { resolve(try r.text($0, "codebook"), from: path) }
        c.master = try top["master"].map { resolve(try r.text($0, "master"), from: path) }
        c.previous = try top["previous"].map { resolve(try r.text($0, "previous"), from: path) }
        c.keepRuns = try top["keep_runs"].map { try r.whole($0, "keep_runs", min: 1) }
        c.logLevel = try top["log_level"].map { try r.choice($0, "log_level", logLevels) }
        c.json = try top["json"].map { try r.bool($0, "json") }
        c.timeZone = try top["time_zone"].map { n in
            let id = try r.text(n, "time_zone")
            guard TimeZone(identifier: id) != nil else {
                throw r.failure(n, "time_zone must be a time zone name such as Asia/Tokyo or UTC, not '\(id)'")
            }
            return id
        }
        c.notify = try top["notify"].map { try r.text($0, "notify") }
        c.acceptShrink = try top["accept_shrink"].map { try r.bool($0, "accept_shrink") }
        if let g = top["shrink_guard"] {
            let guardKeys = try r.mapping(g, under: "shrink_guard", known: ["min_percent", "prefectures"])
            c.shrinkMinPercent = try guardKeys["min_percent"].map { try r.whole($0, "shrink_guard.min_percent", min: 0, max: 100) }
            c.shrinkPrefectures = try guardKeys["prefectures"].map { try r.bool($0, "shrink_guard.prefectures") }
        }
        if let l = top["limits"] {
            let lk = try r.mapping(l, under: "limits", known: ["max_file_mb", "max_inflated_mb", "max_compression_ratio", "max_cells_per_sheet"])
            c.limits.maxFileMb = try lk["max_file_mb"].map { try r.whole($0, "limits.max_file_mb", min: 1) }
            c.limits.maxInflatedMb = try lk["max_inflated_mb"].map { try r.whole($0, "limits.max_inflated_mb", min: 1) }
            c.limits.maxCompressionRatio = try lk["max_compression_ratio"].map { try r.whole($0, "limits.max_compression_ratio", min: 1) }
            c.limits.maxCellsPerSheet = try lk["max_cells_per_sheet"].map { try r.whole($0, "limits.max_cells_per_sheet", min: 1) }
        }
        if let rep = top["report"] {
            let rk = try r.mapping(rep, under: "report", known: ["percent_base"])
            c.percentBase = try rk["percent_base"].map { try r.choice($0, "report.percent_base", percentBases) }
        }
        c.lines = r.config.lines
        return c
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    /// Reads values with messages in words: `renkei.yaml:7: keep_runs must be a whole number ≥ 1`.
    private struct Reader {
        let file: String
        var config: RunConfig

        func failure(_ node: Node, _ message: String) -> Failure {
            Failure(description: "\(file):\(node.mark?.line ?? 0): \(message)")
        }

        /// The keys of a mapping, each checked against `known`; records each key's line.
        mutating func mapping(_ node: Node, under parent: String?, known: [String]) throws -> [String: Node] {
            let what = parent.map { "'\($0)'" } ?? "the config file"
            guard case .mapping(let m) = node else {
                throw failure(node, "\(what) must hold `key: value` lines")
            }
            var out: [String: Node] = [:]
            for (k, v) in m {
                guard let key = k.string else { throw failure(k, "\(what) has a key that is not plain text") }
                let full = parent.map { "\($0).\(key)" } ?? key
                guard known.contains(key) else {
                    let hint = closestKey(to: key, in: known).map { "; did you mean '\($0)'?" } ?? ""
                    let place = parent.map { " under '\($0)'" } ?? ""
                    throw failure(k, "unknown key '\(key)'\(place)\(hint) (known keys: \(known.joined(separator: ", ")))")
                }
                out[key] = v
                config.lines[full] = k.mark?.line ?? 0
            }
            return out
        }

        func scalar(_ node: Node, _ key: String, _ kind: String) throws -> String {
            guard case .scalar(let s) = node else { throw failure(node, "\(key) must be \(kind), not a list or mapping") }
            return s.string
        }

        func text(_ node: Node, _ key: String) throws -> String {
            let s = try scalar(node, key, "text").trimmingCharacters(in: .whitespaces)
            guard !s.isEmpty else { throw failure(node, "\(key) is empty; write a value after '\(key):' or remove the line") }
            return s
        }

        func whole(_ node: Node, _ key: String, min: Int, max: Int? = nil) throws -> Int {
            let range = max.map { "from \(min) to \($0)" } ?? "≥ \(min)"
            let s = try scalar(node, key, "a whole number \(range)")
            guard let n = Int(s), n >= min, n <= (max ?? Int.max) else {
                throw failure(node, "\(key) must be a whole number \(range), not '\(s)'")
            }
            return n
        }

        func bool(_ node: Node, _ key: String) throws -> Bool {
            let s = try scalar(node, key, "true or false")
            switch s.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: throw failure(node, "\(key) must be true or false, not '\(s)'")
            }
        }

        func choice(_ node: Node, _ key: String, _ allowed: [String]) throws -> String {
            let s = try scalar(node, key, "one of \(allowed.joined(separator: ", "))")
            guard allowed.contains(s) else {
                let hint = closestKey(to: s, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
                throw failure(node, "\(key) must be one of \(allowed.joined(separator: ", ")), not '\(s)'\(hint)")
            }
            return s
        }
    }
}
