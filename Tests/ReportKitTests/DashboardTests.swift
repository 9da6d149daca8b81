import Foundation
import Ingest
import SurveyModel
import Tabulate
import TestSupport
import Testing
import XLSXReader
@testable import Dashboard
@testable import ReportKit

/// 見える化: every figure a page shows is the workbook's cell for the same thing, the maps are
/// whole, and nothing leaves its folder (no outside address, no contact, no other prefecture).
@Suite("見える化 dashboard", .serialized)
struct DashboardTests {
    /// The fixture's workbooks and dashboard written side by side, once per base.
    static let applicable = try! written(.applicable)
    static let valid = try! written(.valid)

    static func written(_ base: PercentBase) throws -> (folder: String, files: [WrittenFile]) {
        // The dashboard is one output of the registry: the fixture's run writes it with the workbooks.
        let (folder, files) = try Fixture.write(Fixture.input(percentBase: base))
        return (folder, files.filter { $0.path.hasPrefix(DashboardWriter.folder + "/") })
    }

    // MARK: map data

    /// Every municipality of the master list has an office position, every prefecture an outline;
    /// the resource stays small.
    @Test func mapDataCoversTheMasterList() throws {
        let map = MapData.embedded
        let master = MasterList.embedded
        let missing = master.municipalities.filter { map.offices[$0.code] == nil }
        #expect(missing.isEmpty, "no position: \(missing.map { $0.code + " " + $0.name })")
        #expect(map.prefectures.map(\.code) == master.prefectures.map(\.prefCode))
        for p in map.prefectures { #expect(p.rings.allSatisfy { $0.count >= 6 }, "\(p.code)") }
        // Positions fall inside Japan's box (a lon/lat swap would not).
        for (code, at) in map.offices { #expect((122...154).contains(at.lon) && (20...46).contains(at.lat), "\(code)") }
        #expect(PackageResources.map_json.count < 300_000)
        #expect(map.source.contains("Apache") && map.source.contains("MIT"))
    }

    /// A master list with a municipality the map data has never heard of (a merger): it is in the
    /// prefecture's table and listed under the map, never dropped.
    @Test func municipalityWithoutPositionIsListed() throws {
        var munis = Fixture.municipalities
        let new = Municipality(code: "139998", prefCode: "13", prefectureName: "東京都", name: "新設テスト市", kana: "しんせつてすとし", kind: .city)
        munis.append(new)
        var input = Fixture.input()
        input = ReportInput(codebook: input.codebook, prefectures: input.prefectures, municipalities: munis,
                            responses: input.responses, files: input.files, issues: input.issues, asOf: input.asOf, runID: input.runID)
        let folder = NSTemporaryDirectory() + "dash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try DashboardWriter.write(input, to: folder)
        let page = try String(contentsOfFile: folder + "/見える化/prefectures/13_東京都/index.html", encoding: .utf8)
        let unplaced = try #require(page.range(of: "地図に表示していない市町村"))
        #expect(page[unplaced.upperBound...].prefix(400).contains("新設テスト市"))
        #expect(Page(page).rows("t-munis").contains { $0.key == "139998" })
        #expect(!Page(page).svg.contains("data-code=\"139998\""))
    }

    // MARK: figures equal the workbook's cells

    @Test(arguments: [PercentBase.applicable, .valid])
    func everyFigureIsTheWorkbooksCell(_ base: PercentBase) throws {
        let folder = (base == .applicable ? Self.applicable : Self.valid).folder
        let book = Workbooks(folder: folder, base: base)
        var checked = [String: Int]()
        for file in try pages(folder) {
            let page = Page(try String(contentsOfFile: file, encoding: .utf8))
            for figure in page.figures where !figure.text.isEmpty {  // an empty cell is no figure (the n row's ％)
                let kind = String(figure.key.split(separator: "|")[0])
                guard let expected = try book.expected(figure.key) else {
                    Issue.record("no workbook cell for \(figure.key) in \(file)"); continue
                }
                // A カルテ writes the answer after its mark (○ 設置している).
                let same = figure.text == expected.text || kind == "muni" && figure.text.hasPrefix(expected.text + " ")
                #expect(same, "\(figure.key) in \(file): page \(figure.text), workbook \(expected.text)")
                if let raw = figure.raw, let value = expected.value {
                    #expect(abs((Double(raw) ?? .nan) - value) < 1e-12, "\(figure.key): data-v \(raw), workbook \(value)")
                }
                checked[kind, default: 0] += 1
            }
        }
        // Every kind of figure was compared, many times.
        for kind in ["ind", "indbase", "q", "cat", "status", "muni", "kind", "issues"] {
            #expect((checked[kind] ?? 0) > 5, "\(kind): \(checked[kind] ?? 0) figures compared")
        }
    }

    // MARK: カルテ: the municipality's own previous answers

    /// Each カルテ's 前回の回答 is the municipality's row of the previous run's answers.csv: the
    /// previous survey here is the fixture's answers moved one municipality on (so no row reads
    /// like this year's), with 沖縄県's municipality missing (未回収 then).
    @Test func kartePreviousAnswersAreThePreviousRecord() throws {
        let munis = Fixture.responses.filter { $0.respondent.form == .muni }
        var moved: [Response] = []
        for (k, r) in munis.enumerated() where r.respondent.prefectureCode != "47" {
            var a = munis[(k + 1) % munis.count].answers
            for key in ["code", "municipality_name", "prefecture_name"] { a[key] = r.answers[key] }
            moved.append(Response(respondent: r.respondent, answers: a))
        }
        let before = try Fixture.write(Fixture.input(responses: moved + Fixture.responses.filter { $0.respondent.form != .muni }))
        let csv = try String(contentsOfFile: before.folder + "/answers.csv", encoding: .utf8)
        let answers = try AnswersCSV.read(csv)
        let cb = Fixture.codebook
        var input = Fixture.input()
        input.previous = PreviousTabulation.make(
            codebook: cb, answers: answers,
            facts: PreviousRunFacts(codebookID: cb.id, codebookVersion: cb.version, asOf: "2022-09-20 17:00", municipalitiesTotal: [:]),
            prefectures: Fixture.prefectures, municipalities: Fixture.municipalities)
        let folder = NSTemporaryDirectory() + "dash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try DashboardWriter.write(input, to: folder)
        let ind = input.tabulation.indicators
        var checked = [String: Int]()
        for m in Fixture.municipalities {
            let pref = Fixture.prefectures.first { $0.prefCode == m.prefCode }!
            let page = Page(try String(contentsOfFile: folder + "/見える化/prefectures/\(pref.prefCode)_\(pref.name)/karte/\(m.code)_\(m.name).html",
                                       encoding: .utf8))
            let figures = page.figures.filter { $0.key.hasPrefix("prevmuni|") }
            #expect(figures.count == input.tabulation.indicators.definitions.indices.filter {
                if case .option(.muni, _, _) = ind.definitions[$0].measure { true } else { false }
            }.count, "\(m.name)")
            for f in figures {
                let k = f.key.split(separator: "|").map(String.init)
                #expect(k[1] == m.code)
                guard case let .option(_, qid, code) = ind.definitions[Int(k[2])!].measure,
                      let option = cb.form(.muni)?.question(qid)?.option(code: code) else { Issue.record("\(f.key)"); continue }
                let rows = answers.filter { $0.form == .muni && $0.code == m.code }
                let expected: String
                if rows.isEmpty { expected = "未回収" }
                // An option no one chose last year counts as new (the workbooks' 新設): no previous figure.
                else if !input.previous!.compares(ind.definitions[Int(k[2])!]) { expected = "－" }
                else if let a = rows.first(where: { $0.questionID == qid }) {
                    switch a.state {
                    case .answered: expected = (a.labels.contains(option.label) ? "○ " : "× ") + a.value
                    case .blank: expected = "無回答"
                    case .notAsked: expected = "対象外"
                    }
                } else { expected = "－" }
                #expect(f.text == expected, "\(f.key): page \(f.text), answers.csv \(expected)")
                checked[expected.prefix(1) == "○" ? "yes" : expected.prefix(1) == "×" ? "no" : expected, default: 0] += 1
            }
        }
        // Every kind of previous answer was compared.
        for kind in ["yes", "no", "未回収", "無回答"] { #expect((checked[kind] ?? 0) > 0, "\(kind): \(checked)") }
    }

    // MARK: maps

    @Test func mapsAreWhole() throws {
        let folder = Self.applicable.folder + "/見える化"
        let national = Page(try String(contentsOfFile: folder + "/index.html", encoding: .utf8))
        #expect(national.count(of: "<path d=\"M") == 47)
        #expect(national.count(of: "class=\"area\"") == 47)
        // The map's data: one series per mappable indicator, every prefecture in each.
        let json = try #require(national.script("map-data"))
        let series = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: [String: Any]]
        #expect(series.count >= 2)
        for (_, s) in series { #expect((s["values"] as! [String: Any]).count == Fixture.prefectures.count) }
        for pref in Fixture.prefectures {
            let page = Page(try String(contentsOfFile: folder + "/prefectures/\(pref.prefCode)_\(pref.name)/index.html", encoding: .utf8))
            let own = Fixture.municipalities.filter { $0.prefCode == pref.prefCode }.sorted { $0.code < $1.code }
            let points = page.matches("data-code=\"(\\d{6})\"")
            let listed = page.rows("t-munis").map(\.key)
            #expect(Set(points).union(unplacedCodes(page, own)) == Set(own.map(\.code)), "\(pref.name)")
            #expect(listed == own.map(\.code))
            #expect(page.count(of: "class=\"outline\"") == 1)
            // A カルテ page per municipality and no other, each linked from its row of the table.
            let dir = folder + "/prefectures/\(pref.prefCode)_\(pref.name)/karte"
            let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            #expect(files == own.map { $0.code + "_" + $0.name + ".html" })
            #expect(page.matches("<tr data-r=\"\\d{6}\"><th><a href=\"(karte/[^\"]+)\"") == files.map { "karte/" + $0 })
            for m in own {
                let karte = Page(try String(contentsOfFile: dir + "/\(m.code)_\(m.name).html", encoding: .utf8))
                #expect(karte.matches("<section class=\"view karte\" id=\"m(\\d{6})\"") == [m.code])
                #expect(karte.matches("<h1>(.*?)</h1>") == ["カルテ　\(m.name)（\(pref.name)）"])
                #expect(karte.rows("t-karte").count == karte.rows("t-karte").filter { Int($0.key) != nil }.count)
                // Its rows name each indicator whole (the 16-character cut is for chart labels only).
                #expect(karte.rows("t-karte").allSatisfy { !($0.cells.first ?? "").contains("…") }, "\(m.name)")
            }
        }
    }

    private func unplacedCodes(_ page: Page, _ own: [Municipality]) -> [String] {
        guard let r = page.html.range(of: "地図に表示していない市町村") else { return [] }
        let text = page.html[r.upperBound...].prefix(2000)
        return own.filter { text.contains($0.name + "（") }.map(\.code)
    }

    // MARK: privacy and addresses

    /// Every file of the dashboard: no address outside the folder, no contact value.
    @Test func nothingOutsideTheFolderAndNoContacts() throws {
        let root = Self.applicable.folder + "/見える化"
        var files = 0
        for path in try allFiles(root) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            files += 1
            #expect(!text.contains("http"), "\(path) names an address")
            #expect(!text.contains("//"), "\(path) has a // (protocol-relative address)")
            for link in Page(text).matches("(?:href|src)=\"([^\"#][^\"]*)\"") {
                let file = String(link.prefix { $0 != "#" })
                let target = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(file.removingPercentEncoding ?? file).standardized.path
                #expect(FileManager.default.fileExists(atPath: target), "\(path): \(link) leads nowhere")
                #expect(target.hasPrefix(URL(fileURLWithPath: root).standardized.path), "\(path): \(link) leaves the folder")
            }
            for (_, value) in Fixture.contacts { #expect(!text.contains(value), "\(path) shows contact \(value)") }
            #expect(!text.contains("＊＊＊") || !path.contains("index.html"), "masked values are not shown either")
        }
        #expect(files >= 1 + 3 * 4)
    }

    /// A prefecture's folder holds nothing of another prefecture's municipalities, and links
    /// nowhere outside itself — on the fixture and on a seeded nation of random answers.
    @Test(arguments: [UInt64(1), 2024])
    func prefectureFolderHoldsOnlyItsOwn(_ seed: UInt64) throws {
        let input = Self.seededNation(seed)
        let folder = NSTemporaryDirectory() + "dash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let written = try DashboardWriter.write(input, to: folder)
        #expect(written.contains { $0.path == DashboardWriter.indexPath })
        for pref in input.prefectures {
            let dir = folder + "/見える化/prefectures/\(pref.prefCode)_\(pref.name)"
            let own = input.municipalities.filter { $0.prefCode == pref.prefCode }
            let ownNames = Set(own.map(\.name))
            let others = input.municipalities.filter { $0.prefCode != pref.prefCode && !ownNames.contains($0.name) }
            for path in try allFiles(dir) {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                // Every 6-digit number and every word of the page (text and attribute values, split
                // at the pages' separators): no other prefecture's 団体コード or municipality name.
                let page = Page(text)
                let numbers = Set(page.matches("(?<![0-9])([0-9]{6})(?![0-9])"))
                let words = Set(page.matches("[>\"]([^<\"]+)[<\"]").flatMap {
                    $0.components(separatedBy: CharacterSet(charactersIn: "　 （）()、。：:,・「」"))
                })
                for m in others {
                    #expect(!numbers.contains(m.code), "\(path) holds \(m.code) of \(m.prefectureName)")
                    #expect(!words.contains(m.name), "\(path) names \(m.name) of \(m.prefectureName)")
                }
                for c in Self.contacts(input) { #expect(!text.contains(c), "\(path) shows contact \(c)") }
                #expect(!text.contains("http") && !text.contains("//"))
            }
            let bytes = try allFiles(dir).reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
            #expect(bytes <= 1_000_000, "\(pref.name): \(bytes) bytes")
        }
        // The national folder (its own files, not the prefectures'): ≤ 5 MB.
        let root = folder + "/見える化"
        let national = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0 != "prefectures" }
            .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: root + "/" + $1)[.size] as? Int) ?? 0) }
        #expect(national > 0 && national <= 5_000_000, "national: \(national) bytes")
    }

    static func contacts(_ input: ReportInput) -> [String] {
        input.responses.flatMap { r in ["contact_name", "phone", "email"].compactMap { key -> String? in
            if case .text(let t)? = r.answers[key] { return t } else { return nil }
        } }
    }

    /// Five prefectures (北海道, the biggest folder, among them) with all their municipalities, random answers (some blank, some not
    /// returned) and recognisable contacts.
    static func seededNation(_ seed: UInt64) -> ReportInput {
        var rng = SplitMix64(seed: seed)
        let master = MasterList.embedded
        let prefs = master.prefectures.filter { ["01", "13", "27", "34", "47"].contains($0.prefCode) }
        let munis = master.municipalities.filter { m in prefs.contains { $0.prefCode == m.prefCode } }
        let cb = Codebook.r5
        let form = cb.form(.muni)!
        var responses: [Response] = []
        for m in munis where rng.next() % 10 != 0 {
            var a: [String: AnswerValue] = ["code": .text(m.code), "municipality_name": .text(m.name), "prefecture_name": .text(m.prefectureName),
                                            "contact_name": .text("連絡\(m.code)花子"), "phone": .text("0\(m.code)-99"), "email": .text("c\(m.code)@example.test")]
            for q in form.questions where q.isTabulated && rng.next() % 8 != 0 {
                switch q.type.kind.name {
                case "単一回答", "段階評価": a[q.id] = .single(q.options[Int(rng.next() % UInt64(q.options.count))].code)
                case "複数回答": a[q.id] = .multi([q.options[Int(rng.next() % UInt64(q.options.count))].code])
                case "数値": a[q.id] = .integer(Int(rng.next() % 20))
                default: break
                }
            }
            responses.append(Response(respondent: Respondent(form: .muni, code: m.code), answers: a))
        }
        let issues = responses.prefix(40).map { r in
            Issue(.warning, IssueRule(rawValue: "email"), input: InputID(path: "inbox/\(r.respondent.code).xlsx"), respondent: r.respondent,
                  sheet: "回答", cell: CellRef("D9"), question: "email", questionLabel: "メールアドレス", value: "c\(r.respondent.code)@example.test",
                  message: "メールアドレス（c\(r.respondent.code)@example.test）を確認してください。")
        }
        return ReportInput(codebook: cb, prefectures: prefs, municipalities: munis, responses: responses, files: [],
                           issues: issues, asOf: "2023-09-20 17:00", runID: "seed-\(seed)")
    }

    // MARK: reading pages and workbooks

    func pages(_ folder: String) throws -> [String] { try allFiles(folder + "/見える化").filter { $0.hasSuffix(".html") } }

    func allFiles(_ root: String) throws -> [String] {
        let fm = FileManager.default
        return try fm.subpathsOfDirectory(atPath: root).map { root + "/" + $0 }
            .filter { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }.sorted()
    }
}

