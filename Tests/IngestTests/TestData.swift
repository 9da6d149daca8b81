import Foundation
@testable import Ingest
import SurveyModel

/// A small codebook with the shapes of the R5 one (identity block, single/multi/integer/text,
/// conditions, exclusive option, a sum) so each rule can be tested without the full survey.
enum TestData {
    static func identity(_ p: String, _ roles: [IdentityRole]) -> [Question] {
        roles.map { role -> Question in
            switch role {
            case .code: Question(id: "\(p)code", label: "団体コード", type: .text, identity: .code, prefilled: true)
            case .prefectureName: Question(id: "\(p)pref", label: "都道府県名", type: .text, identity: .prefectureName, prefilled: true)
            case .municipalityName: Question(id: "\(p)muni", label: "市区町村名", type: .text, identity: .municipalityName, prefilled: true)
            case .coordinatorNumber: Question(id: "\(p)no", label: "コーディネーター番号", type: .integer, range: 1...99, identity: .coordinatorNumber)
            case .department: Question(id: "\(p)dept", label: "担当部署名", type: .text, identity: .department)
            case .contactName: Question(id: "\(p)name", label: "氏名", type: .text, pii: true, identity: .contactName)
            case .phone: Question(id: "\(p)tel", label: "電話番号", type: .text, pii: true, format: .phone, identity: .phone)
            case .email: Question(id: "\(p)mail", label: "メールアドレス", type: .text, pii: true, format: .email, identity: .email)
            }
        }
    }

    static let muni = Form(id: .muni, title: "市町村票", audience: .eachMunicipality, feedsCategoryMatrix: true, instructions: [], sections: [
        Section(id: "id", title: "回答者", questions: identity("MUNI_", [.code, .prefectureName, .municipalityName, .department, .contactName, .phone, .email])),
        Section(id: "main", title: "事業", questions: [
            Question(id: "M1", label: "事業の実施方法", type: .single,
                     options: [Option(code: 1, label: "直営のみ"), Option(code: 2, label: "一部委託"), Option(code: 3, label: "全部委託")]),
            Question(id: "M1_1", label: "委託先", type: .multi,
                     options: [Option(code: 1, label: "郡市区医師会"), Option(code: 2, label: "医療機関（病院・診療所）"), Option(code: 3, label: "その他")],
                     condition: Condition(question: "M1", op: .notEquals, option: 1)),
            Question(id: "M2", label: "協議会の設置", type: .single,
                     options: [Option(code: 1, label: "設置している"), Option(code: 2, label: "設置していない")]),
            Question(id: "M2_2", label: "協議会の年間開催回数", type: .integer, range: 0...99,
                     condition: Condition(question: "M2", op: .equals, option: 1)),
            Question(id: "M8", label: "コーディネーターの配置", type: .single,
                     options: [Option(code: 1, label: "配置している"), Option(code: 2, label: "配置していない")]),
            {
                var q = Question(id: "M8_1", label: "配置人数", type: .integer, range: 1...50,
                                 condition: Condition(question: "M8", op: .equals, option: 1))
                q.role = .coordinatorCount
                return q
            }(),
            Question(id: "M9", label: "課題", type: .multi,
                     options: [Option(code: 1, label: "予算の確保"), Option(code: 2, label: "その他"), Option(code: 3, label: "特にない", exclusive: true)]),
            Question(id: "M10", label: "自由記述", type: .text, required: false, maxLength: 20),
        ]),
    ])

    static let pref = Form(id: .pref, title: "都道府県票", audience: .eachPrefecture, instructions: [], sections: [
        Section(id: "id", title: "回答者", questions: identity("PREF_", [.code, .prefectureName])),
        Section(id: "main", title: "協議会", questions: [
            Question(id: "P1", label: "協議会の設置", type: .single,
                     options: [Option(code: 1, label: "設置している"), Option(code: 2, label: "設置していない")]),
        ]),
    ])

    static let coord = Form(id: .coord, title: "コーディネーター票", audience: .eachCoordinator, instructions: [], sections: [
        Section(id: "id", title: "回答者", questions: identity("COORD_", [.code, .coordinatorNumber, .contactName])),
        Section(id: "main", title: "相談", questions: [
            Question(id: "C5", label: "前年度の相談件数（合計）", type: .integer, range: 0...100_000, sumOf: ["C5_1", "C5_2"]),
            Question(id: "C5_1", label: "医療関係者", type: .integer, range: 0...100_000),
            Question(id: "C5_2", label: "介護関係者", type: .integer, range: 0...100_000),
        ]),
    ])

    static let codebook = Codebook(id: "zaitaku-renkei", version: "R5.1", title: "テスト", year: "令和5年度", forms: [pref, muni, coord])

    static let master = MasterIndex(
        prefectures: [Prefecture(prefCode: "13", code: "130001", name: "東京都", kana: "とうきょうと", nameEn: "Tokyo"),
                      Prefecture(prefCode: "01", code: "010006", name: "北海道", kana: "ほっかいどう", nameEn: "Hokkaido")],
        municipalities: [Municipality(code: "131016", prefCode: "13", prefectureName: "東京都", name: "千代田区", kana: "ちよだく", kind: .specialWard),
                         Municipality(code: "131024", prefCode: "13", prefectureName: "東京都", name: "中央区", kana: "ちゅうおうく", kind: .specialWard),
                         Municipality(code: "011002", prefCode: "01", prefectureName: "北海道", name: "札幌市", kana: "さっぽろし", kind: .designatedCity)])

    static let options = IngestOptions(codebook: codebook, master: master)

    /// A complete, valid municipality form for 千代田区.
    static func validMuni() -> [String: TestWorkbook.V] {
        ["MUNI_code": .s("131016"), "MUNI_pref": .s("東京都"), "MUNI_muni": .s("千代田区"), "MUNI_dept": .s("保健福祉部"),
         "MUNI_name": .s("山田太郎"), "MUNI_tel": .s("03-1234-5678"), "MUNI_mail": .s("yamada@city.chiyoda.lg.jp"),
         "M1": .s("一部委託"), "M1_1#1": .s("○"), "M2": .s("設置している"), "M2_2": .n(4),
         "M8": .s("配置していない"), "M9#1": .s("○")]
    }

    static func validCoord(number: Int = 1, name: String = "佐藤花子") -> [String: TestWorkbook.V] {
        ["COORD_code": .s("131016"), "COORD_no": .n(Double(number)), "COORD_name": .s(name),
         "C5": .n(10), "C5_1": .n(6), "C5_2": .n(4)]
    }

    /// Reads one workbook through the whole pipeline.
    static func ingest(_ books: [(String, TestWorkbook)], modified: Date? = nil) -> IngestResult {
        Ingestion.ingest(inputs: books.map { (InputID(path: $0.0), $0.1.bytes, modified) }, options: options)
    }
}
