import Foundation
import Yams

/// Options of `renkei run` that a YAML file can hold, for cron: every key is optional and a
/// command-line option overrides it.
///
/// ```yaml
/// inbox: /srv/renkei/inbox
/// out: /srv/renkei/Reports
/// codebook: /srv/renkei/codebook-R6.yaml   # default: the embedded R5 codebook
/// master: /srv/renkei/municipalities.csv   # default: the embedded master list
/// keep_runs: 30
/// log_level: info                          # trace, debug, info, notice, warning, error
/// limits:
///   max_file_mb: 50
///   max_inflated_mb: 300
///   max_compression_ratio: 200
///   max_cells_per_sheet: 2000000
/// ```
struct RunConfig: Decodable, Equatable {
    var inbox: String?
    var out: String?
    var codebook: String?
    var master: String?
    var keepRuns: Int?
    var logLevel: String?
    var json: Bool?
    var limits: Limits?

    struct Limits: Decodable, Equatable {
        var maxFileMb: Int?
        var maxInflatedMb: Int?
        var maxCompressionRatio: Int?
        var maxCellsPerSheet: Int?

        enum CodingKeys: String, CodingKey {
            case maxFileMb = "max_file_mb", maxInflatedMb = "max_inflated_mb"
            case maxCompressionRatio = "max_compression_ratio", maxCellsPerSheet = "max_cells_per_sheet"
        }
    }

    enum CodingKeys: String, CodingKey {
        case inbox, out, codebook, master, json, limits
        case keepRuns = "keep_runs", logLevel = "log_level"
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads a config file; unknown keys are an error so a typo never silently changes a run.
    static func load(path: String) throws -> RunConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "cannot read the config file \(path): check the path and permissions")
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            if let node = try Yams.compose(yaml: text), case .mapping(let map) = node {
                let known = Set(["inbox", "out", "codebook", "master", "keep_runs", "log_level", "json", "limits"])
                for (k, _) in map {
                    if let key = k.string, !known.contains(key) {
                        throw Failure(description: "\(path):\(k.mark?.line ?? 0): unknown key '\(key)'; known keys: \(known.sorted().joined(separator: ", "))")
                    }
                }
            }
            return try YAMLDecoder().decode(RunConfig.self, from: text)
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(description: "\(path): not a valid renkei config: \(error)")
        }
    }
}
