import Foundation
import SurveyModel

/// Several files for the same respondent (the second one usually a correction): the newest wins.
enum ResolveDuplicates {
    /// Index of each losing form → the input that replaced it.
    /// Coordinators are the same respondent only with the same 氏名 too: same number with another
    /// name is a numbering mistake (CrossChecks), not a resubmission.
    /// `forms` index into `processed` (by index, not copies: at 10× the nation the copies were 10% of the peak).
    static func losers(_ forms: [(index: Int, parsed: ParsedForm)], processed: [Processed], codebook: Codebook) -> [Int: InputID] {
        var groups: [String: [Int]] = [:]
        for f in forms {
            var key = f.parsed.respondent.description
            if let form = codebook.form(f.parsed.respondent.form), form.audience == .eachCoordinator {
                key += "|" + (f.parsed.contactKey(in: form) ?? "")
            }
            groups[key, default: []].append(f.index)
        }
        var out: [Int: InputID] = [:]
        for (_, group) in groups where group.count > 1 {
            let winner = group.max { isOlder(processed[$0], than: processed[$1]) }!
            for g in group where g != winner { out[g] = processed[winner].input }
        }
        return out
    }

    /// Order of recency: the workbook's own saved time (survives mail and copying), then the
    /// file time, then the name (a later `_修正2` sorts after), so the outcome is always the same.
    static func isOlder(_ a: Processed, than b: Processed) -> Bool {
        let past = Date.distantPast
        if (a.workbookModified ?? past) != (b.workbookModified ?? past) { return (a.workbookModified ?? past) < (b.workbookModified ?? past) }
        if (a.fileModified ?? past) != (b.fileModified ?? past) { return (a.fileModified ?? past) < (b.fileModified ?? past) }
        return a.input < b.input
    }
}
