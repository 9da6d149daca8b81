import Foundation
import Ingest
@testable import RenkeiRun
import SurveyModel
import TestSupport
import Testing

/// run.json has one definition (RunRecord): the run writes it, the shrink guard, `--previous` (its keys)
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
        #expect(held?.contains("43 件の 50% を下回ります") == true, "\(held ?? "nil")")
        #expect(ShrinkGuard().reason(accepted: 22, byPrefecture: ["31": 22], prefectureNames: [:], inputs: 22, baseline: baseline) == nil)
    }

    /// What a run writes reads back as the same record, with the current schema version, in snake_case.
    @Test func writtenRecordReadsBackWithItsSchemaVersion() throws {
        let record = try JSONDecoder().decode(RunRecord.self, from: Data(Self.beforeVersions.utf8))
        var now = record
        now.schemaVersion = RunRecord.currentSchema
        let json = try now.json()
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"schema_version\" : \(RunRecord.currentSchema)") && text.contains("\"codebook_id\" : \"zaitaku-renkei\""), "\(text)")
        #expect(!text.contains("codebookID") && !text.contains("schemaVersion"))
        let back = try JSONDecoder().decode(RunRecord.self, from: json)
        #expect(back.schemaVersion == RunRecord.currentSchema && back.codebookID == "zaitaku-renkei" && back.accepted == 43)
        #expect(try back.json() == json)
    }

    /// run.json's inputs are the ledger's own rows: what the run had reads back equal, every field.
    @Test func ledgerRowsReadBackEqual() throws {
        let who = Respondent(form: FormID("MUNI"), code: "131016")
        let at = Date(timeIntervalSince1970: 1_695_196_800.125)  // milliseconds: what ISO 8601 keeps
        let rows = [
            LedgerEntry(input: InputID(path: "市町村/131016.xlsx"), state: .superseded, reason: Reason("superseded", "置き換えられました。"),
                        size: 1234, fileModified: at, workbookModified: at.addingTimeInterval(-60), respondent: who,
                        supersededBy: InputID(path: "まとめ!.zip", member: "131016_再送.xlsx"), errors: 1, warnings: 2, sha256: "ab"),
            LedgerEntry(input: InputID(path: "まとめ!.zip", member: "131016_再送.xlsx"), state: .accepted,
                        reason: Reason("accepted", "受け付けました。"), size: 99, respondent: who, sha256: "cd"),
            LedgerEntry(input: InputID(path: "~$lock.xlsx"), state: .skipped, reason: Reason("lock-file", "ロックファイルです。")),
        ]
        let data = try JSONEncoder().encode(rows)
        #expect(try JSONDecoder().decode([LedgerEntry].self, from: data) == rows)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"reason_code\":\"superseded\"") && text.contains("\"respondent\":\"MUNI:131016\""), "\(text)")
    }

    /// A schema-2 record's inputs (no reason text or times, superseded_by as `a.zip!member`) read as
    /// ledger rows: state, reason code, respondent and the replacing input as they were.
    @Test func schemaTwoInputsStillRead() throws {
        let old = """
            [{"errors":0,"path":"a!b.xlsx","reason_code":"superseded","respondent":"COORD:131016#3","sha256":"00",
              "size":5,"state":"superseded","superseded_by":"box.ZIP!dir/c!d.xlsx","warnings":1},
             {"errors":0,"member":"dir/c!d.xlsx","path":"box.ZIP","reason_code":"accepted","size":7,"state":"accepted","warnings":0}]
            """
        let rows = try JSONDecoder().decode([LedgerEntry].self, from: Data(old.utf8))
        #expect(rows[0].input == InputID(path: "a!b.xlsx") && rows[0].state == .superseded && rows[0].reason.code == "superseded")
        #expect(rows[0].respondent == Respondent(form: FormID("COORD"), code: "131016", coordinatorNumber: 3))
        #expect(rows[0].supersededBy == rows[1].input && rows[1].input == InputID(path: "box.ZIP", member: "dir/c!d.xlsx"))
        #expect(rows[0].reason.message.isEmpty && rows[0].fileModified == nil && rows[1].respondent == nil)
    }

    /// run.json is written in pieces (the record, then each row indented into place): the same bytes
    /// as JSONEncoder's one document, with and without rows, for rows of every shape.
    @Test func streamedRecordIsJSONEncodersDocument() throws {
        let base = try JSONDecoder().decode(RunRecord.self, from: Data(Self.beforeVersions.utf8))
        let names = ["市町村/131016.xlsx", "a\"b/c.xlsx", "two\nlines.xlsx", "まとめ!.zip", "~$lock.xlsx", " space .xlsx"]
        let states = LedgerState.allCases
        func row(_ i: Int) -> LedgerEntry {
            let member: String? = i % 3 == 0 ? "dir/\(i).xlsx" : nil
            let message: String = i % 5 == 0 ? "" : "理由「\(i)」\n次の行"
            let saved: Date? = i % 2 == 0 ? Date(timeIntervalSince1970: 1_695_196_800.125 + Double(i)) : nil
            let modified: Date? = i % 3 == 1 ? Date(timeIntervalSince1970: 1_695_000_000 + Double(i * 60)) : nil
            let form = FormID(i % 2 == 0 ? "MUNI" : "COORD")
            let number: Int? = i % 2 == 0 ? nil : i
            let who: Respondent? = i % 4 == 0 ? nil : Respondent(form: form, code: "13101" + String(i % 10), coordinatorNumber: number)
            let by: InputID? = i % 6 == 2 ? InputID(path: names[(i + 1) % names.count]) : nil
            let sha: String? = i % 5 == 4 ? nil : String(repeating: "ab", count: 32)
            return LedgerEntry(input: InputID(path: names[i % names.count], member: member), state: states[i % states.count],
                               reason: Reason("code-" + String(i % 4), message), size: i * 1013, fileModified: saved,
                               workbookModified: modified, respondent: who, supersededBy: by, errors: i % 3, warnings: i % 7, sha256: sha)
        }
        let rows = (0..<600).map(row)  // more than one batch of rows per encoder call
        let outputs = (0..<7).map { (i: Int) -> RunRecord.Output in
            RunRecord.Output(path: "prefectures/" + String(i) + "_県/x\"y.xlsx", size: i * 99, sha256: String(i))
        }
        let cases: [([LedgerEntry], [RunRecord.Output])] = [([], []), (rows, []), ([], outputs), (rows, outputs),
                                                             (Array(rows.prefix(1)), Array(outputs.prefix(1)))]
        for (inputs, outs) in cases {
            var record = base
            record.inputs = inputs; record.outputs = outs
            record.previousRun = inputs.isEmpty ? nil : "/srv/前回/run"
            let whole = try RunRecord.encoder().encode(record)
            let streamed = try record.json()
            #expect(streamed == whole, "\(inputs.count) rows, \(outs.count) outputs")
            #expect(try JSONDecoder().decode(RunRecord.self, from: streamed).inputs == inputs)
            // As the run writes it: the input rows made into a file first, taken in and the file removed.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runrecord-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try RunRecord.writeRows(inputs, to: folder + "/.rows")
            try record.write(to: folder + "/run.json", inputRows: folder + "/.rows")
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/run.json")) == whole, "\(inputs.count) rows from a file")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["run.json"])
        }
    }
}