/// A generated page, read with a few patterns (the pages are Markup's regular output: one line, attributes in order).
struct Page {
    let html: String
    init(_ html: String) { self.html = html }

    struct Figure { var key: String; var text: String; var raw: String? }
    struct Row { var key: String; var cells: [String] }

    func matches(_ pattern: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let ns = html as NSString
        return re.matches(in: html, range: NSRange(location: 0, length: ns.length)).map {
            $0.numberOfRanges > 1 ? ns.substring(with: $0.range(at: 1)) : ns.substring(with: $0.range)
        }
    }

    func count(of s: String) -> Int { html.components(separatedBy: s).count - 1 }

    var svg: String { matches("(<svg.*?</svg>)").joined() }

    func script(_ id: String) -> String? { matches("<script type=\"application/json\" id=\"\(id)\">(.*?)</script>").first }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func attribute(_ name: String, _ tag: String) -> String? {
        guard let r = tag.range(of: " " + name + "=\"") else { return nil }
        return unescape(String(tag[r.upperBound...].prefix { $0 != "\"" }))
    }

    /// Every table's figures: the header's column keys with {r} replaced by each row's key.
    var figures: [Figure] {
        var out: [Figure] = []
        for table in matches("(<table .*?</table>)") {
            let page = Page(table)
            let head = page.matches("<thead>(.*?)</thead>").first ?? ""
            let columns = Page(head).matches("(<th[^>]*>)").map { Page.attribute("data-c", $0) }
            for row in page.matches("(<tr data-r=\"[^\"]*\">.*?</tr>)") {
                let key = Page.attribute("data-r", String(row.prefix { $0 != ">" }) + ">")!
                let cells = Page(row).matches("(<t[hd][^>]*>.*?</t[hd]>)")
                for (c, cell) in cells.enumerated() where c < columns.count {
                    guard let template = columns[c] else { continue }
                    let open = String(cell.prefix { $0 != ">" }) + ">"
                    let text = Page.unescape(cell.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression))
                    out.append(Figure(key: template.replacingOccurrences(of: "{r}", with: key), text: text, raw: Page.attribute("data-v", open)))
                }
            }
        }
        return out
    }

    func rows(_ tableID: String) -> [Row] {
        guard let table = matches("(<table id=\"\(tableID)\".*?</table>)").first else { return [] }
        return Page(table).matches("(<tr data-r=\"[^\"]*\">.*?</tr>)").map { row in
            Row(key: Page.attribute("data-r", String(row.prefix { $0 != ">" }) + ">")!,
                cells: Page(row).matches("<t[hd][^>]*>(.*?)</t[hd]>"))
        }
    }
}

