import InputErrors
import GaussianMixtures
import Reports

/// JSON text for `closedform divergence` (one object) and the demo's `divergences.json`.
///
/// Keys, in this order: `metric`, `value`, `method` (`closed-form` or `monte-carlo`), `standardError`;
/// then `samples` (Monte Carlo only), `note`, `lowerBound`, `upperBound` when present.
/// Finite numbers are written in their shortest round-trip form. JSON has no infinity or NaN, so a
/// non-finite number is written as a string: `"Infinity"`, `"-Infinity"` or `"NaN"` — the tokens that
/// Python's `float()` and JavaScript's `Number()` both parse back.
public enum DivergenceJSON {
    /// One JSON object on one line; `leading` key/value pairs (already JSON) come first.
    public static func object(_ estimate: DivergenceEstimate, leading: [(String, String)] = []) -> String {
        var pairs = leading
        pairs.append(("metric", string(estimate.metric.rawValue)))
        pairs.append(("value", number(estimate.value)))
        pairs.append(("method", string(estimate.method.rawValue)))
        pairs.append(("standardError", number(estimate.standardError)))
        if estimate.method == .monteCarlo || estimate.samples > 0 {
            pairs.append(("samples", "\(estimate.samples)"))
        }
        if let note = estimate.note { pairs.append(("note", string(note))) }
        if let lower = estimate.lowerBound { pairs.append(("lowerBound", number(lower))) }
        if let upper = estimate.upperBound { pairs.append(("upperBound", number(upper))) }
        return "{" + pairs.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A JSON number, or one of the strings `"Infinity"`, `"-Infinity"`, `"NaN"`.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return "\(value)"
    }

    /// A JSON string literal (`JSONText.string`).
    public static func string(_ text: String) -> String { JSONText.string(text) }
}
