import CXlsxWriter
import Foundation

/// A chart being built; place it on a sheet with `SheetWriter.insertChart`.
///
/// Data come from sheet ranges (`SheetRange`), so the chart stays live in Excel; the library
/// also caches the values it finds in this workbook so viewers that do not recalculate draw it.
public final class ChartWriter {
    public enum Kind: Hashable, Sendable {
        /// Horizontal bars (横棒).
        case bar, barStacked, barPercentStacked
        /// Vertical columns (縦棒).
        case column, columnStacked, columnPercentStacked
        case line, pie, doughnut

        var lxw: UInt8 {
            let value: lxw_chart_type
            switch self {
            case .bar: value = LXW_CHART_BAR
            case .barStacked: value = LXW_CHART_BAR_STACKED
            case .barPercentStacked: value = LXW_CHART_BAR_STACKED_PERCENT
            case .column: value = LXW_CHART_COLUMN
            case .columnStacked: value = LXW_CHART_COLUMN_STACKED
            case .columnPercentStacked: value = LXW_CHART_COLUMN_STACKED_PERCENT
            case .line: value = LXW_CHART_LINE
            case .pie: value = LXW_CHART_PIE
            case .doughnut: value = LXW_CHART_DOUGHNUT
            }
            return UInt8(value.rawValue)
        }
    }

    public enum LegendPosition: Hashable, Sendable {
        case none, right, left, top, bottom

        var lxw: UInt8 {
            let value: lxw_chart_legend_position
            switch self {
            case .none: value = LXW_CHART_LEGEND_NONE
            case .right: value = LXW_CHART_LEGEND_RIGHT
            case .left: value = LXW_CHART_LEGEND_LEFT
            case .top: value = LXW_CHART_LEGEND_TOP
            case .bottom: value = LXW_CHART_LEGEND_BOTTOM
            }
            return UInt8(value.rawValue)
        }
    }

    /// A series' name: literal text, or a cell whose text Excel shows.
    public enum SeriesName: Hashable, Sendable, ExpressibleByStringLiteral {
        case text(String)
        case cell(SheetRange)
        public init(stringLiteral value: String) { self = .text(value) }
    }

    public struct SeriesStyle: Hashable, Sendable {
        public var fillColor: Color?
        /// Shows each point's value next to it.
        public var dataLabels: Bool
        /// Number format of the labels, e.g. `"0.0%"`.
        public var labelNumberFormat: String?
        public init(fillColor: Color? = nil, dataLabels: Bool = false, labelNumberFormat: String? = nil) {
            self.fillColor = fillColor
            self.dataLabels = dataLabels
            self.labelNumberFormat = labelNumberFormat
        }
    }

    public let kind: Kind
    let workbook: WorkbookWriter
    let chart: UnsafeMutablePointer<lxw_chart>
    /// Font for titles, axes and legend; nil keeps the library's Calibri (CJK falls back).
    private var font: Font?

    init(workbook: WorkbookWriter, handle: UnsafeMutablePointer<lxw_chart>, kind: Kind) {
        self.workbook = workbook
        self.chart = handle
        self.kind = kind
    }

    func live() throws -> UnsafeMutablePointer<lxw_chart> {
        _ = try workbook.live()
        return chart
    }

    /// Adds a series of `values`, labelled by `categories` (usually the row labels).
    public func addSeries(name: SeriesName? = nil, categories: SheetRange? = nil, values: SheetRange,
                          style: SeriesStyle = .init()) throws {
        let chart = try live()
        guard let series = chart_add_series(chart, nil, nil) else {
            throw WriterError.library(call: "chart_add_series", code: -1, message: "could not add a series")
        }
        // Row/column setters let the library quote the sheet name and find cached values.
        if let categories {
            chart_series_set_categories(series, categories.sheet, lxw_row_t(categories.rows.lowerBound),
                                        lxw_col_t(categories.columns.lowerBound), lxw_row_t(categories.rows.upperBound),
                                        lxw_col_t(categories.columns.upperBound))
        }
        chart_series_set_values(series, values.sheet, lxw_row_t(values.rows.lowerBound),
                                lxw_col_t(values.columns.lowerBound), lxw_row_t(values.rows.upperBound),
                                lxw_col_t(values.columns.upperBound))
        switch name {
        case let .text(text)?:
            // A leading "=" would be read as a reference; a space keeps it literal.
            chart_series_set_name(series, text.hasPrefix("=") ? " " + text : text)
        case let .cell(range)?:
            chart_series_set_name_range(series, range.sheet, lxw_row_t(range.rows.lowerBound),
                                        lxw_col_t(range.columns.lowerBound))
        case nil: break
        }
        if let color = style.fillColor {
            var fill = lxw_chart_fill(color: color.lxw, none: 0, transparency: 0)
            chart_series_set_fill(series, &fill)
        }
        if style.dataLabels {
            chart_series_set_labels(series)
            if let code = style.labelNumberFormat { chart_series_set_labels_num_format(series, code) }
        }
    }

