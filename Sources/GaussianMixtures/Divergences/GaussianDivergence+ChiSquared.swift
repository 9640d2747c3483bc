import Foundation
import LinearAlgebra
import InputErrors

extension GaussianDivergence {
    /// Pearson χ² divergence between two Gaussians, in closed form [B, §4] (der).
    ///
    /// ```
    /// χ²(P‖Q) = ∫ p²/q dx − 1 = I(P, P; Q) − 1        (I: `GaussianProductIntegral`)
    /// ```
    /// finite iff 2Σ_Q − Σ_P ≻ 0 (equivalently 2Σ_P⁻¹ − Σ_Q⁻¹ ≻ 0). Examples: χ²(N(μ,I)‖N(0,I)) = exp(‖μ‖²) − 1;
    /// χ²(N(0,aI_d)‖N(0,bI_d)) = (b/√(a(2b−a)))^d − 1 for a < 2b, +∞ for a ≥ 2b.
    /// The K = 1 case of `chiSquared(from: GaussianMixture, to:)`, computed there in the whitened form
    /// of `logSecondMoment(from: Gaussian, to:)`; see there for accuracy and edge cases.
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
    /// taken by log-sum-exp and χ² = expm1(log(1 + χ²)), which keeps small values accurate. For K = 1 the
    /// logarithm comes from the cancellation-free whitened form instead (`logSecondMoment(from: Gaussian, to:)`),
    /// so χ² between two close Gaussians keeps its relative accuracy down to perturbations of 10⁻⁹.
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
        if p.count == 1 { return try logSecondMoment(from: p.components[0], to: q) }
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

    /// log ∫ p²/q = log(1 + χ²(P‖Q)) for two Gaussians with densities, from the whitened difference δ, m
    /// of P relative to Q (`WhitenedDifference`) [B, §4] (der):
    ///
    /// ```
    /// log(1 + χ²) = −½ Σᵢ log1p(−δᵢ²) + Σᵢ mᵢ² / (1 − δᵢ)      finite iff every δᵢ < 1  (2Σ_Q − Σ_P ≻ 0)
    /// ```
    /// (In Q's whitened eigenbasis both laws factor into one-dimensional ones, and
    /// ∫ N(x; m, 1+δ)² / N(x; 0, 1) dx = exp(m²/(1−δ)) / √(1 − δ²).) No term cancels, so the result and
    /// χ² = expm1 of it keep their relative accuracy when P and Q are close. Reported +∞, with the reason,
    /// when some δᵢ ≥ 1, and when 1 − δᵢ is below tol = 8·n·ε·κ(Σ_Q)·max(1, maxᵢ|δᵢ|), the rounding of D
    /// alone, so that finiteness is not determined at double precision.
    static func logSecondMoment(from p: Gaussian, to q: Gaussian) throws -> (logValue: Double?, reason: String?) {
        for (name, gaussian) in [("P", p), ("Q", q)] where !gaussian.spectrum.isPositiveDefinite {
            let spectrum = gaussian.spectrum
            throw InputError(source: "", field: "covariance",
                             reason: "\(name) has no density (rank \(spectrum.rank) < dimension \(spectrum.dimension), noise 0); ∫p²/q needs densities")
        }
        let whitened = try WhitenedDifference(p, relativeTo: q)
        let largest = whitened.eigenvalues.last ?? 0
        let scale = whitened.eigenvalues.reduce(1.0) { max($0, abs($1)) }
        let tolerance = 8 * Double(p.dimension) * Double.ulpOfOne * q.spectrum.conditionNumber * scale
        if largest >= 1 {
            return (nil, "∫p²/q diverges; 2Σ_Q − Σ_P is not positive definite (largest whitened eigenvalue δ = \(largest) ≥ 1)")
        }
        if 1 - largest <= tolerance {
            return (nil, "∫p²/q diverges; 2Σ_Q − Σ_P is singular to working precision (1 − δ = \(1 - largest) ≤ \(tolerance)): the integral diverges or exceeds what double precision resolves")
        }
        var logValue = 0.0
        for (delta, coordinate) in zip(whitened.eigenvalues, whitened.meanDifference) {
            logValue += -0.5 * log1p(-delta * delta) + coordinate * coordinate / (1 - delta)
        }
        return (logValue, nil)
    }
}
