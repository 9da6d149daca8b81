import Foundation
@testable import Ingest
import RenkeiRun
import SurveyModel
import TestSupport
import Testing
import XLSXReader

extension E2E {
    /// Issue 25: a quiet night re-reads nothing. The answer cache is an optimisation only — a run
    /// that takes answers from it publishes exactly what a run that parses every file publishes.
    @Suite struct AnswerCacheRuns {
        /// Every file of a folder, relative path → bytes; run.json apart (it records times).
        static func files(_ root: String) throws -> [String: Data] {
            var out: [String: Data] = [:]
            let e = FileManager.default.enumerator(atPath: root)
            while let rel = e?.nextObject() as? String {
                var dir: ObjCBool = false
                let path = root + "/" + rel
                guard FileManager.default.fileExists(atPath: path, isDirectory: &dir), !dir.boolValue, rel != "run.json" else { continue }
                out[rel] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
            return out
        }

        static func expectSameOutputs(_ a: String, _ b: String, _ what: String) throws {
            let fa = try files(a), fb = try files(b)
            #expect(fa.keys.sorted() == fb.keys.sorted(), "\(what): other files")
            #expect(fa.count > 100)
            for (name, data) in fa where fb[name] != data { Testing.Issue.record("\(what): \(name) differs") }
            let ra = try RunJSON.load(a), rb = try RunJSON.load(b)
            #expect(ra.outputs.map { [$0.path, $0.sha256] } == rb.outputs.map { [$0.path, $0.sha256] }
                    && ra.inputs == rb.inputs,
                    "\(what): run.json differs beyond its times")
        }

        /// The inbox of the faulty nation, copied so files can come and go.
        static func copyInbox(_ name: String) throws -> String {
            let dir = Temp.dir(name)
            try? FileManager.default.removeItem(atPath: dir)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Inboxes.faulty.inbox, toPath: dir + "/inbox")
            return dir + "/inbox"
        }

