/// 都道府県 — one of 47.
public struct Prefecture: Sendable, Hashable {
    /// 2-digit prefecture code, e.g. `13`.
    public var prefCode: String
    /// 6-digit 全国地方公共団体コード with check digit, e.g. `130001`.
    public var code: String
    public var name: String
    public var kana: String
    public var nameEn: String

    public init(prefCode: String, code: String, name: String, kana: String, nameEn: String) {
        self.prefCode = prefCode; self.code = code; self.name = name; self.kana = kana; self.nameEn = nameEn
    }
}

/// Kind of municipality, the grouping used in the reports (区分).
public enum MunicipalityKind: String, CaseIterable, Sendable, Codable, Hashable {
    case designatedCity = "指定都市"
    case city = "市"
    case specialWard = "特別区"
    case town = "町"
    case village = "村"
}

/// 市区町村 — one of 1,741.
public struct Municipality: Sendable, Hashable {
    /// 6-digit 全国地方公共団体コード with check digit.
    public var code: String
    public var prefCode: String
    /// Name of its prefecture.
    public var prefectureName: String
    public var name: String
    public var kana: String
    public var kind: MunicipalityKind

    public init(code: String, prefCode: String, prefectureName: String, name: String, kana: String, kind: MunicipalityKind) {
        self.code = code; self.prefCode = prefCode; self.prefectureName = prefectureName
        self.name = name; self.kana = kana; self.kind = kind
    }
}

/// The master list (名簿) of prefectures and municipalities that returned forms are matched against.
/// Built once per run; every look-up is a dictionary hit.
public struct MasterList: Sendable {
    public let prefectures: [Prefecture]
    public let municipalities: [Municipality]
    private let prefectureByCode: [String: Int]
    private let prefectureByPrefCode: [String: Int]
    private let municipalityByCode: [String: Int]
    private let municipalitiesByPrefCode: [String: [Int]]

    /// Indexes the lists as given; `MasterList.load` is the checked way to build one from files.
    public init(prefectures: [Prefecture], municipalities: [Municipality]) {
        self.prefectures = prefectures
        self.municipalities = municipalities
        prefectureByCode = Dictionary(prefectures.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        prefectureByPrefCode = Dictionary(prefectures.enumerated().map { ($1.prefCode, $0) }, uniquingKeysWith: { a, _ in a })
        municipalityByCode = Dictionary(municipalities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        municipalitiesByPrefCode = Dictionary(grouping: municipalities.indices, by: { municipalities[$0].prefCode })
    }

    /// The prefecture whose own 6-digit 団体コード is `code6` (e.g. `130001`).
    public func prefecture(code6: String) -> Prefecture? { prefectureByCode[code6].map { prefectures[$0] } }

    /// The prefecture with 2-digit code `prefCode` (e.g. `13`).
    public func prefecture(prefCode: String) -> Prefecture? { prefectureByPrefCode[prefCode].map { prefectures[$0] } }

    /// The prefecture a known municipality or prefecture code belongs to.
    public func prefecture(containing code: String) -> Prefecture? {
        if let p = prefecture(code6: code) { return p }
        return municipality(code: code).flatMap { prefecture(prefCode: $0.prefCode) }
    }

    public func municipality(code: String) -> Municipality? { municipalityByCode[code].map { municipalities[$0] } }

    /// A prefecture's municipalities in list order (団体コード order in the embedded list).
    public func municipalities(inPrefecture prefCode: String) -> [Municipality] {
        (municipalitiesByPrefCode[prefCode] ?? []).map { municipalities[$0] }
    }

    /// 市区町村名 or 都道府県名 of a known 団体コード.
    public func name(forCode code: String) -> String? {
        municipality(code: code)?.name ?? prefecture(code6: code)?.name
    }

    /// 区分 of a municipality; nil for a prefecture or an unknown code.
    public func kind(ofCode code: String) -> MunicipalityKind? { municipality(code: code)?.kind }

    public func isPrefecture(code: String) -> Bool { prefectureByCode[code] != nil }
    public func isMunicipality(code: String) -> Bool { municipalityByCode[code] != nil }
    /// A known 団体コード of either level — what a coordinator's 所属自治体 must be.
    public func contains(code: String) -> Bool { isPrefecture(code: code) || isMunicipality(code: code) }
}

extension Respondent {
    /// Whether the respondent's 団体コード is a prefecture's (PREF forms, prefecture-employed coordinators).
    public func isPrefecture(in master: MasterList) -> Bool { master.isPrefecture(code: code) }
    public func isMunicipality(in master: MasterList) -> Bool { master.isMunicipality(code: code) }
}
