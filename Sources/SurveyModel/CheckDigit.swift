/// Check digit of the 全国地方公共団体コード (6-digit local government code, JIS X 0401/0402 + 1).
///
/// The sixth digit guards the first five: weights 6,5,4,3,2, r = sum mod 11, check = (11 − r) mod 10.
/// Verified against every code of the embedded master list (1,741 municipalities, 47 prefectures),
/// so a typo in a returned form's 団体コード is caught before it is matched to anyone.
public enum CheckDigit {
    static let weights = [6, 5, 4, 3, 2]

    /// The check digit for five leading digits, or nil if `digits` is not five ASCII digits.
    public static func compute(_ digits: some StringProtocol) -> Int? {
        let d = digits.unicodeScalars.compactMap { $0.asciiDigit }
        guard d.count == 5, digits.unicodeScalars.count == 5 else { return nil }
        let r = zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return (11 - r) % 10
    }

    /// Whether `code` is six ASCII digits whose last digit is the check digit of the first five.
    public static func isValid(_ code: some StringProtocol) -> Bool {
        // Bytes: every code of the master list is checked when a run starts.
        var d: [Int] = []
        d.reserveCapacity(6)
        for b in code.utf8 {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), d.count < 6 else { return false }
            d.append(Int(b - UInt8(ascii: "0")))
        }
        guard d.count == 6 else { return false }
        let r = zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return d[5] == (11 - r) % 10
    }

    /// The six-digit code for five leading digits (the form without check digit, as some
    /// statistics publish it), or nil if `digits` is not five ASCII digits.
    public static func appending(to digits: String) -> String? {
        compute(digits).map { digits + String($0) }
    }
}

extension Unicode.Scalar {
    /// 0…9 for an ASCII digit; full-width digits are Ingest's business, not the master list's.
    var asciiDigit: Int? { ("0"..."9").contains(self) ? Int(value - 48) : nil }
}
