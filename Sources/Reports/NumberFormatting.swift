import NumberFormats
import Foundation
import DataFiles

/// How numbers are rounded for display in tables: a fixed number of significant digits, `∞` for
/// infinities. Numbers at full precision are written by `NumberText` (DataFiles).
public enum NumberFormatting {
    /// `value` with `digits` significant digits (`%.{digits}g`); non-finite as `NumberText.human` (`∞`, `−∞`, `NaN`).
    public static func significant(_ value: Double, digits: Int) -> String {
        if !value.isFinite { return NumberText.human(value) }
        return String(format: "%.\(max(1, digits))g", value)
    }

    /// The LaTeX math-mode form: `\infty`, and `1.2\times10^{-5}` for exponents.
    public static func latex(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "\\mathrm{NaN}" }
        if value.isInfinite { return value > 0 ? "\\infty" : "-\\infty" }
        let text = significant(value, digits: digits)
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let mantissa = String(text[..<e])
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return mantissa == "1" ? "10^{\(exponent)}" : "\(mantissa)\\times10^{\(exponent)}"
    }
}
