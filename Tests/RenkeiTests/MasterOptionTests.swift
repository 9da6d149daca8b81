import Foundation
import ReportKit
import Simulate
import SurveyModel
import TestSupport
import Testing

extension E2E {
    /// A new master list reaches every command that reads the survey: 鳥取's 岩美町 and 若桜町 merged
    /// into one town under a new 団体コード. `template` and `simulate` write its form, and `run`
    /// accepts its return and counts 鳥取 with one municipality fewer.
    @Suite struct MasterOption {
        static let removed = ["313025", "313254"]
        static let mergedName = "岩美若桜町"
        static let merged: String = "31399" + String(CheckDigit.compute("31399")!)

        static let masterPath: String = {
            let csv = try! String(contentsOf: Paths.municipalitiesCSV, encoding: .utf8)
            var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                .filter { line in !removed.contains { line.hasPrefix($0 + ",") } }
            let at = lines.firstIndex { $0.hasPrefix("32") }!
            lines.insert("\(merged),31,鳥取県,\(mergedName),いわみわかさちょう,町", at: at)
            let path = Temp.dir("master") + "/municipalities-merged.csv"
            try! lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }()

        @Test func templateWritesTheMergedTownsFormAndNoneOfTheOldOnes() throws {
            let out = Temp.dir("master-template")
            let o = try Run.renkei(["template", "--out", out, "--prefectures", "31", "--forms", "muni", "--master", Self.masterPath])
            #expect(o.status == 0, "\(o.stderr)")
            let files = listing(out + "/31_鳥取県")
            #expect(files.contains("市町村票_\(Self.merged)_\(Self.mergedName).xlsx"), "\(files)")
            #expect(!files.contains { f in Self.removed.contains { f.contains($0) } }, "\(files)")
            #expect(files.count == 18, "19 towns and cities of 鳥取 less two plus one: \(files.count)")
        }

        @Test func simulateAndRunUseTheMergedList() throws {
            let sim = Temp.dir("master-sim")
            let s = try Run.renkei(["simulate", "--out", sim, "--prefectures", "31", "--seed", "5", "--clean", "--master", Self.masterPath])
            #expect(s.status == 0, "\(s.stderr)")
            let key = try AnswerKey.decode(Data(contentsOf: URL(fileURLWithPath: sim + "/answer-key.json")))
            let muni = Set(key.respondents.filter { $0.form == "MUNI" }.map(\.code))
            #expect(muni.contains(Self.merged) && muni.isDisjoint(with: Self.removed), "\(muni.sorted())")

            let out = Temp.dir("master-run")
            let o = try Run.renkei(["run", "--inbox", sim + "/inbox", "--out", out, "--master", Self.masterPath])
            #expect(o.status == 0, "a clean inbox under its own master list: \(o.status) \(o.stderr)")
            let folder = try #require(latestFolder(out))
            let answered = Set(try CSVFile.rows(folder + "/answers.csv").filter { $0["form"] == "MUNI" }.compactMap { $0["団体コード"] })
            #expect(answered == muni, "answers.csv holds every simulated municipality, the merged town included")
            let summary = try SummaryJSON.read(Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json")))
            let tottori = summary.prefectures.first { $0.prefCode == "31" }
            #expect(tottori?.municipalitiesTotal == 18, "\(String(describing: tottori))")

            // The embedded list does not know the merged town: its return is rejected, not counted.
            let old = try Run.renkei(["run", "--inbox", sim + "/inbox", "--out", Temp.dir("master-old")])
            #expect(old.status == 1, "\(old.status) \(old.stderr)")
        }
    }
}
