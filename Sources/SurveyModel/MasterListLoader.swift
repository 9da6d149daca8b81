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
            throw MasterListError(.unreadable, source: path, line: 0, "ファイルを読めません。パスと読み取り権限を確かめてください。")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MasterListError(.unreadable, source: path, line: 0,
                                  "ファイルが UTF-8 ではありません（Excel の「CSV」は Shift_JIS で保存します）。「CSV UTF-8 (コンマ区切り)」で保存し直してください。")
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
            throw MasterListError(.empty, source: source, line: 0, "ファイルが空です。1 行目に見出し \(columns.joined(separator: ","))、2 行目から 1 行に 1 件を書いてください。")
        }
        let names = header.fields.map(trimSpaces)
        for c in columns where !names.contains(c) {
            throw MasterListError(.header, source: source, line: header.line,
                                  "見出しに列 `\(c)` がありません。1 行目は \(columns.joined(separator: ",")) にしてください。")
        }
        return try parsed.rows.dropFirst().map { (row) throws(MasterListError) in
            guard row.fields.count == names.count else {
                throw MasterListError(.columnCount, source: source, line: row.line,
                                      "この行の欄は \(row.fields.count) 個ですが、見出しは \(names.count) 個です。カンマの過不足を確かめてください（カンマを含む名称は \"…\" で囲みます）。")
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
            let hint = code.count == 5 ? "（Excel は先頭の 0 を落とします。列を文字列にして 011002 のように書いてください）" : ""
            throw MasterListError(.code, source: source, line: line, "団体コード `\(code)` が半角数字 6 桁ではありません\(hint)。")
        }
        guard CheckDigit.isValid(code) else {
            let right = CheckDigit.appending(to: String(code.prefix(5))) ?? "?"
            throw MasterListError(.checkDigit, source: source, line: line,
                                  "団体コード `\(code)` の検査数字が違います（上 5 桁からは \(right) になります）。正式な団体コード一覧と照らしてください。")
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
                                      "pref_code `\(prefCode)` と団体コード `\(code)` が合いません。都道府県の団体コードは 2 桁の pref_code、000、検査数字です。")
            }
            guard !v["name"]!.isEmpty else { throw MasterListError(.empty, source: source, line: line, "都道府県 `\(code)` の名称がありません。") }
            if let first = seen[prefCode] {
                throw MasterListError(.duplicate, source: source, line: line, "pref_code `\(prefCode)` が 2 回あります（最初は \(first) 行目）。1 行にしてください。")
            }
            seen[prefCode] = line
            out.append(Prefecture(prefCode: prefCode, code: code, name: v["name"]!, kana: v["kana"]!, nameEn: v["name_en"]!))
        }
        if out.isEmpty { throw MasterListError(.empty, source: source, line: 0, "都道府県が 1 件もありません。") }
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
                                      "pref_code `\(prefCode)` が団体コード `\(code)` の上 2 桁と違います。どちらかを直してください。")
            }
            guard let pref = prefectures[prefCode] else {
                throw MasterListError(.prefecture, source: source, line: line, "pref_code `\(prefCode)` はどの都道府県でもありません。")
            }
            guard v["prefecture"] == pref.name else {
                throw MasterListError(.prefecture, source: source, line: line,
                                      "都道府県名が「\(v["prefecture"]!)」ですが、pref_code \(prefCode) は「\(pref.name)」です。直してください。")
            }
            guard let kind = MunicipalityKind(rawValue: v["kind"]!) else {
                throw MasterListError(.kind, source: source, line: line,
                                      "区分「\(v["kind"]!)」は使えません。\(MunicipalityKind.allCases.map(\.rawValue).joined(separator: " / ")) のいずれかにしてください。")
            }
            guard !v["name"]!.isEmpty else { throw MasterListError(.empty, source: source, line: line, "市区町村 `\(code)` の名称がありません。") }
            if let first = seen[code] {
                throw MasterListError(.duplicate, source: source, line: line, "団体コード `\(code)` が 2 回あります（最初は \(first) 行目）。1 行にしてください。")
            }
            seen[code] = line
            out.append(Municipality(code: code, prefCode: prefCode, prefectureName: pref.name,
                                    name: v["name"]!, kana: v["kana"]!, kind: kind))
        }
        if out.isEmpty { throw MasterListError(.empty, source: source, line: 0, "市区町村が 1 件もありません。") }
        return out
    }
}
