import Foundation
import Ingest
import SurveyModel
import XLSXReader

/// The whole ingestion of one returned file: sniff, open (or unbundle), identify the form by its
/// meta sheet, extract by anchors, normalize, validate, resolve, ledger. Any rejection with a
/// reason is a correct answer; a crash, hang, trap or sanitizer report is a bug.
let fuzzOptions: IngestOptions = {
    var o = IngestOptions.r5
    o.limits = .fuzzing
    return o
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func ingestFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let result = Ingestion.ingest(inputs: [(id: InputID(path: "fuzz.xlsx"), bytes: bytes, modified: nil)],
                                  options: fuzzOptions)
    // The contract the ledger keeps: every input accounted for, each with a reason.
    precondition(result.summary.balanced, "ledger does not balance")
    for e in result.ledger { precondition(!e.reason.code.isEmpty, "ledger entry without a reason") }
    return 0
}

#if FUZZING
// SwiftPM aliases an executable's `main` to `IngestFuzz_main`; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("IngestFuzz_main")
func ingestFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    _ = fuzzOptions  // build the codebook and master index before the first input is timed
    return llvmFuzzerRunDriver(&argc, &argv, ingestFuzzOne)
}

/// Exempts only what building the process-wide R5 codebook allocates: LeakSanitizer cannot follow
/// a pointer that carries an enum's tag in its spare bits (a `shares:` figure's weights).
@_cdecl("__lsan_default_suppressions")
func leakSanitizerSuppressions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(leakSuppressions.utf8Start).assumingMemoryBound(to: CChar.self)
}
private let leakSuppressions: StaticString = "leak:SurveyModel8CodebookV2r5_WZ\n"
#else
/// Without libFuzzer (normal builds) a replay tool: `IngestFuzz FILE...` runs the fuzz function
/// over each file and prints what the ledger said, e.g. to reproduce a crash artifact.
@main
struct IngestFuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let bytes = try? ZipArchive.fileBytes(path) else { print("cannot read \(path)"); continue }
            let result = Ingestion.ingest(inputs: [(id: InputID(path: (path as NSString).lastPathComponent), bytes: bytes, modified: nil)],
                                          options: fuzzOptions)
            for e in result.ledger { print("\(e.state.rawValue)\t\(e.reason.code)\t\(e.input)") }
        }
    }
}
#endif
