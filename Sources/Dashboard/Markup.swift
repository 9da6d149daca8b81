/// The pages' HTML: a small typed builder in Plot's manner (elements only where their context
/// allows them, text escaped by `Html.text`, attribute values by `Html.attr`) that renders its
/// tree once into one byte buffer. Plot rendered each element into its own buffer object and copied
/// it into its parent's at every level (~60% of the dashboard's time on the bench nation); bytes
/// rather than a String, as String's append cost ~350 instructions a call on Japanese text.
struct Node<Context>: Sendable {
    let markup: Markup

    init(_ markup: Markup) { self.markup = markup }

    /// The node as HTML.
    func render() -> String { String(decoding: bytes(), as: UTF8.self) }

    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        markup.write(into: &out)
        return out
    }
}

/// The contexts a node may stand in: which elements a parent takes as children.
enum HTML {
    enum DocumentContext {}
    enum HeadContext {}
    enum BodyContext {}
    enum ListContext {}
    enum SelectContext {}
    enum DescriptionListContext {}
    enum TableContext {}
    enum TableRowContext {}
}

/// One node of a page: an element, an attribute of its parent, raw (already escaped) text, a group.
indirect enum Markup: Sendable {
    case element(String, [Markup], selfClosing: Bool)
    /// A value of nil or "" writes the bare name unless `ignoreIfEmpty` (then nothing), as Plot did.
    case attribute(String, String?, ignoreIfEmpty: Bool)
    case raw(String)
    /// Raw text as UTF-8 (the embedded JSON, written as bytes).
    case bytes([UInt8])
    case group([Markup])
    case empty

    func write(into out: inout [UInt8]) {
        switch self {
        case .raw(let s): out.append(contentsOf: s.utf8)
        case .bytes(let b): out.append(contentsOf: b)
        case .group(let members): for m in members { m.write(into: &out) }
        case .empty: break
        case .attribute(let name, let value, let ignore): Markup.writeAttribute(name, value, ignore, into: &out, leadingSpace: false)
        case .element(let name, let children, let selfClosing): Markup.writeElement(name, children, selfClosing, into: &out)
        }
    }

    private static func writeAttribute(_ name: String, _ value: String?, _ ignore: Bool, into out: inout [UInt8], leadingSpace: Bool) {
        guard let value, !value.isEmpty else {
            if !ignore { if leadingSpace { out.append(0x20) }; out.append(contentsOf: name.utf8) }
            return
        }
        if leadingSpace { out.append(0x20) }
        out.append(contentsOf: name.utf8); out.append(0x3D); out.append(0x22)   // ="
        out.append(contentsOf: value.utf8); out.append(0x22)
    }

    /// How many attributes the children give their element (groups are looked into), and whether any child is an element.
    private static func scan(_ children: [Markup], attributes: inout Int, elements: inout Bool) {
        for c in children {
            switch c {
            case .attribute: attributes += 1
            case .element: elements = true
            case .group(let members): scan(members, attributes: &attributes, elements: &elements)
            case .raw, .bytes, .empty: break
            }
        }
    }

    private static func collectAttributes(_ children: [Markup], into list: inout [(name: String, value: String?, ignore: Bool)]) {
        for c in children {
            switch c {
            case .attribute(let name, let value, let ignore):
                // A second value for a name replaces the first in its place (Plot's rule).
                if let i = list.firstIndex(where: { $0.name == name }) { list[i].value = value }
                else { list.append((name, value, ignore)) }
            case .group(let members): collectAttributes(members, into: &list)
            default: break
            }
        }
    }

    private static func writeChildren(_ children: [Markup], into out: inout [UInt8]) {
        for c in children {
            switch c {
            case .attribute: continue
            case .group(let members): writeChildren(members, into: &out)
            default: c.write(into: &out)
            }
        }
    }

    private static func writeElement(_ name: String, _ children: [Markup], _ selfClosing: Bool, into out: inout [UInt8]) {
        var attributes = 0, elements = false
        scan(children, attributes: &attributes, elements: &elements)
        out.append(0x3C); out.append(contentsOf: name.utf8)   // <name
        if attributes == 1 || attributes > 1 && !hasRepeatedName(children) {
            writeAttributes(children, into: &out)
        } else if attributes > 1 {
            var list: [(name: String, value: String?, ignore: Bool)] = []
            list.reserveCapacity(attributes)
            collectAttributes(children, into: &list)
            for a in list { writeAttribute(a.name, a.value, a.ignore, into: &out, leadingSpace: true) }
        }
        // A self-closed element (meta, link) writes no text; with an element inside it is closed normally.
        if selfClosing && !elements { out.append(0x2F); out.append(0x3E); return }   // />
        out.append(0x3E)
        writeChildren(children, into: &out)
        out.append(0x3C); out.append(0x2F); out.append(contentsOf: name.utf8); out.append(0x3E)   // </name>
    }

    private static func writeAttributes(_ children: [Markup], into out: inout [UInt8]) {
        for c in children {
            switch c {
            case .attribute(let name, let value, let ignore): writeAttribute(name, value, ignore, into: &out, leadingSpace: true)
            case .group(let members): writeAttributes(members, into: &out)
            default: continue
            }
        }
    }

    /// Whether two attributes of the children share a name (rare: then they are merged first).
    private static func hasRepeatedName(_ children: [Markup]) -> Bool {
        // No group among the children (most elements): compare them pairwise, building no list.
        if !children.contains(where: { if case .group = $0 { true } else { false } }) {
            for i in children.indices {
                guard case .attribute(let name, _, _) = children[i] else { continue }
                for j in children.index(after: i)..<children.endIndex {
                    if case .attribute(let other, _, _) = children[j], other == name { return true }
                }
            }
            return false
        }
        var names: [String] = []
        func walk(_ cs: [Markup]) -> Bool {
            for c in cs {
                switch c {
                case .attribute(let name, _, _):
                    if names.contains(name) { return true }
                    names.append(name)
                case .group(let members): if walk(members) { return true }
                default: continue
                }
            }
            return false
        }
        return walk(children)
    }
}

