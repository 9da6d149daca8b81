import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A system call's failure as the operator reads it: the cause in Japanese, the C library's own
/// words after it in parentheses (what a search or a sysadmin's grep finds).
public enum SystemError {
    public static func text(_ code: Int32) -> String {
        let system = String(cString: strerror(code))
        guard let japanese = japanese[code] else { return system }
        return "\(japanese)（\(system)）"
    }

    /// A Foundation error's cause by its errno when it carries one, else its own description.
    public static func text(_ error: Error) -> String {
        code(of: error).map(text) ?? error.localizedDescription
    }

    /// The errno an error carries (POSIXError, or a Foundation error's underlying POSIX one).
    public static func code(of error: Error) -> Int32? {
        if let p = error as? POSIXError { return p.code.rawValue }
        var e: NSError? = error as NSError
        while let n = e {
            if n.domain == NSPOSIXErrorDomain { return Int32(n.code) }
            e = n.userInfo[NSUnderlyingErrorKey] as? NSError
        }
        if let c = error as? CocoaError {
            switch c.code {
            case .fileWriteOutOfSpace: return ENOSPC
            case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
            case .fileWriteVolumeReadOnly: return EROFS
            case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
            default: return nil
            }
        }
        return nil
    }

    private static let japanese: [Int32: String] = [
        EACCES: "権限がありません", EPERM: "権限がありません",
        ENOSPC: "ディスクの空きがありません", EDQUOT: "ディスクの割り当て量を超えました",
        EROFS: "読み取り専用のファイルシステムです", ENOENT: "ファイルまたはフォルダがありません",
        ENOTDIR: "フォルダではありません", EISDIR: "フォルダです", EEXIST: "すでにあります",
        EMFILE: "開いているファイルが多すぎます", ENFILE: "開いているファイルが多すぎます",
        EIO: "入出力エラーです（ディスクの故障やネットワークの切断）", ENAMETOOLONG: "名前が長すぎます",
        ELOOP: "シンボリックリンクが循環しています", EBUSY: "使用中です", ETXTBSY: "使用中です",
        ENOMEM: "メモリが足りません", EAGAIN: "一時的に使えません", EINTR: "中断されました",
        ESTALE: "ネットワーク上のファイルが無効になりました",
    ]
}