        static func workbooks(_ inbox: String) -> [String] {
            (FileManager.default.enumerator(atPath: inbox)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".xlsx") }.sorted()
        }

        /// Reads the inbox through the run's pipeline with the cache of `out`: how many forms came from it.
        static func hits(inbox: String, out: String) throws -> Int {
            var p = Pipeline(inbox: inbox, excluded: [out])
            p.cacheFile = AnswerCacheFile.path(out: out)
            return try p.check().result.cacheHits
        }

        /// 1% new files: the night after, only the new files are parsed, and what is published is
        /// byte for byte what a run without the cache publishes.
        @Test func aNightWithFewNewFilesParsesOnlyThoseAndPublishesTheSame() throws {
            let inbox = try Self.copyInbox("cache-inbox")
            let aside = Temp.dir("cache-aside")
            try? FileManager.default.removeItem(atPath: aside)
            try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: true)
            // A seeded choice of files that arrive only on the second night.
            var rng = SplitMix64(seed: 25)
            let all = Self.workbooks(inbox)
            let late = Array(Set((0 ..< 4).map { _ in all[Int(rng.next() % UInt64(all.count))] })).sorted()
            for (i, f) in late.enumerated() { try FileManager.default.moveItem(atPath: inbox + "/" + f, toPath: aside + "/\(i)") }

            // Two output folders with the same history: the first night without the late files.
            let cached = Temp.dir("cache-out"), fresh = Temp.dir("cache-fresh")
            for out in [cached, fresh] { try? FileManager.default.removeItem(atPath: out) }
            _ = try InProcess.run(inbox: inbox, out: cached)
            _ = try InProcess.run(inbox: inbox, out: fresh, useCache: false)
            let cacheFile = AnswerCacheFile.path(out: cached)
            #expect(fileExists(cacheFile), "a published run leaves its cache")
            // Never in a run folder: not published, not listed in run.json.
            let firstRun = try #require(latestFolder(cached))
            #expect(!(try Self.files(firstRun).keys.contains { $0.contains("cache") || $0.hasSuffix(".bin") }))
            #expect(!(try RunJSON.load(firstRun).outputs.contains { $0.path.contains("cache") }))

            for (i, f) in late.enumerated() { try FileManager.default.moveItem(atPath: aside + "/\(i)", toPath: inbox + "/" + f) }
            let forms = try Self.hits(inbox: inbox, out: Temp.dir("cache-none"))
            #expect(forms == 0, "no cache, no hits")
            let withCache = try Self.hits(inbox: inbox, out: cached)
            var full = Pipeline(inbox: inbox, excluded: [cached])
            full.cacheFile = nil
            let formsRead = try full.check().result.readForms.count
            #expect(withCache >= formsRead - late.count && withCache < formsRead, "only the new files are parsed (\(withCache) of \(formsRead) from the cache)")

            _ = try InProcess.run(inbox: inbox, out: cached)
            _ = try InProcess.run(inbox: inbox, out: fresh, useCache: false)
            try Self.expectSameOutputs(try #require(latestFolder(fresh)), try #require(latestFolder(cached)), "cache vs --no-cache")
            // A night with nothing new takes every form from the cache.
            #expect(try Self.hits(inbox: inbox, out: cached) == formsRead)
        }

        /// The cache is really read (and trusted by SHA-256): an answer planted in it is what the
        /// next run publishes; with --no-cache the file is parsed and the planted answer is gone.
        @Test func theCacheIsWhatTheRunReads() throws {
            let out = Temp.dir("cache-planted")
            try? FileManager.default.removeItem(atPath: out)
            _ = try InProcess.run(inbox: Inboxes.small.inbox, out: out)
            let path = AnswerCacheFile.path(out: out)
            let key = AnswerCacheFile.key(codebook: .r5, limits: .default)
            var cache = try AnswerCache.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), key: key).get()
            let form = try #require(Codebook.r5.forms.first { $0.audience == .eachMunicipality })
            let anchors = FormAnchors(form), keys = anchors.keys
            // One municipality form: a free-text answer replaced in the cache only.
            let dept = try #require(form.questions.first { $0.type == .text && $0.isTabulated && !$0.pii && $0.identity == nil && $0.condition == nil })
            let pick = try #require(cache.entries.sorted { $0.key < $1.key }.first { _, e in
                e.form.decode(form: form.id, anchors: anchors)?.cell(dept.id)?.raw != nil
            })
            var x = try #require(pick.value.form.decode(form: form.id, anchors: anchors))
            let c = try #require(x.cell(dept.id))
            x.cells[AnswerKey(question: dept.id)] = ExtractedCell(sheet: c.sheet, ref: c.ref, raw: .text("キャッシュ課"))
            cache = AnswerCache(key: key, entries: cache.entries.merging([pick.key: .init(modified: pick.value.modified,
                form: StoredForm.encode(meta: x.meta, byPosition: keys.map { x.cells[$0] }))]) { _, b in b })
            try Data(cache.encoded()).write(to: URL(fileURLWithPath: path))

            _ = try InProcess.run(inbox: Inboxes.small.inbox, out: out)
            let planted = try String(contentsOfFile: try #require(latestFolder(out)) + "/answers.csv", encoding: .utf8)
            #expect(planted.contains("キャッシュ課"), "the answer in the cache is the one published")
            _ = try InProcess.run(inbox: Inboxes.small.inbox, out: out, useCache: false)
            let parsed = try String(contentsOfFile: try #require(latestFolder(out)) + "/answers.csv", encoding: .utf8)
            #expect(!parsed.contains("キャッシュ課"), "--no-cache parses the file")
            // …and writes the cache afresh: the planted answer is gone from it too.
            _ = try InProcess.run(inbox: Inboxes.small.inbox, out: out)
            #expect(!(try String(contentsOfFile: try #require(latestFolder(out)) + "/answers.csv", encoding: .utf8)).contains("キャッシュ課"))
        }

        /// A damaged or foreign cache is ignored with a line in the log; the run reads every file
        /// and publishes what it would have without it.
        @Test func aDamagedOrForeignCacheIsIgnored() throws {
            let inbox = Inboxes.small.inbox
            let fresh = Temp.dir("cache-bad-fresh")
            try? FileManager.default.removeItem(atPath: fresh)
            _ = try InProcess.run(inbox: inbox, out: fresh, useCache: false)
            let good = try Data(contentsOf: URL(fileURLWithPath: AnswerCacheFile.path(out: fresh)))
            var foreign = [UInt8](good)
            // The same entries under another key (another renkei version or codebook).
            let cache = try AnswerCache.decode(foreign, key: AnswerCacheFile.key(codebook: .r5, limits: .default)).get()
            foreign = AnswerCache(key: "another-version", entries: cache.entries).encoded()
            var damaged = [UInt8](good)
            damaged[damaged.count / 2] ^= 0x5A
            for (bytes, says) in [(damaged, "壊れている"), (foreign, "別のバージョン"), (Array("not a cache".utf8), "壊れている")] {
                let out = Temp.dir("cache-bad")
                try? FileManager.default.removeItem(atPath: out)
                try FileManager.default.createDirectory(atPath: out + "/.cache", withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: AnswerCacheFile.path(out: out)))
                let o = try Run.renkei(["run", "--inbox", inbox, "--out", out])
                #expect(o.status <= 1, "\(o.stderr)")
                #expect(o.stderr.contains("キャッシュ") && o.stderr.contains(says), "the log says why the cache is not used: \(o.stderr)")
                try Self.expectSameOutputs(try #require(latestFolder(fresh)), try #require(latestFolder(out)), says)
                // …and leaves a good one for the next night.
                #expect(try Self.hits(inbox: inbox, out: out) > 0)
            }
        }

        @Test func helpListsNoCache() throws {
            let o = try Run.renkei(["run", "--help"])
            #expect(o.stdout.contains("--no-cache"))
        }
    }
}

