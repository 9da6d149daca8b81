/// One `<Relationship>` of a `.rels` part, with its target resolved to a ZIP entry name.
struct Relationship: Sendable {
    let id: String
    /// Full type URI; compared by its last path component, which is the same in
    /// transitional (`schemas.openxmlformats.org`) and strict (`purl.oclc.org`) OOXML.
    let type: String
    let target: String
    let isExternal: Bool
    /// The type's last path component (`worksheet`, `sharedStrings`), found once: a parsed part is
    /// shared by every file that stores it (`PartMemo`), and every file asked for it a dozen times.
    let kind: Substring

    init(id: String, type: String, target: String, isExternal: Bool) {
        self.id = id; self.type = type; self.target = target; self.isExternal = isExternal
        if let slash = type.utf8.lastIndex(of: UInt8(ascii: "/")) { kind = type[type.utf8.index(after: slash)...] }
        else { kind = Substring(type) }
    }
}

enum Relationships {
    /// The `.rels` part that describes `part`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relsPath(for part: String) -> String {
        // ASCII (every part name in practice): the last '/' found on the bytes, no Character walk.
        let u = Array(part.utf8)
        if u.allSatisfy({ $0 < 0x80 }) {
            guard let slash = u.lastIndex(of: UInt8(ascii: "/")) else { return "_rels/" + part + ".rels" }
            return String(decoding: u[..<slash], as: UTF8.self) + "/_rels/" + String(decoding: u[(slash + 1)...], as: UTF8.self) + ".rels"
        }
        if let slash = part.lastIndex(of: "/") {
            return part[..<slash] + "/_rels/" + part[part.index(after: slash)...] + ".rels"
        }
        return "_rels/" + part + ".rels"
    }

    /// Parses a `.rels` part; relative targets resolve against the folder of `source`
    /// (`""` for the package root), absolute ones (`/xl/...`) against the package root.
    static func parse(_ bytes: [UInt8], part: String, source: String, limits: ReaderLimits) throws -> [Relationship] {
        try bytes.withUnsafeBufferPointer { buf in
            var x = XMLScanner(buf, part: part, maxDepth: limits.maxXMLDepth)
            var out: [Relationship] = []
            while true {
                switch try x.next() {
                case .start where x.isName("Relationship"):
                    let external = x.attributeString("TargetMode")?.lowercased() == "external"
                    let target = x.attributeString("Target") ?? ""
                    out.append(Relationship(id: x.attributeString("Id") ?? "", type: x.attributeString("Type") ?? "",
                                            target: external ? target : resolve(target, from: source),
                                            isExternal: external))
                case .eof:
                    return out
                default:
                    continue
                }
            }
        }
    }

    static func resolve(_ target: String, from source: String) -> String {
        // Byte by byte: String's split and join cost more than the rest of opening a workbook.
        var out: [UInt8] = []
        out.reserveCapacity(source.utf8.count + target.utf8.count)
        var starts: [Int] = []  // where each segment of `out` begins
        func push<C: Collection>(_ seg: C) where C.Element == UInt8 {
            if !out.isEmpty { out.append(UInt8(ascii: "/")) }
            starts.append(out.count)
            out.append(contentsOf: seg)
        }
        func pop() {
            guard let start = starts.popLast() else { return }
            out.removeSubrange(max(0, start - 1)...)
        }
        func segments(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
            var i = 0
            while i < bytes.count {
                var j = i
                while j < bytes.count && bytes[j] != UInt8(ascii: "/") { j += 1 }
                if j > i { body(bytes[i ..< j]) }
                i = j + 1
            }
        }
        // Backslashes are Windows path separators some producers write.
        let t = target.utf8.map { $0 == UInt8(ascii: "\\") ? UInt8(ascii: "/") : $0 }
        if t.first != UInt8(ascii: "/") {
            segments(Array(source.utf8)) { push($0) }
            pop()  // the source file itself
        }
        segments(t) { seg in
            if seg.count == 1 && seg.first == UInt8(ascii: ".") { return }
            if seg.count == 2 && seg.first == UInt8(ascii: ".") && seg.last == UInt8(ascii: ".") { pop(); return }
            push(seg)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
