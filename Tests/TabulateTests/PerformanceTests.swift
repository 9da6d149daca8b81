import TestSupport
import Testing
import SurveyModel
@testable import Tabulate

/// Full R5 scale: 47 prefectures, 1,741 municipalities, 1,700 coordinators, ~100 questions.
@Suite struct PerformanceTests {
    @Test func nationalScaleTabulatesQuickly() {
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {  // LCG: the same data every run
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let questions: [Question] = (1...100).map { k in
            switch k % 4 {
            case 0: Question(id: "Q\(k)", label: "", type: .multi, options: Fixture.initiatives,
                             condition: Condition(question: "Q\(k - 1)", op: .notEquals, option: 1))
            case 1: Question(id: "Q\(k)", label: "", type: .integer, range: 0...99)
            default: Question(id: "Q\(k)", label: "", type: .single, options: Fixture.yesNo + [Option(code: 3, label: "")])
            }
        }
        let form = Form(id: .muni, title: "", audience: .eachMunicipality, instructions: [], sections: [Section(id: "s", title: "", questions: questions)])
        let codebook = Codebook(id: "p", version: "1", title: "", year: "", forms: [form])
        let prefectures = (1...47).map { p in
            Prefecture(prefCode: p < 10 ? "0\(p)" : "\(p)", code: "", name: "", kana: "", nameEn: "")
        }
        let municipalities = (0..<3_500).map { i in
            Fixture.m(prefectures[i % 47].prefCode + String(1000 + i), prefectures[i % 47].prefCode, "",
                      MunicipalityKind.allCases[i % 5])
        }
        let responses = municipalities.map { m in
            var answers = [String: AnswerValue]()
            for q in questions where next(10) > 0 {
                switch q.type {
                case .single: answers[q.id] = .single(1 + next(3))
                case .multi: answers[q.id] = .multi([1 + next(4), 5 + next(5)])
                case .integer: answers[q.id] = .integer(next(100))
                default: break
                }
            }
            return Response(respondent: Respondent(form: .muni, code: m.code), answers: answers)
        }

        let clock = ContinuousClock()
        var t: Tabulation?
        let elapsed = clock.measure {
            t = Tabulation.make(codebook: codebook, responses: responses, prefectures: prefectures,
                                municipalities: municipalities)
        }
        #expect(t?.nation(.muni)?.respondents == 3_500)
        #expect(t?.byPrefecture.map { $0.tables(.muni)?.respondents ?? 0 }.reduce(0, +) == 3_500)
        // Speed is measured by make bench, not here (a shared machine's clock proves nothing).
        print("Tabulation of 3,500 × 100 questions: \(elapsed)")
    }
}
