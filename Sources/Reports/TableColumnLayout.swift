import Foundation

/// How one column of a `Table` is typeset in LaTeX (siunitx), decided from all its cells.
///
/// - `numeric`: every non-empty cell is a number → a siunitx `S` column aligned on the decimal marker, with
///   a `table-format` that fits the widest entry; ∞, NaN and empty cells are braced text.
/// - `interval`: some cell is an interval → a centred column of `\num{}` in math mode.
/// - `text`: anything else → `l`, numbers inside as `\num{}`.
///
/// Scientific notation: a column's finite non-zero magnitudes use it when any is below 10⁻³ or at least
/// 10⁵, or when the largest is 10⁴ times the smallest — fixed notation would then need many zeros.
struct TableColumnLayout {
    enum Kind: Equatable { case numeric, interval, text }

    let kind: Kind
    let scientific: Bool
    /// The siunitx `table-format` of a numeric column, e.g. `-1.2e-1`.
    let tableFormat: String?

    init(cells: [TableCell]) {
        var magnitudes: [Double] = []
        var hasInterval = false, hasText = false
        for cell in cells {
            switch cell {
            case .number(let value, _): if value.isFinite && value != 0 { magnitudes.append(abs(value)) }
            case .interval(let mean, _, _, _), .estimate(let mean, _, _):
                hasInterval = true
                if mean.isFinite && mean != 0 { magnitudes.append(abs(mean)) }
            case .text: hasText = true
            case .empty: break
            }
        }
        let smallest = magnitudes.min() ?? 1, largest = magnitudes.max() ?? 1
        scientific = !magnitudes.isEmpty && (smallest < 1e-3 || largest >= 1e5 || largest >= 1e4 * smallest)
        kind = hasInterval ? .interval : hasText || cells.allSatisfy({ $0 == .empty }) ? .text : .numeric
        if kind == .numeric {
            let scientific = self.scientific
            let entries = cells.compactMap { cell -> String? in
                guard case .number(let value, let digits) = cell, value.isFinite else { return nil }
                return Self.siunitxNumber(value, digits: digits, scientific: scientific)
            }
            tableFormat = Self.tableFormat(of: entries)
        } else {
            tableFormat = nil
        }
    }

    /// The number as siunitx input: `%.{digits}g` in fixed notation, or mantissa with digits − 1 decimals
    /// and a plain exponent (`1.50e-5`, none for 10⁰) in scientific notation.
    static func siunitxNumber(_ value: Double, digits: Int, scientific: Bool) -> String {
        let digits = max(1, digits)
        guard scientific, value != 0 else { return String(format: "%.\(digits)g", value) }
        let text = String(format: "%.\(digits - 1)e", value)
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
        return String(text[..<e]) + (exponent == 0 ? "" : "e" + String(exponent))
    }

    /// The smallest `table-format` holding every entry: sign, integer digits, decimals, exponent.
    static func tableFormat(of entries: [String]) -> String {
        var sign = false, integers = 1, decimals = 0, exponentSign = false, exponentDigits = 0
        for entry in entries {
            var mantissa = Substring(entry)
            if let e = entry.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                mantissa = entry[..<e]
                var exponent = entry[entry.index(after: e)...]
                if exponent.first == "-" { exponentSign = true }
                if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
                exponentDigits = max(exponentDigits, exponent.count)
            }
            if mantissa.first == "-" { sign = true; mantissa = mantissa.dropFirst() }
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
            integers = max(integers, parts[0].count)
            if parts.count > 1 { decimals = max(decimals, parts[1].count) }
        }
        var format = (sign ? "-" : "") + "\(integers)" + (decimals > 0 ? ".\(decimals)" : "")
        if exponentDigits > 0 { format += "e" + (exponentSign ? "-" : "") + "\(exponentDigits)" }
        return format
    }
}
