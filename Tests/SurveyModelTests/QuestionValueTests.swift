@testable import SurveyModel
import Testing

/// A question's fields sit in a shared box: it must still behave as a value. A changed copy never
/// changes the question it came from, and equality still compares every field (`origin` aside).
@Suite struct QuestionValue {
    @Test func aChangedCopyLeavesTheOriginalAndComparesUnequal() {
        let codebook = Codebook.r5
        let questions = codebook.forms.flatMap(\.questions)
        // Each change sets one field to something no R5 question has there.
        let changes: [(String, (inout Question) -> Void)] = [
            ("id", { $0.id += "x" }), ("label", { $0.label += "x" }), ("options", { $0.options.append($0.options.first ?? Option(code: 99, label: "x")) }),
            ("range", { $0.range = -7 ... -3 }), ("required", { $0.required.toggle() }), ("pii", { $0.pii.toggle() }),
            ("maxLength", { $0.maxLength = -1 }), ("sumOf", { $0.sumOf = ["x"] }), ("prefilled", { $0.prefilled.toggle() }),
            ("note", { $0.note = ($0.note ?? "") + "x" }), ("number", { $0.number += "x" }), ("previousID", { $0.previousID = "x" }),
            ("previousOptions", { $0.previousOptions = ["x": [99]] }),
        ]
        for q in questions {
            let before = q
            #expect(q == before)
            for (name, change) in changes {
                var copy = q
                change(&copy)
                #expect(q == before, "\(q.id): changing a copy's \(name) changed the original")
                #expect(copy != q, "\(q.id): \(name) is not compared")
            }
            var moved = q
            moved.origin.line += 1
            #expect(moved == q, "\(q.id): where the codebook wrote it is never compared")
        }
    }
}
