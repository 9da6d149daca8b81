import Foundation

extension MasterList {
    /// The embedded 令和5年度 list: 47 prefectures, 1,741 municipalities. A test proves it loads.
    public static let embedded: MasterList = {
        do { return try load(municipalitiesCSV: embeddedMunicipalitiesCSV, prefecturesCSV: embeddedPrefecturesCSV) }
        catch { fatalError("embedded master list: \(error)") }
    }()

    /// `municipalities.csv` as shipped — the shape a `--master FILE` must have.
    public static let embeddedMunicipalitiesCSV = String(decoding: PackageResources.municipalities_csv, as: UTF8.self)
    public static let embeddedPrefecturesCSV = String(decoding: PackageResources.prefectures_csv, as: UTF8.self)

    static let municipalityColumns = ["code", "pref_code", "prefecture", "name", "kana", "kind"]
    static let prefectureColumns = ["pref_code", "code", "name", "kana", "name_en"]

    /// Parses and checks both lists; the municipalities are checked against the prefectures.
    public static func load(municipalitiesCSV: String, prefecturesCSV: String,
                            municipalitiesSource: String = "municipalities.csv",
                            prefecturesSource: String = "prefectures.csv") throws(MasterListError) -> MasterList {
        let prefectures = try parsePrefectures(prefecturesCSV, source: prefecturesSource)
        let byPrefCode = Dictionary(prefectures.map { ($0.prefCode, $0) }, uniquingKeysWith: { a, _ in a })
        let municipalities = try parseMunicipalities(municipalitiesCSV, source: municipalitiesSource, prefectures: byPrefCode)
        return MasterList(prefectures: prefectures, municipalities: municipalities)
    }

    /// `--master FILE` replaces the municipalities; the prefectures stay embedded unless also given.
    public static func load(municipalitiesPath: String, prefecturesPath: String? = nil) throws(MasterListError) -> MasterList {
        let munis = try readUTF8(municipalitiesPath)
        let prefs = try prefecturesPath.map { (p) throws(MasterListError) in try readUTF8(p) } ?? embeddedPrefecturesCSV
        return try load(municipalitiesCSV: munis, prefecturesCSV: prefs, municipalitiesSource: municipalitiesPath,
                        prefecturesSource: prefecturesPath ?? "prefectures.csv")
    }

