import Foundation
import TestSupport
import Testing
@testable import XLSXWriter

/// A fresh directory per test so parallel tests never share files.
func temporaryDirectory() throws -> URL { Temp.url("xlsxwriter") }

/// Reads one part of an .xlsx with `unzip -p`; the reader module is built elsewhere.
func part(_ path: String, of file: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
    process.arguments = ["-p", file.path, path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw WriterError.invalidArgument("unzip could not find \(path) in \(file.lastPathComponent)")
    }
    return String(decoding: data, as: UTF8.self)
}

/// Names of every entry in the archive.
func entries(of file: URL) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
    process.arguments = ["-Z1", file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

/// Shared strings in order, so tests can map `<v>n</v>` of `t="s"` cells back to text.
func sharedStrings(of file: URL) throws -> [String] {
    let xml = try part("xl/sharedStrings.xml", of: file)
    var result: [String] = []
    var rest = xml[...]
    while let open = rest.range(of: "<t>") ?? rest.range(of: "<t xml:space=\"preserve\">"),
          let close = rest.range(of: "</t>", range: open.upperBound..<rest.endIndex) {
        result.append(String(rest[open.upperBound..<close.lowerBound]))
        rest = rest[close.upperBound...]
    }
    return result
}

/// The `<c r="REF" ...>...</c>` element for one cell, or nil.
func cellXML(_ ref: String, in sheetXML: String) -> String? {
    guard let start = sheetXML.range(of: "<c r=\"\(ref)\"") else { return nil }
    let tail = sheetXML[start.lowerBound...]
    if let selfClosing = tail.range(of: "/>"), let close = tail.range(of: "</c>") {
        let end = selfClosing.lowerBound < close.lowerBound
            && !tail[..<selfClosing.lowerBound].contains(">") ? selfClosing.upperBound : close.upperBound
        return String(tail[..<end])
    }
    return tail.range(of: "/>").map { String(tail[..<$0.upperBound]) }
}
