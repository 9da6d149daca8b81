import Foundation

/// Charts drawn as inline SVG: they read without script and print as they show.
enum Charts {
    /// ColorBrewer YlGnBu, 5 classes: sequential and safe for the common colour-vision deficiencies.
    static let sequential = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
    /// No figure (no base, 未回収): a grey no class uses.
    static let missing = "#d9d9d9"
    /// 今回 and 前回 (Okabe–Ito blue and a light grey-blue), distinguishable in grey print.
    static let now = "#0072b2", before = "#a6bddb"
    /// Municipality points: has it / has not / 無回答 / 未回収 (Okabe–Ito blue, orange; greys).
    static let yes = "#0072b2", no = "#e69f00", blank = "#ffffff", notReturned = "#9e9e9e"

    struct Bar {
        var label: String
        var values: [Double?]
    }

    /// Horizontal bars of shares (0…1), one group per row, one bar per series; the value printed
    /// at the bar's end. `series` names the bars of a group (今回, 前回) for the legend.
    static func bars(_ rows: [Bar], series: [String], title: String, maxValue: Double = 1, percent: Bool = true,
                     labelWidth: Double = 200) -> Body {
        let barHeight = 14.0, gap = 2.0, groupGap = 8.0
        let colours = [now, before, "#009e73", "#cc79a7"]
        let plot = 360.0
        let groupHeight = Double(series.count) * (barHeight + gap) - gap
        let legend = series.count > 1 ? 22.0 : 0
        let height = legend + Double(rows.count) * (groupHeight + groupGap) + 16
        let width = labelWidth + plot + 60
        var parts: [Body] = [Html.el("title", [], [Html.text(title)])]
        if series.count > 1 {
            for (i, s) in series.enumerated() {
                let x = labelWidth + Double(i) * 90
                parts.append(Html.el("rect", [("x", n(x)), ("y", "4"), ("width", "12"), ("height", "12"), ("fill", colours[i % colours.count])]))
                parts.append(Html.el("text", [("x", n(x + 16)), ("y", "14"), ("class", "lg")], [Html.text(s)]))
            }
        }
        var y = legend
        for row in rows {
            parts.append(Html.el("text", [("x", n(labelWidth - 6)), ("y", n(y + groupHeight / 2 + 4)), ("text-anchor", "end")],
                                 [Html.text(row.label)]))
            for (i, v) in row.values.enumerated() {
                let by = y + Double(i) * (barHeight + gap)
                let w = v.map { max(0, min(1, $0 / maxValue)) * plot } ?? 0
                parts.append(Html.el("rect", [("x", n(labelWidth)), ("y", n(by)), ("width", n(w)), ("height", n(barHeight)),
                                              ("fill", colours[i % colours.count])]))
                let text = v.map { percent ? Format.percent($0) : Format.count(Int($0)) } ?? "－"
                parts.append(Html.el("text", [("x", n(labelWidth + w + 4)), ("y", n(by + barHeight - 3)), ("class", "v")], [Html.text(text)]))
            }
            y += groupHeight + groupGap
        }
        // The 0 axis.
        parts.append(Html.el("line", [("x1", n(labelWidth)), ("x2", n(labelWidth)), ("y1", n(legend)), ("y2", n(y)), ("class", "axis")]))
        return svg(width: width, height: height, label: title, parts)
    }

    static func svg(width: Double, height: Double, label: String, _ parts: [Body], class name: String = "bars") -> Body {
        Html.el("svg", [("viewBox", "0 0 \(n(width)) \(n(height))"),
                        ("width", n(width)), ("height", n(height)), ("role", "img"), ("aria-label", label), ("class", name)], parts)
    }

    /// SVG user units: whole numbers or one decimal.
    static func n(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : Format.fixed(v, digits: 1)
    }

    /// Class breaks for a choropleth: five equal steps over the shares shown, widened to whole
    /// 5-point steps so the legend reads as round numbers. Returns the 4 inner breaks.
    static func breaks(_ values: [Double]) -> [Double] {
        guard let lo = values.min(), let hi = values.max() else { return [0.2, 0.4, 0.6, 0.8] }
        let low = (lo * 20).rounded(.down) / 20
        var high = (hi * 20).rounded(.up) / 20
        if high <= low { high = low + 0.05 }
        let step = (high - low) / 5
        return (1...4).map { low + Double($0) * step }
    }

    /// Which class (0–4) a share falls into.
    static func classIndex(_ v: Double, _ breaks: [Double]) -> Int {
        breaks.firstIndex { v < $0 } ?? breaks.count
    }

    /// The legend's lines: each class's range (「40.0%–55.0%」).
    static func legendLabels(_ breaks: [Double], values: [Double]) -> [String] {
        let lo = (values.min() ?? 0), hi = values.max() ?? 1
        let edges = [min(lo, breaks.first ?? 0)] + breaks + [max(hi, breaks.last ?? 1)]
        return (0..<5).map { i in Format.percent(edges[i]) + "–" + Format.percent(edges[i + 1]) }
    }
}
