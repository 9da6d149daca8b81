import ArgumentParser

/// Exit statuses of `renkei run` and `renkei validate`, for cron and scripts.
enum ExitStatus: Int32, CaseIterable {
    /// Reports written; no errors in the inputs.
    case clean = 0
    /// Reports written (or validation done), but errors were found in the inputs (疑義) or files were rejected.
    case inputErrors = 1
    /// Bad usage or configuration (unknown option, unreadable codebook or master list).
    case usage = 2
    /// Reading or writing failed (output folder not writable, disk full).
    case io = 3
    /// Another run holds the output folder's lock.
    case locked = 4

    var exitCode: ExitCode { ExitCode(rawValue) }

    static let helpText = """
        EXIT STATUS
          0  reports written, no errors in the inputs
          1  reports written; errors in the inputs or rejected files (issues.csv)
          2  usage or configuration error (bad option, codebook, master list)
          3  I/O failure (output not writable, disk full); latest is kept
          4  another run holds the lock on the output folder
        """
}
