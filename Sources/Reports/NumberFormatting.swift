import Foundation

/// How numbers are printed in tables: a fixed number of significant digits, `∞` for infinities.
public enum NumberFormatting {
    /// `value` with `digits` significant digits (`%.{digits}g`), `∞`/`−∞` for infinities, `NaN` for NaN.
    public static func significant(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
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

    /// The JSON form: a number, or the strings "Infinity", "-Infinity", "NaN" (JSON has no such numbers).
    public static func json(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return String(format: "%.17g", value)
    }
}
