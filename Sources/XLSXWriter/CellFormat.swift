import CXlsxWriter

/// An RGB colour, `0xRRGGBB`.
public struct Color: Hashable, Sendable {
    public var rgb: UInt32
    public init(rgb: UInt32) { self.rgb = rgb & 0xFF_FFFF }

    public static let black = Color(rgb: 0x000000)
    public static let white = Color(rgb: 0xFFFFFF)
    public static let red = Color(rgb: 0xFF0000)
    public static let green = Color(rgb: 0x00B050)
    public static let blue = Color(rgb: 0x0070C0)
    public static let yellow = Color(rgb: 0xFFFF00)
    public static let gray = Color(rgb: 0x808080)
    public static let lightGray = Color(rgb: 0xD9D9D9)

    /// libxlsxwriter reads 0 as "no colour", so black has its own sentinel.
    var lxw: lxw_color_t { rgb == 0 ? lxw_color_t(LXW_COLOR_BLACK.rawValue) : lxw_color_t(rgb) }
}

/// How a cell looks: font, fill, borders, number format, alignment, protection.
///
/// A value type so callers can build formats anywhere; the workbook turns each distinct
/// value into one `lxw_format` and reuses it, so identical specs share one style record.
public struct CellFormat: Hashable, Sendable {
    public enum HorizontalAlignment: Hashable, Sendable {
        case left, center, right, fill, justify, centerAcrossSelection, distributed
    }
    public enum VerticalAlignment: Hashable, Sendable {
        case top, center, bottom, justify, distributed
    }
    public enum BorderStyle: Hashable, Sendable {
        case thin, medium, thick, dashed, dotted, double, hair
    }
    public struct Border: Hashable, Sendable {
        public var style: BorderStyle
        public var color: Color?
        public init(_ style: BorderStyle = .thin, color: Color? = nil) {
            self.style = style
            self.color = color
        }
        public static let thin = Border(.thin)
        public static let medium = Border(.medium)
    }

    public var bold: Bool
    public var italic: Bool
    public var underline: Bool
    /// Points; nil uses the workbook default font size.
    public var fontSize: Double?
    /// nil uses the workbook default font (see `WorkbookWriter.Options.defaultFont`).
    public var fontName: String?
    public var fontColor: Color?
    /// Solid background fill.
    public var fillColor: Color?
    /// Same border on all four sides.
    public var border: Border?
    /// Excel number format code, e.g. `"0.0%"`, `"#,##0"`, `"yyyy/m/d"`, `"@"` (text).
    public var numberFormat: String?
    public var horizontalAlignment: HorizontalAlignment?
    public var verticalAlignment: VerticalAlignment?
    public var wrapText: Bool
    public var indent: Int
    /// Locked cells cannot be edited once the sheet is protected; Excel's default is locked.
    public var locked: Bool
    /// Hides the formula in the formula bar once the sheet is protected.
    public var hidden: Bool
    public var shrinkToFit: Bool

    public init(bold: Bool = false, italic: Bool = false, underline: Bool = false,
                fontSize: Double? = nil, fontName: String? = nil, fontColor: Color? = nil,
                fillColor: Color? = nil, border: Border? = nil, numberFormat: String? = nil,
                horizontalAlignment: HorizontalAlignment? = nil,
                verticalAlignment: VerticalAlignment? = nil,
                wrapText: Bool = false, indent: Int = 0,
                locked: Bool = true, hidden: Bool = false, shrinkToFit: Bool = false) {
        self.bold = bold
        self.italic = italic
        self.underline = underline
        self.fontSize = fontSize
        self.fontName = fontName
        self.fontColor = fontColor
        self.fillColor = fillColor
        self.border = border
        self.numberFormat = numberFormat
        self.horizontalAlignment = horizontalAlignment
        self.verticalAlignment = verticalAlignment
        self.wrapText = wrapText
        self.indent = indent
        self.locked = locked
        self.hidden = hidden
        self.shrinkToFit = shrinkToFit
    }

    /// The plain format with only the locked flag changed — handy for input cells.
    public static let unlocked = CellFormat(locked: false)

