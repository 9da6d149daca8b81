import Foundation

/// One word for each thing a reader sees named in a report, a query workbook or a form: every
/// column heading is a `Term`, and the covers' 用語・凡例 explains the terms a workbook uses from
/// `explanation`. A concept has exactly one name (`rawValue`); the names it used to go by in
/// some sheets (`retired`) are never a heading again (a test reads every heading back).
public enum Term: String, CaseIterable, Sendable {
    // Who answered.
    case code = "団体コード"
    case body = "団体名"
    case prefectureCode = "都道府県コード"
    case prefecture = "都道府県"
    case municipalityKind = "市町村区分"
    case respondent = "回答者"
    case form = "調査票"
    case coordinatorNumber = "コーディネーター番号"
    case answered = "回答状況"
    // What was returned.
    case file = "ファイル"
    case fileCount = "提出ファイル数"
    case modified = "保存日時"
    case state = "状態"
    case sheet = "シート"
    case cell = "セル"
    case reason = "理由"
    case identified = "回答者の特定"
    // Questions and answers.
    case questionNumber = "問番号"
    case question = "設問"
    case options = "選択肢"
    case optionOrItem = "選択肢・項目"
    case written = "記入値"
    case answer = "回答"
    case number = "数値"
    case rating = "評価"
    // Counts and shares.
    case n = "n"
    case count = "件数"
    case percent = "％"
    case noAnswer = "無回答"
    case notApplicable = "非該当"
    case dash = "－"
    case chosen = "○"
    case total = "合計"
    case municipalities = "市町村数"
    case expected = "対象数"
    case received = "回収数"
    case rate = "回収率"
    case notReturned = "未回収の市町村"
    case reportedCoordinators = "配置人数"
    case files = "ファイル数"
    // The previous survey (前回調査) — never last night's publication (前回公開).
    case currentPercent = "今回％"
    case previousCount = "前回件数"
    case previousPercent = "前回％"
    case difference = "差（pt）"
    case new = "新設"
    // 場面・テーマ.
    case categoryKind = "場面・テーマの別"
    case category = "場面・テーマ"
    case withInitiative = "取組あり"
    case withoutInitiative = "取組なし"
    case indicator = "指標"
    // Issues and the query loop.
    case error = "エラー"
    case check = "確認"
    case severity = "重要度"
    case rule = "ルール"
    case issue = "疑義の内容"
    case respondentsWithIssues = "疑義のある回答者数"
    case unappliedReply = "未反映の回答"
    case action = "対応"
    case correctedValue = "修正後の値"
    case note = "備考"
    case replier = "記入者"
    case repliedOn = "記入日"
    case outcome = "結果"
    case correctionKind = "種別"
    case line = "行"
    // 前回公開からの変更: last night's publication against this one.
    case change = "変更"
    case ruleOrState = "ルール・状態"
    // The cover.
    case survey = "調査"
    case surveyYear = "調査年度"
    case surveyVersion = "調査票の版"
    case asOf = "集計基準日時"
    case runNumber = "集計番号"
    case previousSurveyVersion = "前回調査の調査票の版"
    case previousSurveyAsOf = "前回調査の集計基準日時"
    case contents = "内容"
    case term = "用語"
    case meaning = "意味"

