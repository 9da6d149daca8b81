import SurveyModel

/// 回収状況: who has returned which form, against the master list.
public struct ResponseStatus: Sendable, Equatable {
    /// One row per prefecture of the master list, in prefecture-code order.
    public var perPrefecture: [PrefectureStatus]
    public var prefecturesReturned: Int
    public var prefecturesTotal: Int
    public var prefectureShare: Double?
    public var municipalitiesReturned: Int
    public var municipalitiesTotal: Int
    public var municipalityShare: Double?
    /// Coordinator forms received (there is no master list of coordinators, so no rate).
    public var coordinators: Int
    /// 未提出: prefectures with no accepted response to the first per-prefecture form, in code order.
    public var prefecturesNotReturned: [Prefecture]
    /// 未提出: municipalities with no accepted response to the first per-municipality form, in code order.
    public var municipalitiesNotReturned: [Municipality]
    /// Accepted responses whose 団体コード the master list does not hold (per-prefecture and
    /// per-municipality forms);
    /// Ingest should have rejected them, so anything here is worth a look. Sorted.
    public var unknownRespondents: [Respondent]
    /// 団体コード → the number of coordinators the 自治体 reported (its answer to the question
    /// with `role: coordinator_count`), for those that answered it.
    public var reportedCoordinators: [String: Int] = [:]
    /// 回収 of every form of the codebook, in its order.
    public var forms: [FormReturn] = []

    public init(perPrefecture: [PrefectureStatus], prefecturesReturned: Int, prefecturesTotal: Int,
                prefectureShare: Double?, municipalitiesReturned: Int, municipalitiesTotal: Int,
                municipalityShare: Double?, coordinators: Int, prefecturesNotReturned: [Prefecture],
                municipalitiesNotReturned: [Municipality], unknownRespondents: [Respondent]) {
        self.perPrefecture = perPrefecture; self.prefecturesReturned = prefecturesReturned
        self.prefecturesTotal = prefecturesTotal; self.prefectureShare = prefectureShare
        self.municipalitiesReturned = municipalitiesReturned; self.municipalitiesTotal = municipalitiesTotal
        self.municipalityShare = municipalityShare; self.coordinators = coordinators
        self.prefecturesNotReturned = prefecturesNotReturned
        self.municipalitiesNotReturned = municipalitiesNotReturned
        self.unknownRespondents = unknownRespondents
    }

    public func form(_ id: FormID) -> FormReturn? { forms.first { $0.form == id } }

    public func prefecture(_ prefCode: String) -> PrefectureStatus? {
        perPrefecture.first { $0.prefecture.prefCode == prefCode }
    }
}

/// 回収状況 of one prefecture: its own form, its municipalities' and its coordinators'.
public struct PrefectureStatus: Sendable, Equatable {
    public var prefecture: Prefecture
    /// The first per-prefecture form received.
    public var prefectureReturned: Bool
    public var municipalitiesReturned: Int
    /// Municipalities of this prefecture in the master list.
    public var municipalitiesTotal: Int
    /// returned / total; nil when the prefecture has no municipalities in the list.
    public var municipalityShare: Double?
    /// Coordinator forms from the prefecture and its municipalities.
    public var coordinators: Int
    /// Its municipalities with no accepted response to the first per-municipality form, in code order.
    public var municipalitiesNotReturned: [Municipality]
    /// 回収 of every form of the codebook, in its order (of 1 for a per-prefecture form).
    public var forms: [FormReturn] = []

    public init(prefecture: Prefecture, prefectureReturned: Bool, municipalitiesReturned: Int,
                municipalitiesTotal: Int, municipalityShare: Double?, coordinators: Int,
                municipalitiesNotReturned: [Municipality]) {
        self.prefecture = prefecture; self.prefectureReturned = prefectureReturned
        self.municipalitiesReturned = municipalitiesReturned; self.municipalitiesTotal = municipalitiesTotal
        self.municipalityShare = municipalityShare; self.coordinators = coordinators
        self.municipalitiesNotReturned = municipalitiesNotReturned
    }

    public func form(_ id: FormID) -> FormReturn? { forms.first { $0.form == id } }
}

/// One form's 回収: received against sent (`expected` nil when there is no list to send to,
/// as for coordinators).
public struct FormReturn: Sendable, Equatable {
    public var form: FormID
    public var received: Int
    public var expected: Int?
    public var share: Double? { expected.flatMap { Proportion.rate(received, of: $0) } }

    public init(form: FormID, received: Int, expected: Int?) {
        self.form = form; self.received = received; self.expected = expected
    }
}

