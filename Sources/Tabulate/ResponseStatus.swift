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
    /// コーディネーター票 received (there is no master list of coordinators, so no rate).
    public var coordinators: Int
    /// 未提出: prefectures with no accepted PREF response, in code order.
    public var prefecturesNotReturned: [Prefecture]
    /// 未提出: municipalities with no accepted MUNI response, in code order.
    public var municipalitiesNotReturned: [Municipality]
    /// Accepted responses whose 団体コード the master list does not hold (for PREF and MUNI);
    /// Ingest should have rejected them, so anything here is worth a look. Sorted.
    public var unknownRespondents: [Respondent]
    /// 団体コード → the number of coordinators the 自治体 reported (its answer to the question
    /// with `role: coordinator_count`), for those that answered it.
    public var reportedCoordinators: [String: Int] = [:]

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

    public func prefecture(_ prefCode: String) -> PrefectureStatus? {
        perPrefecture.first { $0.prefecture.prefCode == prefCode }
    }
}

/// 回収状況 of one prefecture: its own form, its municipalities' and its coordinators'.
public struct PrefectureStatus: Sendable, Equatable {
    public var prefecture: Prefecture
    /// 都道府県票 received.
    public var prefectureReturned: Bool
    public var municipalitiesReturned: Int
    /// Municipalities of this prefecture in the master list.
    public var municipalitiesTotal: Int
    /// returned / total; nil when the prefecture has no municipalities in the list.
    public var municipalityShare: Double?
    /// コーディネーター票 from the prefecture and its municipalities.
    public var coordinators: Int
    /// Its municipalities with no accepted MUNI response, in code order.
    public var municipalitiesNotReturned: [Municipality]

    public init(prefecture: Prefecture, prefectureReturned: Bool, municipalitiesReturned: Int,
                municipalitiesTotal: Int, municipalityShare: Double?, coordinators: Int,
                municipalitiesNotReturned: [Municipality]) {
        self.prefecture = prefecture; self.prefectureReturned = prefectureReturned
        self.municipalitiesReturned = municipalitiesReturned; self.municipalitiesTotal = municipalitiesTotal
        self.municipalityShare = municipalityShare; self.coordinators = coordinators
        self.municipalitiesNotReturned = municipalitiesNotReturned
    }
}

extension ResponseStatus {
    /// Status of `responses` (accepted, one per respondent) against the master list.
    /// A municipality counts as returned once, however many MUNI responses carry its code.
    public static func make(responses: [Response], prefectures: [Prefecture],
                            municipalities: [Municipality], codebook: Codebook? = nil) -> ResponseStatus {
        var prefReturned = Set<String>(), muniReturned = Set<String>()
        var reported = [String: Int]()
        let countQuestion = Dictionary(uniqueKeysWithValues: (codebook?.forms ?? []).compactMap { f in
            f.question(role: .coordinatorCount).map { (f.id, $0.id) } })
        var coordinatorsByPref = [String: Int]()
        var unknown = [Respondent]()
        let prefCodes = Set(prefectures.map(\.code))
        let muniCodes = Set(municipalities.map(\.code))
        for response in responses {
            let who = response.respondent
            if let q = countQuestion[who.form], case .integer(let n)? = response.answers[q] { reported[who.code] = n }
            switch who.form {
            case .pref:
                if prefCodes.contains(who.code) { prefReturned.insert(who.code) } else { unknown.append(who) }
            case .muni:
                if muniCodes.contains(who.code) { muniReturned.insert(who.code) } else { unknown.append(who) }
            case .coord:
                coordinatorsByPref[who.prefectureCode, default: 0] += 1
            }
        }
        let munisByPref = Dictionary(grouping: municipalities, by: \.prefCode)
        let sortedPrefs = prefectures.sorted { $0.prefCode < $1.prefCode }
        let rows = sortedPrefs.map { pref -> PrefectureStatus in
            let own = (munisByPref[pref.prefCode] ?? []).sorted { $0.code < $1.code }
            let missing = own.filter { !muniReturned.contains($0.code) }
            let returned = own.count - missing.count
            return PrefectureStatus(prefecture: pref, prefectureReturned: prefReturned.contains(pref.code),
                                    municipalitiesReturned: returned, municipalitiesTotal: own.count,
                                    municipalityShare: Proportion.rate(returned, of: own.count),
                                    coordinators: coordinatorsByPref[pref.prefCode] ?? 0,
                                    municipalitiesNotReturned: missing)
        }
        let muniTotal = municipalities.count
        let muniCount = municipalities.filter { muniReturned.contains($0.code) }.count
        var status = ResponseStatus(
            perPrefecture: rows,
            prefecturesReturned: prefReturned.count, prefecturesTotal: prefectures.count,
            prefectureShare: Proportion.rate(prefReturned.count, of: prefectures.count),
            municipalitiesReturned: muniCount, municipalitiesTotal: muniTotal,
            municipalityShare: Proportion.rate(muniCount, of: muniTotal),
            coordinators: responses.filter { $0.respondent.form == .coord }.count,
            prefecturesNotReturned: sortedPrefs.filter { !prefReturned.contains($0.code) },
            municipalitiesNotReturned: municipalities.filter { !muniReturned.contains($0.code) }
                .sorted { $0.code < $1.code },
            unknownRespondents: unknown.sorted())
        status.reportedCoordinators = reported
        return status
    }
}
