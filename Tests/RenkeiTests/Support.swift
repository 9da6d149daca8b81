import Foundation
import RenkeiRun
import ReportKit
import SurveyModel
import Simulate
import Tabulate
import TestSupport
import Testing
import XLSXReader
#if canImport(Glibc)
import Glibc
#endif

/// The built `renkei` executable: beside the test bundle (`.build/<triple>/debug/`), else the
/// package's `.build/debug/renkei`. The tests run the real binary so exit statuses are checked too.
enum Binary {
    static let url: URL = {
        var candidates: [URL] = []
        let bundleDir = Bundle.main.bundleURL
        candidates.append(bundleDir.appendingPathComponent("renkei"))
        candidates.append(bundleDir.deletingLastPathComponent().appendingPathComponent("renkei"))
        if let exe = Bundle.main.executableURL {
            candidates.append(exe.deletingLastPathComponent().appendingPathComponent("renkei"))
        }
        let root = Paths.root
        candidates.append(root.appendingPathComponent(".build/debug/renkei"))
        candidates.append(root.appendingPathComponent(".build/release/renkei"))
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: c.path, isDirectory: &isDir), !isDir.boolValue { return c }
        }
        return candidates.last!
    }()
}

/// What one finished `renkei` process did.
struct Outcome {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double
    /// Killed by a signal (status is then the signal number).
    var signaled = false
}

/// Runs `renkei` (or another tool) and collects its output; stdin is /dev/null.
enum Run {
    @discardableResult
    static func renkei(_ args: [String], cwd: String? = nil) throws -> Outcome {
        try tool(Binary.url, args, cwd: cwd)
    }

    static func tool(_ exe: URL, _ args: [String], cwd: String? = nil) throws -> Outcome {
        let p = try start(exe, args, cwd: cwd)
        return p.wait()
    }

    static func start(_ exe: URL = Binary.url, _ args: [String], cwd: String? = nil) throws -> Running {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        // Temporary files rather than pipes: a chatty child can never block on a full pipe.
        let dir = FileManager.default.temporaryDirectory
        let out = dir.appendingPathComponent("renkei-e2e-\(UUID().uuidString).out")
        let err = dir.appendingPathComponent("renkei-e2e-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        let started = Date()
        try p.run()
        return Running(process: p, out: out, err: err, started: started)
    }

    /// `sh -c`, for coreutils (sha256sum, unzip).
    static func shell(_ script: String) throws -> Outcome {
        try tool(URL(fileURLWithPath: "/bin/sh"), ["-c", script])
    }
}

final class Running: @unchecked Sendable {
    let process: Process
    let out: URL, err: URL
    let started: Date

    init(process: Process, out: URL, err: URL, started: Date) {
        self.process = process; self.out = out; self.err = err; self.started = started
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    func kill(_ signal: Int32 = SIGKILL) { Glibc.kill(pid, signal) }

    func wait() -> Outcome {
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        let o = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let e = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
        return Outcome(status: process.terminationStatus, stdout: o, stderr: e, seconds: seconds,
                       signaled: process.terminationReason == .uncaughtSignal)
    }
}

/// Whole runs and simulated nations in this process, through the libraries the commands call:
/// for tests about what a run writes. Exit statuses, signals, options and `--help` are tested
/// through the binary (`Run.renkei`).
enum InProcess {
    /// `renkei run` without the command line: the same pipeline, staging, guard and publishing.
    static func run(inbox: String, out: String, codebook: String? = nil, master: String? = nil,
                    previous: String? = nil, percentBase: PercentBase = .applicable, keep: Int = 20,
                    useCache: Bool = true) throws -> NightlyRun.Outcome {
        var pipeline = Pipeline(inbox: inbox, codebookPath: codebook, masterPath: master, excluded: [out])
        pipeline.useCache = useCache
        return try NightlyRun(settings: .init(pipeline: pipeline, out: out, keepRuns: keep, percentBase: percentBase,
                                              previous: previous.map { ($0, "--previous") })).execute()
    }

    /// `renkei simulate`: DIR/inbox and DIR/answer-key.json.
    static func simulate(out: String, prefectures: Set<String>?, seed: UInt64, scale: Double = 1, clean: Bool = false,
                         codebook: Codebook = .r5) throws -> AnswerKey {
        let plan = Simulation.plan(SimulationOptions(seed: seed, prefectures: prefectures, scale: scale,
                                                     rates: clean ? .none : FaultRates(), codebook: codebook))
        return try Simulation.write(plan, to: URL(fileURLWithPath: out))
    }
}

/// Simulated inboxes, made once per test process.
enum Inboxes {
    struct Simulated: Sendable {
        let folder: String
        var inbox: String { folder + "/inbox" }
        let key: AnswerKey
    }

    /// Three small prefectures (福井, 鳥取, 島根) with every kind of fault; seed fixed.
    static let faulty: Simulated = make("faulty", ["18", "31", "32"], seed: 7)
    /// The same nation without faults.
    static let clean: Simulated = make("clean", ["18", "31", "32"], seed: 7, clean: true)
    /// One small prefecture at half scale, for the many runs of the kill and config tests.
    static let small: Simulated = make("small", ["31"], seed: 3, scale: 0.5)

