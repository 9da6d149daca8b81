import CXlsxWriter
import Foundation

/// One .xlsx file being built. Add sheets, write, then `close()` to write the file.
///
/// Not Sendable: libxlsxwriter keeps mutable state per workbook, so one thread at a time
/// uses a workbook. Separate workbooks on separate threads are fine (each has its own
/// temp files and zip stream); build each one inside the task that writes it.
public final class WorkbookWriter {
    /// The document properties shown in Excel's File ▸ Info (docProps/core.xml, app.xml).
    public struct Properties: Hashable, Sendable {
        public var title: String?
        public var subject: String?
        public var author: String?
        public var manager: String?
        public var company: String?
        public var category: String?
        public var keywords: String?
        public var comments: String?
        public var status: String?
        public init(title: String? = nil, subject: String? = nil, author: String? = nil,
                    manager: String? = nil, company: String? = nil, category: String? = nil,
                    keywords: String? = nil, comments: String? = nil, status: String? = nil) {
            self.title = title
            self.subject = subject
            self.author = author
            self.manager = manager
            self.company = company
            self.category = category
            self.keywords = keywords
            self.comments = comments
            self.status = status
        }
    }

    /// The created/modified time written to docProps/core.xml (zip entry times are always
    /// 1980-01-01, set by the library, so this is the only clock in the file).
    public enum CreationDate: Hashable, Sendable {
        /// A constant (2000-01-01T00:00:00Z), so the same calls give a byte-identical file.
        case fixed
        /// A chosen instant, e.g. the survey's reference date; still deterministic.
        case at(Date)
        /// The wall clock at `close()`; output then differs run to run.
        case now

        /// 2000-01-01T00:00:00Z; any nonzero value works, 0 means "now" to the library.
        public static let fixedInstant = Date(timeIntervalSince1970: 946_684_800)

        var timeT: time_t {
            switch self {
            case .fixed: return time_t(Self.fixedInstant.timeIntervalSince1970)
            case let .at(date): return max(1, time_t(date.timeIntervalSince1970))
            case .now: return 0
            }
        }
    }

    public struct Options: Sendable {
        /// Font for every cell whose format names none.
        public var defaultFont: Font
        /// Directory for libxlsxwriter's temp files; nil uses the system default.
        public var temporaryDirectory: String?
        public init(defaultFont: Font = .yuGothic, temporaryDirectory: String? = nil) {
            self.defaultFont = defaultFont
            self.temporaryDirectory = temporaryDirectory
        }

