/// How often each realistic fault is injected (the survey document's "how respondents really
/// fill these in"). One place, so the answer key and the README can state them.
///
/// Value faults are drawn per eligible answer; file faults per eligible file. File faults that a
/// small run (two prefectures) would otherwise miss are given to at least one file, so every
/// kind is always exercised.
public struct FaultRates: Sendable, Codable, Equatable {
    /// An integer typed with full-width digits (１２): normalised, no issue.
    public var fullWidthDigits = 0.05
    /// A multi-choice question marked with ◯ 〇 ● ✓ 1 はい instead of ○: normalised, no issue.
    public var markVariant = 0.08
    /// A single-choice label with stray spaces (「 設置している 」): normalised, no issue.
    public var straySpaces = 0.03
    /// A conditional question answered although its condition does not hold: `not-asked` warning.
    public var answeredThoughSkipped = 0.06
    /// 特にない ticked together with other options: `exclusive` error, question counted as 無回答.
    public var exclusiveWithOthers = 0.04
    /// C5 not equal to C5_1+…+C5_4 (per coordinator): `sum` warning, values kept.
    public var sumMismatch = 0.10
    /// An integer outside its range (M2_2 = 120, C4 = 45): `range` error, 無回答.
    public var outOfRange = 0.01
    /// A mark that is no mark (△, ?): `invalid-mark` error, question 無回答.
    public var invalidMark = 0.005
    /// A required question left blank (per respondent): `required` warning.
    public var requiredBlank = 0.03
    /// Rows inserted above a question (per file): anchors move, nothing else.
    public var insertedRows = 0.03
    /// Answer sheet renamed (per file).
    public var renamedSheet = 0.03
    /// A municipality sends a faulty file, then a corrected one (per municipality): the first is superseded.
    public var resubmission = 0.02
    /// A prefecture forwards several municipalities' files in one zip (per prefecture).
    public var zipBundle = 0.15
    /// Saved as Excel 97-2003 .xls first (rejected `legacy-xls`), then resent as .xlsx (per file).
    public var legacyXLS = 0.003
    /// Sent password-protected first (rejected `encrypted`), then resent (per file).
    public var encrypted = 0.003
    /// Excel's lock file `~$…` copied into the inbox (per file): skipped `lock-file`.
    public var lockFile = 0.004
    /// Municipalities that never answer (nor do their coordinators).
    public var neverAnswers = 0.003

    /// A count written as an approximate number (約3件, 3くらい): read as 3, `approximate` warning.
    public var approximate = 0.005
    /// A fault of a question kind that has no rate of its own here.
    public var otherKindFault = 0.01

    public init() {}

    /// The rate of a question kind's fault, by its answer-key name.
    public func rate(of fault: String) -> Double {
        switch fault {
        case "full-width-digits": fullWidthDigits
        case "mark-variant": markVariant
        case "stray-spaces": straySpaces
        case "exclusive-with-others": exclusiveWithOthers
        case "out-of-range": outOfRange
        case "invalid-mark": invalidMark
        case "approximate": approximate
        default: otherKindFault
        }
    }

    /// No faults at all: a clean inbox (for tests of the shares).
    public static let none: FaultRates = {
        var r = FaultRates()
        r.fullWidthDigits = 0; r.markVariant = 0; r.straySpaces = 0; r.answeredThoughSkipped = 0
        r.exclusiveWithOthers = 0; r.sumMismatch = 0; r.outOfRange = 0; r.invalidMark = 0; r.requiredBlank = 0
        r.insertedRows = 0; r.renamedSheet = 0; r.resubmission = 0; r.zipBundle = 0; r.legacyXLS = 0
        r.encrypted = 0; r.lockFile = 0; r.neverAnswers = 0; r.approximate = 0; r.otherKindFault = 0
        return r
    }()

    /// Whether file-level faults are guaranteed at least once (off for a clean inbox).
    public var guaranteesEachFileFault: Bool { self != .none }
}
