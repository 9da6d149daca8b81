import Foundation
import SurveyModel

/// The two maps: Japan by prefecture (a choropleth) and one prefecture with a point per municipality.
enum Maps {
    /// 沖縄県 drawn north-west of its place, as the usual inset (japanmap's own offset).
    static let okinawaOffset = (4.5, 5.0)

    /// One prefecture's area on the national map.
    struct Area {
        var prefecture: Prefecture
        var share: Double?
        /// The hover/focus text: name, value, n, 前回, 差.
        var tooltip: String
        var href: String?
    }

    /// Japan, each prefecture filled by its class. `breaks` from `Charts.breaks`.
    static func japan(_ map: MapData, areas: [Area], breaks: [Double], title: String) -> Body {
        let points = map.prefectures.flatMap { p in
            p.rings.flatMap { ring in stride(from: 0, to: ring.count - 1, by: 2).map {
                offset(p.code, (Double(ring[$0]) / 1000, Double(ring[$0 + 1]) / 1000)) } }
        }
        let proj = Projection(fitting: points, width: 560, maxHeight: 620)
        let byCode = Dictionary(areas.map { ($0.prefecture.prefCode, $0) }, uniquingKeysWith: { a, _ in a })
        var parts: [Body] = [Html.el("title", [], [Html.text(title)])]
        for outline in map.prefectures {
            let area = byCode[outline.code]
            let fill = area?.share.map { Charts.sequential[Charts.classIndex($0, breaks)] } ?? Charts.missing
            let o = outline.code == "47" ? okinawaOffset : (0, 0)
            let path = Html.el("path", [("d", proj.path(outline.rings, offset: o)), ("fill", fill), ("class", "area"),
                                        ("data-pref", outline.code), ("tabindex", "0"), ("role", "img"),
                                        ("aria-label", area?.tooltip ?? outline.code)],
                               [Html.el("title", [], [Html.text(area?.tooltip ?? outline.code)])])
            if let href = area?.href {
                parts.append(Html.el("a", [("href", href), ("tabindex", "-1"), ("aria-hidden", "true")], [path]))
            } else {
                parts.append(path)
            }
        }
        // The inset's frame, so 沖縄県 does not read as lying in the sea off 九州.
        if let okinawa = map.outline("47") {
            let xs = stride(from: 0, to: okinawa.rings[0].count - 1, by: 2).map { proj.x(Double(okinawa.rings[0][$0]) / 1000 + okinawaOffset.0) }
            let ys = stride(from: 1, to: okinawa.rings[0].count, by: 2).map { proj.y(Double(okinawa.rings[0][$0]) / 1000 + okinawaOffset.1) }
            if let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() {
                parts.append(Html.el("rect", [("x", Charts.n((x0 - 8).rounded())), ("y", Charts.n((y0 - 8).rounded())),
                                              ("width", Charts.n((x1 - x0 + 16).rounded())), ("height", Charts.n((y1 - y0 + 16).rounded())),
                                              ("class", "inset")]))
            }
        }
        return Charts.svg(width: proj.width, height: proj.height, label: title, parts, class: "map japan")
    }

    static func offset(_ code: String, _ p: (Double, Double)) -> (Double, Double) {
        code == "47" ? (p.0 + okinawaOffset.0, p.1 + okinawaOffset.1) : p
    }

    /// One point of the prefecture map.
    struct Point {
        var municipality: Municipality
        var colour: String
        var tooltip: String
        var href: String
        var standing: Int
    }

    /// Degrees beyond the outline's box an office may lie and still be drawn.
    static let reach = 0.3

    /// The prefecture's outline with a point at each municipality's office. Returns the SVG and
    /// the municipalities that have no position (listed under the map, never dropped).
    static func prefecture(_ map: MapData, _ pref: Prefecture, points: [Point], title: String) -> (Body, [Municipality]) {
        let outline = map.outline(pref.prefCode)
        var coords: [(Double, Double)] = outline.map { o in
            o.rings.flatMap { ring in stride(from: 0, to: ring.count - 1, by: 2).map { (Double(ring[$0]) / 1000, Double(ring[$0 + 1]) / 1000) } }
        } ?? []
        var unplaced: [Municipality] = []
        var placed: [(Point, (lon: Double, lat: Double))] = []
        // Offices far off the outline (東京都's 伊豆・小笠原諸島) would shrink the prefecture to a
        // corner: they are listed under the map instead, like a municipality with no position.
        let lons = coords.map(\.0), lats = coords.map(\.1)
        let box = coords.isEmpty ? nil : (lons.min()! - reach, lons.max()! + reach, lats.min()! - reach, lats.max()! + reach)
        for p in points {
            if let at = map.offices[p.municipality.code],
               box.map({ at.lon >= $0.0 && at.lon <= $0.1 && at.lat >= $0.2 && at.lat <= $0.3 }) ?? true {
                placed.append((p, at)); coords.append((at.lon, at.lat))
            } else { unplaced.append(p.municipality) }
        }
        let proj = Projection(fitting: coords, width: 560, maxHeight: 560, margin: 12)
        var parts: [Body] = [Html.el("title", [], [Html.text(title)])]
        if let outline {
            parts.append(Html.el("path", [("d", proj.path(outline.rings)), ("class", "outline")]))
        }
        for (p, at) in placed {
            let circle = Html.el("circle", [("cx", Charts.n((proj.x(at.lon) * 10).rounded() / 10)),
                                            ("cy", Charts.n((proj.y(at.lat) * 10).rounded() / 10)),
                                            ("r", "5"), ("fill", p.colour), ("class", "pt"), ("data-code", p.municipality.code),
                                            ("data-s", String(p.standing))],
                                 [Html.el("title", [], [Html.text(p.tooltip)])])
            parts.append(Html.el("a", [("href", p.href), ("class", "pt-link"), ("aria-label", p.tooltip)], [circle]))
        }
        return (Charts.svg(width: proj.width, height: proj.height, label: title, parts, class: "map pref"), unplaced)
    }

    /// The legend of a choropleth: five classes and the no-figure grey, with how many areas each holds.
    static func legend(_ breaks: [Double], values: [Double], missing: Int) -> Body {
        let labels = Charts.legendLabels(breaks, values: values)
        var counts = [Int](repeating: 0, count: 5)
        for v in values { counts[Charts.classIndex(v, breaks)] += 1 }
        var items: [Node<HTML.ListContext>] = (0..<5).map { i in
            .li(.span(.class("key"), Html.attr("style", "background:" + Charts.sequential[i])),
                Html.text(labels[i] + "（" + String(counts[i]) + "）"))
        }
        items.append(.li(.span(.class("key"), Html.attr("style", "background:" + Charts.missing)),
                         Html.text("値なし（" + String(missing) + "）")))
        return .ul(.class("legend"), Html.attr("aria-label", "凡例"), .group(items))
    }

    /// The legend of the point map.
    static func pointLegend(_ counts: [DashboardContext.Standing: Int]) -> Body {
        let order: [DashboardContext.Standing] = [.yes, .no, .blank, .notAsked, .notReturned]
        let items: [Node<HTML.ListContext>] = order.map { s in
            .li(.span(.class("key dot"), Html.attr("style", "background:" + s.colour)),
                Html.text(s.label + "（" + String(counts[s] ?? 0) + "）"))
        }
        return .ul(.class("legend"), Html.attr("aria-label", "凡例"), .group(items))
    }
}
