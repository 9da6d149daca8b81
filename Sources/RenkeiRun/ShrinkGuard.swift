import Foundation

/// Never publish a bad night: an empty or unmounted inbox, or one that suddenly holds far fewer
/// answers than the last published run, is held (kept under runs/, `latest` untouched, exit 5).
public struct ShrinkGuard {
    /// Hold when accepted responses fall below this percentage of the last published run's.
    public var minPercent = 50
    /// Hold when a prefecture that had accepted responses now has none.
    public var perPrefecture = true

    public init() {}

    /// What the last published run accepted: its run.json and its folder's name.
    public struct Baseline: Sendable {
        public let run: String
        public let record: RunRecord.Accepted
        var accepted: Int { record.responses.values.reduce(0, +) }
        var responsesByPrefecture: [String: Int]? { record.responsesByPrefecture }

        public static func load(runFolder: String) -> Baseline? {
            guard let record = try? RunRecord.Accepted.load(runFolder: runFolder) else { return nil }
            return Baseline(run: (runFolder as NSString).lastPathComponent, record: record)
        }
    }

    /// Why this run must not replace the last published one, or nil to publish.
    func reason(accepted: Int, byPrefecture: [String: Int], prefectureNames: [String: String],
                inputs: Int, baseline: Baseline?) -> String? {
        let last = baseline.map { "（前回公開した実行 \($0.run) は \($0.accepted) 件）" } ?? ""
        if accepted == 0 {
            return "受理した回答がありません（読んだファイル \(inputs) 件）\(last)。受付フォルダがマウントされているか、正しいフォルダかを確認してください"
        }
        guard let baseline else { return nil }
        if accepted * 100 < baseline.accepted * minPercent {
            return "受理した回答が \(accepted) 件で、前回公開した実行 \(baseline.run) の \(baseline.accepted) 件の \(minPercent)% を下回ります"
        }
        if perPrefecture, let before = baseline.responsesByPrefecture {
            let lost = before.filter { $0.value > 0 && (byPrefecture[$0.key] ?? 0) == 0 }.keys.sorted()
            if !lost.isEmpty {
                let names = lost.map { "\($0) \(prefectureNames[$0] ?? "")".trimmingCharacters(in: .whitespaces) }
                return "前回公開した実行 \(baseline.run) で回答のあった都道府県の回答がなくなりました: \(names.joined(separator: "、"))"
            }
        }
        return nil
    }
}
