import SurveyModel

/// Who a form is for (配布先): decides what is prefilled, the title line and the file name.
public struct FormRecipient: Sendable, Hashable {
    public var form: FormID
    /// 団体コード; nil on a blank coordinator form.
    public var code: String?
    public var prefectureCode: String?
    public var prefectureName: String?
    /// 市区町村名 (a municipality, or the one a coordinator works for).
    public var municipalityName: String?
    public var coordinatorNumber: Int?

    public init(form: FormID, code: String?, prefectureCode: String?, prefectureName: String?,
                municipalityName: String?, coordinatorNumber: Int?) {
        self.form = form; self.code = code; self.prefectureCode = prefectureCode
        self.prefectureName = prefectureName; self.municipalityName = municipalityName
        self.coordinatorNumber = coordinatorNumber
    }

    public static func prefecture(_ p: Prefecture, form: FormID) -> FormRecipient {
        FormRecipient(form: form, code: p.code, prefectureCode: p.prefCode, prefectureName: p.name,
                      municipalityName: nil, coordinatorNumber: nil)
    }

    public static func municipality(_ m: Municipality, form: FormID) -> FormRecipient {
        FormRecipient(form: form, code: m.code, prefectureCode: m.prefCode, prefectureName: m.prefectureName,
                      municipalityName: m.name, coordinatorNumber: nil)
    }

    /// A coordinator employed by a municipality.
    public static func coordinator(of m: Municipality, number: Int, form: FormID) -> FormRecipient {
        FormRecipient(form: form, code: m.code, prefectureCode: m.prefCode, prefectureName: m.prefectureName,
                      municipalityName: m.name, coordinatorNumber: number)
    }

    /// A coordinator employed by a prefecture (都道府県所属).
    public static func coordinator(of p: Prefecture, number: Int, form: FormID) -> FormRecipient {
        FormRecipient(form: form, code: p.code, prefectureCode: p.prefCode, prefectureName: p.name,
                      municipalityName: nil, coordinatorNumber: number)
    }

    /// The blank coordinator form anyone can forward: nothing prefilled.
    public static func blankCoordinator(form: FormID) -> FormRecipient {
        FormRecipient(form: form, code: nil, prefectureCode: nil, prefectureName: nil, municipalityName: nil, coordinatorNumber: nil)
    }

    /// Values written into identity cells (grey, locked).
    public var prefill: [IdentityRole: String] {
        var v: [IdentityRole: String] = [:]
        v[.code] = code
        v[.prefectureName] = prefectureName
        // A coordinator writes the name of the 自治体 they work for; a municipality's is given.
        if coordinatorNumber == nil { v[.municipalityName] = municipalityName }
        v[.coordinatorNumber] = coordinatorNumber.map(String.init)
        return v
    }

    /// 千代田区 / 東京都 / nil for a blank form.
    public var organisationName: String? { municipalityName ?? prefectureName }

    /// 「東京都 千代田区（131016）」 — the line under the title.
    public var respondentLine: String {
        guard let code else { return "（所属自治体の団体コード・コーディネーター番号を記入してください）" }
        var s = [prefectureName, municipalityName].compactMap { $0 }.joined(separator: " ") + "（\(code)）"
        if let n = coordinatorNumber { s += "　コーディネーター番号 \(n)" }
        return s
    }

    /// `<file_stem>_130001_東京都.xlsx`, `<file_stem>_131016_千代田区_01.xlsx` (a coordinator),
    /// `<file_stem>_空欄.xlsx` (a blank form).
    public func fileName(stem: String) -> String {
        guard let code else { return "\(stem)_空欄.xlsx" }
        var parts = [stem, code]
        if let name = organisationName { parts.append(name) }
        if let n = coordinatorNumber { parts.append(n < 10 ? "0\(n)" : String(n)) }
        return parts.joined(separator: "_") + ".xlsx"
    }

    /// `13_東京都`; nil for a blank form (written at the top of the output).
    public var folderName: String? {
        guard let prefectureCode, let prefectureName else { return nil }
        return "\(prefectureCode)_\(prefectureName)"
    }
}
