import Foundation
import Forms
import SurveyModel

/// Everything `renkei simulate` will write, decided before any file is written: the documents
/// and raw bytes, where they go, and the answer key. Pure and sequential (cheap); writing is parallel.
public struct SimulationPlan: Sendable {
    public struct File: Sendable {
        public enum Content: Sendable {
            case workbook(FormDocument)
            case bytes([UInt8])
        }
        /// Path relative to the inbox (a zip bundle's path for its members).
        public var path: String
        /// Name inside the bundle, when the file travels in a zip.
        public var member: String?
        public var content: Content
        /// docProps modified time and file modification time.
        public var modified: Date
    }

    public var files: [File]
    public var key: AnswerKey
}

/// Inputs of a simulation.
public struct SimulationOptions: Sendable {
    public var seed: UInt64
    /// 2-digit prefecture codes; nil for the whole nation.
    public var prefectures: Set<String>?
    /// Share of each prefecture's municipalities simulated (1 = all), for quick demos.
    public var scale: Double
    public var rates: FaultRates
    public var codebook: Codebook
    public var master: MasterList

    public init(seed: UInt64 = 1, prefectures: Set<String>? = nil, scale: Double = 1, rates: FaultRates = .init(),
                codebook: Codebook = .r5, master: MasterList = .embedded) {
        self.seed = seed; self.prefectures = prefectures; self.scale = scale; self.rates = rates
        self.codebook = codebook; self.master = master
    }
}

/// The days files come back, from the codebook's `survey: {window: …}` (R5's 2023-08-23 …
/// 2023-09-19 when it gives none), in JST office hours.
struct CollectionWindow {
    /// 09:00 JST of the first day.
    let start: Date
    let days: Int

    init(_ window: SurveyWindow?) {
        start = window?.start ?? Date(timeIntervalSince1970: 1_692_748_800)  // 2023-08-23 09:00 JST
        days = window?.days ?? 28
    }

    func date(_ rng: inout SplitMix64) -> Date {
        let day = Double(rng.int(0...days - 1))
        let seconds = Double(rng.int(0...(9 * 3600 - 1)))  // 09:00–18:00
        return start.addingTimeInterval(day * 86_400 + seconds)
    }

    /// `d`, moved into the window's office hours if it fell before or after it (a resubmission days later).
    func clamped(_ d: Date) -> Date {
        min(max(d, start), start.addingTimeInterval(Double(days - 1) * 86_400 + 9 * 3600 - 1))
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }
}

/// Made-up contact details for the identity block (no real people).
enum Contacts {
    static let family = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]
    static let given = ["花子", "太郎", "美咲", "健一", "由美", "翔", "陽子", "大輔", "恵", "誠"]
    static let departments = ["健康福祉部 高齢者支援課", "保健福祉課 地域包括ケア推進係", "長寿介護課", "福祉部 介護保険課",
                              "健康長寿課 在宅医療・介護連携担当"]

    /// Every identity and contact field a respondent types, by its role or else its `format:`
    /// (a second phone field gets a phone number, never prose).
    static func fill(form: Form, code: String, number: Int?, rng: inout SplitMix64) -> [String: FilledValue] {
        var out: [String: FilledValue] = [:]
        let name = rng.pick(family) + " " + rng.pick(given)
        var emails = 0
        for q in form.questions where !q.isTabulated && !q.prefilled {
            func phone() -> FilledValue {
                // 10 digits from the area code: 03-1234-5678 or 045-123-4567.
                .text(rng.chance(0.4) ? String(format: "0%d-%04d-%04d", rng.pick([3, 6]), rng.int(1000...9999), rng.int(0...9999))
                                      : String(format: "0%02d-%03d-%04d", rng.int(11...99), rng.int(200...999), rng.int(0...9999)))
            }
            func email() -> FilledValue {
                emails += 1
                return .text("renkei-\(code)\(number.map { "-\($0)" } ?? "")\(emails > 1 ? "-\(emails)" : "")@example.lg.jp")
            }
            switch q.identity {
            case .department?: out[q.id] = .text(rng.pick(departments))
            case .contactName?: out[q.id] = .text(name)
            case .phone?: out[q.id] = phone()
            case .email?: out[q.id] = email()
            case nil:
                switch q.format {
                case .phone?: out[q.id] = phone()
                case .email?: out[q.id] = email()
                case nil:
                    // Another contact text (a deputy's name): a name, within its length.
                    let text = rng.pick(family) + " " + rng.pick(given)
                    out[q.id] = .text(String(text.prefix(q.maxLength ?? text.count)))
                }
            default: break
            }
        }
        return out
    }
}
