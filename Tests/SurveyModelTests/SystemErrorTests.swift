import Foundation
import Testing
@testable import SurveyModel

/// What an operator reads for a failed system call: Japanese first, the C library's words kept.
@Suite struct SystemErrorTexts {
    @Test func everyErrnoReadsInJapaneseWithTheLibrarysWords() {
        #expect(SystemError.text(ENOSPC) == "ディスクの空きがありません（No space left on device）")
        #expect(SystemError.text(EACCES) == "権限がありません（Permission denied）")
        #expect(SystemError.text(EROFS) == "読み取り専用のファイルシステムです（Read-only file system）")
        // An errno without a Japanese sentence still says what the system said.
        #expect(SystemError.text(EXDEV) == String(cString: strerror(EXDEV)))
    }

    @Test func foundationErrorsAreReadByTheirErrno() {
        let missing = "/nonexistent-\(UUID().uuidString)/x"
        do {
            try FileManager.default.createDirectory(atPath: missing, withIntermediateDirectories: false)
            Issue.record("created \(missing)")
        } catch {
            #expect(SystemError.code(of: error) == ENOENT, "\(error)")
            #expect(SystemError.text(error) == "ファイルまたはフォルダがありません（No such file or directory）", "\(error)")
        }
        #expect(SystemError.code(of: POSIXError(.EDQUOT)) == EDQUOT)
        #expect(SystemError.code(of: CocoaError(.fileWriteOutOfSpace)) == ENOSPC)
    }
}