    /// What the term means, one sentence for a reader who has not seen the survey.
    public var explanation: String {
        switch self {
        case .code: "全国地方公共団体コード（6桁、最後の1桁は検査数字）。コーディネーターは所属する市区町村・都道府県のコード。"
        case .body: "回答した市区町村・都道府県の名前。コーディネーターは所属する市区町村・都道府県の名前。"
        case .prefectureCode: "都道府県の2桁の番号（団体コードの上2桁）。"
        case .prefecture: "都道府県の名前。"
        case .municipalityKind: "指定都市・市・特別区・町・村の別。"
        case .respondent: "調査票を提出する団体（市区町村・都道府県）またはコーディネーター。照会に記入して返送する人は「記入者」。"
        case .form: "回答者が記入する調査票の種類。"
        case .coordinatorNumber: "同じ市区町村・都道府県に所属するコーディネーターを区別する1～99の番号。"
        case .answered: "その調査票を受理したか（回答・未回収）。"
        case .file: "提出されたファイルの名前。"
        case .fileCount: "その回答者から届いたファイルの数（再提出を含む）。"
        case .modified: "ファイルが保存された日時（日本時間）。"
        case .state: "提出ファイルの扱い（受理・エラーありで受理・置換・不受理など）。"
        case .sheet: "調査票ファイルのシート名。"
        case .cell: "調査票ファイルで記入されたセル（シート名とセル番地）。"
        case .reason: "ファイルを受け付けなかった理由と、再送の際に直すこと。"
        case .identified: "回答者を記入内容から確定したか、ファイル名の団体コードから推定したか。"
        case .questionNumber: "調査票に印刷された設問の番号。"
        case .question: "設問の文。"
        case .options: "その設問の選択肢と番号。回答は番号で記入できる。"
        case .optionOrItem: "集計表の行：選択肢、数値の区分・統計量（合計・平均など）、n、無回答。"
        case .written: "回答者が記入したままの値。"
        case .answer: "回答者の回答（選択肢名、選んだ選択肢の○、数値、記述）。"
        case .number: "数値で答える設問の回答（人数・件数など）。"
        case .rating: "段階で答える設問の回答（選んだ段階の番号と名前）。"
        case .n: "％の分母となる回答者の数（下の「％」を参照）。"
        case .count: "その選択肢を選んだ、またはその区分に当たる回答者の数。"
        case .percent: "件数 ÷ n。複数回答の設問は合計が100％を超えることがある。"
        case .noAnswer: "設問の対象なのに回答がない、または使えない回答（エラー）だった回答者の数。"
        case .notApplicable: "前の設問の回答により、その設問の対象外となった回答者。n にも無回答にも含めない。"
        case .dash: "分母が 0 のため割合を計算できない、または前回調査に対応する値がないことを示す。"
        case .chosen: "都道府県の集計表で、その都道府県が選んだ選択肢（1団体の回答のため％でなく回答そのもの）。"
        case .total: "行または列の合計。"
        case .municipalities: "市町村名簿にある市区町村の数。"
        case .expected: "その調査票を提出すべき回答者の数（名簿のない調査票は示さない）。"
        case .received: "受理した回答の数（同じ回答者の再提出は1件）。"
        case .rate: "回収数 ÷ 対象数。"
        case .notReturned: "その調査票をまだ受理していない市町村の数。"
        case .reportedCoordinators: "市町村が自らの調査票で回答したコーディネーターの配置人数。"
        case .files: "その状態の提出ファイルの数。"
        case .currentPercent: "今回の調査の％。"
        case .previousCount: "前回調査の件数（今回の設問・選択肢に合わせて集計）。前日の公開分との比較ではない。"
        case .previousPercent: "前回調査の％（今回と同じ n と％の定義）。"
        case .difference: "今回の％ − 前回調査の％（ポイント。＋は増加、−は減少）。"
        case .new: "今回の調査で新しく設けた設問・選択肢（前回調査に対応する値がない）。"
        case .categoryKind: "場面（在宅医療の場面）かテーマ（横断的なテーマ）か。"
        case .category: "取組を分類する場面またはテーマ。"
        case .withInitiative: "その場面・テーマの取組がある市町村の数。"
        case .withoutInitiative: "その場面・テーマの取組がない市町村の数。"
        case .indicator: "主な指標（設問の選択肢を選んだ回答者の割合など）。"
        case .error: "回答として使えなかった箇所の数（疑義のうち重要度がエラーのもの）。"
        case .check: "内容の確認をお願いしたい箇所の数（疑義のうち重要度が確認のもの）。"
        case .severity: "エラー（回答として使えない）または確認（内容の確認をお願いしたい）。"
        case .rule: "疑義を見つけた点検の種類。"
        case .issue: "確認していただきたいこと（疑義）の内容。"
        case .respondentsWithIssues: "疑義が1件以上ある回答者の数。"
        case .unappliedReply: "以前の照会票でいただいた回答のうち、反映しなかったものとその理由（もう一度お尋ねします）。"
        case .action: "照会への対応：修正する・このままで正しい・その他。"
        case .correctedValue: "修正する場合の正しい値（選択肢は番号、複数回答は「1、3」のように）。"
        case .note: "補足。「その他」を選んだときはその内容。"
        case .replier: "照会票に記入した人（所属・氏名）。"
        case .repliedOn: "照会票に記入した日。"
        case .outcome: "照会への回答を反映したか（修正・確認済み・反映せず・置換・照会継続）。"
        case .correctionKind: "修正の出どころ（照会回答・事務局修正）。"
        case .line: "照会への回答ファイルの行番号。"
        case .change: "前回公開した集計から今回までに変わったこと（新しいファイル、疑義の発生・解消・確認、修正）。"
        case .ruleOrState: "疑義のルール、または修正の種別。"
        case .survey: "調査の名前。"
        case .surveyYear: "調査の年度。"
        case .surveyVersion: "集計に使った調査票の年度・版（調査票の定義ファイルの版）。"
        case .asOf: "集計に含めた回答のうち、最も新しいものが保存された日時（日本時間）。これより後に届いた回答は含まない。"
        case .runNumber: "この集計の入力（受理した回答と修正）から作った番号。番号が同じなら同じ入力から作った同じ集計。"
        case .previousSurveyVersion: "前回調査の調査票の年度・版。"
        case .previousSurveyAsOf: "前回調査の集計基準日時。"
        case .contents: "そのシートに載っているもの。"
        case .term: "表で使う言葉・記号。"
        case .meaning: "その言葉・記号の意味。"
        }
    }