    /// A copy with some properties changed: `header.with { $0.fillColor = .lightGray }`.
    public func with(_ change: (inout CellFormat) -> Void) -> CellFormat {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A font used when a `CellFormat` does not name one.
public struct Font: Hashable, Sendable {
    public var name: String
    public var size: Double
    public init(name: String, size: Double = 11) {
        self.name = name
        self.size = size
    }
    /// Excel's Japanese default since 2016; LibreOffice substitutes a CJK font if missing.
    public static let yuGothic = Font(name: "游ゴシック", size: 11)
    /// libxlsxwriter's own default; Japanese text still shows through font fallback.
    public static let calibri = Font(name: "Calibri", size: 11)
}

/// Maps `CellFormat` values to `lxw_format` pointers owned by one workbook.
///
/// Cell formats and conditional (dxf) formats are cached apart: a dxf must not carry the
/// default font, or every highlighted cell would switch font.
///
/// Every cell written looks its format up here, so a lookup packs the spec into one word
/// (`FormatKey.pack`) and first tries a small table of recent formats indexed by that word;
/// only a miss hashes (the packed word, not the struct field by field). Equality always
/// compares the whole spec, so two specs never share a format unless they are equal, and
/// formats are created in first-use order as before.
final class FormatCache {
    private let workbook: UnsafeMutablePointer<lxw_workbook>
    private let defaultFont: Font
    private var cellFormats: [FormatKey: UnsafeMutablePointer<lxw_format>] = [:]
    private var dxfFormats: [FormatKey: UnsafeMutablePointer<lxw_format>] = [:]
    /// Formats found recently, in a slot picked from the packed word: a hit costs one word
    /// compare and one spec compare, no hashing. A workbook's few dozen formats mostly stay
    /// in their slots; a collision just falls through to the dictionary.
    private var recent = [(packed: UInt64, spec: CellFormat, format: UnsafeMutablePointer<lxw_format>)?](
        repeating: nil, count: 1 << FormatCache.recentBits)
    private static let recentBits = 6
    /// What a nil spec maps to: `CellFormat()`, looked up once.
    private var plain: UnsafeMutablePointer<lxw_format>?

    init(workbook: UnsafeMutablePointer<lxw_workbook>, defaultFont: Font) {
        self.workbook = workbook
        self.defaultFont = defaultFont
    }

    /// The library format for a cell; nil spec still gets one so the default font applies.
    func cell(_ spec: CellFormat?) -> UnsafeMutablePointer<lxw_format>? {
        guard let spec else {
            if let plain { return plain }
            plain = cell(CellFormat())
            return plain
        }
        let packed = FormatKey.pack(spec)
        // Fibonacci hashing: the top bits of the product depend on every bit of the word.
        let slot = Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> (64 - Self.recentBits))
        if let hit = recent[slot], hit.packed == packed, hit.spec == spec { return hit.format }
        let key = FormatKey(spec, packed: packed)
        let format: UnsafeMutablePointer<lxw_format>
        if let cached = cellFormats[key] {
            format = cached
        } else {
            guard let made = workbook_add_format(workbook) else { return nil }
            apply(spec, to: made, withDefaults: true)
            cellFormats[key] = made
            format = made
        }
        recent[slot] = (key.packed, spec, format)
        return format
    }

    /// The library format for a conditional-format rule (only what the spec sets).
    func dxf(_ spec: CellFormat) -> UnsafeMutablePointer<lxw_format>? {
        let key = FormatKey(spec)
        if let cached = dxfFormats[key] { return cached }
        guard let format = workbook_add_format(workbook) else { return nil }
        apply(spec, to: format, withDefaults: false)
        dxfFormats[key] = format
        return format
    }

    var count: Int { cellFormats.count + dxfFormats.count }

    private func apply(_ spec: CellFormat, to format: UnsafeMutablePointer<lxw_format>,
                       withDefaults: Bool) {
        let fontName = spec.fontName ?? (withDefaults ? defaultFont.name : nil)
        if let fontName, fontName != "Calibri" {
            format_set_font_name(format, fontName)
            // Excel writes family 3 for East Asian fonts such as 游ゴシック; 1.1.4 writes no
            // <charset> for cell fonts, so the family is the only hint we can give.
            if fontName.unicodeScalars.contains(where: { !$0.isASCII }) {
                format_set_font_family(format, 3)
            }
        }
        let fontSize = spec.fontSize ?? (withDefaults ? defaultFont.size : nil)
        if let fontSize, fontSize != 11 { format_set_font_size(format, fontSize) }
        if spec.bold { format_set_bold(format) }
        if spec.italic { format_set_italic(format) }
        if spec.underline { format_set_underline(format, UInt8(LXW_UNDERLINE_SINGLE.rawValue)) }
        if let color = spec.fontColor { format_set_font_color(format, color.lxw) }
        if let fill = spec.fillColor {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            // Cell formats take the fill as background; dxf fills are written from bg too.
            format_set_bg_color(format, fill.lxw)
        }
        if let border = spec.border {
            format_set_border(format, border.style.lxw)
            if let color = border.color { format_set_border_color(format, color.lxw) }
        }
        if let code = spec.numberFormat { format_set_num_format(format, code) }
        if let h = spec.horizontalAlignment { format_set_align(format, h.lxw) }
        if let v = spec.verticalAlignment { format_set_align(format, v.lxw) }
        if spec.wrapText { format_set_text_wrap(format) }
        if spec.indent > 0 { format_set_indent(format, UInt8(clamping: spec.indent)) }
        if !spec.locked { format_set_unlocked(format) }
        if spec.hidden { format_set_hidden(format) }
        if spec.shrinkToFit { format_set_shrink(format) }
    }
}

/// A `CellFormat` as a dictionary key whose hash is one word: flags, alignments, border,
/// colours, font size and the lengths of the two strings packed together. Specs that pack
/// alike (e.g. differing only in the text of a number format of the same length) share a
/// bucket and are told apart by `==` on the full spec.
struct FormatKey: Hashable {
    let spec: CellFormat
    let packed: UInt64

