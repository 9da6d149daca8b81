import Foundation
import Ingest
import RenkeiRun
import SurveyModel
import Tabulate
import XLSXReader
@testable import ReportKit

/// A small fixed survey: three prefectures, a few municipalities of every kind, recognisable
/// fake contacts, a ledger and some issues — small enough to know every count by hand.
enum Fixture {
    static let codebook = Codebook.r5
    static let prefCodes = ["13", "27", "47"]

    /// The first municipality of each kind in each fixture prefecture.
    static let municipalities: [Municipality] = {
        let all = MasterList.embedded.municipalities
        var out: [Municipality] = []
        for p in prefCodes {
            for kind in MunicipalityKind.allCases {
                if let m = all.first(where: { $0.prefCode == p && $0.kind == kind }) { out.append(m) }
            }
        }
        return out
    }()
    static let prefectures = MasterList.embedded.prefectures.filter { prefCodes.contains($0.prefCode) }

    static func muni(_ pref: String, _ kind: MunicipalityKind) -> Municipality {
        municipalities.first { $0.prefCode == pref && $0.kind == kind }!
    }

    static func contact(_ tag: String) -> [String: AnswerValue] {
        ["department": .text("在宅医療課" + tag), "contact_name": .text("連絡" + tag + "太郎"),
         "phone": .text("099-" + tag + "-7777"), "email": .text("contact-\(tag)@example.test")]
    }

    static func muniResponse(_ m: Municipality, _ answers: [String: AnswerValue]) -> Response {
        var a = answers.merging(contact(m.code)) { x, _ in x }
        a["code"] = .text(m.code); a["municipality_name"] = .text(m.name); a["prefecture_name"] = .text(m.prefectureName)
        return Response(respondent: Respondent(form: .muni, code: m.code), answers: a)
    }

    static var responses: [Response] {
        let tokyoWard = muni("13", .specialWard), tokyoCity = muni("13", .city), tokyoTown = muni("13", .town)
        let osakaBig = muni("27", .designatedCity), osakaCity = muni("27", .city), osakaTown = muni("27", .town)
        let okinawaCity = muni("47", .city)
        var r: [Response] = [
            muniResponse(tokyoWard, ["M1": .single(2), "M1_1": .multi([1, 3]), "M2": .single(1), "M2_1": .single(1),
                                     "M2_2": .integer(4), "M6_daily": .single(1), "M6_daily_1": .multi([1, 3]),
                                     "M8": .single(1), "M8_1": .integer(2), "M10": .text("=HYPERLINK(\"x\")")]),
            muniResponse(tokyoCity, ["M1": .single(1), "M2": .single(1), "M2_1": .single(2), "M2_2": .integer(6),
                                     "M6_daily": .single(2), "M8": .single(2)]),
            muniResponse(tokyoTown, ["M1": .single(1), "M2": .single(2), "M6_daily": .single(1), "M6_daily_1": .multi([3])]),
            muniResponse(osakaBig, ["M1": .single(3), "M2": .single(1), "M2_2": .integer(3), "M6_daily": .single(1),
                                    "M6_daily_1": .multi([1])]),
            muniResponse(osakaCity, ["M1": .single(1), "M2": .single(2)]),
            muniResponse(osakaTown, ["M1": .single(1)]),
            muniResponse(okinawaCity, ["M1": .single(1), "M2": .single(2)]),
        ]
        for (code, p1) in [("130001", 1), ("270008", 2)] {
            var a = contact(code)
            a["code"] = .text(code); a["P1"] = .single(p1); a["P2"] = .single(1)
            if p1 == 1 { a["P1_1"] = .single(1) }
            r.append(Response(respondent: Respondent(form: .pref, code: code), answers: a))
        }
        for (code, n) in [(tokyoWard.code, 1), (osakaBig.code, 1), (osakaBig.code, 2)] {
            var a = contact("C\(code)\(n)")
            a["code"] = .text(code); a["coordinator_number"] = .integer(n)
            a["C1"] = .single(2); a["C4"] = .integer(5 * n)
            r.append(Response(respondent: Respondent(form: .coord, code: code, coordinatorNumber: n), answers: a))
        }
        return r
    }