    public func setTitle(_ title: String) throws {
        chart_title_set_name(try live(), title.hasPrefix("=") ? " " + title : title)
        applyFont()
    }

    /// Axis titles by role, so a horizontal bar chart needs no mental swap of x and y.
    public func setAxisTitles(category: String? = nil, value: String? = nil) throws {
        let chart = try live()
        if let category, let axis = categoryAxis(chart) { chart_axis_set_name(axis, category) }
        if let value, let axis = valueAxis(chart) { chart_axis_set_name(axis, value) }
        applyFont()
    }

    /// Value axis bounds and number format, e.g. 0…1 with `"0%"` for shares.
    public func setValueAxis(min: Double? = nil, max: Double? = nil, numberFormat: String? = nil) throws {
        guard let axis = valueAxis(try live()) else { return }
        if let min { chart_axis_set_min(axis, min) }
        if let max { chart_axis_set_max(axis, max) }
        if let numberFormat { chart_axis_set_num_format(axis, numberFormat) }
    }

    /// Lists categories top-down in a bar chart (Excel draws the first at the bottom).
    public func reverseCategories() throws {
        guard let axis = categoryAxis(try live()) else { return }
        chart_axis_set_reverse(axis)
    }

    public func setLegend(_ position: LegendPosition) throws {
        chart_legend_set_position(try live(), position.lxw)
    }

    /// Chart style 1–48 as in Excel's Design tab.
    public func setStyle(_ id: Int) throws {
        guard (1...48).contains(id) else { throw WriterError.invalidArgument("chart style \(id) is outside 1–48") }
        chart_set_style(try live(), UInt8(id))
    }

    /// Gap between bar groups, percent of bar width (Excel default 150).
    public func setGap(_ percent: Int) throws {
        chart_set_series_gap(try live(), UInt16(clamping: percent))
    }

    /// Uses `font` for the title, axis titles, axis labels and legend.
    public func setFont(_ font: Font) throws {
        _ = try live()
        self.font = font
        applyFont()
    }

    private func applyFont() {
        guard let font else { return }
        font.name.withCString { name in
            var f = lxw_chart_font()
            f.name = UnsafeMutablePointer(mutating: name)
            f.size = font.size
            // The library copies the font, so a stack value is enough.
            chart_title_set_name_font(chart, &f)
            chart_legend_set_font(chart, &f)
            for axis in [categoryAxis(chart), valueAxis(chart)].compactMap({ $0 }) {
                chart_axis_set_name_font(axis, &f)
                chart_axis_set_num_font(axis, &f)
            }
        }
    }

    /// libxlsxwriter names axes by direction: in horizontal bar charts "x" is the value axis.
    private var isHorizontal: Bool { [.bar, .barStacked, .barPercentStacked].contains(kind) }

    private func categoryAxis(_ chart: UnsafeMutablePointer<lxw_chart>) -> UnsafeMutablePointer<lxw_chart_axis>? {
        let type = isHorizontal ? LXW_CHART_AXIS_TYPE_Y : LXW_CHART_AXIS_TYPE_X
        return chart_axis_get(chart, lxw_chart_axis_type(type.rawValue))
    }

    private func valueAxis(_ chart: UnsafeMutablePointer<lxw_chart>) -> UnsafeMutablePointer<lxw_chart_axis>? {
        let type = isHorizontal ? LXW_CHART_AXIS_TYPE_X : LXW_CHART_AXIS_TYPE_Y
        return chart_axis_get(chart, lxw_chart_axis_type(type.rawValue))
    }
}

extension SheetWriter {
    /// Places a chart with its top-left corner in a cell. `size` is in pixels (default
    /// 480×288); a chart can be inserted only once.
    public func insertChart(_ chart: ChartWriter, row: Int, column: Int,
                            size: (width: Int, height: Int)? = nil,
                            offset: (x: Int, y: Int) = (0, 0)) throws {
        let (r, c) = try cell(row, column)
        var options = lxw_chart_options()
        options.x_offset = Int32(offset.x)
        options.y_offset = Int32(offset.y)
        options.x_scale = Double(size?.width ?? 480) / 480
        options.y_scale = Double(size?.height ?? 288) / 288
        try check(worksheet_insert_chart_opt(try live(), r, c, try chart.live(), &options),
                  "worksheet_insert_chart_opt")
    }
}