    /// Names this concept went by in some sheets before it had one: never a heading now.
    public var retired: [String] {
        switch self {
        case .body: ["市区町村名", "名称", "所属自治体", "自治体名"]
        case .code: ["所属団体コード"]
        case .coordinatorNumber: ["番号"]
        case .municipalityKind: ["区分"]
        case .replier: ["回答者名"]
        case .repliedOn: ["回答日"]
        case .written: ["元の値"]
        case .issue: ["内容（確認していただきたいこと）"]
        case .received: ["受理した回答"]
        case .question: ["設問の内容"]
        case .state: ["状況"]
        case .unappliedReply: ["前回の回答（反映しなかった理由）", "前回の回答", "反映しなかった回答"]
        case .currentPercent: ["今回"]
        case .previousPercent: ["前回"]
        case .respondentsWithIssues: ["対象回答者数"]
        case .surveyVersion: ["調査票定義"]
        case .previousSurveyVersion: ["前回調査の調査票定義"]
        default: []
        }
    }

    /// The term a heading cell reads as (line breaks placed for a narrow column ignored).
    public init?(heading: String) {
        if let t = Self.spelled(heading) { self = t; return }
        // Every written cell asks: filtering and trimming (Foundation) only a text they would change.
        guard Self.mayHaveBreaksOrPadding(heading),
              let t = Self.spelled(heading.filter { !$0.isNewline }.trimmingCharacters(in: .whitespaces)) else { return nil }
        self = t
    }

    /// The term spelled exactly `text`, byte for byte: a 16-bit fingerprint of the bytes names the
    /// one candidate. A Japanese String key was normalised (NFC) and SipHashed for each of the
    /// ~190,000 cells a run writes, ~2,300 instructions a cell.
    static func spelled(_ text: String) -> Term? {
        let n = text.utf8.count
        guard n <= longest else { return nil }
        func isSpelling(_ t: Term) -> Bool { t.rawValue.utf8.count == n && t.rawValue.utf8.elementsEqual(text.utf8) }
        switch bySpelling[fingerprint(text)] {
        case 0: return nil
        case collided: return allCases.first(where: isSpelling)
        case let slot:
            let t = allCases[Int(slot) - 1]
            return isSpelling(t) ? t : nil
        }
    }

    /// Slot per fingerprint: 0 none, a term's index + 1, or `collided` (two terms share it: compare each).
    private static let bySpelling: [UInt16] = {
        var slots = [UInt16](repeating: 0, count: 1 << 16)
        for (i, t) in allCases.enumerated() {
            let f = fingerprint(t.rawValue)
            slots[f] = slots[f] == 0 ? UInt16(i + 1) : collided
        }
        return slots
    }()
    private static let collided = UInt16.max

    /// FNV-1a over the UTF-8 bytes, folded to 16 bits.
    static func fingerprint(_ text: String) -> Int {
        let h = text.utf8.withContiguousStorageIfAvailable(FNV1a.hash) ?? FNV1a.hash(text.utf8)
        return Int(truncatingIfNeeded: (h ^ (h >> 32) ^ (h >> 16)) & 0xFFFF)
    }

