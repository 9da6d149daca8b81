import SurveyModel
import Testing
@testable import RenkeiRun

/// The summary text handed to the notify command in its environment: whole when it fits, else
/// whole lines from its start, always within the limit (past the kernel's, the command would not start).
@Suite struct NotifyTextTests {
    @Test func summaryTextFitsTheEnvironmentAndKeepsWholeLines() {
        var rng = SplitMix64(seed: 2026)
        let pieces = ["保留（公開せず）", "renkei.yaml:3: キー", "a", "受理 3220、", "疑義照会/13_東京都.xlsx", ""]
        for _ in 0..<300 {
            let lines = (0..<Int(rng.next() % 2_000)).map { _ in
                (0..<Int(rng.next() % 12)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            }
            let text = lines.joined(separator: "\n")
            let short = Notify.shortened(text)
            #expect(short.utf8.count <= Notify.textLimit)
            if text.utf8.count <= Notify.textLimit {
                #expect(short == text)
            } else {
                let kept = short.components(separatedBy: "…（長いため以下を省きました")[0]
                #expect(text.hasPrefix(kept) && (kept.isEmpty || kept.hasSuffix("\n")), "cut inside a line")
                #expect(short.hasSuffix("全文は renkei のログにあります）"))
            }
        }
    }
}
