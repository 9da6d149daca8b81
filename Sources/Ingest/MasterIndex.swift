import SurveyModel

/// The master list as Ingest looks it up: 団体コード → prefecture or municipality.
/// Built from the SurveyModel records so a replaced master list (`--master`) just works.
public struct MasterIndex: Sendable {
    public var prefectures: [String: Prefecture]
    public var municipalities: [String: Municipality]

    public init(prefectures: [Prefecture], municipalities: [Municipality]) {
        self.prefectures = Dictionary(prefectures.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.municipalities = Dictionary(municipalities.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// From the SurveyModel master list (embedded, or replaced with `--master`).
    public init(_ list: MasterList) {
        self.init(prefectures: list.prefectures, municipalities: list.municipalities)
    }

    /// Name of the 自治体 a code stands for, for messages.
    public func name(of code: String) -> String? {
        municipalities[code].map { $0.prefectureName + $0.name } ?? prefectures[code]?.name
    }

    /// 全国地方公共団体コード check digit over the first five digits (SurveyModel's `CheckDigit`).
    public static func checkDigit(of five: String) -> Int? {
        guard five.count == 5, five.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return CheckDigit.compute(five)
    }

    public static func hasValidCheckDigit(_ code: String) -> Bool {
        // Six ASCII digits are six bytes, and any other character has a byte that is not a digit.
        code.utf8.count == 6 && code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) && CheckDigit.isValid(code)
    }
}

extension MasterIndex {
    /// A respondent as messages name it: form title, 団体コード and name, coordinator number.
    public func display(_ r: Respondent, codebook: Codebook) -> String {
        r.display(formTitle: codebook.form(r.form)?.title ?? "調査票", name: name(of: r.code) ?? "")
    }
}
