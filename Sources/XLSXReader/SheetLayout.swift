/// How a worksheet is laid out on screen and paper, as written: column widths, row heights,
/// drawing objects (charts, images) by their anchors, page setup and manual page breaks.
/// The cell reader never reads these parts; this is for checking what a writer produced
/// (do two charts overlap, how does the sheet print).
public struct SheetLayout: Sendable, Equatable {
    /// One drawing object: where its corners sit in the grid (0-based cells + EMU offsets).
    public struct Anchor: Sendable, Equatable {
        public struct Corner: Sendable, Equatable {
            public var column: Int, columnOffset: Int, row: Int, rowOffset: Int
        }
        /// `cNvPr` name, e.g. "Chart 1".
        public var name: String
        public var from: Corner
        /// The bottom-right corner of a two-cell anchor; nil for one-cell and absolute anchors.
        public var to: Corner?
        /// Size in EMU of a one-cell or absolute anchor (`xdr:ext`).
        public var extent: (cx: Int, cy: Int)?

        public static func == (a: Anchor, b: Anchor) -> Bool {
            a.name == b.name && a.from == b.from && a.to == b.to && a.extent?.cx == b.extent?.cx && a.extent?.cy == b.extent?.cy
        }
    }

    public struct PageSetup: Sendable, Equatable {
        public var landscape = false
        /// Excel paper code (9 = A4); nil when not written (printer default).
        public var paperSize: Int?
        /// Print scale in percent (100 when not written).
        public var scale = 100
        /// `fitToPage`: Excel computes the scale from `fitToWidth` × `fitToHeight` (0 = any).
        public var fitToPage = false
        public var fitToWidth = 1, fitToHeight = 1
        /// Print titles (`_xlnm.Print_Titles` lives in the workbook part, not here).
        public var header: String?, footer: String?
    }

    /// Width in Excel units of each column given in `<cols>` (0-based); others have the default.
    public var columnWidths: [Int: Double] = [:]
    public var hiddenColumns: Set<Int> = []
    /// Height in points of each row given with `ht` (0-based).
    public var rowHeights: [Int: Double] = [:]
    public var hiddenRows: Set<Int> = []
    public var defaultRowHeight = 15.0
    public var anchors: [Anchor] = []
    public var pageSetup = PageSetup()
    /// Manual page breaks: a page starts at these 0-based rows / columns.
    public var rowBreaks: [Int] = []
    public var columnBreaks: [Int] = []

    public init() {}

    public static let emuPerPixel = 9525

    /// A column's width in pixels on the grid objects are positioned on (Calibri 11: 7 px per
    /// unit of the width as stored, which includes its padding; 64 px by default).
    public func columnPixels(_ column: Int) -> Int {
        if hiddenColumns.contains(column) { return 0 }
        guard let w = columnWidths[column] else { return 64 }
        return w < 1 ? Int(w * 12 + 0.5) : Int(w * 7 + 0.5)
    }

    /// A row's height in pixels (4/3 px per point).
    public func rowPixels(_ row: Int) -> Int {
        if hiddenRows.contains(row) { return 0 }
        return Int(4.0 / 3.0 * (rowHeights[row] ?? defaultRowHeight))
    }

    /// An anchor's rectangle in pixels from the sheet's top-left corner, resolved with the
    /// widths and heights as written: (left, top, right, bottom).
    public func frame(of a: Anchor) -> (left: Double, top: Double, right: Double, bottom: Double) {
        func x(_ c: Anchor.Corner) -> Double {
            Double((0..<max(0, c.column)).reduce(0) { $0 + columnPixels($1) }) + Double(c.columnOffset) / Double(Self.emuPerPixel)
        }
        func y(_ c: Anchor.Corner) -> Double {
            Double((0..<max(0, c.row)).reduce(0) { $0 + rowPixels($1) }) + Double(c.rowOffset) / Double(Self.emuPerPixel)
        }
        let left = x(a.from), top = y(a.from)
        if let to = a.to { return (left, top, x(to), y(to)) }
        let ext = a.extent ?? (0, 0)
        return (left, top, left + Double(ext.cx) / Double(Self.emuPerPixel), top + Double(ext.cy) / Double(Self.emuPerPixel))
    }

    /// Pairs of objects whose rectangles share some area (touching edges is not overlapping).
    public func overlappingAnchors() -> [(Anchor, Anchor)] {
        let frames = anchors.map(frame(of:))
        var out: [(Anchor, Anchor)] = []
        for i in frames.indices {
            for j in frames.indices where j > i {
                let a = frames[i], b = frames[j]
                if a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom {
                    out.append((anchors[i], anchors[j]))
                }
            }
        }
        return out
    }
}

