import CXlsxWriter
import Foundation

/// Conditional formatting (条件付き書式) supported by libxlsxwriter 1.1.4 that reports use.
public enum ConditionalFormat: Hashable, Sendable {
    public enum Comparison: Hashable, Sendable {
        case greaterThan(Double)
        case greaterThanOrEqual(Double)
        case lessThan(Double)
        case lessThanOrEqual(Double)
        case equal(Double)
        case notEqual(Double)
        case between(Double, Double)
        case notBetween(Double, Double)
    }

    /// Colour from lowest to highest value.
    case twoColorScale(min: Color, max: Color)
    case threeColorScale(min: Color, mid: Color, max: Color)
    /// A bar in each cell proportional to its value; `solid` avoids the gradient.
    case dataBar(color: Color, solid: Bool = false)
    /// Applies `format` (font colour, fill, bold…) to cells whose value matches.
    case cellValue(Comparison, format: CellFormat)
    /// Applies `format` where a formula is TRUE, written for the top-left cell (`"=$B2<0.5"`).
    case formula(String, format: CellFormat)
}

extension SheetWriter {
    public func addConditionalFormat(_ rule: ConditionalFormat, rows: ClosedRange<Int>,
                                     columns: ClosedRange<Int>) throws {
        let (r1, c1) = try cell(rows.lowerBound, columns.lowerBound)
        let (r2, c2) = try cell(rows.upperBound, columns.upperBound)
        let sheet = try live()
        var arena: [UnsafeMutablePointer<CChar>?] = []
        defer { arena.forEach { free($0) } }

        var cf = lxw_conditional_format()
        switch rule {
        case let .twoColorScale(min, max):
            cf.type = UInt8(LXW_CONDITIONAL_2_COLOR_SCALE.rawValue)
            cf.min_color = min.lxw
            cf.max_color = max.lxw
        case let .threeColorScale(min, mid, max):
            cf.type = UInt8(LXW_CONDITIONAL_3_COLOR_SCALE.rawValue)
            cf.min_color = min.lxw
            cf.mid_color = mid.lxw
            cf.max_color = max.lxw
        case let .dataBar(color, solid):
            cf.type = UInt8(LXW_CONDITIONAL_DATA_BAR.rawValue)
            cf.bar_color = color.lxw
            cf.bar_solid = solid ? 1 : 0
        case let .cellValue(comparison, format):
            cf.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
            cf.format = workbook.formats.dxf(format)
            switch comparison {
            case let .greaterThan(x): cf.criteria = criteria(LXW_CONDITIONAL_CRITERIA_GREATER_THAN); cf.value = x
            case let .greaterThanOrEqual(x): cf.criteria = criteria(LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO); cf.value = x
            case let .lessThan(x): cf.criteria = criteria(LXW_CONDITIONAL_CRITERIA_LESS_THAN); cf.value = x
            case let .lessThanOrEqual(x): cf.criteria = criteria(LXW_CONDITIONAL_CRITERIA_LESS_THAN_OR_EQUAL_TO); cf.value = x
            case let .equal(x): cf.criteria = criteria(LXW_CONDITIONAL_CRITERIA_EQUAL_TO); cf.value = x
            case let .notEqual(x): cf.criteria = criteria(LXW_CONDITIONAL_CRITERIA_NOT_EQUAL_TO); cf.value = x
            case let .between(lo, hi):
                cf.criteria = criteria(LXW_CONDITIONAL_CRITERIA_BETWEEN); cf.min_value = lo; cf.max_value = hi
            case let .notBetween(lo, hi):
                cf.criteria = criteria(LXW_CONDITIONAL_CRITERIA_NOT_BETWEEN); cf.min_value = lo; cf.max_value = hi
            }
        case let .formula(formula, format):
            cf.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
            cf.format = workbook.formats.dxf(format)
            let text = strdup(formula)
            arena.append(text)
            cf.value_string = text
        }
        let result = (r1 == r2 && c1 == c2)
            ? worksheet_conditional_format_cell(sheet, r1, c1, &cf)
            : worksheet_conditional_format_range(sheet, r1, c1, r2, c2, &cf)
        try check(result, "worksheet_conditional_format_range")
    }

    private func criteria(_ c: lxw_conditional_criteria) -> UInt8 { UInt8(c.rawValue) }
}
