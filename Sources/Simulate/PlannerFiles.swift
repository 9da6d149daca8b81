import Foundation
import Forms
import SurveyModel

/// Turns submissions into inbox files: loose workbooks, zip bundles, resubmissions, odd files.
extension Planner {
    mutating func layOut(_ subs: [Submission]) {
        let rates = options.rates
        var rng = SplitMix64(seed: options.seed, key: "files")
        let perMunicipality = Set(options.codebook.formsFor(.eachMunicipality).map(\.id))
        let munis = subs.indices.filter { perMunicipality.contains(subs[$0].respondent.form) }
        let all = Array(subs.indices)
        // Whole-run draws, with at least one victim each so a two-prefecture run shows every kind.
        func victims(_ pool: [Int], _ rate: Double) -> Set<Int> {
            var v = Set(pool.filter { _ in rng.chance(rate) })
            if v.isEmpty, rates.guaranteesEachFileFault, !pool.isEmpty { v.insert(rng.pick(pool)) }
            return v
        }
        let resubmit = victims(munis, rates.resubmission)
        let xls = victims(all.filter { !resubmit.contains($0) }, rates.legacyXLS)
        let encrypted = victims(all.filter { !resubmit.contains($0) && !xls.contains($0) }, rates.encrypted)
        let locks = victims(all, rates.lockFile)
        let special = resubmit.union(xls).union(encrypted).union(locks)
        let bundlePrefs = Set(victims(Array(Set(munis.map { subs[$0].folder })).sorted().indices.map { $0 }, rates.zipBundle)
            .map { Array(Set(munis.map { subs[$0].folder })).sorted()[$0] })
        var bundled: [String: [Int]] = [:]
        for i in munis where bundlePrefs.contains(subs[i].folder) && !special.contains(i) {
            if (bundled[subs[i].folder]?.count ?? 0) < 6, rng.chance(0.5) || bundled[subs[i].folder] == nil {
                bundled[subs[i].folder, default: []].append(i)
            }
        }
        let inBundle = Set(bundled.values.joined())

        for (i, s) in subs.enumerated() {
            let path = s.folder.isEmpty ? s.fileName : "\(s.folder)/\(s.fileName)"
            var key = s.key
            var faults = s.fileFaults
            if inBundle.contains(i) { continue }
            if resubmit.contains(i) {
                // First a faulty file, then the corrected one with a newer saved time.
                var first = s.document
                first.edits.modified = s.modified
                if let q = first.form.questions.first(where: { $0.kind.isCount && $0.identity == nil && first.filled[$0.id] != nil }) {
                    first.filled[q.id] = .number(Double((q.range?.upperBound ?? 99) + 1))
                }
                addWorkbook(path, member: nil, first, state: ("superseded", "superseded"), respondent: s.respondent, faults: faults + ["resubmitted"])
                var second = s.document
                second.edits.modified = s.modified.addingTimeInterval(Double(rng.int(2...6)) * 86_400)
                let path2 = path.replacingOccurrences(of: ".xlsx", with: "_修正版.xlsx")
                addWorkbook(path2, member: nil, second, state: s.expectedState, respondent: s.respondent, faults: faults + ["correction"])
                key.file = path2
                respondents.append(key)
                continue
            }
            if xls.contains(i) || encrypted.contains(i) {
                let isXLS = xls.contains(i)
                let badPath = isXLS ? path.replacingOccurrences(of: ".xlsx", with: ".xls")
                    : path.replacingOccurrences(of: ".xlsx", with: "（パスワード付き）.xlsx")
                let bytes = isXLS ? OddFiles.legacyXLS(seedByte: UInt8(i & 0xFF)) : OddFiles.encrypted(seedByte: UInt8(i & 0xFF))
                files.append(.init(path: badPath, member: nil, content: .bytes(bytes), modified: s.modified.addingTimeInterval(-86_400)))
                fileKeys.append(.init(path: badPath, member: nil, state: "rejected", reason: isXLS ? "legacy-xls" : "encrypted",
                                      respondent: s.respondent.description, modified: nil, faults: [isXLS ? "legacy-xls" : "encrypted"]))
                faults.append("resent-after-rejection")
            }
            if locks.contains(i) {
                let dir = (path as NSString).deletingLastPathComponent
                let lockName = "~$" + (path as NSString).lastPathComponent
                let lockPath = dir.isEmpty ? lockName : "\(dir)/\(lockName)"
                files.append(.init(path: lockPath, member: nil, content: .bytes(OddFiles.lockFile(user: "user\(i)")), modified: s.modified))
                fileKeys.append(.init(path: lockPath, member: nil, state: "skipped", reason: "lock-file", respondent: nil,
                                      modified: nil, faults: ["lock-file"]))
            }
            addWorkbook(path, member: nil, s.document, state: s.expectedState, respondent: s.respondent, faults: faults)
            key.file = path
            respondents.append(key)
        }
        for (folder, members) in bundled.sorted(by: { $0.key < $1.key }) {
            let prefName = folder.split(separator: "_").dropFirst().joined(separator: "_")
            let zipPath = "\(folder)/\(options.codebook.municipalityForm?.fileStem ?? "")_一括送付_\(prefName).zip"
            for i in members {
                let s = subs[i]
                addWorkbook(zipPath, member: s.fileName, s.document, state: s.expectedState, respondent: s.respondent,
                            faults: s.fileFaults + ["zip-bundle"])
                var key = s.key
                key.file = zipPath + "!" + s.fileName
                respondents.append(key)
            }
        }
    }

    mutating func addWorkbook(_ path: String, member: String?, _ doc: FormDocument, state: (String, String),
                              respondent: Respondent, faults: [String]) {
        let modified = doc.edits.modified ?? CollectionWindow.start
        files.append(.init(path: path, member: member, content: .workbook(doc), modified: modified))
        fileKeys.append(.init(path: path, member: member, state: state.0, reason: state.1, respondent: respondent.description,
                              modified: CollectionWindow.iso(modified), faults: faults))
    }
}