    static func readUTF8(_ path: String) throws(MasterListError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MasterListError(.unreadable, source: path, line: 0, "cannot read the file; check the path and permissions.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MasterListError(.unreadable, source: path, line: 0,
                                  "the file is not UTF-8 (Excel's plain \"CSV\" saves Shift_JIS); save it as \"CSV UTF-8 (comma delimited)\".")
        }
        return text
    }

    /// Rows as `[column: value]` keyed by the header, so reordered columns still read.
    static func table(_ text: String, source: String, columns: [String]) throws(MasterListError) -> [(line: Int, values: [String: String])] {
        let parsed: CSVTable
        do { parsed = try CSVTable(parsing: text) } catch {
            throw MasterListError(.syntax, source: source, line: error.line, error.message)
        }
        guard let header = parsed.rows.first else {
            throw MasterListError(.empty, source: source, line: 0, "the file is empty; it needs the header \(columns.joined(separator: ",")) and one row per entry.")
        }
        let names = header.fields.map(trimSpaces)
        for c in columns where !names.contains(c) {
            throw MasterListError(.header, source: source, line: header.line,
                                  "the header lacks the column `\(c)`; the first line must be \(columns.joined(separator: ",")).")
        }
        return try parsed.rows.dropFirst().map { (row) throws(MasterListError) in
            guard row.fields.count == names.count else {
                throw MasterListError(.columnCount, source: source, line: row.line,
                                      "the row has \(row.fields.count) fields but the header has \(names.count); check for a stray or missing comma (quote names containing commas).")
            }
            var values: [String: String] = [:]
            values.reserveCapacity(names.count)
            for (n, v) in zip(names, row.fields) { values[n] = trimSpaces(v) }
            return (row.line, values)
        }
    }

    /// Outer spaces off a field, as `trimmingCharacters(in: .whitespaces)` would: Foundation's
    /// version builds a character set per call, which made loading the 1,741-row list the
    /// slowest part of starting a run.
    static func trimSpaces(_ s: String) -> String {
        // `.whitespaces` is tab and the Unicode space separators (U+3000 included).
        func isSpace(_ u: Unicode.Scalar) -> Bool { u == "\t" || u.properties.generalCategory == .spaceSeparator }
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return s }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    static func checkCode(_ code: String, source: String, line: Int) throws(MasterListError) {
        guard code.count == 6, code.unicodeScalars.allSatisfy({ $0.asciiDigit != nil }) else {
            let hint = code.count == 5 ? " (Excel drops leading zeros: format the column as text and write e.g. 011002)" : ""
            throw MasterListError(.code, source: source, line: line, "団体コード `\(code)` is not 6 half-width digits\(hint).")
        }
        guard CheckDigit.isValid(code) else {
            let right = CheckDigit.appending(to: String(code.prefix(5))) ?? "?"
            throw MasterListError(.checkDigit, source: source, line: line,
                                  "団体コード `\(code)` has a wrong check digit (the first five digits give \(right)); check the code against the official list.")
        }
    }

    static func parsePrefectures(_ text: String, source: String) throws(MasterListError) -> [Prefecture] {
        var seen: [String: Int] = [:]
        var out: [Prefecture] = []
        for (line, v) in try table(text, source: source, columns: prefectureColumns) {
            let code = v["code"]!, prefCode = v["pref_code"]!
            try checkCode(code, source: source, line: line)
            guard prefCode.count == 2, code.hasPrefix(prefCode), code.dropFirst(2).hasPrefix("000") else {
                throw MasterListError(.prefecture, source: source, line: line,
                                      "pref_code `\(prefCode)` and 団体コード `\(code)` do not match; a prefecture's code is its 2-digit pref_code, 000, and a check digit.")
            }
            guard !v["name"]!.isEmpty else { throw MasterListError(.empty, source: source, line: line, "the prefecture `\(code)` has no name.") }
            if let first = seen[prefCode] {
                throw MasterListError(.duplicate, source: source, line: line, "pref_code `\(prefCode)` is listed twice (first at line \(first)); keep one row.")
            }
            seen[prefCode] = line
            out.append(Prefecture(prefCode: prefCode, code: code, name: v["name"]!, kana: v["kana"]!, nameEn: v["name_en"]!))
        }
        if out.isEmpty { throw MasterListError(.empty, source: source, line: 0, "no prefectures listed.") }
        return out
    }

    static func parseMunicipalities(_ text: String, source: String,
                                    prefectures: [String: Prefecture]) throws(MasterListError) -> [Municipality] {
        var seen: [String: Int] = [:]
        var out: [Municipality] = []
        for (line, v) in try table(text, source: source, columns: municipalityColumns) {
            let code = v["code"]!, prefCode = v["pref_code"]!
            try checkCode(code, source: source, line: line)
            guard code.hasPrefix(prefCode), prefCode.count == 2 else {
                throw MasterListError(.prefecture, source: source, line: line,
                                      "pref_code `\(prefCode)` is not the first two digits of 団体コード `\(code)`; correct one of them.")
            }
            guard let pref = prefectures[prefCode] else {
                throw MasterListError(.prefecture, source: source, line: line, "pref_code `\(prefCode)` is not a known prefecture.")
            }
            guard v["prefecture"] == pref.name else {
                throw MasterListError(.prefecture, source: source, line: line,
                                      "the prefecture is written 「\(v["prefecture"]!)」 but pref_code \(prefCode) is 「\(pref.name)」; correct it.")
            }
            guard let kind = MunicipalityKind(rawValue: v["kind"]!) else {
                throw MasterListError(.kind, source: source, line: line,
                                      "kind 「\(v["kind"]!)」 is unknown; use one of \(MunicipalityKind.allCases.map(\.rawValue).joined(separator: " / ")).")
            }
            guard !v["name"]!.isEmpty else { throw MasterListError(.empty, source: source, line: line, "the municipality `\(code)` has no name.") }
            if let first = seen[code] {
                throw MasterListError(.duplicate, source: source, line: line, "団体コード `\(code)` is listed twice (first at line \(first)); keep one row.")
            }
            seen[code] = line
            out.append(Municipality(code: code, prefCode: prefCode, prefectureName: pref.name,
                                    name: v["name"]!, kana: v["kana"]!, kind: kind))
        }
        if out.isEmpty { throw MasterListError(.empty, source: source, line: 0, "no municipalities listed.") }
        return out
    }
}
