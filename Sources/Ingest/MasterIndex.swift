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

    /// Name of the 自治体 a code stands for, for messages.
    public func name(of code: String) -> String? {
        municipalities[code].map { $0.prefectureName + $0.name } ?? prefectures[code]?.name
    }

    /// 全国地方公共団体コード check digit over the first five digits (weights 6…2, modulus 11).
    public static func checkDigit(of five: String) -> Int? {
        let d = five.compactMap { $0.wholeNumberValue }
        guard d.count == 5, five.count == 5 else { return nil }
        let sum = zip(d, [6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 }
        let r = sum % 11
        return r == 0 ? 0 : (11 - r) % 10
    }

    public static func hasValidCheckDigit(_ code: String) -> Bool {
        guard code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }),
              let c = checkDigit(of: String(code.prefix(5))) else { return false }
        return c == code.last!.wholeNumberValue
    }
}
