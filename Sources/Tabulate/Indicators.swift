import SurveyModel

/// One column of the 都道府県別一覧: the codebook's `indicators:` entry it counts.
public typealias IndicatorDefinition = Indicator

/// One cell of the 一覧: a count, what it is out of, and the share.
public struct IndicatorValue: Sendable, Equatable {
    public var count: Int
    /// The n (or the municipalities in the list); nil for plain counts.
    public var base: Int?
    /// count / base; nil when there is no base or it is 0.
    public var share: Double?
    /// 無回答 of the question (asked, not answered), so a report can choose its percent base.
    public var noAnswer: Int

    public init(count: Int, base: Int?, share: Double?, noAnswer: Int = 0) {
        self.count = count; self.base = base; self.share = share; self.noAnswer = noAnswer
    }
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
            let n = table?.n ?? 0
            let count = table?.option(code: option)?.count ?? 0
            return IndicatorValue(count: count, base: n, share: fraction(count, of: n), noAnswer: table?.noAnswer ?? 0)
        case .municipalityResponseRate:
            return IndicatorValue(count: returned, base: total, share: fraction(returned, of: total))
        case .coordinatorForms:
            return IndicatorValue(count: coordinators, base: nil, share: nil)
        }
    }
}
