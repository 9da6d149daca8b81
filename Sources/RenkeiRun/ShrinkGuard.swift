import Foundation

/// Never publish a bad night: an empty or unmounted inbox, or one that suddenly holds far fewer
/// answers than the last published run, is held (kept under runs/, `latest` untouched, exit 5).
public struct ShrinkGuard {
    /// Hold when accepted responses fall below this percentage of the last published run's.
    public var minPercent = 50
    /// Hold when a prefecture that had accepted responses now has none.
    public var perPrefecture = true

    public init() {}

    /// What the last published run accepted, from its run.json.
    struct Baseline: Decodable {
        var run = ""
        let responses: [String: Int]
        let responsesByPrefecture: [String: Int]?
        var accepted: Int { responses.values.reduce(0, +) }

        enum CodingKeys: String, CodingKey { case responses, responsesByPrefecture }

        static func load(runFolder: String) -> Baseline? {
            guard let data = FileManager.default.contents(atPath: runFolder + "/run.json") else { return nil }
            let dec = JSONDecoder()
            dec.keyDecodingStrategy = .convertFromSnakeCase
            guard var b = try? dec.decode(Baseline.self, from: data) else { return nil }
            b.run = (runFolder as NSString).lastPathComponent
            return b
        }
    }

    /// Why this run must not replace the last published one, or nil to publish.
    func reason(accepted: Int, byPrefecture: [String: Int], prefectureNames: [String: String],
                inputs: Int, baseline: Baseline?) -> String? {
        let last = baseline.map { " (last published run \($0.run): \($0.accepted))" } ?? ""
        if accepted == 0 {
            return "no accepted answer in the inbox (\(inputs) files read)\(last): is the inbox mounted and the right folder?"
        }
        guard let baseline else { return nil }
        if accepted * 100 < baseline.accepted * minPercent {
            return "\(accepted) accepted answers, below \(minPercent)% of the \(baseline.accepted) of the last published run \(baseline.run)"
        }
        if perPrefecture, let before = baseline.responsesByPrefecture {
            let lost = before.filter { $0.value > 0 && (byPrefecture[$0.key] ?? 0) == 0 }.keys.sorted()
            if !lost.isEmpty {
                let names = lost.map { "\($0) \(prefectureNames[$0] ?? "")".trimmingCharacters(in: .whitespaces) }
                return "prefectures that had answers in the last published run \(baseline.run) now have none: \(names.joined(separator: ", "))"
            }
        }
        return nil
    }
}
