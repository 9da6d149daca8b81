import Foundation

/// Body nodes: every element of the pages is one of these (Markup.swift).
typealias Body = Node<HTML.BodyContext>

/// Page parts shared by the national, prefecture and カルテ pages.
enum Html {
    /// Text and attribute values are written as given (Markup): every one goes through this.
    static func escape(_ s: String) -> String {
        var s = s
        let plain = s.withUTF8 { !$0.contains { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 } }
        guard !plain else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// An attribute with its value escaped.
    static func attr<C>(_ name: String, _ value: String) -> Node<C> {
        .attribute(named: name, value: escape(value), ignoreIfValueIsEmpty: false)
    }

    /// An element of any name (SVG, figure, output …) with escaped attributes.
    static func el(_ name: String, _ attributes: [(String, String)] = [], _ children: [Body] = []) -> Body {
        .element(named: name, nodes: attributes.map { attr($0.0, $0.1) } + children)
    }

    /// A whole page. `root`: the relative path to the folder holding dashboard.css/js ("", "../").
    static func page(title: String, root: String, heading: [Body], body: [Body], footer: [Body]) -> [UInt8] {
        let html: Node<HTML.DocumentContext> = .element(named: "html", nodes: [
            .attribute(named: "lang", value: "ja"),
            .head(
                .meta(.attribute(named: "charset", value: "UTF-8")),
                .meta(.attribute(named: "name", value: "viewport"), .attribute(named: "content", value: "width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [text(title)]),
                .link(.attribute(named: "rel", value: "stylesheet"), .href(root + Assets.css))
            ),
            .body(
                .header(.class("page-head"), .group(heading)),
                .main(.group(body)),
                .footer(.class("page-foot"), .group(footer)),
                .script(.src(root + Assets.js))
            ),
        ])
        var out = Array("<!DOCTYPE html>".utf8)
        html.markup.write(into: &out)
        return out
    }

    /// A view: one printed A4 landscape page, with its heading, explanation, chart, table and downloads.
    static func view(id: String, title: String, intro: [Body] = [], chart: Body? = nil, table: DataTable?,
                     explanation: [Body] = [], extra: [Body] = []) -> Body {
        var parts: [Body] = intro
        var figure: [Body] = []
        if let chart { figure.append(.div(.class("chart"), chart)) }
        if let table { figure.append(.div(.class("table-wrap"), self.table(table))) }
        parts.append(.div(.class(chart == nil ? "figure table-only" : "figure"), .group(figure)))
        if !explanation.isEmpty {
            parts.append(el("aside", [("class", "explain")], [.h3(Html.text("指標の解説"))] + explanation))
        }
        parts += extra
        if table != nil || chart != nil {
            var tools: [Body] = []
            if let table { tools.append(.button(.class("csv"), attr("data-table", table.id), attr("type", "button"), Html.text("CSVをダウンロード"))) }
            if chart != nil { tools.append(.button(.class("png"), attr("data-view", id), attr("type", "button"), Html.text("グラフを画像で保存"))) }
            parts.append(.div(.class("tools"), .group(tools)))
        }
        return el("section", [("class", "view"), ("id", id), ("aria-labelledby", id + "-h")],
                   [.h2(.id(id + "-h"), text(title))] + parts)
    }

    /// The table of a view: shares carry their unrounded value (data-v) for CSV and sorting; the
    /// header and rows carry the keys of the workbook figures (data-c, data-r). Written straight
    /// into bytes: a table is most of a page's elements (1,741 カルテ, 北海道's 179 rows), and
    /// building nodes or caching rendered cells by their contents cost more than writing them.
    static func table(_ t: DataTable) -> Body {
        var out: [UInt8] = []
        out.reserveCapacity(256 + t.rows.count * t.header.count * 32)
        out += #"<table id=""#.utf8; out += t.id.utf8; out += #"" class="data"><caption>"#.utf8
        write(escaped: t.caption, into: &out)
        out += "</caption><thead><tr>".utf8
        for (i, h) in t.header.enumerated() {
            out += "<th".utf8
            if t.sortable { writeAttribute("data-sort", String(i), into: &out) }
            if i < t.columnKeys.count, let key = t.columnKeys[i] { writeAttribute("data-c", key, into: &out) }
            out.append(0x3E)   // >
            write(escaped: h, into: &out)
            out += "</th>".utf8
        }
        out += "</tr></thead><tbody>".utf8
        for (r, row) in t.rows.enumerated() {
            out += "<tr".utf8
            if r < t.rowKeys.count, let key = t.rowKeys[r] { writeAttribute("data-r", key, into: &out) }
            out.append(0x3E)
            for (c, cell) in row.enumerated() { write(cell, header: c == 0, raw: t.rawValues, into: &out) }
            out += "</tr>".utf8
        }
        out += "</tbody></table>".utf8
        return Body(.bytes(out))
    }

    /// One cell: the first of a row is its header; numbers right-aligned, with data-v where the text is not the value.
    static func write(_ cell: Cell, header: Bool, raw rawValues: Bool, into out: inout [UInt8]) {
        let raw = rawValues ? cell.raw : nil
        if header { out += "<th>".utf8 }
        else if case .mark = cell { out += #"<td class="m""#.utf8; if let raw { writeAttribute("data-v", raw, into: &out) }; out.append(0x3E) }
        else if cell.isNumeric { out += "<td".utf8; if let raw { writeAttribute("data-v", raw, into: &out) }; out.append(0x3E) }
        else { out += #"<td class="t">"#.utf8 }
        if case .link(let label, let href) = cell {
            out += "<a".utf8
            // An empty href writes no attribute (Node.href ignores an empty value).
            if !href.isEmpty { out += #" href=""#.utf8; write(escaped: href, into: &out); out.append(0x22) }
            out.append(0x3E)
            write(escaped: label, into: &out)
            out += "</a>".utf8
        } else {
            write(escaped: cell.display, into: &out)
        }
        out += (header ? "</th>" : "</td>").utf8
    }

    /// ` name="value"` with the value escaped; an empty value writes the bare name (as `attr` does).
    static func writeAttribute(_ name: String, _ value: String, into out: inout [UInt8]) {
        out.append(0x20); out += name.utf8
        guard !value.isEmpty else { return }
        out += #"=""#.utf8; write(escaped: value, into: &out); out.append(0x22)
    }

    /// `s` as HTML text, escaped as `escape` does, appended to `out`: runs without a character
    /// to escape are copied whole (a byte at a time was a tenth of the dashboard's instructions).
    static func write(escaped s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let entity: StaticString
                switch bytes[i] {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    /// Text escaped here, only where it holds a character to escape (most text holds none).
    static func text<C>(_ s: String) -> Node<C> { .raw(escape(s)) }

    /// An `<option>` with its label as text.
    static func option(value: String, label: String, selected: Bool = false) -> Node<HTML.SelectContext> {
        .element(named: "option", nodes: [attr("value", value), selected ? attr("selected", "selected") : .empty, text(label)])
    }

    static func paragraph(_ text: String, class name: String? = nil) -> Body {
        name.map { .p(.class($0), Html.text(text)) } ?? .p(Html.text(text))
    }

    static func definitionList(_ items: [(String, String)]) -> Body {
        .dl(.group(items.map { k, v in Node<HTML.DescriptionListContext>.group(.dt(Html.text(k)), .dd(Html.text(v))) }))
    }

    /// Data the script reads (the map's values for every indicator): JSON, with `<` escaped so it
    /// can never close the script element.
    static func json(id: String, _ value: JSON) -> Body {
        var text: [UInt8] = []
        value.write(into: &text)
        return .element(named: "script", nodes: [attr("type", "application/json"), attr("id", id), Body(.bytes(text))])
    }

    /// A page written many times with different parts (the カルテ of a prefecture): it is rendered
    /// once with numbered slots, each page fills them with its own rendered parts.
    struct Skeleton: Sendable {
        let pieces: [String]

        static func slot(_ i: Int) -> String { "\u{1}slot\(i)\u{1}" }
        static func slotNode(_ i: Int) -> Body { .raw(slot(i)) }

        /// `html` rendered with slots 0..<count in it (each once, in order).
        init(_ html: String, slots count: Int) {
            var pieces: [String] = []
            var rest = Substring(html)
            for i in 0..<count {
                let marker = Skeleton.slot(i)
                guard let r = rest.range(of: marker) else { preconditionFailure("slot \(i) missing from the skeleton") }
                pieces.append(String(rest[..<r.lowerBound]))
                rest = rest[r.upperBound...]
            }
            pieces.append(String(rest))
            self.pieces = pieces
        }

        /// The page with each slot's markup (text in it already escaped).
        func fill(_ parts: [Markup]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(4096)
            for (i, p) in pieces.enumerated() {
                out.append(contentsOf: p.utf8)
                if i < parts.count { parts[i].write(into: &out) }
            }
            return out
        }
    }
}

/// The pages' embedded data, written directly (Foundation's JSONEncoder was an eighth of the
/// dashboard's time): objects with their keys sorted, numbers as the CSV's raw values.
enum JSON {
    case string(String)
    case number(Double)
    case int(Int)
    case null
    case array([JSON])
    case object([String: JSON])
    /// An object whose members are already in key order (written as given).
    case members([(String, JSON)])

    func write(into out: inout [UInt8]) {
        switch self {
        case .string(let s): JSON.quote(s, into: &out)
        case .number(let v): out.append(contentsOf: (v.isFinite ? Format.raw(v) : "null").utf8)
        case .int(let v): out.append(contentsOf: String(v).utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            out.append(0x5B)   // [
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                item.write(into: &out)
            }
            out.append(0x5D)   // ]
        case .members(let members):
            out.append(0x7B)   // {
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(0x2C) }
                JSON.quote(key, into: &out)
                out.append(0x3A)   // :
                value.write(into: &out)
            }
            out.append(0x7D)   // }
        case .object(let members):
            out.append(0x7B)   // {
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out.append(0x2C) }
                JSON.quote(key, into: &out)
                out.append(0x3A)   // :
                members[key]!.write(into: &out)
            }
            out.append(0x7D)   // }
        }
    }

    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C }) else {
            out.append(contentsOf: s.utf8); out.append(0x22); return
        }
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: "\\\"".utf8)
            case 0x5C: out.append(contentsOf: "\\\\".utf8)
            case 0x3C: out.append(contentsOf: "\\u003c".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case ..<0x20:
                let hex = String(b, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}

/// The page's style and script: copied once into each folder that pages link from, so a
/// prefecture's folder works on its own.
enum Assets {
    static let css = "dashboard.css"
    static let js = "dashboard.js"
    static var cssText: String { String(decoding: PackageResources.dashboard_css, as: UTF8.self) }
    static var jsText: String { String(decoding: PackageResources.dashboard_js, as: UTF8.self) }
}
