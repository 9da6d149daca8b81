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
        func object(_ name: String) throws -> [String: Any] {
            let data = try read(name)
            guard let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw fail("has a \(name) that is not a renkei record (not a JSON object)")
            }
            return o
        }
        let run = try object("run.json"), summary = try object("summary.json")
        guard run["tool"] as? String == "renkei", let id = run["codebook_id"] as? String,
              let version = run["codebook_version"] as? String else {
            throw fail("has a run.json renkei did not write (no tool, codebook_id, codebook_version)")
        }
        guard id == codebook.id else {
            throw fail("is of another survey (codebook id \(id), this run's is \(codebook.id)): give a run of the same survey")
        }
        var totals = [String: Int]()
        for p in summary["prefectures"] as? [[String: Any]] ?? [] {
            if let code = p["prefCode"] as? String, let n = p["municipalitiesTotal"] as? Int { totals[code] = n }
        }
        let asOf = summary["asOf"] as? String ?? ""
        let answers = try Self.answers(String(decoding: try read("answers.csv"), as: UTF8.self), fail: fail)
        return PreviousTabulation.make(
            codebook: codebook, answers: answers,
            facts: PreviousRunFacts(codebookID: id, codebookVersion: version, asOf: asOf, municipalitiesTotal: totals),
            prefectures: master.prefectures, municipalities: master.municipalities)
    }

    /// The rows of an answers.csv as `AnswersCSV` writes it.
    static func answers(_ text: String, fail: (String) -> UsageFailure) throws -> [PreviousAnswer] {
        let table: CSVTable
        do { table = try CSVTable(parsing: text) } catch {
            throw fail("has an answers.csv that cannot be read (line \(error.line): \(error.message))")
        }
        // The columns read, by name: a run of an older or newer renkei may have more of them (修正).
        let needed = ["form", "団体コード", "都道府県コード", "コーディネーター番号", "設問ID", "状態", "選択肢コード", "回答"]
        guard let header = table.rows.first?.fields, case let at = needed.compactMap(header.firstIndex(of:)), at.count == needed.count else {
            throw fail("has an answers.csv without the columns renkei writes (\(needed.joined(separator: ",")))")
        }
        var out = [PreviousAnswer]()
        out.reserveCapacity(table.rows.count)
        for row in table.rows.dropFirst() {
            guard row.fields.count == header.count, let form = FormID(rawValue: row.fields[at[0]]) else {
                throw fail("has an answers.csv line \(row.line) that renkei did not write (\(row.fields.count) fields, form '\(row.fields.first ?? "")')")
            }
            let f = at.map { row.fields[$0] }
            let state: PreviousAnswer.State
            switch f[5] {
            case "回答": state = .answered
            case "無回答": state = .blank
            case "非該当": state = .notAsked
            default: throw fail("has an answers.csv line \(row.line) with an unknown 状態 '\(f[5])'")
            }
            // Codes and labels are listed in the same order, `;`-separated for a multiple answer.
            let codes = f[6].isEmpty ? [] : f[6].split(separator: ";").map { Int($0) ?? -1 }
            let labels = codes.isEmpty ? [] : codes.count == 1 ? [f[7]]
                : f[7].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            out.append(PreviousAnswer(form: form, code: f[1], prefectureCode: f[2], coordinatorNumber: f[3],
                                      questionID: f[4], state: state, codes: codes, labels: labels, value: f[7]))
        }
        return out
    }
}
