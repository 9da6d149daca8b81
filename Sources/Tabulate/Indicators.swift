import SurveyModel

/// One column of the 都道府県別一覧: what is measured and how it is labelled.
/// Data, not code, so the report can add or reorder columns without touching Tabulate.
public struct IndicatorDefinition: Sendable, Equatable {
    public enum Measure: Sendable, Equatable {
        /// Share of the question's n choosing the option (M2 = 設置している).
        case option(form: FormID, question: String, option: Int)
        /// 市町村票 returned / municipalities in the master list.
        case municipalityResponseRate
        /// Number of コーディネーター票 received (no rate: there is no list of coordinators).
        case coordinatorForms
    }

    /// Stable key for CSV/JSON columns, e.g. `M2=1`.
    public var id: String
    /// Column heading.
    public var label: String
    public var measure: Measure

    public init(id: String, label: String, measure: Measure) {
        self.id = id; self.label = label; self.measure = measure
    }

    /// A share-of-n indicator keyed `question=option`.
    public static func option(_ label: String, form: FormID = .muni, question: String, option: Int) -> Self {
        IndicatorDefinition(id: "\(question)=\(option)", label: label,
                            measure: .option(form: form, question: question, option: option))
    }

    /// The R5 一覧: council, consultation desk, coordinator, the seven categories (all option 1:
    /// 設置している / 配置している / ある), then the prefecture's own council and the returns.
    public static let defaults: [IndicatorDefinition] = [
        .option("協議会を設置している市町村", question: "M2", option: 1),
        .option("相談窓口を設置している市町村", question: "M7", option: 1),
        .option("コーディネーターを配置している市町村", question: "M8", option: 1),
    ] + Category.allCases.map {
        .option("「\($0.label)」と関連づけた取組がある市町村", question: "M6_\($0.rawValue)", option: 1)
    } + [
        .option("都道府県の協議会の設置", form: .pref, question: "P1", option: 1),
        IndicatorDefinition(id: "COORD", label: "コーディネーター票の数", measure: .coordinatorForms),
        IndicatorDefinition(id: "MUNI_RATE", label: "市町村票の回収率", measure: .municipalityResponseRate),
    ]
}

/// One cell of the 一覧: a count, what it is out of, and the share.
public struct IndicatorValue: Sendable, Equatable {
    public var count: Int
    /// The n (or the municipalities in the list); nil for plain counts.
    public var base: Int?
    /// count / base; nil when there is no base or it is 0.
    public var share: Double?

    public init(count: Int, base: Int?, share: Double?) {
        self.count = count; self.base = base; self.share = share
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
            return IndicatorValue(count: count, base: n, share: fraction(count, of: n))
        case .municipalityResponseRate:
            return IndicatorValue(count: returned, base: total, share: fraction(returned, of: total))
        case .coordinatorForms:
            return IndicatorValue(count: coordinators, base: nil, share: nil)
        }
    }
}
