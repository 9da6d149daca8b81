/// Reads a worksheet part (`<worksheet><sheetData><row><c>…`) into cells: all of them, or only
/// those a `CellSelection` names (then parsing ends with the cell data).
enum WorksheetParser {
    private enum CellType { case number, shared, string, inline, bool, error, date }

    static func parse(_ bytes: [UInt8], name: String, part: String, sharedStrings: SharedStringTable,
                      styles: StyleTable, limits: ReaderLimits, selection: CellSelection? = nil) throws -> Worksheet {
        try bytes.withUnsafeBufferPointer { buf in
            var x = XMLScanner(buf, part: part, maxDepth: limits.maxXMLDepth)
            var cells: [Cell] = []
            cells.reserveCapacity(selection?.count ?? min(bytes.count / 40, 1 << 16))
            var merged: [CellRange] = []
            var dimension: CellRange?
            var inSheetData = false
            var row = -1, col = -1
            var type = CellType.number, style = 0
            var inCell = false, inV = false, inIS = false, inT = false, hasV = false, hasIS = false, hasF = false
            // Formulas saved without their result (a tool that never calculated): no value to read.
            var uncached: [CellRef] = []
            var phonetic = 0
            var preserve = false, tStart = 0
            var value: [UInt8] = []     // text of <v>
            var inline: [UInt8] = []    // text of <is>, furigana excluded
            value.reserveCapacity(128)
            inline.reserveCapacity(128)
            var sorted = true
            var last = CellRef(row: -1, column: -1)
            // The selected cells of the row being read: its cells are checked against a few keys.
            var window = CellSelection.RowWindow()

            func finish() throws {
                // An inline string's text lives in <is>; some writers add a <v> too, which loses.
                if hasIS && (type == .inline || !hasV) {
                    type = .inline
                    swap(&value, &inline)
                } else if !hasV || (hasF && value.isEmpty) {
                    if hasF { uncached.append(CellRef(row: row, column: col)) }
                    return
                }
                let ref = CellRef(row: row, column: col)
                let v: CellValue
                var kind: DateFormatKind?
                switch type {
                case .number:
                    guard !value.isEmpty else { return }
                    if let d = value.withUnsafeBufferPointer({ NumberParser.parse($0, 0 ..< $0.count) }) {
                        v = .number(d)
                        kind = styles.dateKind(style: style)
                    } else {
                        v = .string(String(decoding: value, as: UTF8.self))
                    }
                case .shared:
                    guard let i = value.withUnsafeBufferPointer({ NumberParser.parseInt($0, 0 ..< $0.count) }),
                          let text = try sharedStrings.string(at: i), !text.isEmpty else { return }
                    v = .string(text)
                case .string, .inline:
                    guard !value.isEmpty else { return }
                    v = .string(String(decoding: value, as: UTF8.self))
                case .bool:
                    guard let f = value.first else { return }
                    v = .bool(f == UInt8(ascii: "1") || f == UInt8(ascii: "t") || f == UInt8(ascii: "T"))
                case .error:
                    guard !value.isEmpty else { return }
                    v = .error(String(decoding: value, as: UTF8.self))
                case .date:
                    guard !value.isEmpty else { return }
                    v = .date(String(decoding: value, as: UTF8.self))
                }
                if cells.count >= limits.maxCellsPerSheet {
                    throw XLSXError.limitExceeded(which: "maxCellsPerSheet", limit: limits.maxCellsPerSheet)
                }
                if !(last < ref) { sorted = false }
                last = ref
                cells.append(Cell(ref: ref, value: v, dateFormat: kind))
            }

            while true {
                switch try x.next() {
                case .start:
                    if inCell {
                        if x.isName("v") {
                            inV = true
                            hasV = true
                        } else if x.isName("is") {
                            inIS = true
                            hasIS = true
                        } else if x.isName("t") {
                            inT = inIS && phonetic == 0
                            tStart = inline.count
                            preserve = x.attribute("space").map { $0.count == 8 } ?? false  // "preserve"
                        } else if x.isName("rPh") {
                            phonetic += 1
                        } else if x.isName("f") {
                            hasF = true
                        }
                    } else if x.isName("c") && inSheetData {
                        inCell = true
                        hasV = false
                        hasIS = false
                        hasF = false
                        inIS = false
                        inV = false
                        inT = false
                        phonetic = 0
                        // removeAll(keepingCapacity:) is not free; most cells fill only one buffer.
                        if !value.isEmpty { value.removeAll(keepingCapacity: true) }
                        if !inline.isEmpty { inline.removeAll(keepingCapacity: true) }
                        // Cells without `r` follow the previous one (some generators omit it).
                        let attrs = x.cellAttributes()
                        if let r = attrs.r, let ref = CellRef.parse(buf, r) {
                            row = ref.row
                            col = ref.column
                        } else {
                            if row < 0 { row = 0 }
                            col += 1
                            if col > CellRef.maxColumn { throw x.malformed("more than 16,384 columns") }
                        }
                        if let selection, !selection.contains(row: row, column: col, window: &window) {
                            // Not wanted: step over it undecoded (a label, a blank styled cell).
                            try x.skipElement()
                            inCell = false
                            continue
                        }
                        style = attrs.s.flatMap { NumberParser.parseInt(buf, $0) } ?? 0
                        type = .number
                        if let t = attrs.t {
                            switch t.count {
                            case 1:
                                switch buf[t.lowerBound] {
                                case UInt8(ascii: "s"): type = .shared
                                case UInt8(ascii: "b"): type = .bool
                                case UInt8(ascii: "e"): type = .error
                                case UInt8(ascii: "d"): type = .date
                                default: type = .number
                                }
                            case 3: type = .string  // str
                            case 9: type = .inline  // inlineStr
                            default: type = .number
                            }
                        }
                        // `<v>…</v></c>` in one step: what its five tokens would do.
                        if x.plainValueBody() {
                            hasV = true
                            x.appendText(into: &value, xEscapes: type == .string || type == .inline)
                            try finish()
                            inCell = false
                        }
                    } else if x.isName("row") && inSheetData {
                        if let r = x.rowAttribute(), let n = NumberParser.parseInt(buf, r), n >= 1, n <= CellRef.maxRow + 1 {
                            row = n - 1
                            col = -1
                            // A numbered row holding no selected cell (a heading, a note): stepped over whole.
                            if let selection, !selection.contains(row: row, window: &window) {
                                try x.skipElement()
                                continue
                            }
                        } else {
                            row += 1
                            if row > CellRef.maxRow { throw x.malformed("more than 1,048,576 rows") }
                        }
                        col = -1
                    } else if x.isName("sheetData") {
                        inSheetData = true
                    } else if x.isName("mergeCell") {
                        if let ref = x.attributeString("ref"), let range = CellRange(ref) { merged.append(range) }
                    } else if x.isName("dimension") {
                        dimension = x.attributeString("ref").flatMap { CellRange($0) }
                    }
                case .text:
                    if inV {
                        x.appendText(into: &value, xEscapes: type == .string || type == .inline)
                    } else if inT {
                        x.appendText(into: &inline, xEscapes: true)
                    }
                case .end:
                    if inCell {
                        if x.isName("v") {
                            inV = false
                        } else if x.isName("t") {
                            if inT && !preserve { TextDecoder.trimWhitespace(&inline, from: tStart) }
                            inT = false
                        } else if x.isName("rPh") {
                            phonetic = max(0, phonetic - 1)
                        } else if x.isName("is") {
                            inIS = false
                        } else if x.isName("c") {
                            try finish()
                            inCell = false
                        }
                    } else if x.isName("sheetData") {
                        inSheetData = false
                        // A selection wants cells only: what follows is formatting and validation.
                        if selection != nil {
                            if !sorted { cells.sort { $0.ref < $1.ref } }
                            return Worksheet(name: name, cells: cells, mergedRanges: [], dimension: dimension, uncachedFormulas: uncached)
                        }
                    }
                case .eof:
                    if !sorted { cells.sort { $0.ref < $1.ref } }
                    return Worksheet(name: name, cells: cells, mergedRanges: merged, dimension: dimension, uncachedFormulas: uncached)
                }
            }
        }
    }
}
