import Foundation
import Ingest
import SurveyModel
import XLSXReader

/// A configuration problem: exit status 2, with a message saying what to fix.
public struct UsageFailure: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// A bug, not the user's doing: exit status 6 (never "usage"), and nothing is published.
public struct InternalFailure: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// What every pipeline command loads before reading the inbox.
public struct Survey: Sendable {
    public let codebook: Codebook
    public let master: MasterList

    private enum Loaded: Sendable { case codebook(Codebook), master(MasterList) }

    /// Loads the codebook and master list; a bad file is a usage error (exit 2), never a crash.
    /// `origins` say where each path came from (`--codebook`, `renkei.yaml:4: codebook`).
    public static func load(codebookPath: String?, masterPath: String?,
                     origins: (codebook: String, master: String) = ("--codebook", "--master")) throws -> Survey {
        // The two are independent and each takes a few tens of milliseconds before any file
        // can be read: load them side by side.
        let loaded = [0, 1].parallelMap { i in
            Result { () throws(UsageFailure) -> Loaded in
                if i == 0 {
                    guard let path = codebookPath else { return .codebook(.r5) }
                    do { return .codebook(try Codebook.load(path: path)) }
                    catch { throw UsageFailure(description: "調査票定義（\(origins.codebook)）: \(error)") }
                }
                guard let path = masterPath else { return .master(.embedded) }
                do { return .master(try MasterList.load(municipalitiesPath: path)) }
                catch { throw UsageFailure(description: "市町村名簿（\(origins.master)）: \(error)") }
            }
        }
        guard case .codebook(let c) = try loaded[0].get(), case .master(let m) = try loaded[1].get() else {
            throw InternalFailure(description: "調査票定義と名簿の読み込みの結果の順序が違います（不具合）")
        }
        return Survey(codebook: c, master: m)
    }

    public func ingestOptions(limits: ReaderLimits = .default) -> IngestOptions {
        IngestOptions(codebook: codebook, master: MasterIndex(master), limits: limits)
    }
}

extension ReaderLimits {
    /// The config file's limits over the defaults.
    public func applying(_ l: RunConfig.Limits) -> ReaderLimits {
        var r = self
        if let mb = l.maxFileMb { r.maxEntrySize = mb << 20 }
        if let mb = l.maxInflatedMb { r.maxTotalInflated = mb << 20 }
        if let x = l.maxCompressionRatio { r.maxCompressionRatio = x }
        if let n = l.maxCellsPerSheet { r.maxCellsPerSheet = n }
        return r
    }
}

/// Refuses an inbox that is not a readable folder: a typo in cron must not look like "no returns".
public func checkInbox(_ path: String, origin: String = "--inbox") throws {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
        throw UsageFailure(description: "受付フォルダ \(path)（\(origin)）はフォルダではありません。返送されたファイルを集めるフォルダを指定してください")
    }
    guard FileManager.default.isReadableFile(atPath: path), (try? FileManager.default.contentsOfDirectory(atPath: path)) != nil else {
        throw UsageFailure(description: "受付フォルダ \(path)（\(origin)）を読めません。権限を確認してください")
    }
}

public func printError(_ message: String) {
    LogLines.shared.line(.error, message)
}

public func printWarning(_ message: String) {
    LogLines.shared.line(.warning, message)
}
