import Dispatch
import Foundation
import Forms
import SurveyModel

/// `renkei simulate`: a realistic returned inbox and its answer key.
public enum Simulation {
    /// Decides every file and the answer key (no I/O).
    public static func plan(_ options: SimulationOptions) -> SimulationPlan {
        var planner = Planner(options)
        return planner.plan()
    }

    /// Writes `DIR/inbox/…` and `DIR/answer-key.json`; workbooks are built in parallel.
    @discardableResult
    public static func write(_ plan: SimulationPlan, to directory: URL,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> AnswerKey {
        let fm = FileManager.default
        let inbox = directory.appendingPathComponent("inbox")
        try? fm.removeItem(at: inbox)
        try fm.createDirectory(at: inbox, withIntermediateDirectories: true)
        // One job per output path: a zip bundle's members are built together.
        var order: [String] = []
        var groups: [String: [SimulationPlan.File]] = [:]
        for f in plan.files {
            if groups[f.path] == nil { order.append(f.path) }
            groups[f.path, default: []].append(f)
        }
        for folder in Set(order.map { ($0 as NSString).deletingLastPathComponent }) where !folder.isEmpty {
            try fm.createDirectory(at: inbox.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let scratch = fm.temporaryDirectory.appendingPathComponent("renkei-simulate-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }

        let jobs = order, byPath = groups
        let failures = Array(jobs.indices).parallelMap(progress: progress) { i -> String? in
            let path = jobs[i]
            let members = byPath[path]!
            let url = inbox.appendingPathComponent(path)
            do {
                if members.count == 1, members[0].member == nil {
                    try write(members[0], to: url, scratch: scratch, index: i)
                } else {
                    let newest = members.map(\.modified).max()!
                    var zip = ZipWriter(modified: newest)
                    for (j, m) in members.enumerated() {
                        zip.add(name: m.member ?? "file\(j).xlsx", bytes: try bytes(m, scratch: scratch, index: i * 1000 + j))
                    }
                    try Data(zip.finish()).write(to: url)
                    try fm.setAttributes([.modificationDate: newest], ofItemAtPath: url.path)
                }
                return nil
            } catch { return "\(path): \(error)" }
        }
        if let first = failures.compactMap({ $0 }).first { throw SimulationError(message: first) }
        try plan.key.encoded().write(to: directory.appendingPathComponent("answer-key.json"))
        return plan.key
    }

    private static func write(_ f: SimulationPlan.File, to url: URL, scratch: URL, index: Int) throws {
        switch f.content {
        case .workbook(let doc): try FormWriter.write(doc, to: url.path)
        case .bytes(let b): try Data(b).write(to: url)
        }
        try FileManager.default.setAttributes([.modificationDate: f.modified], ofItemAtPath: url.path)
    }

    private static func bytes(_ f: SimulationPlan.File, scratch: URL, index: Int) throws -> [UInt8] {
        switch f.content {
        case .bytes(let b): return b
        case .workbook(let doc):
            let tmp = scratch.appendingPathComponent("\(index).xlsx")
            try FormWriter.write(doc, to: tmp.path)
            defer { try? FileManager.default.removeItem(at: tmp) }
            return [UInt8](try Data(contentsOf: tmp))
        }
    }
}

public struct SimulationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
