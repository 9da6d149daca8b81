import Foundation
import SurveyModel

/// Free-text answers: length and, for contact fields, the shape of an e-mail address or phone number.
enum TextRules {
    static func check(_ q: Question, raw: RawValue, cell: ExtractedCell, context: FileContext) -> Validate.Checked {
        func fail(_ rule: Issue.Rule, _ message: String) -> Validate.Checked {
            .invalid([Issue(.error, rule, at: cell, question: q, context: context, message: message)])
        }
        let text: String
        switch q.format {
        case .email?: text = Normalize.key(raw.written)
        case .phone?: text = phone(raw)
        case nil: text = Normalize.freeText(raw.written)
        }
        // A character is at least one byte: only text with more bytes than the limit needs counting.
        if let max = q.maxLength, text.utf8.count > max, text.count > max {
            return fail(.textLength, "設問 \(q.id) の記入が\(text.count)文字あり、上限の\(max)文字を超えています。\(max)文字以内にまとめてください。")
        }
        switch q.format {
        case .email? where !isEmail(text):
            return fail(.email, "「\(q.label)」の「\(raw.written)」はメールアドレスの形式ではありません。name@example.lg.jp のように記入してください。")
        case .phone? where !isPhone(text):
            return fail(.phone, "「\(q.label)」の「\(raw.written)」は電話番号の形式ではありません。市外局番から 03-1234-5678 のように記入してください。")
        default:
            return .value(NormalizedAnswer(value: .text(text), cells: [cell]))
        }
    }

    /// Phone numbers typed into a number cell lose their leading 0; put it back.
    static func phone(_ raw: RawValue) -> String {
        if case .number(let d) = raw, d > 0, d.rounded() == d { return "0" + String(Int(d)) }
        return Normalize.key(raw.written).replacingOccurrences(of: "(", with: "-").replacingOccurrences(of: ")", with: "-")
            .split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
    }

    /// Japanese numbers: 0 then 9 or 10 more digits, hyphens optional (fixed lines, mobiles, 0120).
    static func isPhone(_ s: String) -> Bool {
        let digits = s.filter { $0 != "-" }
        return s.allSatisfy { $0 == "-" || ($0.isASCII && $0.isNumber) } && digits.first == "0"
            && (10...11).contains(digits.count)
    }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains("..") else { return false }
        return parts[0].utf8.allSatisfy { isAlphanumeric($0) || localSymbols.contains($0) }
            && parts[1].utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// ASCII letters and digits (an address with any other byte, e.g. full-width, is refused).
    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }

    /// The symbols RFC 5322 allows in the local part (besides letters and digits).
    private static let localSymbols: Set<UInt8> = Set(".!#$%&'*+/=?^_`{|}~-".utf8)
}
