import DataFiles
import GaussianMixtures

/// The JSON object of `closedform divergence` (printed on one line) and of each line of the demo's
/// `divergences.json`.
///
/// Keys, in this order: `metric`, `value`, `method` (`closed-form` or `monte-carlo`), `standardError`;
/// then `samples` (Monte Carlo only), `note`, `lowerBound`, `upperBound` when present, and for an
/// importance-sampled value `paretoK` (k̂), `effectiveSampleSize` and `reliable` (false past k̂ > 0.7,
/// `ImportanceSamplingDiagnostics`). Numbers as
/// `JSONValue` writes them: shortest round-trip form, and a non-finite number as the string
/// `"Infinity"`, `"-Infinity"` or `"NaN"` — the tokens that Python's `float()` and JavaScript's
/// `Number()` both parse back.
public enum DivergenceJSON {
    /// The object; `leading` members come first.
    public static func object(_ estimate: DivergenceEstimate, leading: [(String, JSONValue)] = []) -> JSONValue {
        var members = leading
        members.append(("metric", .string(estimate.metric.rawValue)))
        members.append(("value", .number(estimate.value)))
        members.append(("method", .string(estimate.method.rawValue)))
        members.append(("standardError", .number(estimate.standardError)))
        if estimate.method == .monteCarlo || estimate.samples > 0 {
            members.append(("samples", .integer(Int64(estimate.samples))))
        }
        if let note = estimate.note { members.append(("note", .string(note))) }
        if let lower = estimate.lowerBound { members.append(("lowerBound", .number(lower))) }
        if let upper = estimate.upperBound { members.append(("upperBound", .number(upper))) }
        if let diagnostics = estimate.diagnostics {
            members.append(("paretoK", .number(diagnostics.paretoShape)))
            members.append(("effectiveSampleSize", .number(diagnostics.effectiveSampleSize)))
            members.append(("reliable", .bool(diagnostics.isReliable)))
        }
        return .object(JSONObject(members))
    }
}
