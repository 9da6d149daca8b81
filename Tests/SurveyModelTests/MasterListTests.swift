import TestSupport
import Testing
@testable import SurveyModel

@Suite struct MasterListTests {
    let master = MasterList.embedded

    /// Counts taken straight from the CSV text, independently of the loader.
    static func rawRows(_ csv: String) -> [[String]] {
        csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func embeddedCounts() {
        #expect(master.prefectures.count == 47)
        #expect(master.municipalities.count == 1741)
        let raw = Self.rawRows(MasterList.embeddedMunicipalitiesCSV)
        #expect(raw.count == 1741)
        for kind in MunicipalityKind.allCases {
            let expected = raw.filter { $0[5] == kind.rawValue }.count
            #expect(master.municipalities.filter { $0.kind == kind }.count == expected, "\(kind)")
        }
        #expect(master.municipalities.filter { $0.kind == .designatedCity }.count == 20)
        #expect(master.municipalities.filter { $0.kind == .specialWard }.count == 23)
        #expect(master.municipalities.filter { $0.kind == .city }.count == 772)
        #expect(master.municipalities.filter { $0.kind == .town }.count == 743)
        #expect(master.municipalities.filter { $0.kind == .village }.count == 183)
    }

    @Test func checkDigits() {
        for p in master.prefectures { #expect(CheckDigit.isValid(p.code), "\(p.code)") }
        for m in master.municipalities { #expect(CheckDigit.isValid(m.code), "\(m.code)") }
        #expect(CheckDigit.compute("13101") == 6)
        #expect(CheckDigit.appending(to: "01100") == "011002")
        #expect(CheckDigit.isValid("131016"))
        #expect(!CheckDigit.isValid("131017"))
        #expect(!CheckDigit.isValid("131106"))       // digits swapped
        #expect(!CheckDigit.isValid("13101"))
        #expect(!CheckDigit.isValid("１３１０１６"))   // full-width: Ingest normalizes first
        // Every single-digit change of a real code is caught.
        for (i, d) in Array("011002").enumerated() {
            for r in "0123456789" where r != d {
                var c = Array("011002"); c[i] = r
                #expect(!CheckDigit.isValid(String(c)), "\(String(c))")
            }
        }
    }

    @Test func lookups() throws {
        #expect(master.prefecture(code6: "130001")?.name == "東京都")
        #expect(master.prefecture(prefCode: "47")?.name == "沖縄県")
        #expect(master.prefecture(prefCode: "01")?.nameEn == "Hokkaido")
        let sapporo = try #require(master.municipality(code: "011002"))
        #expect(sapporo.name == "札幌市" && sapporo.kind == .designatedCity && sapporo.prefectureName == "北海道")
        #expect(master.name(forCode: "011002") == "札幌市")
        #expect(master.name(forCode: "130001") == "東京都")
        #expect(master.name(forCode: "999999") == nil)
        #expect(master.kind(ofCode: "131016") == .specialWard)
        #expect(master.kind(ofCode: "130001") == nil)
        #expect(master.prefecture(containing: "131016")?.name == "東京都")
        #expect(master.municipalities(inPrefecture: "13").filter { $0.kind == .specialWard }.count == 23)
        #expect(master.municipalities(inPrefecture: "99").isEmpty)
        let total = master.prefectures.reduce(0) { $0 + master.municipalities(inPrefecture: $1.prefCode).count }
        #expect(total == 1741)
        #expect(Respondent(form: .coord, code: "130001", coordinatorNumber: 1).isPrefecture(in: master))
        #expect(Respondent(form: .coord, code: "131016", coordinatorNumber: 1).isMunicipality(in: master))
        #expect(!master.contains(code: "131017"))
    }

    static let header = "code,pref_code,prefecture,name,kana,kind"
    func expectError(_ csv: String, _ kind: MasterListError.Kind, line: Int, mentions: String? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try MasterList.load(municipalitiesCSV: csv, prefecturesCSV: MasterList.embeddedPrefecturesCSV,
                                    municipalitiesSource: "m.csv")
            Issue.record("expected \(kind)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(line > 0 ? "m.csv:\(line): " : "m.csv: "), sourceLocation: sourceLocation)
            if let m = mentions { #expect(error.message.contains(m), "\(error)", sourceLocation: sourceLocation) }
        }
    }

    @Test func badRows() {
        let ok = "011002,01,北海道,札幌市,さっぽろし,指定都市"
        expectError([Self.header, ok, "011003,01,北海道,札幌市,さっぽろし,指定都市"].joined(separator: "\n"), .checkDigit, line: 3, mentions: "011002")
        expectError([Self.header, ok, "11002,01,北海道,札幌市,さっぽろし,指定都市"].joined(separator: "\n"), .code, line: 3, mentions: "先頭の 0")
        expectError([Self.header, ok, "012025,01,北海道,函館市,はこだてし"].joined(separator: "\n"), .columnCount, line: 3)
        expectError([Self.header, ok, "012025,02,北海道,函館市,はこだてし,市"].joined(separator: "\n"), .prefecture, line: 3)
        expectError([Self.header, ok, "012025,01,青森県,函館市,はこだてし,市"].joined(separator: "\n"), .prefecture, line: 3)
        expectError([Self.header, ok, "012025,01,北海道,函館市,はこだてし,区"].joined(separator: "\n"), .kind, line: 3)
        expectError([Self.header, ok, ok].joined(separator: "\n"), .duplicate, line: 3, mentions: "最初は 2 行目")
        expectError([Self.header, ok, "012025,01,北海道,,はこだてし,市"].joined(separator: "\n"), .empty, line: 3)
        expectError(["code,pref,prefecture,name,kana,kind", ok].joined(separator: "\n"), .header, line: 1, mentions: "pref_code")
        expectError([Self.header, ok, "012025,01,北海道,\"函館市,はこだてし,市"].joined(separator: "\n"), .syntax, line: 3)
        expectError(Self.header + "\n", .empty, line: 0)
        // A multi-line quoted field: the row after it is reported on its own line.
        expectError([Self.header, "011002,01,北海道,\"札幌\n市\",さっぽろし,指定都市", "012025,01,北海道,函館市,はこだてし,区"].joined(separator: "\n"),
                    .kind, line: 4)
    }

    @Test func bomCRLFAndQuotes() throws {
        let csv = "\u{FEFF}" + [Self.header, "011002,01,北海道,\"札幌市\",\"さっ\"\"ぽろし\",指定都市",
                                "\"012025\",01,北海道,\"函館,市\",はこだてし,市", ""].joined(separator: "\r\n")
        let m = try MasterList.load(municipalitiesCSV: csv, prefecturesCSV: MasterList.embeddedPrefecturesCSV)
        #expect(m.municipalities.count == 2)
        #expect(m.municipality(code: "011002")?.kana == "さっ\"ぽろし")
        #expect(m.municipality(code: "012025")?.name == "函館,市")
        #expect(m.municipality(code: "012025")?.kind == .city)
        // The embedded files themselves, Excel-style.
        let excel = "\u{FEFF}" + MasterList.embeddedMunicipalitiesCSV.replacingOccurrences(of: "\n", with: "\r\n")
        let full = try MasterList.load(municipalitiesCSV: excel, prefecturesCSV: MasterList.embeddedPrefecturesCSV)
        #expect(full.municipalities == master.municipalities)
    }

    @Test func csvReorderedColumns() throws {
        let csv = "kind,name,kana,prefecture,pref_code,code\n市,函館市,はこだてし,北海道,01,012025\n"
        let m = try MasterList.load(municipalitiesCSV: csv, prefecturesCSV: MasterList.embeddedPrefecturesCSV)
        #expect(m.municipality(code: "012025")?.name == "函館市")
    }

    @Test func badPrefectureRow() {
        let prefs = "pref_code,code,name,kana,name_en\n01,010006,北海道,ほっかいどう,Hokkaido\n02,020002,青森県,あおもりけん,Aomori\n"
        do {
            _ = try MasterList.load(municipalitiesCSV: Self.header + "\n011002,01,北海道,札幌市,さっぽろし,指定都市\n", prefecturesCSV: prefs)
            Issue.record("loaded")
        } catch {
            #expect(error.kind == .checkDigit && error.line == 3 && error.source == "prefectures.csv")
        }
    }
}
