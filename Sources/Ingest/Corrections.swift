import SurveyModel
import XLSXReader

/// One reply row as applied (修正履歴): what changed, on whose word, or why it was not applied.
public struct Correction: Sendable, Hashable {
    /// The one fate of a reply row.
    public enum Outcome: String, Sendable, CaseIterable {
        /// The corrected value replaced the answer (and the form was checked again with it).
        case applied
        /// The value was confirmed as written: the issue is closed as 確認済み.
        case confirmed
        /// Not applied, with why (the query comes back to be answered again).
        case refused
        /// A later reply to the same question (or an identical copy) took its place.
        case superseded
        /// その他, or no 対応 chosen: the query stays open.
        case pending

        public var label: String {
            switch self {
            case .applied: "修正"
            case .confirmed: "確認済み"
            case .refused: "反映せず"
            case .superseded: "後の回答で置換"
            case .pending: "照会継続"
            }
        }
    }

    public var respondent: Respondent?
    /// The query the row answers (照会番号), empty for a contractor's row or a row added by hand.
    public var queryID: String = ""
    /// 2-digit prefecture whose 修正履歴 lists the row: the reply workbook's (by the run's record),
    /// never the one a copied row names.
    public var prefecture: String = ""
    /// 団体コード and 問番号 as the row shows them (a refused row may name no known respondent).
    public var shownCode: String = ""
    public var shownQuestionNumber: String = ""
    public var question: String
    public var rule: String
    /// The value as the respondent first wrote it.
    public var original: String
    public var corrected: String
    /// The reply file and its row.
    public var source: InputID
    public var row: Int
    public var kind: QueryReply.Source
    public var by: String
    public var on: String
    public var note: String
    public var outcome: Outcome
    /// 日本語: why (反映せず, 後の回答で置換, 照会継続), empty otherwise.
    public var reason: String
    /// The reply's time by which replies to one question are ordered (回答日, else the workbook's save time).
    public var repliedAt: String = ""
}

