import Foundation
import SurveyModel
import Testing
@testable import ReportKit

/// The respondent of a rejected file guessed from its name (不受理ファイル of the 疑義照会票).
@Suite struct RejectedFileGuessTests {
    static let known: Set<String> = ["131016", "130001", "011002"]

    @Test(arguments: [
        ("市町村票_131016_千代田区.xls", "131016"),       // 6 digits with a valid check digit
        ("13101_千代田区_回答.xlsx", "131016"),           // 5 digits: the check digit is completed
        ("都道府県票130001.pdf", "130001"),
        ("2023-09-01_011002.xlsx", "011002"),           // a date's digits are no code; the next run is
        ("131017_千代田区.xlsx", nil),                    // wrong check digit
        ("999999.xlsx", nil),                            // not in the master list
        ("回答.xlsx", nil),
    ] as [(String, String?)])
    func codeInFileName(_ name: String, _ expected: String?) {
        #expect(ReportContext.codeInName(name, known: Self.known.contains) == expected)
    }
}