/// The stored forms and the cache file, below the run.
@Suite struct StoredFormTests {
    /// Every workbook of the faulty nation (odd values, dates, errors, moved anchors): decoding
    /// its stored cells gives exactly what Extract read.
    @Test func everyFormDecodesToWhatWasRead() throws {
        let options = IngestOptions.r5
        var checked = 0
        for rel in E2E.AnswerCacheRuns.workbooks(Inboxes.faulty.inbox) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Inboxes.faulty.inbox + "/" + rel)))
            guard let snapshot = try? WorkbookLoading.snapshot(bytes: bytes, limits: .default),
                  case .success(let meta) = Identify.meta(of: snapshot, codebook: options.codebook),
                  let form = options.codebook.form(meta.formID) else { continue }
            let anchors = FormAnchors(form)
            let cells = Extract.cells(of: form, in: snapshot, meta: meta, anchors: anchors)
            let read = Extract.answers(of: form, in: snapshot, meta: meta)
            let stored = StoredForm.encode(meta: meta, byPosition: cells)
            let back = try #require(stored.decode(form: form.id, anchors: anchors))
            #expect(back == read, "\(rel)")
            #expect(back.meta.formID.rank == read.meta.formID.rank)
            #expect(stored.bytes.count < 4096, "\(rel): \(stored.bytes.count) bytes")
            checked += 1
        }
        #expect(checked >= 90)  // the faulty inbox's forms (97), the odd ones included
    }

    /// Values of every kind, the odd ones included, come back bit for bit.
    @Test func oddValuesRoundTrip() throws {
        let form = try #require(Codebook.r5.forms.first)
        let anchors = FormAnchors(form), keys = anchors.keys
        let values: [RawValue?] = [nil, .text(""), .text("①ｱ𠀋\u{0}"), .number(-0.0), .number(-3), .number(1e300), .number(.nan),
                                   .number(9_007_199_254_740_994), .number(0.1), .bool(true), .bool(false), .error("#N/A"),
                                   .date(Date(timeIntervalSinceReferenceDate: -1e9 + 0.123))]
        var byPosition = [ExtractedCell?](repeating: nil, count: keys.count)
        for (i, v) in values.enumerated() {
            byPosition[i] = ExtractedCell(sheet: i % 2 == 0 ? "回答" : "別のシート", ref: CellRef(row: 1_048_575, column: i), raw: v)
        }
        let meta = FormMeta(formID: form.id, codebookID: "c", codebookVersion: "v", code: nil, coordinatorNumber: 3,
                            answerColumn: "D", idColumn: nil, sheetName: "meta")
        let back = try #require(StoredForm.encode(meta: meta, byPosition: byPosition).decode(form: form.id, anchors: anchors))
        for (i, k) in keys.enumerated() {
            let a = byPosition[i], b = back.cells[k]
            #expect(a?.sheet == b?.sheet && a?.ref == b?.ref)
            switch (a?.raw, b?.raw) {
            case (.number(let x)?, .number(let y)?): #expect(x.bitPattern == y.bitPattern)
            default: #expect(a?.raw == b?.raw)
            }
        }
        #expect(back.missing.count == keys.count - values.count)
    }

    /// Never used when damaged: a seeded run of flipped bytes, cuts and additions — each is refused
    /// as corrupt, none crashes, none decodes.
    @Test func aDamagedCacheFileIsNeverUsed() throws {
        let form = try #require(Codebook.r5.forms.first)
        let anchors = FormAnchors(form), keys = anchors.keys
        var byPosition = [ExtractedCell?](repeating: nil, count: keys.count)
        for i in stride(from: 0, to: keys.count, by: 2) { byPosition[i] = ExtractedCell(sheet: "回答", ref: CellRef(row: i, column: 3), raw: .number(Double(i))) }
        let meta = FormMeta(formID: form.id, codebookID: "c", codebookVersion: "v", code: "011002", coordinatorNumber: nil,
                            answerColumn: "D", idColumn: "A", sheetName: "meta")
        let entry = AnswerCache.Entry(modified: Date(timeIntervalSince1970: 1_700_000_000), form: StoredForm.encode(meta: meta, byPosition: byPosition))
        let cache = AnswerCache(key: "k", entries: ["a": entry, "b": entry])
        let good = cache.encoded()
        #expect(try AnswerCache.decode(good, key: "k").get().entries == cache.entries)
        // Written in pieces (as the run writes its file): the same bytes, each piece about the size asked.
        var pieces: [[UInt8]] = []
        cache.encode(piece: 16) { pieces.append($0) }
        #expect(pieces.count > 3)
        #expect(Array(pieces.joined()) == good)
        #expect(AnswerCache.decode(good, key: "other").failure == .foreign)
        var rng = SplitMix64(seed: 2025)
        for _ in 0 ..< 500 {
            var bad = good
            switch rng.next() % 3 {
            case 0: bad[Int(rng.next() % UInt64(bad.count))] ^= UInt8(1 + rng.next() % 255)
            case 1: bad.removeLast(1 + Int(rng.next() % UInt64(bad.count)))
            default: bad.insert(UInt8(rng.next() % 256), at: Int(rng.next() % UInt64(bad.count)))
            }
            #expect(AnswerCache.decode(bad, key: "k").failure == .corrupt)
        }
        // Garbage after a sound checksum (a cache written by a broken build): no entry decodes to a form.
        for _ in 0 ..< 200 {
            let junk = (0 ..< Int(rng.next() % 200)).map { _ in UInt8(rng.next() % 256) }
            _ = StoredForm(bytes: junk).decode(form: form.id, anchors: anchors)
        }
    }
}

extension Result {
    var failure: Failure? { if case .failure(let f) = self { return f } else { return nil } }
}