    static let modified = Date(timeIntervalSince1970: 1_694_500_000) // 2023-09-12 06:26:40 UTC

    static var files: [FileRecord] {
        func file(_ path: String, _ state: LedgerState, _ code: String, _ reason: String, _ who: Respondent? = nil,
                  _ modified: Date? = nil) -> FileRecord {
            FileRecord(input: InputID(path: path), state: state, reason: Reason(code, reason), fileModified: modified, respondent: who)
        }
        var f = responses.map { r in
            file("inbox/\(r.respondent.code)_\(r.respondent.coordinatorNumber ?? 0).xlsx", .accepted, "accepted", "受理", r.respondent, modified)
        }
        f.append(file("inbox/old_\(muni("13", .city).code).xlsx", .superseded, "superseded", "新しいファイルで差し替え",
                      Respondent(form: .muni, code: muni("13", .city).code), modified.addingTimeInterval(-86_400)))
        f.append(file("inbox/~$lock.xlsx", .skipped, "lock-file", "Excelのロックファイル"))
        f.append(file("inbox/unknown.xls", .rejected, "legacy-xls", "xls形式"))
        return f
    }

    static var issues: [Issue] {
        let ward = Respondent(form: .muni, code: muni("13", .specialWard).code)
        let big = Respondent(form: .muni, code: muni("27", .designatedCity).code)
        return [
            Issue(.error, IssueRule(rawValue: "range"), input: InputID(path: "inbox/a.xlsx"), respondent: ward, sheet: "回答", cell: CellRef("D12"),
                        question: "M2_2", questionLabel: "協議会の年間開催回数", value: "百", message: "数値で記入してください。"),
            Issue(.warning, IssueRule(rawValue: "email"), input: InputID(path: "inbox/a.xlsx"), respondent: ward, sheet: "回答", cell: CellRef("D9"),
                        question: "email", questionLabel: "メールアドレス", value: "leak-ward@example.test",
                        message: "メールアドレスの形式（leak-ward@example.test）を確認してください。"),
            Issue(.error, IssueRule(rawValue: "required"), input: InputID(path: "inbox/b.xlsx"), respondent: big, sheet: "回答", cell: CellRef("D20"),
                        question: "M2_1", questionLabel: "協議会の開催圏域", value: nil, message: "回答が必要です。"),
            Issue(.warning, IssueRule(rawValue: "phone"), input: InputID(path: "inbox/b.xlsx"), respondent: big, sheet: "回答", cell: CellRef("D8"),
                        question: "phone", questionLabel: "電話番号", value: "06-LEAK-0000", message: "電話番号を確認してください。"),
        ]
    }

    static func input(responses: [Response] = responses, percentBase: PercentBase = .applicable) -> ReportInput {
        ReportInput(codebook: codebook, prefectures: prefectures, municipalities: municipalities,
                    responses: responses, files: files, issues: issues, asOf: "2023-09-20 17:00", runID: "test-run",
                    percentBase: percentBase)
    }

    /// Writes the fixture's reports once per call into a fresh folder.
    static func write(_ input: ReportInput = input()) throws -> (folder: String, files: [WrittenFile]) {
        let folder = NSTemporaryDirectory() + "reportkit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)  // as staging is
        let files = try ReportOutputs.writeAll(input, to: folder)
        return (folder, files)
    }

    /// Every contact value in the fixture, with the prefecture it belongs to.
    static var contacts: [(pref: String, value: String)] {
        var out: [(String, String)] = []
        for r in responses {
            for key in ["contact_name", "phone", "email"] {
                if case .text(let t)? = r.answers[key] { out.append((r.respondent.prefectureCode, t)) }
            }
        }
        out += [("13", "leak-ward@example.test"), ("27", "06-LEAK-0000")]
        return out
    }
}

func allCellTexts(_ path: String) throws -> [String] {
    let wb = try Workbook(path: path)
    return try wb.worksheets().flatMap { $0.cells.map(\.text) } + wb.sheets.map(\.name)
}