    /// Whether dropping newlines and trimming whitespace could change `text`: a newline scalar
    /// anywhere, or a first or last scalar that may be whitespace.
    static func mayHaveBreaksOrPadding(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return false }
        if mayBeWhitespace(first) || mayBeWhitespace(last) { return true }
        return text.utf8.withContiguousStorageIfAvailable(hasLineBreak) ?? Array(text.utf8).withUnsafeBufferPointer(hasLineBreak)
    }

    /// A line-break scalar (U+000A–U+000D, U+0085, U+2028, U+2029) in UTF-8 bytes: decoding the
    /// scalars of every written cell to look for one cost ~20 instructions a character.
    static func hasLineBreak(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in b.indices {
            switch b[i] {
            case 0x0A ... 0x0D: return true
            case 0x85 where i >= 1 && b[i - 1] == 0xC2: return true  // C2 85
            case 0xA8 ... 0xA9 where i >= 2 && b[i - 1] == 0x80 && b[i - 2] == 0xE2: return true  // E2 80 A8/A9
            default: continue
            }
        }
        return false
    }

    /// A superset of CharacterSet.whitespaces (every Zs scalar, and tab) by value alone: asking
    /// each scalar its general category cost every written cell a Unicode table lookup.
    static func mayBeWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0 ... 0x20, 0x7F ... 0xA0, 0x1680, 0x180E, 0x2000 ... 0x200B, 0x2028 ... 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF: true
        default: false
        }
    }

    /// UTF-8 length of the longest term: longer text is no term (a quick test for every cell written).
    public static let longest = allCases.map { $0.rawValue.utf8.count }.max() ?? 0

    /// The heading broken at word boundaries for a column `width` half-width characters wide
    /// (never mid-word, as `都道府県コ/ード`): the text itself when it fits on one line.
    public func heading(width: Int) -> String {
        guard TextUnits.count(rawValue) > width, let parts = Self.words[self] else { return rawValue }
        var lines: [String] = [], line = ""
        for p in parts {
            if !line.isEmpty && TextUnits.count(line + p) > width { lines.append(line); line = "" }
            line += p
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// Whether the heading has places to break between words.
    public var breaks: Bool { Self.words[self] != nil }

    /// Where a long heading may break.
    static let words: [Term: [String]] = [
        .code: ["団体", "コード"], .prefectureCode: ["都道府県", "コード"], .coordinatorNumber: ["コーディネーター", "番号"],
        .questionNumber: ["問", "番号"], .correctedValue: ["修正後", "の値"], .municipalityKind: ["市町村", "区分"],
        .unappliedReply: ["未反映", "の回答"], .respondentsWithIssues: ["疑義のある", "回答者数"],
        .notReturned: ["未回収の", "市町村"], .fileCount: ["提出", "ファイル数"], .identified: ["回答者の", "特定"],
        .issue: ["疑義の", "内容"], .severity: ["重要", "度"], .answered: ["回答", "状況"], .modified: ["保存", "日時"],
        .reportedCoordinators: ["配置", "人数"], .withInitiative: ["取組", "あり"], .withoutInitiative: ["取組", "なし"],
        .previousCount: ["前回", "件数"], .previousPercent: ["前回", "％"], .currentPercent: ["今回", "％"],
    ]
}

/// Widths in half-width characters (a full-width character is two), as a spreadsheet column counts them.
public enum TextUnits {
    public static func count(_ s: some StringProtocol) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ($1.value < 0x2E80 || (0xFF61...0xFF9F).contains($1.value) ? 1 : 2) }
    }
}

/// How every date, time and count is written wherever a reader sees it: one format each.
public enum Shown {
    /// `2023/08/25 13:14` in `zone` (reports say 日本時間 where it matters).
    public static func dateTime(_ date: Date, zone: TimeZone) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return dateTime(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0, hour: c.hour ?? 0, minute: c.minute ?? 0)
    }

    /// The same format from its parts (for callers that already split the date).
    public static func dateTime(year: Int, month: Int, day: Int, hour: Int, minute: Int) -> String {
        zeroPadded(year, 4) + "/" + zeroPadded(month, 2) + "/" + zeroPadded(day, 2) + " " + zeroPadded(hour, 2) + ":" + zeroPadded(minute, 2)
    }

    /// `String(format: "%0*d", width, n)` without CFString formatting (~12,000 instructions a call).
    public static func zeroPadded(_ n: Int, _ width: Int) -> String {
        let digits = String(n.magnitude)
        let zeros = width - digits.utf8.count - (n < 0 ? 1 : 0)
        return (n < 0 ? "-" : "") + (zeros > 0 ? String(repeating: "0", count: zeros) + digits : digits)
    }

    /// The Excel number format of the same: dates written as date cells read the same as text ones.
    public static let dateTimeFormat = "yyyy/mm/dd hh:mm"

    /// 「令和5年度 第1版」 for the codebook version `R5-1`; any other version as written.
    public static func version(_ v: String) -> String {
        let parts = v.split(separator: "-")
        guard parts.count == 2, parts[0].first == "R", let year = Int(parts[0].dropFirst()), let n = Int(parts[1]) else { return v }
        return "令和\(year)年度 第\(n)版"
    }

    /// 1,738: thousands separated, as the tables' `#,##0`.
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "−" : "") + out
    }
}

extension Question {
    /// 「設問の文（単一回答）」: the label and how it is answered, said once (a question labelled
    /// 自由記述 is not 「自由記述（自由記述）」).
    public var labelWithKind: String { label.hasSuffix(kind.name) ? label : label + "（" + kind.name + "）" }
}
