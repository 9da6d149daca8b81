/// 問番号 as respondents and readers know them: 問1, 問2(1), 問6-①, 問6-①(1).
///
/// Derived from the form's order, so a codebook needs no numbers of its own: each question
/// that stands alone is the next 問N; a question asked only after an answer to the group it
/// follows (`when:`), or a part of a sum (`sum_of:`), is a sub-question 問N(k); the questions a
/// `for_each_category` block repeats share one number with the category's circled position.
/// `no:` on a question overrides its number, and numbering continues from a `問N` given so.
public enum QuestionNumbering {
    /// A question's place in a `for_each_category` block: which block, which category of it.
    public struct BlockPosition: Sendable, Equatable {
        public var block: Int
        public var category: Int
        public init(block: Int, category: Int) { self.block = block; self.category = category }
    }

    /// Fills `number` of every question of one form whose number was not given (`no:`).
    public static func assign(_ questions: inout [Question], blocks: [BlockPosition?]) {
        var main = 0
        var lastBlock: Int?
        var numberOf: [String: String] = [:]
        var rootOf: [String: String] = [:]   // the top-level question of a question's group
        var subCount: [String: Int] = [:]
        var currentRoot = ""
        var blockOf: [String: BlockPosition] = [:]
        var sumParent: [String: String] = [:]
        for q in questions { for part in q.sumOf ?? [] where sumParent[part] == nil { sumParent[part] = q.id } }

        for i in questions.indices {
            var q = questions[i]
            defer { questions[i] = q }
            // Identity and contact fields are not questions: they take no 問番号 and shift none.
            if !q.isTabulated { continue }
            let block = i < blocks.count ? blocks[i] : nil
            let parent = q.condition?.question ?? sumParent[q.id]
            let derived: String
            var root = q.id
            if let parent, let parentNumber = numberOf[parent], let parentRoot = rootOf[parent],
               block == nil ? parentRoot == currentRoot : blockOf[parent] == block {
                // Follows its group on screen (or its own row of a block): a sub-question of it.
                let k = (subCount[parent] ?? 0) + 1
                subCount[parent] = k
                derived = parentNumber + "(\(k))"
                root = parentRoot
            } else if let block {
                if block.block != lastBlock { main += 1; lastBlock = block.block }
                derived = "問\(main)-" + circled(block.category + 1)
            } else {
                main += 1
                lastBlock = nil
                derived = "問\(main)"
            }
            if q.number.isEmpty {
                q.number = derived
            } else if let n = explicitMain(q.number) {
                main = n
            }
            numberOf[q.id] = q.number
            blockOf[q.id] = block
            rootOf[q.id] = root
            if root == q.id { currentRoot = q.id }
        }
    }

    /// ① … ⑳ as on paper forms; past twenty, -21 and on.
    static func circled(_ n: Int) -> String {
        guard (1...20).contains(n), let s = Unicode.Scalar(0x2460 + n - 1) else { return String(n) }
        return String(Character(s))
    }

    /// The N of an explicit `問N`, so derived numbers continue after it.
    static func explicitMain(_ number: String) -> Int? {
        guard number.hasPrefix("問") else { return nil }
        return Int(number.dropFirst())
    }
}
