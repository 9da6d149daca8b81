import Foundation

/// Core document properties (`docProps/core.xml`). Callers use `modified` to pick the
/// newest of several submissions of the same form.
public struct DocumentProperties: Sendable, Equatable {
    /// `dcterms:modified` as written (ISO 8601, usually UTC with `Z`).
    public var modifiedText: String?
    /// `modifiedText` parsed; nil when absent or unparseable.
    public var modified: Date?
    public var created: Date?
    /// `dc:creator`.
    public var creator: String?
    /// `cp:lastModifiedBy`.
    public var lastModifiedBy: String?

    public init(modifiedText: String? = nil, modified: Date? = nil, created: Date? = nil,
                creator: String? = nil, lastModifiedBy: String? = nil) {
        self.modifiedText = modifiedText
        self.modified = modified
        self.created = created
        self.creator = creator
        self.lastModifiedBy = lastModifiedBy
    }

    static func parse(_ bytes: [UInt8], part: String, limits: ReaderLimits) throws -> DocumentProperties {
        try bytes.withUnsafeBufferPointer { buf in
            var x = XMLScanner(buf, part: part, maxDepth: limits.maxXMLDepth)
            var props = DocumentProperties()
            var field = 0  // 1 modified, 2 creator, 3 lastModifiedBy, 4 created
            var text: [UInt8] = []
            while true {
                switch try x.next() {
                case .start:
                    field = x.isName("modified") ? 1 : x.isName("creator") ? 2 : x.isName("lastModifiedBy") ? 3
                        : x.isName("created") ? 4 : 0
                    text.removeAll(keepingCapacity: true)
                case .text:
                    if field != 0 { x.appendText(into: &text) }
                case .end:
                    guard field != 0 else { continue }
                    // Dates, names: outer ASCII white space is all a producer adds.
                    var lo = 0, hi = text.count
                    while lo < hi, text[lo] == 0x20 || (0x09...0x0D).contains(text[lo]) { lo += 1 }
                    while hi > lo, text[hi - 1] == 0x20 || (0x09...0x0D).contains(text[hi - 1]) { hi -= 1 }
                    var value = String(decoding: text[lo ..< hi], as: UTF8.self)
                    // ASCII ends are not white space once trimmed above: no Unicode property lookup.
                    if let f = value.unicodeScalars.first, let l = value.unicodeScalars.last, !(f.isASCII && l.isASCII),
                       f.properties.isWhitespace || l.properties.isWhitespace {
                        value = value.trimmingCharacters(in: .whitespacesAndNewlines)  // U+3000 and the like
                    }
                    switch field {
                    case 1: props.modifiedText = value; props.modified = ExcelDate.parseISO(value)
                    case 2: props.creator = value
                    case 3: props.lastModifiedBy = value
                    case 4: props.created = ExcelDate.parseISO(value)
                    default: break
                    }
                    field = 0
                case .eof:
                    return props
                }
            }
        }
    }
}