        /// `/dev/shm` when it is a writable folder and neither TMP nor TEMP names another place,
        /// else nil (the library's own choice: TMP, TEMP, /tmp, the current folder).
        ///
        /// The library writes every XML part of a workbook to a temp file, then reads it back
        /// into the zip: about twenty files created, written, read and deleted per workbook.
        /// On a disk-backed /tmp that filesystem work is a good part of a small workbook's cost;
        /// in memory it is not. Should /dev/shm fail anyway, the library tries the others.
        public static let memoryTemporaryDirectory: String? = {
            let env = ProcessInfo.processInfo.environment
            if env["TMP"] != nil || env["TEMP"] != nil { return nil }
            let shm = "/dev/shm"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: shm, isDirectory: &isDirectory), isDirectory.boolValue,
                  access(shm, W_OK | X_OK) == 0 else { return nil }
            return shm
        }()
    }

    public let path: String
    private(set) var handle: UnsafeMutablePointer<lxw_workbook>?
    let formats: FormatCache
    private var sheetNames: Set<String> = []
    private var tmpdir: UnsafeMutablePointer<CChar>?
    public private(set) var sheets: [SheetWriter] = []

    /// Starts a workbook that `close()` will write to `path`.
    public init(path: String, properties: Properties = .init(), creationDate: CreationDate = .fixed,
                options: Options = .init()) throws {
        self.path = path
        // The library keeps the tmpdir pointer, so it must live as long as the workbook.
        tmpdir = options.temporaryDirectory.flatMap { strdup($0) }
        var libraryOptions = lxw_workbook_options(constant_memory: 0, tmpdir: tmpdir, use_zip64: 0)
        guard let workbook = workbook_new_opt(path, &libraryOptions) else {
            free(tmpdir)
            throw WriterError.cannotWriteFile(path: path, message: "libxlsxwriter could not allocate a workbook")
        }
        handle = workbook
        formats = FormatCache(workbook: workbook, defaultFont: options.defaultFont)
        try setProperties(properties, creationDate: creationDate)
    }

    deinit {
        // A workbook dropped without close() is discarded, not written.
        if let handle { lxw_workbook_free(handle) }
        free(tmpdir)
    }

    func live() throws -> UnsafeMutablePointer<lxw_workbook> {
        guard let handle else { throw WriterError.workbookClosed }
        return handle
    }

    private func setProperties(_ p: Properties, creationDate: CreationDate) throws {
        let workbook = try live()
        // The library copies every string, so temporary C copies are freed right after.
        let fields = [p.title, p.subject, p.author, p.manager, p.company, p.category,
                      p.keywords, p.comments, p.status].map { $0.flatMap { strdup($0) } }
        defer { fields.forEach { free($0) } }
        var props = lxw_doc_properties()
        props.title = fields[0]
        props.subject = fields[1]
        props.author = fields[2]
        props.manager = fields[3]
        props.company = fields[4]
        props.category = fields[5]
        props.keywords = fields[6]
        props.comments = fields[7]
        props.status = fields[8]
        props.created = creationDate.timeT
        try check(workbook_set_properties(workbook, &props), "workbook_set_properties")
    }

    /// Adds a worksheet. Names follow Excel's rules (≤ 31 chars, no `[]:*?/\`, unique).
    @discardableResult
    public func addSheet(_ name: String) throws -> SheetWriter {
        let workbook = try live()
        try Self.validateSheetName(name)
        if sheetNames.contains(name.lowercased()) { throw WriterError.duplicateSheetName(name) }
        let result = workbook_validate_sheet_name(workbook, name)
        switch result {
        case LXW_NO_ERROR: break
        case LXW_ERROR_SHEETNAME_ALREADY_USED: throw WriterError.duplicateSheetName(name)
        default: throw WriterError.invalidSheetName(name: name, reason: WriterError.message(for: result))
        }
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw WriterError.library(call: "workbook_add_worksheet", code: -1,
                                      message: "the library rejected sheet name '\(name)'")
        }
        sheetNames.insert(name.lowercased())
        let writer = SheetWriter(workbook: self, handle: sheet, name: name)
        sheets.append(writer)
        return writer
    }

    /// Checks a sheet name against Excel's rules, with a reason a user can act on.
    public static func validateSheetName(_ name: String) throws {
        if name.isEmpty { throw WriterError.invalidSheetName(name: name, reason: "a sheet name cannot be empty") }
        // Excel counts UTF-16 units; Japanese names fit 31 characters the same as ASCII.
        if name.utf16.count > 31 {
            throw WriterError.invalidSheetName(
                name: name, reason: "\(name.utf16.count) characters; Excel allows at most 31")
        }
        let forbidden = Set("[]:*?/\\")
        if let bad = name.first(where: { forbidden.contains($0) }) {
            throw WriterError.invalidSheetName(name: name, reason: "contains '\(bad)'; Excel forbids [ ] : * ? / \\")
        }
        if name.hasPrefix("'") || name.hasSuffix("'") {
            throw WriterError.invalidSheetName(name: name, reason: "cannot start or end with an apostrophe")
        }
        if name.lowercased() == "history" {
            throw WriterError.invalidSheetName(name: name, reason: "'History' is reserved by Excel")
        }
    }

    /// Names a range or constant for formulas: `defineName("回答範囲", refersTo: "=Sheet1!$A$1:$A$9")`.
    /// A sheet-local name is written `Sheet!Name` (quote a sheet with spaces: `'My Sheet'!Name`).
    public func defineName(_ name: String, refersTo formula: String) throws {
        try check(workbook_define_name(try live(), name, formula), "workbook_define_name")
    }

    /// Names a range: workbook-global, or local to `localTo` sheet when given.
    public func defineName(_ name: String, range: SheetRange, localTo sheet: String? = nil) throws {
        let qualified = sheet.map { A1.quotedSheetName($0) + "!" + name } ?? name
        try defineName(qualified, refersTo: range.formula)
    }

    /// Creates a chart; place it with `SheetWriter.insertChart`.
    public func addChart(_ kind: ChartWriter.Kind) throws -> ChartWriter {
        guard let chart = workbook_add_chart(try live(), kind.lxw) else {
            throw WriterError.library(call: "workbook_add_chart", code: -1, message: "could not create chart")
        }
        return ChartWriter(workbook: self, handle: chart, kind: kind)
    }

    /// Writes the file and releases the workbook. Call once; later calls throw `workbookClosed`.
    public func close() throws {
        let workbook = try live()
        handle = nil  // workbook_close frees the workbook whether or not it succeeds
        // Workbooks close in parallel: CGmtime gives the library's gmtime() a buffer per thread.
        let result = workbook_close(workbook)
        switch result {
        case LXW_NO_ERROR: return
        case LXW_ERROR_CREATING_XLSX_FILE:
            throw WriterError.cannotWriteFile(path: path, message: Self.whyUnwritable(path, errno: errno))
        default:
            try check(result, "workbook_close")
        }
    }

    /// The library only says "usually a permissions error"; look at the folder to say which.
    static func whyUnwritable(_ path: String, errno code: Int32) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            return "the folder \(folder) does not exist"
        }
        if !isDirectory.boolValue { return "\(folder) is not a folder" }
        if !FileManager.default.isWritableFile(atPath: folder) {
            return "no permission to write in \(folder)"
        }
        if FileManager.default.fileExists(atPath: path), !FileManager.default.isWritableFile(atPath: path) {
            return "the existing file is read-only or locked (is it open in Excel?)"
        }
        return String(cString: strerror(code))
    }

    /// Number of distinct cell and conditional formats created so far (for diagnostics).
    public var formatCount: Int { formats.count }
}
