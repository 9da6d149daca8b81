import Foundation
import SurveyModel
import XLSXReader

/// One form's answer cells as read (`ExtractedForm`) in a few bytes: cells in the form's anchor
/// order, sheet names once. Kept per accepted form instead of the cells themselves (a tenth of
/// the memory at scale), decoded when a correction must be written into a copy, and stored in
/// the answer cache. Decoding gives exactly the `ExtractedForm` that `Extract` made.
public struct StoredForm: Sendable, Equatable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    private enum Tag: UInt8 { case absent = 0, empty, text, number, integer, falseValue, trueValue, error, date }

    /// `byPosition`: the cells in the order of the form's anchor keys, as `Extract.cells` gives them.
    static func encode(meta m: FormMeta, byPosition: [ExtractedCell?]) -> StoredForm {
        var w = ByteWriter()
        w.bytes.reserveCapacity(64 + byPosition.count * 4)
        w.string(m.formID.rawValue); w.string(m.codebookID); w.string(m.codebookVersion)
        w.optionalString(m.code); w.optionalInt(m.coordinatorNumber)
        w.optionalString(m.answerColumn); w.optionalString(m.idColumn); w.string(m.sheetName)
        var sheets: [String] = []
        var present = 0
        for c in byPosition { if let c { present += 1; if !sheets.contains(c.sheet) { sheets.append(c.sheet) } } }
        w.int(sheets.count)
        for s in sheets { w.string(s) }
        // Present cells as (gap from the previous, cell): a cell not found costs nothing.
        w.int(present)
        var previous = -1
        for (i, c) in byPosition.enumerated() {
            guard let c else { continue }
            w.int(i - previous - 1); previous = i
            w.int(sheets.firstIndex(of: c.sheet)!); w.int(c.ref.row); w.int(c.ref.column)
            switch c.raw {
            case nil: w.byte(Tag.empty.rawValue)
            case .text(let s)?: w.byte(Tag.text.rawValue); w.string(s)
            case .number(let d)?:
                // Whole non-negative numbers (most answers) as a varint; anything else bit for bit.
                if d >= 0, d < 9_007_199_254_740_992, d.rounded(.towardZero) == d, d.sign == .plus {
                    w.byte(Tag.integer.rawValue); w.int(Int(d))
                } else { w.byte(Tag.number.rawValue); w.uint64(d.bitPattern) }
            case .bool(let b)?: w.byte(b ? Tag.trueValue.rawValue : Tag.falseValue.rawValue)
            case .error(let e)?: w.byte(Tag.error.rawValue); w.string(e)
            case .date(let d)?: w.byte(Tag.date.rawValue); w.uint64(d.timeIntervalSinceReferenceDate.bitPattern)
            }
        }
        // Kept per form until the run ends: exactly the bytes, not the writer's spare capacity.
        let n = w.bytes.count
        return StoredForm(bytes: [UInt8](unsafeUninitializedCapacity: n) { buf, count in
            _ = buf.initialize(from: w.bytes)
            count = n
        })
    }

    /// nil when the bytes are not this form's (a damaged cache entry). The form id is the
    /// codebook's own (it carries the form's rank for sorting).
    /// `anchors`: the form's keys and their positions, made once per run (`IngestOptions.anchors`).
    func decode(form: FormID, anchors: FormAnchors) -> ExtractedForm? {
        let keys = anchors.keys
        return bytes.withUnsafeBufferPointer { buf -> ExtractedForm? in
            var r = ByteReader(buf)
            guard let formID = r.string(), formID == form.rawValue, let cbID = r.string(), let cbVersion = r.string(),
                  let code = r.optionalString(), let coordinator = r.optionalInt(),
                  let answerColumn = r.optionalString(), let idColumn = r.optionalString(), let sheetName = r.string(),
                  let sheetCount = r.int(), sheetCount >= 0, sheetCount <= buf.count else { return nil }
            var sheets: [String] = []
            for _ in 0 ..< sheetCount { guard let s = r.string() else { return nil }; sheets.append(s) }
            guard let count = r.int(), count >= 0, count <= keys.count else { return nil }
            var byPosition = [ExtractedCell?](repeating: nil, count: keys.count)
            var i = -1
            for _ in 0 ..< count {
                guard let gap = r.int(), gap >= 0 else { return nil }
                i += gap + 1
                guard keys.indices.contains(i), let s = r.int(), sheets.indices.contains(s), let row = r.int(),
                      let column = r.int(), let tag = r.byte().flatMap(Tag.init(rawValue:)) else { return nil }
                let raw: RawValue?
                switch tag {
                case .absent: return nil
                case .empty: raw = nil
                case .text: guard let t = r.string() else { return nil }; raw = .text(t)
                case .number: guard let b = r.uint64() else { return nil }; raw = .number(Double(bitPattern: b))
                case .integer: guard let n = r.int() else { return nil }; raw = .number(Double(n))
                case .falseValue: raw = .bool(false)
                case .trueValue: raw = .bool(true)
                case .error: guard let e = r.string() else { return nil }; raw = .error(e)
                case .date: guard let b = r.uint64() else { return nil }
                    raw = .date(Date(timeIntervalSinceReferenceDate: Double(bitPattern: b)))
                }
                byPosition[i] = ExtractedCell(sheet: sheets[s], ref: CellRef(row: row, column: column), raw: raw)
            }
            guard r.atEnd else { return nil }
            let meta = FormMeta(formID: form, codebookID: cbID, codebookVersion: cbVersion, code: code,
                                coordinatorNumber: coordinator, answerColumn: answerColumn, idColumn: idColumn, sheetName: sheetName)
            return ExtractedForm(meta: meta, anchors: keys, position: anchors.position, byPosition: byPosition)
        }
    }

    /// The form id written first, without decoding the rest (to find the form's anchor keys).
    var formID: String? {
        bytes.withUnsafeBufferPointer { buf in
            var r = ByteReader(buf)
            return r.string()
        }
    }
}