// MARK: nodes in any context

extension Node {
    static var empty: Node { Node(.empty) }
    /// Text written as given: already escaped (`Html.text`) or markup made here.
    static func raw(_ text: String) -> Node { Node(.raw(text)) }
    static func group(_ members: [Node]) -> Node { Node(.group(members.map(\.markup))) }
    static func group(_ members: Node...) -> Node { group(members) }
    static func element(named name: String, nodes: [Node]) -> Node { Node(.element(name, nodes.map(\.markup), selfClosing: false)) }
    static func selfClosedElement(named name: String, nodes: [Node]) -> Node { Node(.element(name, nodes.map(\.markup), selfClosing: true)) }
    /// An attribute of the enclosing element; its value is written as given (callers escape it).
    static func attribute(named name: String, value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node {
        Node(.attribute(name, value, ignoreIfEmpty: ignoreIfValueIsEmpty))
    }
    static func `class`(_ name: String) -> Node { .attribute(named: "class", value: name) }
    static func id(_ id: String) -> Node { .attribute(named: "id", value: id) }
    static func href(_ url: String) -> Node { .attribute(named: "href", value: url) }
    static func src(_ url: String) -> Node { .attribute(named: "src", value: url) }

    fileprivate static func el<C>(_ name: String, _ nodes: [Node<C>]) -> Node { Node(.element(name, nodes.map(\.markup), selfClosing: false)) }
}

// MARK: elements of a page's body

extension Node where Context == HTML.BodyContext {
    static func div(_ nodes: Node...) -> Node { el("div", nodes) }
    static func p(_ nodes: Node...) -> Node { el("p", nodes) }
    static func span(_ nodes: Node...) -> Node { el("span", nodes) }
    static func h1(_ nodes: Node...) -> Node { el("h1", nodes) }
    static func h2(_ nodes: Node...) -> Node { el("h2", nodes) }
    static func h3(_ nodes: Node...) -> Node { el("h3", nodes) }
    static func h4(_ nodes: Node...) -> Node { el("h4", nodes) }
    static func a(_ nodes: Node...) -> Node { el("a", nodes) }
    static func nav(_ nodes: Node...) -> Node { el("nav", nodes) }
    static func header(_ nodes: Node...) -> Node { el("header", nodes) }
    static func main(_ nodes: Node...) -> Node { el("main", nodes) }
    static func footer(_ nodes: Node...) -> Node { el("footer", nodes) }
    static func button(_ nodes: Node...) -> Node { el("button", nodes) }
    static func script(_ nodes: Node...) -> Node { el("script", nodes) }
    static func ul(_ nodes: Node<HTML.ListContext>...) -> Node { el("ul", nodes) }
    static func dl(_ nodes: Node<HTML.DescriptionListContext>...) -> Node { el("dl", nodes) }
    static func select(_ nodes: Node<HTML.SelectContext>...) -> Node { el("select", nodes) }
    static func table(_ nodes: Node<HTML.TableContext>...) -> Node { el("table", nodes) }
}

extension Node where Context == HTML.ListContext {
    static func li(_ nodes: Node<HTML.BodyContext>...) -> Node { el("li", nodes) }
}

extension Node where Context == HTML.DescriptionListContext {
    static func dt(_ nodes: Node<HTML.BodyContext>...) -> Node { el("dt", nodes) }
    static func dd(_ nodes: Node<HTML.BodyContext>...) -> Node { el("dd", nodes) }
}

extension Node where Context == HTML.TableContext {
    static func caption(_ nodes: Node<HTML.BodyContext>...) -> Node { el("caption", nodes) }
    static func thead(_ nodes: Node...) -> Node { el("thead", nodes) }
    static func tbody(_ nodes: Node...) -> Node { el("tbody", nodes) }
    static func tr(_ nodes: Node<HTML.TableRowContext>...) -> Node { el("tr", nodes) }
}

extension Node where Context == HTML.TableRowContext {
    static func th(_ nodes: Node<HTML.BodyContext>...) -> Node { el("th", nodes) }
    static func td(_ nodes: Node<HTML.BodyContext>...) -> Node { el("td", nodes) }
}

// MARK: the document

extension Node where Context == HTML.DocumentContext {
    static func head(_ nodes: Node<HTML.HeadContext>...) -> Node { el("head", nodes) }
    static func body(_ nodes: Node<HTML.BodyContext>...) -> Node { el("body", nodes) }
}

extension Node where Context == HTML.HeadContext {
    static func meta(_ nodes: Node...) -> Node { selfClosedElement(named: "meta", nodes: nodes) }
    static func link(_ nodes: Node...) -> Node { selfClosedElement(named: "link", nodes: nodes) }
}
