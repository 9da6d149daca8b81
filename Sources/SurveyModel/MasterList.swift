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
