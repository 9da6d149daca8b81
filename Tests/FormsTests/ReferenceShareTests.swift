import Testing
import SurveyModel
@testable import Simulate

/// The simulated nation reproduces the published R5 figures (planned in memory, no files).
@Suite struct ReferenceShareTests {
    static let key = Simulation.plan(SimulationOptions(seed: 3, rates: .none)).key

    func count(_ form: String, _ q: String, _ code: Int) -> Int {
        Self.key.respondents.filter { $0.form == form && $0.truth[q] == .single(code) }.count
    }

    @Test func headlineFiguresHold() {
        #expect(Self.key.respondents.filter { $0.form == "MUNI" }.count == 1_741)
        #expect(count("MUNI", "M2", 1) == 1_184)   // 68.0%
        #expect(count("PREF", "P1", 1) == 31)      // 66.0%
        let links = ["daily": 1_273, "discharge": 1_431, "acute": 954, "eol": 1_201,
                     "dementia": 1_110, "infection": 532, "disaster": 503]
        for (cat, n) in links { #expect(count("MUNI", "M6_\(cat)", 1) == n, "M6_\(cat)") }
        #expect([1, 2, 3, 4, 5].map { count("PREF", "P2", $0) } == [31, 3, 6, 4, 3])
        #expect([1, 2].map { count("PREF", "P3", $0) } == [38, 9])
        #expect([1, 2, 3].map { count("PREF", "P4", $0) } == [42, 4, 1])
        let coordinators = Self.key.respondents.filter { $0.form == "COORD" }.count
        #expect((1_500...1_900).contains(coordinators))
    }

    /// Conditions hold in the clean answers: a question not asked is blank; C5 is the sum of its parts.
    @Test func cleanAnswersRespectConditionsAndSums() {
        let cb = Codebook.r5
        for r in Self.key.respondents {
            let form = cb.form(FormID(rawValue: r.form)!)!
            let answers = r.truth.mapValues(\.answerValue)
            for q in form.questions where answers[q.id] != nil {
                if let c = q.condition { #expect(c.holds(in: answers), "\(r.respondent) \(q.id)") }
            }
            if case .integer(let t)? = answers["C5"] {
                let parts = ["C5_1", "C5_2", "C5_3", "C5_4"].compactMap { id -> Int? in if case .integer(let n)? = answers[id] { n } else { nil } }
                #expect(parts.reduce(0, +) == t)
            }
            #expect(r.expected == r.truth)
        }
    }
}