    init(_ spec: CellFormat) { self.init(spec, packed: Self.pack(spec)) }

    init(_ spec: CellFormat, packed: UInt64) {
        self.spec = spec
        self.packed = packed
    }

    static func pack(_ spec: CellFormat) -> UInt64 {
        var bits: UInt64 = 0
        if spec.bold { bits |= 1 }
        if spec.italic { bits |= 1 << 1 }
        if spec.underline { bits |= 1 << 2 }
        if spec.wrapText { bits |= 1 << 3 }
        if !spec.locked { bits |= 1 << 4 }
        if spec.hidden { bits |= 1 << 5 }
        if spec.shrinkToFit { bits |= 1 << 6 }
        bits |= UInt64(spec.horizontalAlignment.map { $0.lxw &+ 1 } ?? 0) << 8
        bits |= UInt64(spec.verticalAlignment.map { $0.lxw &+ 1 } ?? 0) << 12
        bits |= UInt64(spec.border.map { $0.style.lxw &+ 1 } ?? 0) << 16
        bits |= (UInt64(spec.numberFormat.map { $0.utf8.count &+ 1 } ?? 0) & 0xFF) << 20
        bits |= (UInt64(spec.fontName.map { $0.utf8.count &+ 1 } ?? 0) & 0xFF) << 28
        bits |= UInt64(min(max(spec.indent, 0), 0xF)) << 36
        bits |= UInt64(spec.fillColor.map { $0.rgb | 0x100_0000 } ?? 0) << 40
        bits ^= UInt64(spec.fontColor.map { $0.rgb | 0x100_0000 } ?? 0)
        bits ^= UInt64(spec.border?.color.map { $0.rgb | 0x100_0000 } ?? 0) << 17
        bits ^= spec.fontSize.map { $0.bitPattern } ?? 0
        return bits
    }

    static func == (a: FormatKey, b: FormatKey) -> Bool { a.packed == b.packed && a.spec == b.spec }
    func hash(into hasher: inout Hasher) { hasher.combine(packed) }
}

extension CellFormat.BorderStyle {
    var lxw: UInt8 {
        let value: lxw_format_borders
        switch self {
        case .thin: value = LXW_BORDER_THIN
        case .medium: value = LXW_BORDER_MEDIUM
        case .thick: value = LXW_BORDER_THICK
        case .dashed: value = LXW_BORDER_DASHED
        case .dotted: value = LXW_BORDER_DOTTED
        case .double: value = LXW_BORDER_DOUBLE
        case .hair: value = LXW_BORDER_HAIR
        }
        return UInt8(value.rawValue)
    }
}

extension CellFormat.HorizontalAlignment {
    var lxw: UInt8 {
        let value: lxw_format_alignments
        switch self {
        case .left: value = LXW_ALIGN_LEFT
        case .center: value = LXW_ALIGN_CENTER
        case .right: value = LXW_ALIGN_RIGHT
        case .fill: value = LXW_ALIGN_FILL
        case .justify: value = LXW_ALIGN_JUSTIFY
        case .centerAcrossSelection: value = LXW_ALIGN_CENTER_ACROSS
        case .distributed: value = LXW_ALIGN_DISTRIBUTED
        }
        return UInt8(value.rawValue)
    }
}

extension CellFormat.VerticalAlignment {
    var lxw: UInt8 {
        let value: lxw_format_alignments
        switch self {
        case .top: value = LXW_ALIGN_VERTICAL_TOP
        case .center: value = LXW_ALIGN_VERTICAL_CENTER
        case .bottom: value = LXW_ALIGN_VERTICAL_BOTTOM
        case .justify: value = LXW_ALIGN_VERTICAL_JUSTIFY
        case .distributed: value = LXW_ALIGN_VERTICAL_DISTRIBUTED
        }
        return UInt8(value.rawValue)
    }
}
