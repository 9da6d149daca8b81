/// The published figures the simulated nation reproduces (R5-survey.md), as counts of the
/// reference population; a master list of another size gets the same shares.
enum ReferenceFigures {
    /// Exact national counts per option label, allocated by shuffling the population once per seed.
    struct Quota {
        var form: String
        var question: String
        /// Option label → count in the reference population of `total`.
        var counts: [(String, Int)]
        var total: Int
    }

    static let municipalities = 1_741
    static let prefectures = 47

    /// Linked-initiative counts by category (M6_{cat} = ある).
    static let categoryLinks: [(String, Int)] = [
        ("daily", 1_273), ("discharge", 1_431), ("acute", 954), ("eol", 1_201),
        ("dementia", 1_110), ("infection", 532), ("disaster", 503),
    ]

    static let quotas: [Quota] = [
        Quota(form: "MUNI", question: "M2", counts: [("設置している", 1_184), ("設置していない", 557)], total: municipalities),
        Quota(form: "PREF", question: "P1", counts: [("設置している", 31), ("設置していない", 16)], total: prefectures),
        Quota(form: "PREF", question: "P2", counts: [("二次医療圏", 31), ("保健所圏域", 3), ("郡市区医師会単位", 6),
                                                    ("市町村単位", 4), ("その他", 3)], total: prefectures),
        Quota(form: "PREF", question: "P3", counts: [("記載なし", 38), ("設置あり", 9)], total: prefectures),
        Quota(form: "PREF", question: "P4", counts: [("記載なし", 42), ("届出のある在支診・在支病の数や機関名をすべて記載", 4),
                                                    ("医療圏ごとに定めあり", 1)], total: prefectures),
    ] + categoryLinks.map { cat, n in
        Quota(form: "MUNI", question: "M6_\(cat)", counts: [("ある", n), ("ない", municipalities - n)], total: municipalities)
    }

    /// Shares of single-choice answers without a published figure (plausible, not official).
    static let singleShares: [String: [(String, Double)]] = [
        "M1": [("直営のみ", 0.40), ("一部委託", 0.45), ("全部委託", 0.15)],
        "M3": [("設定している", 0.62), ("設定していない", 0.38)],
        "M5": [("設定している", 0.35), ("設定していない", 0.65)],
        "M7": [("設置している", 0.80), ("設置していない", 0.20)],
        "M8": [("配置している", 0.58), ("配置していない", 0.42)],
        "P7": [("配置している", 0.40), ("配置していない", 0.60)],
        "C3": [("専任", 0.45), ("兼任", 0.55)],
    ]

    /// Scene goals (M4_*) are set a little less often than the vision (M3).
    static let sceneGoalShare = 0.5

    /// Coordinators per municipality with M8 = 配置している: 1…5, mostly 1 (≈1.6 on average).
    static let coordinatorsPerMunicipality: [Double] = [0.60, 0.25, 0.10, 0.03, 0.02]
    /// Prefecture-employed coordinators (P7_1): 1…3.
    static let coordinatorsPerPrefecture: [Double] = [0.5, 0.3, 0.2]

    /// Probability an ordinary option of a multi-choice question is ticked.
    static let optionShare = 0.35
    /// Probability a respondent ticks only the exclusive option (特にない).
    static let exclusiveShare = 0.06
    /// Optional free text (自由記述) is filled by this share.
    static let freeTextShare = 0.15
}
