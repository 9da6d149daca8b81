import Foundation
import ReportKit
import TestSupport
import Testing

/// issues-state.json: one Codable definition (RunState) with a schema version; a file from before
/// versions still gives the next night its 前回公開からの変更.
@Suite struct RunStateFile {
    @Test func aFileFromBeforeVersionsStillLoads() throws {
        let folder = Temp.dir("state")
        let old = #"{"corrections":[],"files":{"a.xlsx":"00ff"},"issues":[{"key":"MUNI:131016\tM2\trequired\t","status":"open"}]}"#
        try old.write(toFile: folder + "/" + RunState.fileName, atomically: true, encoding: .utf8)
        let state = try #require(RunState.load(runFolder: folder))
        #expect(state.schemaVersion == nil && state.files == ["a.xlsx": "00ff"] && state.issues.map(\.status) == ["open"])
    }
}
