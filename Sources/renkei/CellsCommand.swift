import ArgumentParser
import Ingest
import RenkeiRun
import XLSXReader
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `renkei cells FILE`: dumps what the reader sees, one JSON object per cell.
struct Cells: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cells",
        abstract: "ブックの空でないセルを1行ずつ JSON で出力します。",
        discussion: HelpText.wrap("""
            各行は {"sheet": NAME, "ref": "B7", "type": T, "value": V} の形です。シートはブックの順に、\
            セルは行ごとに出力します。T は "s"（文字列）、"n"（数値）、"b"（真偽値、true/false）、\
            "e"（エラー、その #…! の文字）、"d"（日付: t="d" のセル、または書式が日付・時刻・経過時間を\
            表す数値）のどれかです。日付は常に "YYYY-MM-DDTHH:MM:SS"（ミリ秒があれば ".mmm" を付けて）の\
            形で出力します。シリアル値はブックの 1900 年または 1904 年の日付システムで読みます。\
            t="d" のセルは格納された文字列をそのまま出力します。読めないファイルは標準エラー出力に1行\
            （"error KIND: 理由"。KIND は読み取りの誤りの種類、理由は台帳と同じ文）を出し、終了ステータス 1 で終わります。
            """) + "\n\n" + ExitStatus.helpText(ExitStatus.other)
    )

    @Argument(help: .ja("読む .xlsx または .xlsm のファイル。"))
    var file: String

    @Option(name: .long, help: .ja("このシートだけ（名前が完全に一致するもの）。"))
    var sheet: String?

    func run() throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        do {
            let workbook = try Workbook(path: file)
            let sheets: [Worksheet] = if let sheet { [try workbook.worksheet(named: sheet)] } else { try workbook.worksheets() }
            for ws in sheets {
                for cell in ws.cells {
                    Cells.appendLine(cell, sheet: ws.name, uses1904: workbook.uses1904Dates, into: &out)
                    if out.count > 1 << 16 { flush(&out) }
                }
            }
        } catch {
            flush(&out)
            var err = StandardError()
            print("error \(error.kind): \(RejectReason(reading: error).reason.message)", to: &err)
            throw ExitCode(1)
        }
        flush(&out)
    }

    static func appendLine(_ cell: Cell, sheet: String, uses1904: Bool, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"sheet": "#.utf8)
        appendJSONString(sheet, into: &out)
        out.append(contentsOf: #", "ref": ""#.utf8)
        out.append(contentsOf: cell.ref.a1.utf8)
        out.append(contentsOf: #"", "type": ""#.utf8)
        switch cell.value {
        case .string(let s):
            out.append(contentsOf: #"s", "value": "#.utf8); appendJSONString(s, into: &out)
        case .number(let v):
            if cell.isDateFormatted, let iso = ExcelDate.iso(serial: v, uses1904: uses1904) {
                out.append(contentsOf: #"d", "value": "#.utf8); appendJSONString(iso, into: &out)
            } else {
                out.append(contentsOf: #"n", "value": "#.utf8); out.append(contentsOf: jsonNumber(v).utf8)
            }
        case .bool(let b):
            out.append(contentsOf: #"b", "value": "#.utf8); out.append(contentsOf: (b ? "true" : "false").utf8)
        case .error(let e):
            out.append(contentsOf: #"e", "value": "#.utf8); appendJSONString(e, into: &out)
        case .date(let d):
            out.append(contentsOf: #"d", "value": "#.utf8); appendJSONString(d, into: &out)
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Integers print without a fraction; non-finite values (never stored by Excel) as null.
    static func jsonNumber(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    static func appendJSONString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0 ..< 0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 15)])
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private func flush(_ out: inout [UInt8]) {
        guard !out.isEmpty else { return }
        out.withUnsafeBufferPointer { buf in
            var done = 0
            while done < buf.count {
                let n = write(1, buf.baseAddress! + done, buf.count - done)
                if n <= 0 { break }
                done += n
            }
        }
        out.removeAll(keepingCapacity: true)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var s = string
        s.withUTF8 { _ = systemWrite(2, $0.baseAddress, $0.count) }
    }
}


@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafePointer<UInt8>?, _ n: Int) -> Int { write(fd, p, n) }
