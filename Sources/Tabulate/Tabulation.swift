import SurveyModel

/// Everything the reports show, counted once from the accepted responses.
public struct Tabulation: Sendable, Equatable {
    /// 全国: one entry per form, in codebook order.
    public var nation: [FormTables]
    /// 全国 場面・テーマ × 取組 (from the form with `category_matrix: true`).
    public var matrix: CategoryMatrix
    /// Every prefecture of the master list, in prefecture-code order, even with no responses.
    public var byPrefecture: [PrefectureTabulation]
    /// The first per-municipality form by 区分, every kind in `MunicipalityKind.allCases` order.
    public var byKind: [KindTabulation]
    public var status: ResponseStatus
    public var indicators: Indicators

    public init(nation: [FormTables], matrix: CategoryMatrix, byPrefecture: [PrefectureTabulation],
                byKind: [KindTabulation], status: ResponseStatus, indicators: Indicators) {
        self.nation = nation; self.matrix = matrix; self.byPrefecture = byPrefecture
        self.byKind = byKind; self.status = status; self.indicators = indicators
    }

    public func nation(_ form: FormID) -> FormTables? { nation.first { $0.form == form } }
    public func prefecture(_ prefCode: String) -> PrefectureTabulation? {
        byPrefecture.first { $0.prefecture.prefCode == prefCode }
    }
    public func kind(_ kind: MunicipalityKind) -> KindTabulation? { byKind.first { $0.kind == kind } }
}

/// One prefecture's figures: its own PREF form, its municipalities, its coordinators
/// (all grouped by the first two digits of the 団体コード).
public struct PrefectureTabulation: Sendable, Equatable {
    public var prefecture: Prefecture
    /// One entry per form, in codebook order.
    public var forms: [FormTables]
    /// The matrix over its municipalities.
    public var matrix: CategoryMatrix

    public init(prefecture: Prefecture, forms: [FormTables], matrix: CategoryMatrix) {
        self.prefecture = prefecture; self.forms = forms; self.matrix = matrix
    }

    public func tables(_ form: FormID) -> FormTables? { forms.first { $0.form == form } }
}

/// The first per-municipality form over the municipalities of one kind (指定都市, 市, 特別区, 町, 村).
public struct KindTabulation: Sendable, Equatable {
    public var kind: MunicipalityKind
    public var tables: FormTables
    public var matrix: CategoryMatrix

    public init(kind: MunicipalityKind, tables: FormTables, matrix: CategoryMatrix) {
        self.kind = kind; self.tables = tables; self.matrix = matrix
    }
}

extension Tabulation {
    /// The single entry point. `responses` are the accepted ones (one per respondent);
    /// `prefectures` and `municipalities` are the master list. Responses whose code has no
    /// prefecture in the list count in the nation only; MUNI responses whose code is not in
    /// the list have no kind and count in no kind group.
    public static func make(codebook: Codebook, responses: [Response], prefectures: [Prefecture],
                            municipalities: [Municipality],
                            indicators definitions: [IndicatorDefinition]? = nil)
    -> Tabulation {
        // Look every answer up once per form; each grouping below only picks rows.
        let forms = codebook.forms
        let grids = forms.parallelMap { AnswerGrid(form: $0, responses: responses) }
        let rowsByPref = grids.map { $0.rows { $0.respondent.prefectureCode } }
        let matrixForm = codebook.categoryMatrixForm
        @Sendable func matrix(_ tables: [FormTables]) -> CategoryMatrix {
            guard let matrixForm, let t = tables.first(where: { $0.form == matrixForm.id }) else {
                return CategoryMatrix(rows: [], initiativeLabels: [])
            }
            return CategoryMatrix.make(form: matrixForm, tables: t)
        }

        let nation = grids.parallelMap { $0.tables(rows: $0.allRows) }
        let byPrefecture = prefectures.sorted { $0.prefCode < $1.prefCode }.parallelMap { pref in
            let tables = zip(grids, rowsByPref).map { grid, rows in grid.tables(rows: rows[pref.prefCode] ?? []) }
            return PrefectureTabulation(prefecture: pref, forms: tables, matrix: matrix(tables))
        }

        var byKind = [KindTabulation]()
        if let byKindForm = codebook.municipalityForm, let grid = grids.first(where: { $0.form.id == byKindForm.id }) {
            let kindOf = Dictionary(municipalities.map { ($0.code, $0.kind) }, uniquingKeysWith: { a, _ in a })
            let rows = grid.rows { kindOf[$0.respondent.code] }
            byKind = MunicipalityKind.allCases.map { kind in
                let tables = grid.tables(rows: rows[kind] ?? [])
                return KindTabulation(kind: kind, tables: tables, matrix: matrix([tables]))
            }
        }

        let status = ResponseStatus.make(responses: responses, prefectures: prefectures,
                                         municipalities: municipalities, codebook: codebook)
        let indicators = Indicators.make(definitions ?? codebook.indicators, nation: nation, byPrefecture: byPrefecture,
                                         status: status)
        return Tabulation(nation: nation, matrix: matrix(nation), byPrefecture: byPrefecture,
                          byKind: byKind, status: status, indicators: indicators)
    }
}
