import SurveyModel

/// One column of the 都道府県別一覧: the codebook's `indicators:` entry it counts.
public typealias IndicatorDefinition = Indicator

/// One cell of the 一覧: a count and, for a share, what it is out of.
public struct IndicatorValue: Sendable, Equatable {
    public var count: Int
    /// The count with its n and 無回答 (of the municipalities in the list for 回収率); nil for plain counts.
    public var proportion: Proportion?

    public init(count: Int, proportion: Proportion? = nil) {
        self.count = count; self.proportion = proportion
    }

    /// A share of `valid` answers with `noAnswer` left blank.
    public init(count: Int, of valid: Int, noAnswer: Int = 0) {
        self.init(count: count, proportion: Proportion(count, valid: valid, noAnswer: noAnswer))
    }

    /// The share under `base`; nil for a plain count or a base of 0.
    public func share(_ base: PercentBase) -> Double? { proportion?.share(base) }
}

/// 都道府県別一覧: one row per prefecture plus the nation, one value per definition.
public struct Indicators: Sendable, Equatable {
    public var definitions: [IndicatorDefinition]
    /// 全国, aligned with `definitions`.
    public var nation: [IndicatorValue]
    /// In prefecture-code order; `values` aligned with `definitions`.
    public var rows: [IndicatorRow]

    public init(definitions: [IndicatorDefinition], nation: [IndicatorValue], rows: [IndicatorRow]) {
        self.definitions = definitions; self.nation = nation; self.rows = rows
    }
}

public struct IndicatorRow: Sendable, Equatable {
    public var prefecture: Prefecture
    public var values: [IndicatorValue]

    public init(prefecture: Prefecture, values: [IndicatorValue]) {
        self.prefecture = prefecture; self.values = values
    }
}

extension Indicators {
    /// Reads every indicator off tables already counted, so the 一覧 agrees with the
    /// prefecture's own report. A question missing from the codebook gives 0 of n 0 (share nil).
    public static func make(_ definitions: [IndicatorDefinition], nation: [FormTables],
                            byPrefecture: [PrefectureTabulation], status: ResponseStatus) -> Indicators {
        let nationValues = definitions.map {
            value($0, tables: nation, returned: status.municipalitiesReturned,
                  total: status.municipalitiesTotal, coordinators: status.coordinators)
        }
        let rows = byPrefecture.map { pref -> IndicatorRow in
            let s = status.prefecture(pref.prefecture.prefCode)
            return IndicatorRow(prefecture: pref.prefecture, values: definitions.map {
                value($0, tables: pref.forms, returned: s?.municipalitiesReturned ?? 0,
                      total: s?.municipalitiesTotal ?? 0, coordinators: s?.coordinators ?? 0)
            })
        }
        return Indicators(definitions: definitions, nation: nationValues, rows: rows)
    }

    static func value(_ definition: IndicatorDefinition, tables: [FormTables],
                      returned: Int, total: Int, coordinators: Int) -> IndicatorValue {
        switch definition.measure {
        case let .option(form, question, option):
            let table = tables.first { $0.form == form }?.table(question)
            let count = table?.option(code: option)?.count ?? 0
            return IndicatorValue(count: count, of: table?.n ?? 0, noAnswer: table?.noAnswer ?? 0)
        case .municipalityResponseRate:
            return IndicatorValue(count: returned, of: total)
        case .coordinatorForms:
            return IndicatorValue(count: coordinators)
        }
    }
}