/// The workbook cell behind a dashboard key, read back from the written workbooks.
final class Workbooks {
    let folder: String
    let base: PercentBase
    let cb = Fixture.codebook
    let ind: Indicators
    private var sheets: [String: Sheet] = [:]

    init(folder: String, base: PercentBase) {
        self.folder = folder; self.base = base
        ind = Fixture.input(percentBase: base).tabulation.indicators
    }

    struct Expected { var text: String; var value: Double? }

    /// Each sheet read once (the figures are thousands).
    func sheet(_ file: String, _ name: String) throws -> Sheet {
        if let s = sheets[file + "|" + name] { return s }
        let s = try Sheet(folder + "/" + file, name)
        sheets[file + "|" + name] = s
        return s
    }

    /// How the page should show a workbook cell: a ％ as 0.0%, a count with separators, text as is.
    func shown(_ s: Sheet, _ row: Int?, _ column: Int, share: Bool) -> Expected? {
        guard let row else { return nil }
        if let n = s.number(row, column) {
            return share ? Expected(text: Format.percent(n), value: n) : Expected(text: Format.count(Int(n)), value: Double(n))
        }
        let t = s.string(row, column) ?? ""
        return Expected(text: t.isEmpty ? (share ? "－" : "") : t, value: nil)
    }

