import Foundation
import Synchronization

/// Body nodes: every element of the pages is one of these (Markup.swift).
typealias Body = Node<HTML.BodyContext>

/// Page parts shared by the national, prefecture and カルテ pages.
enum Html {
    /// Text and attribute values are written as given (Markup): every one goes through this.
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
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
                     explanation: [Body] = [], extra: [Body] = [], cache: RenderCache? = nil) -> Body {
        var parts: [Body] = intro
        var figure: [Body] = []
        if let chart { figure.append(.div(.class("chart"), chart)) }
        if let table { figure.append(.div(.class("table-wrap"), self.table(table, cache: cache))) }
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
    /// header and rows carry the keys of the workbook figures (data-c, data-r). With a `cache`,
    /// a cell seen before (a mark, a label, the prefecture's share on every カルテ) is its
    /// rendering from the first time, not a new element.
    static func table(_ t: DataTable, cache: RenderCache? = nil) -> Body {
        var head: [Node<HTML.TableRowContext>] = []
        for (i, h) in t.header.enumerated() {
            let key = i < t.columnKeys.count ? t.columnKeys[i] : nil
            head.append(.th(t.sortable ? attr("data-sort", String(i)) : .empty, key.map { attr("data-c", $0) } ?? .empty, text(h)))
        }
        var body: [Node<HTML.TableContext>] = []
        body.reserveCapacity(t.rows.count)
        for (r, row) in t.rows.enumerated() {
            let key = r < t.rowKeys.count ? t.rowKeys[r] : nil
            // A row seen before (the same indicator answered alike in another カルテ) is rendered once.
            let rowKey = cache != nil && !row.contains(where: \.isLink) ? RenderCache.RowKey(key: key, cells: row, raw: t.rawValues) : nil
            if let rowKey, let done = cache?.row(rowKey) { body.append(.raw(done)); continue }
            var cells: [Node<HTML.TableRowContext>] = []
            cells.reserveCapacity(row.count)
            for (c, cell) in row.enumerated() {
                if let cache, !cell.isLink {
                    let key = RenderCache.Key(header: c == 0, cell: cell, raw: t.rawValues)
                    if let done = cache.cell(key) { cells.append(.raw(done)); continue }
                    let node = self.cell(cell, header: c == 0, raw: t.rawValues)
                    let done = node.render()
                    cache.keep(key, done)
                    cells.append(.raw(done))
                } else {
                    cells.append(self.cell(cell, header: c == 0, raw: t.rawValues))
                }
            }
            let tr: Node<HTML.TableContext> = .tr(key.map { attr("data-r", $0) } ?? .empty, .group(cells))
            if let rowKey, let cache {
                let done = tr.render()
                cache.keep(rowKey, done)
                body.append(.raw(done))
            } else {
                body.append(tr)
            }
        }
        return .table(.id(t.id), .class("data"), .caption(text(t.caption)), .thead(.tr(.group(head))), .tbody(.group(body)))
    }

    /// One cell: the first of a row is its header; numbers right-aligned, with data-v where the text is not the value.
    static func cell(_ cell: Cell, header: Bool, raw rawValues: Bool) -> Node<HTML.TableRowContext> {
        let raw: Body = rawValues ? cell.raw.map { attr("data-v", $0) } ?? .empty : .empty
        let content: Body
        if case .link(let label, let href) = cell { content = .a(.href(escape(href)), text(label)) }
        else { content = text(cell.display) }
        if header { return .th(content) }
        if case .mark = cell { return .td(.class("m"), raw, content) }
        if cell.isNumeric { return .td(raw, content) }
        return .td(.class("t"), content)
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

/// Cells and rows already rendered, by what they show: shared by the pages of one prefecture,
/// which the run's writer may make on several threads at once.
final class RenderCache: Sendable {
    struct Key: Hashable { var header: Bool; var cell: Cell; var raw: Bool }
    struct RowKey: Hashable { var key: String?; var cells: [Cell]; var raw: Bool }
    private let state = Mutex<(cells: [Key: String], rows: [RowKey: String])>(([:], [:]))

    func cell(_ key: Key) -> String? { state.withLock { $0.cells[key] } }
    func row(_ key: RowKey) -> String? { state.withLock { $0.rows[key] } }
    func keep(_ key: Key, _ html: String) { state.withLock { $0.cells[key] = html } }
    func keep(_ key: RowKey, _ html: String) { state.withLock { $0.rows[key] = html } }
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