    private static func make(_ name: String, _ prefectures: Set<String>, seed: UInt64, scale: Double = 1, clean: Bool = false) -> Simulated {
        let folder = Temp.dir("sim-\(name)")
        let key = try! InProcess.simulate(out: folder, prefectures: prefectures, seed: seed, scale: scale, clean: clean)
        return Simulated(folder: folder, key: key)
    }
}

// MARK: - Reading outputs back

/// run.json, read through the run's own definition.
enum RunJSON {
    static func load(_ folder: String) throws -> RunRecord { try RunRecord.load(runFolder: folder) }
}

/// RFC 4180 CSV as ReportKit writes it (BOM, CRLF, quoted fields), as rows of named fields.
enum CSVFile {
    static func rows(_ path: String) throws -> [[String: String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let table = parse(text)
        guard let header = table.first else { return [] }
        return table.dropFirst().map { row in
            Dictionary(zip(header, row).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })
        }
    }

    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, i = text.unicodeScalars.startIndex
        let s = text.unicodeScalars
        while i < s.endIndex {
            let c = s[i]
            if quoted {
                if c == "\"" {
                    let n = s.index(after: i)
                    if n < s.endIndex, s[n] == "\"" { field.unicodeScalars.append("\""); i = n } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r" {}
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.unicodeScalars.append(c) }
            i = s.index(after: i)
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

/// `sha256sum` of files, by the coreutils tool (an independent check of the job's own hashing).
func sha256sum(_ paths: [String]) throws -> [String: String] {
    guard !paths.isEmpty else { return [:] }
    var out: [String: String] = [:]
    // In chunks: keep the command line well under ARG_MAX.
    for chunk in stride(from: 0, to: paths.count, by: 200).map({ Array(paths[$0..<min($0 + 200, paths.count)]) }) {
        let script = "sha256sum -- " + chunk.map(shellQuote).joined(separator: " ")
        let o = try Run.shell(script)
        guard o.status == 0 else { throw TestFailure("sha256sum failed: \(o.stderr)") }
        for line in o.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            var path = String(parts[1])
            if path.hasPrefix(" ") || path.hasPrefix("*") { path.removeFirst() }
            out[path] = String(parts[0])
        }
    }
    return out
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

func isHex64(_ s: String?) -> Bool {
    guard let s, s.count == 64 else { return false }
    return s.allSatisfy { $0.isHexDigit && !$0.isUppercase }
}

func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }


/// Where `<out>/latest` points, resolved to a folder path; nil when there is no latest.
func latestFolder(_ out: String) -> String? {
    guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: out + "/latest") else { return nil }
    return dest.hasPrefix("/") ? dest : out + "/" + dest
}

// MARK: - Expected answers from a simulation's key

extension AnswerKey {
    /// Answers of `form` to `q` as the run should have read them, asked ones only (its `when:` holds).
    func answers(_ form: FormID, _ q: Question) -> (n: Int, noAnswer: Int, values: [AnswerValue]) {
        var n = 0, noAnswer = 0, values: [AnswerValue] = []
        for r in respondents where r.form == form.rawValue {
            let a = r.expected.mapValues(\.answerValue)
            if let c = q.condition, !c.holds(in: a) { continue }
            switch a[q.id] {
            case .multi(let cs)? where cs.isEmpty: noAnswer += 1
            case .text(let t)? where t.isEmpty: noAnswer += 1
            case let v?: n += 1; values.append(v)
            case nil: noAnswer += 1
            }
        }
        return (n, noAnswer, values)
    }
}

/// One question block of a question-table sheet against the key's answers `a`: n, 無回答, each option's 件数 and
/// an integer's 合計, at the 件数 column `column`.
func expectQuestionBlock(_ s: Sheet, _ q: Question, _ a: (n: Int, noAnswer: Int, values: [AnswerValue]),
                         codebook: Codebook, column: Int = 2, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let nRow = try #require(s.questionRow(q.id, "n（対象者数）", codebook: codebook), "\(q.id) block", sourceLocation: sourceLocation)
    #expect(s.number(nRow, column) == Double(a.n + a.noAnswer), "\(q.id) n: everyone asked", sourceLocation: sourceLocation)
    let naRow = try #require(s.questionRow(q.id, "無回答", codebook: codebook), sourceLocation: sourceLocation)
    #expect(s.number(naRow, column) == Double(a.noAnswer), "\(q.id) 無回答", sourceLocation: sourceLocation)
    for o in q.options {
        let row = try #require(s.questionRow(q.id, o.label, codebook: codebook), "\(q.id) \(o.label)", sourceLocation: sourceLocation)
        #expect(s.number(row, column) == Double(count(a.values, o.code)), "\(q.id) \(o.label)", sourceLocation: sourceLocation)
    }
    if q.type == .integer {
        let sum = a.values.reduce(0) { if case .integer(let n) = $1 { $0 + n } else { $0 } }
        let row = try #require(s.questionRow(q.id, "合計", codebook: codebook), sourceLocation: sourceLocation)
        #expect(s.number(row, column) == Double(sum), "\(q.id) 合計", sourceLocation: sourceLocation)
    }
}

/// How many of `values` chose option `code` (a single answer, or one of a multiple answer).
func count(_ values: [AnswerValue], _ code: Int) -> Int {
    values.filter { v in
        switch v {
        case .single(let c): c == code
        case .multi(let cs): cs.contains(code)
        default: false
        }
    }.count
}