    func expected(_ key: String) throws -> Expected? {
        let k = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        switch k[0] {
        case "ind":
            let s = try sheet("全国集計.xlsx", "都道府県別一覧")
            let row = k[1] == "00" ? s.row("全国", column: 1) : s.row(k[1], column: 0)
            let i = Int(k[2])!
            // Counts are counts; a 都道府県票 question on a prefecture's row is its answer (○, blank, 無回答).
            let isShare: Bool
            switch ind.definitions[i].measure {
            case .coordinatorForms: isShare = false
            case .option(let form, _, _) where form == .pref && k[1] != "00": isShare = false
            default: isShare = true
            }
            return shown(s, row, 2 + i, share: isShare)
        case "indbase":
            // The n row of the question's table: 全国 in the national sheet, a prefecture in its 集計.
            if case .municipalityResponseRate = ind.definitions[Int(k[2])!].measure {
                let s = try sheet("全国集計.xlsx", "回収状況")
                return shown(s, k[1] == "00" ? s.row("全国", column: 1) : s.row(k[1], column: 0), 3, share: false)
            }
            guard case let .option(formID, qid, _) = ind.definitions[Int(k[2])!].measure, let form = cb.form(formID) else { return nil }
            if k[1] == "00" {
                let s = try sheet("全国集計.xlsx", form.title)
                return shown(s, s.questionRow(qid, base.nLabel), 2, share: false)
            }
            let pref = Fixture.prefectures.first { $0.prefCode == k[1] }!
            let s = try sheet("prefectures/\(pref.prefCode)_\(pref.name).xlsx", "集計")
            return shown(s, s.questionRow(qid, base.nLabel), 2, share: false)
        case "q":
            // q|FORM|QID|label|group|count/share: 00 = 全国 (column 2), k区分 = the 区分's columns.
            let form = cb.forms.first { $0.id.rawValue == k[1] }!
            let s = try sheet("全国集計.xlsx", form.title)
            let g = k[4] == "00" ? 0 : 1 + MunicipalityKind.allCases.firstIndex { "k" + $0.rawValue == k[4] }!
            return shown(s, s.questionRow(k[2], k[3]), 2 + 2 * g + (k[5] == "share" ? 1 : 0), share: k[5] == "share")
        case "kind":
            let i = Int(k[2])!
            guard case let .option(formID, qid, code) = ind.definitions[i].measure, let form = cb.form(formID),
                  let option = form.question(qid)?.option(code: code) else { return nil }
            let s = try sheet("全国集計.xlsx", form.title)
            let g = 1 + MunicipalityKind.allCases.firstIndex { $0.rawValue == k[1] }!
            return shown(s, s.questionRow(qid, option.label), 3 + 2 * g, share: true)
        case "cat":
            let s = try sheet("全国集計.xlsx", "場面・テーマ別")
            let label = cb.categories.first { $0.id == k[2] }!.label
            let column = ["base": 2, "count": 3, "share": 4, "noanswer": 6][k[3]]!
            return shown(s, s.row(label, column: 1), column, share: k[3] == "share")
        case "status":
            let s = try sheet("全国集計.xlsx", "回収状況")
            let row = k[1] == "00" ? s.row("全国", column: 1) : s.row(k[1], column: 0)
            let column = ["pref": 2, "total": 3, "returned": 4, "rate": 5, "remaining": 6, "coord": 7][k[2]]!
            return shown(s, row, column, share: k[2] == "rate")
        case "issues":
            // 疑義 by state: counted from the run's issues, the list issues.csv and 疑義件数 count.
            let issues = Fixture.input().maskedIssues().filter { k[1] == "00" || $0.respondent?.prefectureCode == k[1] }
            let n = k[2] == "all" ? issues.count : issues.filter { $0.status.rawValue == k[2] }.count
            return Expected(text: Format.count(n), value: nil)
        case "muni":
            // The 市町村別回答一覧 of its prefecture: ○ where the workbook shows the indicator's option.
            let code = k[1], i = Int(k[2])!
            guard case let .option(_, qid, optionCode) = ind.definitions[i].measure, let form = cb.form(.muni),
                  let q = form.question(qid), let option = q.option(code: optionCode) else { return nil }
            let m = Fixture.municipalities.first { $0.code == code }!
            let pref = Fixture.prefectures.first { $0.prefCode == m.prefCode }!
            let s = try sheet("prefectures/\(pref.prefCode)_\(pref.name).xlsx", "市町村別回答一覧")
            guard let row = s.row(code, column: 0), let column = s.ws.cells.first(where: { $0.ref.row == 3 && $0.text == q.printedName })?.ref.column else { return nil }
            let returned = s.string(row, 3) == "回答"
            let written: String
            if q.type.kind.name == "複数回答" {
                let index = q.options.firstIndex { $0.code == optionCode }!
                written = s.string(row, column + index) == "○" ? option.label : (s.string(row, column) ?? "")
            } else {
                written = s.string(row, column) ?? ""
            }
            let response = Fixture.responses.first { $0.respondent == Respondent(form: .muni, code: code) }
            let mark: String
            if !returned { mark = "未回収" }
            else if written == option.label { mark = "○" }
            else if !written.isEmpty || q.type.kind.name == "複数回答" && response?.answers[qid] != nil { mark = "×" }
            else if response.map({ $0.isAsked(q) }) == false { mark = "対象外" }
            else { mark = "無回答" }
            return Expected(text: mark, value: nil)
        default:
            return nil
        }
    }
}
