import XLSXReader

/// Opens arbitrary bytes as a workbook and reads everything the later stages read.
/// Any XLSXError is a correct answer; a crash, hang or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func readerFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = ContainerKind.sniff(bytes)
    guard let workbook = try? Workbook(bytes: bytes, limits: .fuzzing) else { return 0 }
    _ = workbook.properties
    for name in workbook.definedNames { _ = name.reference }
    // The resolver and scoping rule both of Ingest's reads use.
    for named in workbook.namedCells() { precondition(workbook.sheets.indices.contains(named.sheetIndex)) }
    for i in workbook.sheets.indices {
        guard let sheet = try? workbook.worksheet(at: i) else { continue }
        for cell in sheet.cells.prefix(1000) {
            _ = cell.ref.a1
            _ = cell.date(uses1904: workbook.uses1904Dates)
        }
        if let first = sheet.cells.first { _ = sheet.cell(first.ref) }
    }
    // The selective reads Ingest's fast path uses: on-demand shared strings, skipped cells,
    // a stop at </sheetData>. Every cell returned must be one that was asked for.
    for i in workbook.sheets.indices {
        _ = try? workbook.worksheet(at: i, selecting: .everyCell)
        let wanted = [CellRef(row: 0, column: 0), CellRef(row: 0, column: 3), CellRef(row: 11, column: 3), CellRef(row: 5, column: 1)]
        guard let some = try? workbook.worksheet(at: i, selecting: CellSelection(wanted)) else { continue }
        precondition(some.cells.allSatisfy { wanted.contains($0.ref) }, "a selective read returned a cell not asked for")
    }
    return 0
}

#if FUZZING
// SwiftPM links executables with `main` aliased to `ReaderFuzz_main`, which would hide
// libFuzzer's own `main`; so this entry point hands control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("ReaderFuzz_main")
func readerFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return llvmFuzzerRunDriver(&argc, &argv, readerFuzzOne)
}
#else
/// Without libFuzzer (normal builds) this is a replay tool: `ReaderFuzz FILE...` runs the
/// fuzz function over each file, e.g. to reproduce a crash artifact under a debugger.
@main
struct ReaderFuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let bytes = try? ZipArchive.fileBytes(path) else { print("cannot read \(path)"); continue }
            _ = bytes.withUnsafeBufferPointer { readerFuzzOne($0.baseAddress, $0.count) }
            print("ok \(path)")
        }
    }
}
#endif
