import Foundation
import ReportKit
import SurveyModel
import Tabulate

/// `--previous DIR`: a previous run's published folder, read for the 前回比較. Its answers.csv,
/// summary.json and run.json are enough, so last year's outputs serve as they are.
enum PreviousRun {
    /// Counts a previous run folder by this year's codebook, from its files as `read` gave them (the
    /// run reads them while the inbox is parsed: they need no codebook); a folder that is not a
    /// renkei run, or one of another survey, is a usage error (exit 2) saying what to give instead.
    static func load(folder: String, origin: String, files: Files, codebook: Codebook, master: MasterList) throws -> PreviousTabulation {
        let (id, version, summary, answers) = files
        guard id == codebook.id else {
            throw UsageFailure(description: "前回の実行 \(folder)（\(origin)）は別の調査のものです（調査票定義の id \(id)、今回は \(codebook.id)）。同じ調査の実行を指定してください")
        }
        let totals = Dictionary(summary.prefectures.map { ($0.prefCode, $0.municipalitiesTotal) }, uniquingKeysWith: { a, _ in a })
        let asOf = summary.asOf
        let survey = PreviousSurvey(folder: folder, answers: answers, summary: summary)
        // A previous_id or old label naming nothing last year is a slip, not a new question.
        if let slip = survey.slips(in: codebook).first { throw UsageFailure(description: slip + "（前回の実行 \(folder)）") }
        return PreviousTabulation.make(
            codebook: codebook, answers: answers,
            facts: PreviousRunFacts(codebookID: id, codebookVersion: version, asOf: asOf, municipalitiesTotal: totals,
                                    questions: survey.questions, categoryIDs: survey.categoryIDs),
            prefectures: master.prefectures, municipalities: master.municipalities)
    }

    /// What a previous run's run.json is read for: who wrote it, for which codebook. Its inputs
    /// and outputs (thousands of rows) are not decoded: that was ~0.45 G instructions on the
    /// bench nation, and a run.json of an older schema serves as well.
    struct Identity: Decodable, Sendable {
        let tool: String, codebookID: String, codebookVersion: String

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: RunRecord.CodingKeys.self)
            tool = try c.decode(String.self, forKey: .tool)
            codebookID = try c.decode(String.self, forKey: .codebookID)
            codebookVersion = try c.decode(String.self, forKey: .codebookVersion)
        }
    }

    /// What each core of `read` came back with.
    private enum Part: Sendable {
        case record(Identity?)
        case answers(Result<[PreviousAnswer], AnswersCSV.ReadFailure>?)
    }

    /// A previous run folder as read: its codebook, summary and answers.
    typealias Files = (codebookID: String, version: String, summary: SummaryJSON.Summary, answers: [PreviousAnswer])

    /// run.json, summary.json and answers.csv of a run folder, or a usage error saying what to give instead.
    static func read(folder: String, origin: String) throws -> Files {
        func fail(_ why: String) -> UsageFailure {
            UsageFailure(description: "前回の実行 \(folder)（\(origin)）\(why)")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw fail("はフォルダではありません。前回（昨年）の実行の公開フォルダ（例: Reports/latest）を指定してください")
        }
        func missing(_ name: String) -> UsageFailure {
            fail("に読める \(name) がありません。renkei の実行フォルダではありません。run.json、summary.json、answers.csv のあるフォルダを指定してください")
        }
        func read(_ name: String) throws -> Data {
            guard let d = FileManager.default.contents(atPath: folder + "/" + name) else { throw missing(name) }
            return d
        }
        let runData = try read("run.json")
        // run.json decodes on one core while answers.csv is read on the other; checked in this order after.
        let parts = [0, 1].parallelMap { part -> Part in
            if part == 0 { return .record(try? JSONDecoder().decode(Identity.self, from: runData)) }
            return .answers(FileManager.default.contents(atPath: folder + "/answers.csv").map { data in
                Result { () throws(AnswersCSV.ReadFailure) in try AnswersCSV.read(data) }
            })
        }
        guard case .record(let record) = parts[0], let run = record, run.tool == "renkei" else {
            throw fail("の run.json は renkei が書いたものではありません（tool、codebook_id、codebook_version がない）")
        }
        let summaryData = try read("summary.json")
        guard let summary = try? SummaryJSON.read(summaryData) else {
            throw fail("の summary.json は renkei が書いたものではありません（survey、as_of、prefectures がない）")
        }
        guard case .answers(let parsed?) = parts[1] else { throw missing("answers.csv") }
        let answers: [PreviousAnswer]
        do { answers = try parsed.get() }
        catch { throw fail("の answers.csv は使えません: \(error)") }
        return (run.codebookID, run.codebookVersion, summary, answers)
    }
}