extension Workbook {
    /// The layout of the sheet at a 0-based tab position: its part's `<cols>`, row heights,
    /// page setup and breaks, and the anchors of its drawing part, if it has one.
    public func layout(ofSheetAt index: Int) throws(XLSXError) -> SheetLayout {
        guard sheets.indices.contains(index) else { throw .sheetNotFound("#\(index)") }
        let info = sheets[index]
        guard let path = info.partPath else { throw .missingPart("sheet '\(info.name)' (no relationship)") }
        let data = try inflate(path)
        var layout = SheetLayout()
        let drawingID = try Workbook.wrap { try LayoutParser.sheet(data, part: path, limits: limits, into: &layout) }
        guard let drawingID else { return layout }
        let relsPath = Relationships.relsPath(for: path)
        let rels = try Workbook.wrap {
            try Relationships.parse(try inflate(relsPath), part: relsPath, source: path, limits: limits)
        }
        guard let target = rels.first(where: { $0.id == drawingID })?.target else { throw .missingPart(relsPath + " " + drawingID) }
        let drawing = try inflate(target)
        layout.anchors = try Workbook.wrap { try LayoutParser.anchors(drawing, part: target, limits: limits) }
        return layout
    }
}

/// Reads the layout elements of a sheet part and the anchors of a drawing part.
enum LayoutParser {
    /// Fills `layout` from the sheet part; returns the relationship id of its `<drawing>`.
    static func sheet(_ bytes: [UInt8], part: String, limits: ReaderLimits, into layout: inout SheetLayout) throws -> String? {
        try bytes.withUnsafeBufferPointer { buf in
            var x = XMLScanner(buf, part: part, maxDepth: limits.maxXMLDepth)
            var drawing: String?
            var rowBreaks: [Int] = [], columnBreaks: [Int] = []
            var inBreaks = 0  // 1 rowBreaks, 2 colBreaks
            var text: [UInt8] = []
            var capture: Int = 0  // 1 header, 2 footer
            while true {
                switch try x.next() {
                case .start:
                    if x.isName("col") {
                        let lo = Int(x.attributeString("min") ?? "") ?? 0, hi = Int(x.attributeString("max") ?? "") ?? 0
                        guard lo >= 1, hi >= lo, hi - lo < 16_384 else { continue }
                        let width = Double(x.attributeString("width") ?? "")
                        let hidden = x.attributeString("hidden") == "1" || x.attributeString("hidden") == "true"
                        for c in (lo - 1)...(hi - 1) {
                            if let width { layout.columnWidths[c] = width }
                            if hidden { layout.hiddenColumns.insert(c) }
                        }
                    } else if x.isName("row") {
                        guard let r = Int(x.attributeString("r") ?? ""), r >= 1 else { continue }
                        if let ht = Double(x.attributeString("ht") ?? "") { layout.rowHeights[r - 1] = ht }
                        if x.attributeString("hidden") == "1" || x.attributeString("hidden") == "true" { layout.hiddenRows.insert(r - 1) }
                        try x.skipElement()  // the cells are the cell reader's business
                    } else if x.isName("sheetFormatPr") {
                        if let h = Double(x.attributeString("defaultRowHeight") ?? "") { layout.defaultRowHeight = h }
                    } else if x.isName("pageSetUpPr") {
                        layout.pageSetup.fitToPage = x.attributeString("fitToPage") == "1" || x.attributeString("fitToPage") == "true"
                    } else if x.isName("pageSetup") {
                        layout.pageSetup.landscape = x.attributeString("orientation") == "landscape"
                        layout.pageSetup.paperSize = Int(x.attributeString("paperSize") ?? "")
                        layout.pageSetup.scale = Int(x.attributeString("scale") ?? "") ?? 100
                        layout.pageSetup.fitToWidth = Int(x.attributeString("fitToWidth") ?? "") ?? 1
                        layout.pageSetup.fitToHeight = Int(x.attributeString("fitToHeight") ?? "") ?? 1
                    } else if x.isName("rowBreaks") {
                        inBreaks = 1
                    } else if x.isName("colBreaks") {
                        inBreaks = 2
                    } else if x.isName("brk") {
                        if let id = Int(x.attributeString("id") ?? "") { if inBreaks == 1 { rowBreaks.append(id) } else if inBreaks == 2 { columnBreaks.append(id) } }
                    } else if x.isName("oddHeader") {
                        capture = 1; text = []
                    } else if x.isName("oddFooter") {
                        capture = 2; text = []
                    } else if x.isName("drawing") {
                        drawing = x.attributeString("id")
                    }
                case .text:
                    if capture != 0 { x.appendText(into: &text) }
                case .end:
                    if x.isName("rowBreaks") || x.isName("colBreaks") { inBreaks = 0 }
                    if capture == 1 && x.isName("oddHeader") { layout.pageSetup.header = String(decoding: text, as: UTF8.self); capture = 0 }
                    if capture == 2 && x.isName("oddFooter") { layout.pageSetup.footer = String(decoding: text, as: UTF8.self); capture = 0 }
                case .eof:
                    layout.rowBreaks = rowBreaks
                    layout.columnBreaks = columnBreaks
                    return drawing
                }
            }
        }
    }

