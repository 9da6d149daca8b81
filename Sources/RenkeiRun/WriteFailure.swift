import Foundation
import ReportKit
import SurveyModel
#if canImport(Glibc)
import Glibc
#endif

/// A failure while writing a run's outputs, in one sentence naming the cause and the place: a
/// full disk is 「ディスクの空きがありません」 with ENOSPC and the output folder, not two hundred
/// library lines ending in `Zip generic error ZIP_ERRNO`. Status 3; nothing published.
struct WriteFailure: Error, CustomStringConvertible {
    let description: String

    /// `error` explained: ENOSPC / EDQUOT when the error carries it or the output folder's file
    /// system is full now (libxlsxwriter loses errno on the way), the error as it is otherwise.
    static func explain(_ error: Error, out: String, latest: String) -> Error {
        if error is InternalFailure || error is UsageFailure { return error }
        let code = posixCode(of: error) ?? (isFull(out) ? ENOSPC : nil)
        let kept = "公開していません（\(latest) は変わらず、作業中のフォルダは削除しました）"
        switch code {
        case ENOSPC:
            return WriteFailure(description: "ディスクの空きがありません（ENOSPC）: \(out) に \(place(of: error)) を書いている途中でした。\(kept)")
        case EDQUOT:
            return WriteFailure(description: "ディスクの割り当て量を超えました（EDQUOT）: \(out) に \(place(of: error)) を書いている途中でした。\(kept)")
        default:
            return WriteFailure(description: "\(error)。\(kept)")
        }
    }

    /// The errno an error carries (POSIXError, an output's system call, or a Foundation error's underlying one).
    static func posixCode(of error: Error) -> Int32? {
        if case let ReportError.io(_, _, code) = error { return code }
        return SystemError.code(of: error)
    }

    /// Less than a mebibyte or no inode left where the outputs go.
    static func isFull(_ folder: String) -> Bool {
        var st = statvfs()
        guard statvfs(folder, &st) == 0 else { return false }
        let free = UInt64(st.f_bavail) * UInt64(st.f_frsize)
        return free < 1 << 20 || (st.f_files > 0 && st.f_favail == 0)
    }

    /// The file being written, as the error names it.
    private static func place(of error: Error) -> String {
        switch error {
        case ReportError.workbook(let path, _), ReportError.io(_, let path, _):
            (path as NSString).lastPathComponent
        case Publisher.Failure.io(_, let path, _): (path as NSString).lastPathComponent
        default: "レポート"
        }
    }
}
