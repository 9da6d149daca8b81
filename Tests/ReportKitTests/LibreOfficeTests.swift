import Foundation
import Testing
@testable import ReportKit

/// Opens the workbooks in LibreOffice (headless PDF export) when asked: `REPORTKIT_LIBREOFFICE=1`
/// (as `make verify` may set). A file LibreOffice must repair converts to nothing or fails.
@Suite("LibreOffice opens the workbooks", .enabled(if: ProcessInfo.processInfo.environment["REPORTKIT_LIBREOFFICE"] != nil))
struct LibreOfficeTests {
    @Test func convertsToPDF() throws {
        let (folder, _) = try Fixture.write()
        let out = folder + "/pdf"
        let profile = "file://" + NSTemporaryDirectory() + "reportkit-lo-profile"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["soffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf", "--outdir", out,
                       folder + "/全国集計.xlsx", folder + "/prefectures/13_東京都.xlsx"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        for name in ["全国集計.pdf", "13_東京都.pdf"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: out + "/" + name)[.size] as? NSNumber)?.intValue ?? 0
            #expect(size > 10_000, "\(name) was not produced")
        }
    }
}
