/// Why an input was not read as a survey form. Each message tells the respondent what to do,
/// because these sentences go into the ledger and into the mail sent back (疑義照会).
public enum RejectReason: Error, Sendable, Equatable {
    case legacyXLS
    case encrypted
    /// A member of a password-protected zip ("PPAP"): the same answer, and how to send instead.
    case encryptedZip
    case ods
    case pdf
    case emptyFile
    /// Not a spreadsheet at all (an image, a Word file, text …).
    case notAWorkbook
    /// A zip archive with no workbook inside.
    case bundleWithoutWorkbook
    case corrupt(String)
    case tooLarge(String)
    case unreadable(String)
    /// A sub-folder of the inbox that cannot be listed: the files in it are unknown.
    case unreadableFolder(String)
    case vanished
    case symlink
    /// A workbook without our meta sheet: not made by `renkei template`, or rebuilt by hand.
    case notASurveyForm
    case otherVersion(found: String, expected: String)
    case codeMismatch(written: String, form: String)
    case checkDigit(String)
    case unknownCode(String)
    case missingCode
    case coordinatorNumber(String?)
    /// A corrections file (`corrections/*.csv`) without the columns it is read by.
    case correctionsWithoutHeader
    /// A corrections file in an encoding other than UTF-8 or CP932.
    case correctionsEncoding

    public var reason: Reason {
        switch self {
        case .legacyXLS:
            Reason("legacy-xls", "Excel 97-2003形式(.xls)です。.xlsx形式（Excelブック）で保存し直して再送してください。")
        case .encrypted:
            Reason("encrypted", Self.encryptedMessage)
        case .encryptedZip:
            Reason("encrypted", Self.encryptedMessage
                   + "パスワード付きZIPファイルは開けません。ZIPにパスワードを付けず、調査票ファイル（.xlsx）そのものを送付してください。")
        case .ods:
            Reason("ods", "OpenDocument形式(.ods)です。Excelブック(.xlsx)形式で保存し直して再送してください。")
        case .pdf:
            Reason("pdf", "PDFファイルです。回答はExcelの調査票(.xlsx)に入力して送付してください。")
        case .emptyFile:
            Reason("empty-file", "ファイルが空（0バイト）です。送信時に破損した可能性があります。調査票を再送してください。")
        case .notAWorkbook:
            Reason("not-a-workbook", "Excelブック(.xlsx)ではありません。配布した調査票(.xlsx)に回答を入力して送付してください。")
        case .bundleWithoutWorkbook:
            Reason("bundle-without-workbook", "ZIPファイルの中にExcelの調査票(.xlsx)がありません。調査票を同封して再送してください。")
        case .corrupt(let detail):
            Reason("corrupt", "ファイルが破損しているため読み込めません（\(detail)）。Excelで開けるか確認のうえ、保存し直して再送してください。")
        case .tooLarge(let detail):
            Reason("too-large", "調査票としては大きすぎる、または異常な構造のファイルです（\(detail)）。配布した調査票に入力して再送してください。")
        case .unreadable(let detail):
            Reason("unreadable", "ファイルを読み取れません（\(detail)）。アクセス権を確認してください。")
        case .unreadableFolder(let detail):
            Reason("unreadable-folder", "フォルダを読み取れません（\(detail)）。中のファイルは読み込まれていません。フォルダのアクセス権を確認して再実行してください。")
        case .vanished:
            Reason("vanished", "読み込み中にファイルが見つからなくなりました。受付フォルダを確認して再実行してください。")
        case .symlink:
            Reason("symlink", "シンボリックリンクのため読み込みません。実ファイルを受付フォルダに置いてください。")
        case .notASurveyForm:
            Reason("not-a-survey-form", "本調査の調査票ではありません（様式の識別情報がありません）。配布した調査票に回答を入力して再送してください。")
        case .otherVersion(let found, let expected):
            Reason("other-version", "この調査票は別の版（\(found)、今回は\(expected)）です。最新の様式に転記して再送してください。")
        case .codeMismatch(let written, let form):
            Reason("code-mismatch", "記入された団体コード「\(written)」が、この調査票の送付先（\(form)）と一致しません。送付された貴団体用の調査票に回答してください。")
        case .checkDigit(let code):
            Reason("check-digit", "団体コード「\(code)」の検査数字が正しくありません。6桁の団体コード（検査数字付き）を確認して再送してください。")
        case .unknownCode(let code):
            Reason("unknown-code", "団体コード「\(code)」は全国地方公共団体コードの一覧にありません。所属自治体の6桁の団体コードを確認して再送してください。")
        case .missingCode:
            Reason("missing-code", "団体コードが記入されていません。所属自治体の6桁の団体コードを記入して再送してください。")
        case .correctionsWithoutHeader:
            Reason("corrections-without-header", "修正ファイル（corrections/*.csv）に必要な列（respondent、question_id、対応）がありません。疑義照会票と同じ見出しの列で作成してください。")
        case .correctionsEncoding:
            Reason("corrections-encoding", "修正ファイル（corrections/*.csv）の文字コードを読めません。受け付ける文字コードはUTF-8（BOMの有無は問いません）とShift_JIS（CP932、日本語版ExcelのCSV）です。どちらかで保存し直してください。")
        case .coordinatorNumber(let written):
            Reason("coordinator-number", "コーディネーター番号\(written.map { "「\($0)」" } ?? "")が正しくありません。所属自治体内で重複しない1～99の番号を記入して再送してください。")
        }
    }
}

/// Inputs that are not submissions at all: editor and OS litter, and the documents that travel
/// with a return (送付状, 依頼文, scans, forwarded mail). Not errors: nothing is sent back.
public enum SkipReason: Sendable, Equatable {
    case lockFile
    case osLitter
    /// A Word, PowerPoint or other office document that is not a spreadsheet; the kind in words.
    case officeDocument(String)
    case pdf
    case image
    case mail

    public var reason: Reason {
        switch self {
        case .lockFile: Reason("lock-file", "Excelが作業中に作る一時ファイル（~$…）のため対象外です。")
        case .osLitter: Reason("os-litter", "OSが作る管理用ファイルのため対象外です。")
        case .officeDocument(let kind):
            Reason("office-document", "\(kind)のため集計の対象外です（送付状などの添付書類）。回答が調査票(.xlsx)で届いていれば対応は不要です。")
        case .pdf:
            Reason("pdf", "PDFファイルのため集計の対象外です（送付状などの添付書類）。回答をPDFだけで送ってきた場合は、調査票(.xlsx)での送付を依頼してください。")
        case .image:
            Reason("image", "画像ファイルのため集計の対象外です。回答を写真やスキャン画像だけで送ってきた場合は、調査票(.xlsx)での送付を依頼してください。")
        case .mail:
            Reason("mail", "メールのファイル（.eml/.msg）のため集計の対象外です。添付の調査票は取り出して受付フォルダに置いてください。")
        }
    }
}

extension RejectReason {
    static let encryptedMessage = "パスワードで保護（暗号化）されているため読み込めません。パスワードを解除して保存し、再送してください。"

    /// A zip inside a zip inside a zip: one level of bundling is what forwarding produces.
    static let nestedTooDeep = Reason("nested-bundle", "ZIPファイルの中のZIPファイルがさらにZIPを含んでいます。調査票(.xlsx)を直接、またはZIP1段で送付してください。")
}