extension ResponseStatus {
    /// Status of `responses` (accepted, one per respondent) against the master list, form by form
    /// as the codebook's audiences say. A 自治体 counts as returned once per form, however many
    /// responses carry its code; "returned" without a form means the first per-prefecture and
    /// per-municipality forms.
    public static func make(responses: [Response], prefectures: [Prefecture],
                            municipalities: [Municipality], codebook: Codebook) -> ResponseStatus {
        var reported = [String: Int]()
        let countQuestion = Dictionary(uniqueKeysWithValues: codebook.forms.compactMap { f in
            f.question(role: .coordinatorCount).map { (f.id, $0.id) } })
        let audience = Dictionary(uniqueKeysWithValues: codebook.forms.map { ($0.id, $0.audience) })
        var returned = [FormID: Set<String>]()
        var coordinatorsByPref = [FormID: [String: Int]]()
        var unknown = [Respondent]()
        let prefCodes = Set(prefectures.map(\.code))
        let muniCodes = Set(municipalities.map(\.code))
        for response in responses {
            let who = response.respondent
            if let q = countQuestion[who.form], case .integer(let n)? = response.answers[q] { reported[who.code] = n }
            switch audience[who.form] {
            case .eachPrefecture?:
                if prefCodes.contains(who.code) { returned[who.form, default: []].insert(who.code) } else { unknown.append(who) }
            case .eachMunicipality?:
                if muniCodes.contains(who.code) { returned[who.form, default: []].insert(who.code) } else { unknown.append(who) }
            case .eachCoordinator?:
                coordinatorsByPref[who.form, default: [:]][who.prefectureCode, default: 0] += 1
            case nil:
                unknown.append(who)
            }
        }
        let prefForm = codebook.prefectureForm?.id, muniForm = codebook.municipalityForm?.id
        let coordForm = codebook.formsFor(.eachCoordinator).first?.id
        let prefReturned = prefForm.flatMap { returned[$0] } ?? []
        let muniReturned = muniForm.flatMap { returned[$0] } ?? []
        let munisByPref = Dictionary(grouping: municipalities, by: \.prefCode)
        let sortedPrefs = prefectures.sorted { $0.prefCode < $1.prefCode }
        let rows = sortedPrefs.map { pref -> PrefectureStatus in
            let own = (munisByPref[pref.prefCode] ?? []).sorted { $0.code < $1.code }
            let missing = own.filter { !muniReturned.contains($0.code) }
            let returnedCount = own.count - missing.count
            var row = PrefectureStatus(prefecture: pref, prefectureReturned: prefReturned.contains(pref.code),
                                       municipalitiesReturned: returnedCount, municipalitiesTotal: own.count,
                                       municipalityShare: Proportion.rate(returnedCount, of: own.count),
                                       coordinators: coordForm.flatMap { coordinatorsByPref[$0]?[pref.prefCode] } ?? 0,
                                       municipalitiesNotReturned: missing)
            row.forms = codebook.forms.map { f in
                switch f.audience {
                case .eachPrefecture:
                    return FormReturn(form: f.id, received: returned[f.id]?.contains(pref.code) == true ? 1 : 0, expected: 1)
                case .eachMunicipality:
                    let got = returned[f.id] ?? []
                    return FormReturn(form: f.id, received: own.count { got.contains($0.code) }, expected: own.count)
                case .eachCoordinator:
                    return FormReturn(form: f.id, received: coordinatorsByPref[f.id]?[pref.prefCode] ?? 0, expected: nil)
                }
            }
            return row
        }
        let muniTotal = municipalities.count
        let muniCount = municipalities.count { muniReturned.contains($0.code) }
        var status = ResponseStatus(
            perPrefecture: rows,
            prefecturesReturned: prefReturned.count, prefecturesTotal: prefectures.count,
            prefectureShare: Proportion.rate(prefReturned.count, of: prefectures.count),
            municipalitiesReturned: muniCount, municipalitiesTotal: muniTotal,
            municipalityShare: Proportion.rate(muniCount, of: muniTotal),
            coordinators: coordForm.map { f in responses.count { $0.respondent.form == f } } ?? 0,
            prefecturesNotReturned: sortedPrefs.filter { !prefReturned.contains($0.code) },
            municipalitiesNotReturned: municipalities.filter { !muniReturned.contains($0.code) }
                .sorted { $0.code < $1.code },
            unknownRespondents: unknown.sorted())
        status.forms = codebook.forms.map { f in
            switch f.audience {
            case .eachPrefecture: FormReturn(form: f.id, received: returned[f.id]?.count ?? 0, expected: prefectures.count)
            case .eachMunicipality: FormReturn(form: f.id, received: returned[f.id]?.count ?? 0, expected: muniTotal)
            case .eachCoordinator: FormReturn(form: f.id, received: responses.count { $0.respondent.form == f.id }, expected: nil)
            }
        }
        status.reportedCoordinators = reported
        return status
    }
}
