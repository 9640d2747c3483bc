import Foundation
import InputErrors
import LinearAlgebra
import RandomStreams

/// The squared Hellinger distance, the divergence that stays finite where χ² is +∞ (der for the
/// computations; the definition is standard):
///
/// ```
/// H²(P, Q) = 1 − BC(P, Q) = ½ ∫ (√p − √q)²  ∈ [0, 1],      BC(P, Q) = ∫ √(p q)   (Bhattacharyya coefficient)
/// ```
/// Symmetric, its square root a metric, and below the other divergences: H² ≤ ½ KL ≤ ½ log(1 + χ²) (from
/// KL ≥ −2 log BC ≥ 2(1 − BC) and KL ≤ log(1 + χ²) by Jensen), so it is the finite comparison that remains
/// when a one-round χ² of [B] is infinite.
extension GaussianDivergence {
    /// H²(P, Q) between two Gaussians in closed form:
    ///
    /// ```
    /// log BC = ¼ log det Σ_P + ¼ log det Σ_Q − ½ log det Σ̄ − ⅛ Δμᵀ Σ̄⁻¹ Δμ,     Σ̄ = (Σ_P + Σ_Q)/2
    ///        = Σᵢ [ ¼ log(1 + δᵢ) − ½ log(1 + δᵢ/2) ] − ⅛ Σᵢ mᵢ² / (1 + δᵢ/2)
    /// H² = −expm1(log BC)
    /// ```
    /// with δᵢ, mᵢ the eigenvalues and whitened mean difference of `WhitenedDifference` (Σ_P → I + D, Σ_Q → I,
    /// Σ̄ → I + D/2 in Q's whitened coordinates). The bracket's linear terms cancel, so it is summed by its
    /// series −δ²/16 + δ³/16 − 7δ⁴/128 + 3δ⁵/64 for |δ| < 10⁻³ (the first omitted term is O(δ⁶), below 10⁻¹²
    /// relative there), and H² = −expm1(log BC) keeps the digits of a small distance.
    ///
    /// Example: H²(N(0, 1), N(μ, 1)) = 1 − exp(−μ²/8).
    /// - Returns: the closed form; exactly 1 (with a `note`) when exactly one of the laws has no density
    ///   (the two are then mutually singular).
    /// - Throws: `InputError` (source `--to`) if the dimensions differ or neither law has a density;
    ///   `LinearAlgebraError` (`dsyevr`).
    public static func hellingerSquared(_ p: Gaussian, _ q: Gaussian) throws -> DivergenceEstimate {
        try AbsoluteContinuity.requireSameDimension(GaussianMixture(p), GaussianMixture(q))
        switch (p.spectrum.isPositiveDefinite, q.spectrum.isPositiveDefinite) {
        case (true, true):
            return DivergenceEstimate(metric: .hellinger2, value: try hellingerSquaredValue(p, q), method: .closedForm)
        case (false, false):
            throw InputError(source: "--to", field: "", reason: "neither law has a density; hellinger2 needs at least one")
        default:
            return DivergenceEstimate(metric: .hellinger2, value: 1, method: .closedForm,
                                      note: "exactly one law has no density (rank < dimension, noise 0): the laws are mutually singular, so BC = 0")
        }
    }

    /// H²(P, Q) as a number, both densities assumed.
    static func hellingerSquaredValue(_ p: Gaussian, _ q: Gaussian) throws -> Double {
        let whitened = try WhitenedDifference(p, relativeTo: q)
        var logCoefficient = 0.0
        for (delta, m) in zip(whitened.eigenvalues, whitened.meanDifference) {
            logCoefficient += quarterLogMinusHalfLogMidpoint(delta) - m * m / (8 * (1 + delta / 2))
        }
        return min(1, max(0, -expm1(logCoefficient)))
    }

    /// ¼ log(1 + δ) − ½ log(1 + δ/2) for δ > −1 (≤ 0 by concavity of log), by its series for |δ| < 10⁻³.
    static func quarterLogMinusHalfLogMidpoint(_ delta: Double) -> Double {
        guard abs(delta) < 1e-3 else { return 0.25 * log1p(delta) - 0.5 * log1p(delta / 2) }
        let d = delta
        return d * d * (-1.0 / 16 + d * (1.0 / 16 + d * (-7.0 / 128 + d * 3.0 / 64)))
    }
}

extension MonteCarloDivergence {
    /// H²(P, Q) by Monte Carlo from P:
    ///
    /// ```
    /// H² = 1 − E_P[ √(q(X)/p(X)) ]  ≈  1 − (1/N) Σᵢ exp(−rᵢ/2),     rᵢ = log p(xᵢ) − log q(xᵢ),  xᵢ ~ P
    /// SE = sd(exp(−rᵢ/2)) / √N
    /// ```
    /// Unbiased, and the SE is always reliable: the summands lie in [0, ∞) with E_P[q/p] ≤ 1, so their
    /// variance is at most 1 (no heavy tails, unlike χ²).
    /// - Throws: `InputError` if a law has no density or the dimensions differ.
    public static func hellingerSquared(from p: GaussianMixture, to q: GaussianMixture, samples: Int,
                                        stream: RandomStream) throws -> DivergenceEstimate {
        var moments = RunningMoments()
        try forEachLogRatio(from: p, to: q, samples: samples, stream: stream) { moments.add(exp(-0.5 * $0)) }
        return DivergenceEstimate(metric: .hellinger2, value: 1 - moments.mean, method: .monteCarlo,
                                  standardError: moments.standardError, samples: samples)
    }
}

extension MixtureDivergenceBounds {
    /// An upper bound on H² between mixtures from joint convexity of the f-divergence H² over the product
    /// coupling of the weights (der):
    ///
    /// ```
    /// H²(Σᵢ πᵢ Pᵢ, Σⱼ ρⱼ Qⱼ) ≤ min(1, Σᵢ Σⱼ πᵢ ρⱼ H²(Pᵢ, Qⱼ))
    /// ```
    /// (write both laws as Σᵢⱼ πᵢρⱼ of the pairs (Pᵢ, Qⱼ) and use (P, Q) ↦ H²(P, Q) jointly convex).
    /// - Throws: `InputError` when a component pair has no density at all; `LinearAlgebraError`.
    public static func hellingerSquaredUpperBound(_ p: GaussianMixture, _ q: GaussianMixture) throws -> Double {
        var sum = 0.0
        for (weightP, componentP) in zip(p.weights, p.components) {
            for (weightQ, componentQ) in zip(q.weights, q.components) {
                sum += weightP * weightQ * (try GaussianDivergence.hellingerSquared(componentP, componentQ).value)
            }
        }
        return min(1, sum)
    }
}
