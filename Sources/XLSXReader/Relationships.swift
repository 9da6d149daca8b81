/// One `<Relationship>` of a `.rels` part, with its target resolved to a ZIP entry name.
struct Relationship: Sendable {
    let id: String
    /// Full type URI; compared by its last path component, which is the same in
    /// transitional (`schemas.openxmlformats.org`) and strict (`purl.oclc.org`) OOXML.
    let type: String
    let target: String
    let isExternal: Bool

    var kind: Substring {
        guard let slash = type.utf8.lastIndex(of: UInt8(ascii: "/")) else { return Substring(type) }
        return type[type.utf8.index(after: slash)...]
    }
}

enum Relationships {
    /// The `.rels` part that describes `part`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relsPath(for part: String) -> String {
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
        // Byte check first: Foundation's replace is slow on Linux and almost no target has a backslash.
        let t = target.utf8.contains(UInt8(ascii: "\\")) ? target.replacingOccurrences(of: "\\", with: "/") : target
        var parts: [Substring]
        if t.hasPrefix("/") {
            parts = []
        } else {
            parts = source.split(separator: "/")
            if !parts.isEmpty { parts.removeLast() }  // the source file itself
        }
        for seg in t.split(separator: "/") {
            if seg == "." { continue }
            if seg == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(seg)
        }
        return parts.joined(separator: "/")
    }
}
