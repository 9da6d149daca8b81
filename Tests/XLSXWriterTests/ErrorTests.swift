import Foundation
import Testing
@testable import XLSXWriter

@Suite struct ErrorTests {
    func workbook() throws -> WorkbookWriter {
        try WorkbookWriter(path: try temporaryDirectory().appendingPathComponent("e.xlsx").path)
    }

    @Test(arguments: [
        ("", "empty"),
        (String(repeating: "あ", count: 32), "31"),
        ("集計[全国]", "["),
        ("a/b", "/"),
        ("what?", "?"),
        ("'quoted'", "apostrophe"),
        ("History", "reserved"),
    ])
    func invalidSheetNames(name: String, hint: String) throws {
        let wb = try workbook()
        do {
            try wb.addSheet(name)
            Issue.record("'\(name)' was accepted")
        } catch let error as WriterError {
            guard case let .invalidSheetName(rejected, reason) = error else {
                Issue.record("unexpected \(error)"); return
            }
            #expect(rejected == name)
            #expect(reason.contains(hint), "reason '\(reason)' lacks '\(hint)'")
        }
    }

    @Test func thirtyOneJapaneseCharactersAreFine() throws {
        let wb = try workbook()
        try wb.addSheet(String(repeating: "表", count: 31))
    }

    @Test func duplicateSheetNameIgnoringCase() throws {
        let wb = try workbook()
        try wb.addSheet("Summary")
        #expect(throws: WriterError.duplicateSheetName("summary")) { try wb.addSheet("summary") }
    }

    @Test func unwritablePath() throws {
        let wb = try WorkbookWriter(path: "/nonexistent-dir/sub/out.xlsx")
        try wb.addSheet("S").write("x", row: 0, column: 0)
        do {
            try wb.close()
            Issue.record("close succeeded")
        } catch let WriterError.cannotWriteFile(path, message) {
            #expect(path == "/nonexistent-dir/sub/out.xlsx")
            #expect(message.contains("does not exist"), "message: \(message)")
        }
        #expect(throws: WriterError.workbookClosed) { try wb.close() }
    }

    @Test func useAfterClose() throws {
        let wb = try workbook()
        let sheet = try wb.addSheet("S")
        try wb.close()
        #expect(throws: WriterError.workbookClosed) { try sheet.write("late", row: 0, column: 0) }
        #expect(throws: WriterError.workbookClosed) { try wb.addSheet("T") }
    }

    @Test func cellOutsideTheGrid() throws {
        let sheet = try workbook().addSheet("S")
        #expect(throws: WriterError.self) { try sheet.write("x", row: 1_048_576, column: 0) }
        #expect(throws: WriterError.self) { try sheet.write(1.0, row: 0, column: 16_384) }
        #expect(throws: WriterError.self) { try sheet.write(Double.nan, row: 0, column: 0) }
    }

    @Test func literalListLimits() throws {
        let sheet = try workbook().addSheet("S")
        let long = (1...40).map { "選択肢その\($0)" }
        let length = DataValidation.joinedLength(long)
        #expect(throws: WriterError.validationListTooLong(length: length, limit: 255)) {
            try sheet.addListValidation(row: 0, column: 0, values: long)
        }
        #expect(throws: WriterError.invalidListItem("a,b")) {
            try sheet.addListValidation(row: 0, column: 0, values: ["a,b", "c"])
        }
        // Exactly 255 characters is still allowed.
        try sheet.addListValidation(row: 1, column: 0, values: [String(repeating: "x", count: 127), String(repeating: "y", count: 127)])
    }

    @Test func libraryErrorsNameTheCall() throws {
        let sheet = try workbook().addSheet("S")
        let validation = DataValidation(.integer(min: 0, max: 9), inputTitle: String(repeating: "長", count: 40))
        do {
            try sheet.addValidation(validation, row: 0, column: 0)
            Issue.record("an input title over 32 characters was accepted")
        } catch let WriterError.library(call, _, message) {
            #expect(call.hasPrefix("worksheet_data_validation"))
            #expect(!message.isEmpty)
        }
    }

    @Test func messagesReadWell() {
        let error = WriterError.validationListTooLong(length: 300, limit: 255)
        #expect(error.description.contains("300"))
        #expect(WriterError.invalidSheetName(name: "a/b", reason: "contains '/'").description.contains("a/b"))
    }
}
