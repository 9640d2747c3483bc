import Foundation
import LinearAlgebra

extension GaussianDivergence {
    /// Pearson χ² divergence between two Gaussians, in closed form [B, §4] (der).
    ///
    /// ```
    /// χ²(P‖Q) = ∫ p²/q dx − 1 = I(P, P; Q) − 1        (I: `GaussianProductIntegral`)
    /// ```
    /// finite iff 2Σ_P⁻¹ − Σ_Q⁻¹ ≻ 0. Examples: χ²(N(μ,I)‖N(0,I)) = exp(‖μ‖²) − 1;
    /// χ²(N(0,aI_d)‖N(0,bI_d)) = (b/√(a(2b−a)))^d − 1 for a < 2b, +∞ for a ≥ 2b.
    /// The K = 1 case of `chiSquared(from: GaussianMixture, to:)`; see there for accuracy and edge cases.
    public static func chiSquared(from p: Gaussian, to q: Gaussian) throws -> DivergenceEstimate {
        try chiSquared(from: GaussianMixture(p), to: q)
    }

    /// Pearson χ² divergence from a Gaussian mixture P = Σᵢ πᵢ Pᵢ to a Gaussian Q, in closed form [B, §4] (der).
    ///
    /// ```
    /// χ²(P‖Q) = Σᵢⱼ πᵢ πⱼ ∫ pᵢ pⱼ / q dx − 1
    /// log(1 + χ²) = LSE_{i ≤ j} [ log πᵢ + log πⱼ + log I(Pᵢ, Pⱼ; Q) + log(2 − δᵢⱼ) ]
    /// ```
    /// (p² expands into K(K+1)/2 distinct products; each divided by q integrates in closed form.) The sum is
    /// taken by log-sum-exp and χ² = expm1(log(1 + χ²)), which keeps small values accurate.
    ///
    /// Properties: χ² ≥ 0 (a rounding-negative result is clamped to 0); the mixing lemma
    /// χ²(αp + (1−α)r ‖ p) = (1−α)²χ²(r‖p) [B, §4] (der).
    /// - Parameters:
    ///   - p: P, K ≥ 1 components in dimension n ≥ 1. A component without a density gives +∞.
    ///   - q: Q, same dimension, with a density.
    /// - Returns: +∞ with a `note` if some pair integral diverges (its precision Σᵢ⁻¹ + Σⱼ⁻¹ − Σ_Q⁻¹ is not
    ///   positive definite, or is singular to working precision), naming the pair; +∞ with a `note` if the
    ///   finite value overflows a Double (log(1 + χ²) is then given in the note).
    /// - Throws: `InputError` if the dimensions differ or Q has no density; `LinearAlgebraError` (`dsyevr`).
    public static func chiSquared(from p: GaussianMixture, to q: Gaussian) throws -> DivergenceEstimate {
        let target = GaussianMixture(q)
        try AbsoluteContinuity.requireSameDimension(p, target)
        if let infinite = try AbsoluteContinuity.check(.chi2, from: p, to: target) { return infinite }
        let result = try logSecondMoment(from: p, to: q)
        guard let logMoment = result.logValue else {
            return DivergenceEstimate(metric: .chi2, value: .infinity, method: .closedForm, note: result.reason)
        }
        let value = expm1(logMoment)
        guard value.isFinite else {
            return DivergenceEstimate(metric: .chi2, value: .infinity, method: .closedForm,
                                      note: "finite but beyond Double range: log(1 + χ²) = \(logMoment)")
        }
        return DivergenceEstimate(metric: .chi2, value: max(0, value), method: .closedForm)
    }

    /// log ∫ p²/q = log(1 + χ²(P‖Q)) for a mixture P and a Gaussian Q, both with densities; nil and the
    /// reason when the integral diverges.
    static func logSecondMoment(from p: GaussianMixture, to q: Gaussian) throws -> (logValue: Double?, reason: String?) {
        let factors = try p.components.map(GaussianProductIntegral.Factor.init)
        let target = try GaussianProductIntegral.Factor(q)
        var terms: [Double] = []
        for i in 0..<p.count {
            for j in i..<p.count {
                let pair = try GaussianProductIntegral.logIntegral(factors[i], factors[j], over: target)
                if let reason = pair.reason {
                    let label = p.count == 1 ? "2Σ_P⁻¹ − Σ_Q⁻¹" : "components (\(i), \(j)): Σᵢ⁻¹ + Σⱼ⁻¹ − Σ_Q⁻¹"
                    return (nil, "∫p²/q diverges; for \(label): " + reason)
                }
                terms.append(log(p.weights[i]) + log(p.weights[j]) + pair.logValue + (i == j ? 0 : log(2.0)))
            }
        }
        return (logSumExp(terms), nil)
    }
}
