import Foundation
@testable import RenkeiRun
import TestSupport
import Testing

/// run.json has one definition (RunRecord): the run writes it, the shrink guard, `--previous`
/// and these tests read it through the same type.
@Suite struct RunRecordFile {
    /// A run.json as renkei wrote it before schema versions (no time zone, per-prefecture counts,
    /// issue states or corrections): still a baseline for the shrink guard.
    static let beforeVersions = """
        {"codebook_id":"zaitaku-renkei","codebook_version":"R5","counts":{"accepted":3},"data_fingerprint":"abc",
         "finished_at":"2026-11-20T02:00:01.000+09:00","inbox":"/srv/inbox","inputs":[],"issues":{"error":0,"warning":1},
         "outputs":[{"path":"answers.csv","sha256":"00","size":1}],"responses":{"COORD":1,"MUNI":40,"PREF":2},
         "started_at":"2026-11-20T02:00:00.000+09:00","timings_seconds":{},"tool":"renkei","tool_version":"0.1.0"}
        """

    @Test func aRecordWrittenBeforeSchemaVersionsIsStillABaseline() throws {
        let folder = Temp.dir("record")
        try Self.beforeVersions.write(toFile: folder + "/run.json", atomically: true, encoding: .utf8)
        let baseline = try #require(ShrinkGuard.Baseline.load(runFolder: folder))
        #expect(baseline.record.schemaVersion == nil && baseline.accepted == 43)
        // 20 of 43 is below half: held, naming that run.
        let held = ShrinkGuard().reason(accepted: 20, byPrefecture: ["31": 20], prefectureNames: [:], inputs: 20, baseline: baseline)
        #expect(held?.contains("below 50% of the 43") == true, "\(held ?? "nil")")
        #expect(ShrinkGuard().reason(accepted: 22, byPrefecture: ["31": 22], prefectureNames: [:], inputs: 22, baseline: baseline) == nil)
    }

    /// What a run writes reads back as the same record, with the current schema version, in snake_case.
    @Test func writtenRecordReadsBackWithItsSchemaVersion() throws {
        let record = try JSONDecoder().decode(RunRecord.self, from: Data(Self.beforeVersions.utf8))
        var now = record
        now.schemaVersion = RunRecord.currentSchema
        let json = try now.json()
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"schema_version\" : 2") && text.contains("\"codebook_id\" : \"zaitaku-renkei\""), "\(text)")
        #expect(!text.contains("codebookID") && !text.contains("schemaVersion"))
        let back = try JSONDecoder().decode(RunRecord.self, from: json)
        #expect(back.schemaVersion == 2 && back.codebookID == "zaitaku-renkei" && back.accepted == 43)
        #expect(try back.json() == json)
    }
}
