import Foundation
import ReportKit
import SurveyModel
import Tabulate

/// `--previous DIR`: a previous run's published folder, read for the 前回比較. Its answers.csv,
/// summary.json and run.json are enough, so last year's outputs serve as they are.
enum PreviousRun {
    /// Reads the folder and counts it by this year's codebook; a folder that is not a renkei run,
    /// or one of another survey, is a usage error (exit 2) saying what to give instead.
    static func load(folder: String, origin: String, codebook: Codebook, master: MasterList) throws -> PreviousTabulation {
        let (id, version, summary, answers) = try read(folder: folder, origin: origin)
        guard id == codebook.id else {
            throw UsageFailure(description: "previous run \(folder) (\(origin)) is of another survey (codebook id \(id), this run's is \(codebook.id)): give a run of the same survey")
        }
        let totals = Dictionary(summary.prefectures.map { ($0.prefCode, $0.municipalitiesTotal) }, uniquingKeysWith: { a, _ in a })
        let asOf = summary.asOf
        let survey = PreviousSurvey(folder: folder, answers: answers, summary: summary)
        // A previous_id or old label naming nothing last year is a slip, not a new question.
        if let slip = survey.slips(in: codebook).first { throw UsageFailure(description: slip + " (previous run \(folder))") }
        return PreviousTabulation.make(
            codebook: codebook, answers: answers,
            facts: PreviousRunFacts(codebookID: id, codebookVersion: version, asOf: asOf, municipalitiesTotal: totals,
                                    questions: survey.questions, categoryIDs: survey.categoryIDs),
            prefectures: master.prefectures, municipalities: master.municipalities)
    }

    /// run.json, summary.json and answers.csv of a run folder, or a usage error saying what to give instead.
    static func read(folder: String, origin: String) throws -> (codebookID: String, version: String, summary: SummaryJSON.Summary, answers: [PreviousAnswer]) {
        func fail(_ why: String) -> UsageFailure {
            UsageFailure(description: "previous run \(folder) (\(origin)) \(why)")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw fail("is not a folder: give the published folder of last year's run (e.g. Reports/latest)")
        }
        func read(_ name: String) throws -> Data {
            guard let d = FileManager.default.contents(atPath: folder + "/" + name) else {
                throw fail("has no readable \(name): it is not a renkei run folder; give the folder holding run.json, summary.json and answers.csv")
            }
            return d
        }
        let runData = try read("run.json")
        guard let run = try? JSONDecoder().decode(RunRecord.self, from: runData), run.tool == "renkei" else {
            throw fail("has a run.json renkei did not write (no tool, codebook_id, codebook_version)")
        }
        let summaryData = try read("summary.json")
        guard let summary = try? SummaryJSON.read(summaryData) else {
            throw fail("has a summary.json renkei did not write (no survey, as_of, prefectures)")
        }
        let answers: [PreviousAnswer]
        do { answers = try AnswersCSV.read(String(decoding: try read("answers.csv"), as: UTF8.self)) }
        catch let e as AnswersCSV.ReadFailure { throw fail("has an answers.csv renkei cannot use: \(e)") }
        return (run.codebookID, run.codebookVersion, summary, answers)
    }
}
