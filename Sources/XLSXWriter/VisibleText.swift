/// Control characters never reach a cell or a CSV field: XML 1.0 cannot carry most of them, Excel
/// shows nothing (or breaks the line) where they are, and a reader cannot tell two names apart.
/// C0 except tab and newline, DEL and C1 become `\xNN`; CR (alone or before LF) becomes a newline.
public enum VisibleText {
    /// Whether `utf8` (valid UTF-8) holds a character that `escapingControls` would change.
    @inline(__always)
    public static func containsControl(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = utf8.count
        while i < n {
            let b = utf8[i]
            if b < 0x20 { if b != 0x09 && b != 0x0A { return true } }
            else if b == 0x7F { return true }
            else if b == 0xC2, i + 1 < n, utf8[i + 1] <= 0x9F { return true }  // U+0080–U+009F
            i += 1
        }
        return false
    }

    /// Whether `text` holds a control character (no copy for native strings).
    public static func containsControl(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { containsControl($0) } ?? containsControl(Array(text.utf8))
    }

    private static func containsControl(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { containsControl($0) }
    }

    /// `text` with every control character made visible; unchanged (not copied) when it has none.
    public static func escapingControls(_ text: String) -> String {
        guard containsControl(text) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in text.unicodeScalars {
            let v = s.value
            defer { previousCR = v == 0x0D }
            if v == 0x0D { out.append("\n"); continue }
            if v == 0x0A && previousCR { continue }  // CR LF: one line break, already written
            if (v < 0x20 && v != 0x09 && v != 0x0A) || (0x7F...0x9F).contains(v) {
                for c in [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(v >> 4)], hex[Int(v & 0xF)]] {
                    out.append(Unicode.Scalar(c))
                }
                continue
            }
            out.append(s)
        }
        return String(out)
    }
}
