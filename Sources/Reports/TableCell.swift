import Foundation

/// One cell of a `Table`: a number, a number with a confidence interval, text, or a flag.
///
/// Non-finite numbers are kept as they are (+∞ is a legitimate divergence) and rendered as `∞`
/// (`$\infty$` in LaTeX, `"Infinity"` in JSON), never as a large finite number.
public enum TableCell: Sendable, Equatable {
    /// A number shown with `digits` significant digits.
    case number(Double, digits: Int = 4)
    /// A mean with its confidence interval [low, high].
    case interval(mean: Double, low: Double, high: Double, digits: Int = 3)
    /// A Monte-Carlo estimate with its standard error, shown as `value ± standardError`; CSV and JSON keep
    /// both numbers (`name` and `name SE` columns; `{"value", "standardError"}`).
    case estimate(value: Double, standardError: Double, digits: Int = 4)
    /// Text, escaped for each format.
    case text(String)
    /// Nothing to show (a bound that does not apply to this row).
    case empty

    /// The plain-text form (Markdown, CSV, terminal).
    public var plain: String {
        switch self {
        case .number(let value, let digits): return NumberFormatting.significant(value, digits: digits)
        case .interval(let mean, let low, let high, let digits):
            return "\(NumberFormatting.significant(mean, digits: digits)) [\(NumberFormatting.significant(low, digits: digits)), \(NumberFormatting.significant(high, digits: digits))]"
        case .estimate(let value, let standardError, let digits):
            return "\(NumberFormatting.significant(value, digits: digits)) ± \(NumberFormatting.significant(standardError, digits: 2))"
        case .text(let text): return text
        case .empty: return "—"
        }
    }

    /// The LaTeX form (math mode for numbers).
    public var latex: String {
        switch self {
        case .number(let value, let digits): return "$\(NumberFormatting.latex(value, digits: digits))$"
        case .interval(let mean, let low, let high, let digits):
            return "$\(NumberFormatting.latex(mean, digits: digits))\\;[\(NumberFormatting.latex(low, digits: digits)), \(NumberFormatting.latex(high, digits: digits))]$"
        case .estimate(let value, let standardError, let digits):
            return "$\(NumberFormatting.latex(value, digits: digits)) \\pm \(NumberFormatting.latex(standardError, digits: 2))$"
        case .text(let text): return LaTeXEscaping.escape(text)
        case .empty: return "--"
        }
    }
}