/// Varints and length-prefixed UTF-8: the stored forms' and the cache file's encoding.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func uint64(_ v: UInt64) {
        var v = v
        for _ in 0 ..< 8 { bytes.append(UInt8(truncatingIfNeeded: v)); v >>= 8 }
    }
    /// Non-negative ints in 7-bit groups; a negative one (never written here) as its bit pattern.
    @inline(__always) mutating func int(_ n: Int) {
        if n >= 0 && n < 0x80 { bytes.append(UInt8(truncatingIfNeeded: n)); return }
        var v = UInt64(bitPattern: Int64(n))
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in int(u.count); bytes.append(contentsOf: u) }
    }
    mutating func optionalString(_ s: String?) {
        if let s { byte(1); string(s) } else { byte(0) }
    }
    mutating func optionalInt(_ n: Int?) {
        if let n { byte(1); int(n) } else { byte(0) }
    }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and nil past the end.
struct ByteReader {
    let buf: UnsafeBufferPointer<UInt8>
    var at = 0

    init(_ buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    var atEnd: Bool { at == buf.count }

    mutating func byte() -> UInt8? {
        guard at < buf.count else { return nil }
        defer { at += 1 }
        return buf[at]
    }
    mutating func uint64() -> UInt64? {
        guard buf.count - at >= 8 else { return nil }
        var v: UInt64 = 0
        for k in 0 ..< 8 { v |= UInt64(buf[at + k]) << (8 * k) }
        at += 8
        return v
    }
    mutating func int() -> Int? {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard at < buf.count, shift < 64 else { return nil }
            let b = buf[at]; at += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: v))
    }
    mutating func bytes(_ n: Int) -> UnsafeBufferPointer<UInt8>? {
        guard n >= 0, buf.count - at >= n else { return nil }
        defer { at += n }
        return UnsafeBufferPointer(rebasing: buf[at ..< at + n])
    }
    mutating func string() -> String? {
        guard let n = int(), let u = bytes(n) else { return nil }
        return String(decoding: u, as: UTF8.self)
    }
    mutating func optionalString() -> String?? {
        switch byte() {
        case 0?: return .some(nil)
        case 1?: return string().map { .some($0) }
        default: return nil
        }
    }
    mutating func optionalInt() -> Int?? {
        switch byte() {
        case 0?: return .some(nil)
        case 1?: return int().map { .some($0) }
        default: return nil
        }
    }
}
