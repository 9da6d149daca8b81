import ArgumentParser
import Foundation
import RenkeiRun

/// The exit-status table meets argument-parser here, so the library needs no parser.
extension ExitStatus {
    var exitCode: ExitCode { ExitCode(rawValue) }

    /// An error that reached `main` uncaught: argument-parser's own usage errors are status 2,
    /// file errors 3, anything else is a bug (never "usage").
    static func of(uncaught error: Error, parserCode: ExitCode) -> ExitStatus {
        if let status = (error as? ExitCode).flatMap({ ExitStatus(rawValue: $0.rawValue) }) { return status }
        if parserCode == .success { return .clean }
        if parserCode == .validationFailure { return .usage }
        if error is CocoaError || error is POSIXError { return .io }
        return .internalError
    }
}
