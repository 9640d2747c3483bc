import InputErrors

/// The divergences the toolkit computes between two laws P (`from`) and Q (`to`).
public enum DivergenceMetric: String, CaseIterable, Sendable {
    /// KL(P ‖ Q) = E_P[log p − log q].
    case kl
    /// χ²(P ‖ Q) = ∫ p²/q − 1.
    case chi2
    /// W₂(P, Q), the 2-Wasserstein distance.
    case w2
    /// H²(P, Q) = 1 − ∫√(pq), the squared Hellinger distance (`GaussianDivergence.hellingerSquared`).
    case hellinger2

    /// Parses `kl`, `chi2`, `w2` or `hellinger2`.
    /// - Throws: `InputError` naming `--metric`.
    public init(name: String) throws {
        guard let metric = DivergenceMetric(rawValue: name.lowercased()) else {
            throw InputError(source: "--metric", field: "",
                             reason: "unknown metric '\(name)'; expected one of \(DivergenceMetric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = metric
    }
}
