/// Why a workbook could not be read. Each message says what usually causes the problem
/// and what the sender can do, because these texts end up in the ledger and in mails.
public enum XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a ZIP container at all (and not a known legacy format).
    case notAZip
    /// A ZIP that holds no SpreadsheetML workbook part (e.g. a .docx or a plain archive).
    case notASpreadsheet
    /// An OLE2 compound file holding a BIFF workbook: Excel 97–2003 `.xls`.
    case legacyXLS
    /// An OLE2 compound file with an `EncryptionInfo` stream: a password-protected workbook.
    case encrypted
    /// A ZIP entry protected by a password (ZipCrypto, strong encryption or AES): a
    /// password-protected zip, the password usually mailed separately ("PPAP").
    case encryptedEntry(String)
    /// An OpenDocument spreadsheet (`.ods`, LibreOffice / Google export default).
    case ods
    /// The ZIP structure is damaged in a way other than being cut short.
    case corruptZip(String)
    /// The file ends before its ZIP structure does (interrupted upload or copy).
    case truncated
    /// A part the workbook points to is not in the archive.
    case missingPart(String)
    /// An XML part is not well-formed enough to read.
    case malformedXML(part: String, offset: Int, reason: String)
    /// A safety limit of `ReaderLimits` was passed (zip bomb, absurd sheet size, deep nesting).
    case limitExceeded(which: String, limit: Int)
    /// A ZIP entry uses a compression method other than stored (0) or deflate (8).
    case unsupportedCompression(method: Int, entry: String)
    /// No sheet with that name or index.
    case sheetNotFound(String)
    /// The file could not be read from disk.
    case io(path: String, reason: String)

    /// A short stable identifier for logs and the ledger.
    public var kind: String {
        switch self {
        case .notAZip: "notAZip"
        case .notASpreadsheet: "notASpreadsheet"
        case .legacyXLS: "legacyXLS"
        case .encrypted: "encrypted"
        case .encryptedEntry: "encryptedEntry"
        case .ods: "ods"
        case .corruptZip: "corruptZip"
        case .truncated: "truncated"
        case .missingPart: "missingPart"
        case .malformedXML: "malformedXML"
        case .limitExceeded: "limitExceeded"
        case .unsupportedCompression: "unsupportedCompression"
        case .sheetNotFound: "sheetNotFound"
        case .io: "io"
        }
    }

    public var description: String {
        switch self {
        case .notAZip:
            "The file is not an Excel workbook (no ZIP container found). It may be another kind of file renamed to .xlsx; open it in Excel and save it as .xlsx."
        case .notASpreadsheet:
            "The file is a ZIP archive but holds no Excel workbook. It may be a Word/PowerPoint file or an archive; send the .xlsx form itself."
        case .legacyXLS:
            "The file is in the old Excel 97-2003 .xls format. Open it in Excel and save it as .xlsx (Excel Workbook), then send it again."
        case .encrypted:
            "The workbook is password-protected (encrypted), so it cannot be read. Remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and send again."
        case .encryptedEntry(let entry):
            "The ZIP entry '\(entry)' is password-protected, so it cannot be read. Ask the sender for the file itself, not a password-protected zip."
        case .ods:
            "The file is an OpenDocument spreadsheet (.ods). Save it as Excel Workbook (.xlsx) and send it again."
        case .corruptZip(let reason):
            "The workbook file is damaged (\(reason)). Open it in Excel; if it opens, save it again as .xlsx, otherwise ask the sender for a new copy."
        case .truncated:
            "The workbook file is cut short (incomplete upload or copy). Ask the sender to send the file again."
        case .missingPart(let name):
            "The workbook is incomplete: part '\(name)' is missing. It was probably written by a tool that produces invalid files; open and re-save it in Excel."
        case .malformedXML(let part, let offset, let reason):
            "The workbook contains invalid XML in '\(part)' at byte \(offset): \(reason). It was probably written or edited by a non-Excel tool; open and re-save it in Excel."
        case .limitExceeded(let which, let limit):
            "The workbook exceeds the reader's safety limit '\(which)' (\(limit)). Survey forms never come near it; the file is likely not a survey form or is a decompression bomb. Check the file; raise ReaderLimits only if it is genuine."
        case .unsupportedCompression(let method, let entry):
            "The workbook uses ZIP compression method \(method) for '\(entry)', which Excel does not write. Open and re-save it in Excel."
        case .sheetNotFound(let name):
            "The workbook has no sheet '\(name)'. The form may have been renamed or restructured; use the original form."
        case .io(let path, let reason):
            "Cannot read '\(path)': \(reason). Check that the file exists and is readable."
        }
    }
}