    /// Every `twoCellAnchor`, `oneCellAnchor` and `absoluteAnchor` of a drawing part.
    static func anchors(_ bytes: [UInt8], part: String, limits: ReaderLimits) throws -> [SheetLayout.Anchor] {
        try bytes.withUnsafeBufferPointer { buf in
            var x = XMLScanner(buf, part: part, maxDepth: limits.maxXMLDepth)
            var out: [SheetLayout.Anchor] = []
            var current: SheetLayout.Anchor?
            var corner: SheetLayout.Anchor.Corner?
            var field = 0  // 1 col, 2 colOff, 3 row, 4 rowOff inside from/to
            var value = 0, negative = false
            var inTo = false
            func isAnchor(_ x: XMLScanner) -> Bool {
                x.isName("twoCellAnchor") || x.isName("oneCellAnchor") || x.isName("absoluteAnchor")
            }
            func fieldOf(_ x: XMLScanner) -> Int {
                x.isName("col") ? 1 : x.isName("colOff") ? 2 : x.isName("row") ? 3 : x.isName("rowOff") ? 4 : 0
            }
            while true {
                switch try x.next() {
                case .start:
                    if isAnchor(x) {
                        current = .init(name: "", from: .init(column: 0, columnOffset: 0, row: 0, rowOffset: 0))
                    } else if current != nil && (x.isName("from") || x.isName("to")) {
                        inTo = x.isName("to")
                        corner = .init(column: 0, columnOffset: 0, row: 0, rowOffset: 0)
                    } else if corner != nil && fieldOf(x) != 0 {
                        field = fieldOf(x); value = 0; negative = false
                    } else if current != nil && corner == nil && x.isName("ext") && current?.extent == nil {
                        // The anchor's xdr:ext comes before the object; a later a:ext (its transform) is ignored.
                        if let cx = Int(x.attributeString("cx") ?? ""), let cy = Int(x.attributeString("cy") ?? "") {
                            current?.extent = (cx, cy)
                        }
                    } else if current != nil && corner == nil && x.isName("pos") {
                        // absoluteAnchor: an EMU position from the sheet's corner
                        current?.from = .init(column: 0, columnOffset: Int(x.attributeString("x") ?? "") ?? 0,
                                              row: 0, rowOffset: Int(x.attributeString("y") ?? "") ?? 0)
                    } else if current != nil && x.isName("cNvPr") && current?.name.isEmpty == true {
                        current?.name = x.attributeString("name") ?? ""
                    }
                case .text:
                    guard field != 0 else { continue }
                    var digits: [UInt8] = []
                    x.appendText(into: &digits)
                    for d in digits {
                        if d == UInt8(ascii: "-") { negative = true }
                        if d >= 0x30 && d <= 0x39 { value = value &* 10 &+ Int(d - 0x30) }
                    }
                case .end:
                    if field != 0 && fieldOf(x) == field {
                        let v = negative ? -value : value
                        switch field {
                        case 1: corner?.column = v
                        case 2: corner?.columnOffset = v
                        case 3: corner?.row = v
                        default: corner?.rowOffset = v
                        }
                        field = 0
                    } else if let c = corner, x.isName("from") || x.isName("to") {
                        if inTo { current?.to = c } else { current?.from = c }
                        corner = nil
                    } else if var a = current, isAnchor(x) {
                        if a.to != nil { a.extent = nil }
                        out.append(a)
                        current = nil
                    }
                case .eof:
                    return out
                }
            }
        }
    }
}
