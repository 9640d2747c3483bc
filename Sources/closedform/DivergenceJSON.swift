import ClosedForm

/// JSON text for `closedform divergence` (one object) and the demo's `divergences.json`.
///
/// Keys, in this order: `metric`, `value`, `method` (`closed-form` or `monte-carlo`), `standardError`;
/// then `samples` (Monte Carlo only), `note`, `lowerBound`, `upperBound` when present.
/// Finite numbers are written in their shortest round-trip form. JSON has no infinity or NaN, so a
/// non-finite number is written as a string: `"Infinity"`, `"-Infinity"` or `"NaN"` — the tokens that
/// Python's `float()` and JavaScript's `Number()` both parse back.
enum DivergenceJSON {
    /// One JSON object on one line; `leading` key/value pairs (already JSON) come first.
    static func object(_ estimate: DivergenceEstimate, leading: [(String, String)] = []) -> String {
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
    static func number(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return "\(value)"
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
