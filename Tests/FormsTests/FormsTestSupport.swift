import Foundation
import SurveyModel
@testable import Forms

/// Shared fixtures: a few real respondents of the master list, written under a temp folder.
enum Fixture {
    static let tokyo = Prefecture(prefCode: "13", code: "130001", name: "東京都", kana: "とうきょうと", nameEn: "Tokyo")
    static let chiyoda = Municipality(code: "131016", prefCode: "13", prefectureName: "東京都", name: "千代田区",
                                      kana: "ちよだく", kind: .specialWard)
    static let sapporo = Municipality(code: "011002", prefCode: "01", prefectureName: "北海道", name: "札幌市",
                                      kana: "さっぽろし", kind: .designatedCity)

    static func tempDir(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("renkei-forms-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ doc: FormDocument, name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try FormWriter.write(doc, to: url.path)
        return url
    }

    static func muniDocument(_ m: Municipality = chiyoda, codebook: Codebook = .r5,
                             filled: [String: FilledValue] = [:], edits: FormEdits = .init()) -> FormDocument {
        FormDocument(codebook: codebook, form: codebook.form(.muni)!, recipient: .municipality(m, form: .muni),
                     filled: filled, edits: edits)
    }
}
