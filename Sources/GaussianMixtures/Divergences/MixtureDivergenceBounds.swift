import Foundation
import LinearAlgebra
import OptimalTransport

/// Closed-form bounds on divergences between Gaussian mixtures P = Σᵢ πᵢ Pᵢ and Q = Σⱼ ωⱼ Qⱼ, attached to
/// the Monte-Carlo estimates as `lowerBound` / `upperBound`. Each is a guaranteed bound, not an estimate.
public enum MixtureDivergenceBounds {
    /// The Gelbrich lower bound on W₂ [G90]:
    ///
    /// ```
    /// W₂(P, Q) ≥ W₂( N(m_P, C_P), N(m_Q, C_Q) )      m, C: the overall mean and covariance of each law
    /// ```
    /// (any coupling of P and Q has the same first two moments as one of the Gaussians.) Equality when both
    /// laws are Gaussian. Value is W₂, not squared. Covariances may be singular (no density needed).
    public static func gelbrich(_ p: GaussianMixture, _ q: GaussianMixture) throws -> Double {
        try AbsoluteContinuity.requireSameDimension(p, q)
        let squared = try GaussianDivergence.squaredWasserstein2(
            meanP: p.mean, rootP: p.covariance.symmetrised.symmetricSquareRoot(),
            meanQ: q.mean, rootQ: q.covariance.symmetrised.symmetricSquareRoot())
        return squared.squareRoot()
    }

    /// The mixture-Wasserstein distance MW₂ of Delon & Desolneux [DD20], an upper bound on W₂:
    ///
    /// ```
    /// MW₂²(P, Q) = min_{w ∈ Π(π, ω)} Σᵢⱼ wᵢⱼ W₂²(Pᵢ, Qⱼ)  ≥  W₂²(P, Q)
    /// ```
    /// (gluing the component-wise Gaussian optimal couplings along w is a coupling of P and Q.) The small
    /// K_P×K_Q transport problem is solved exactly by `OptimalTransportPlan`; the costs are Bures
    /// (`GaussianDivergence.squaredWasserstein2`). Equals W₂ when both laws have one component. Value is MW₂.
    public static func mixtureWasserstein2(_ p: GaussianMixture, _ q: GaussianMixture) throws -> Double {
        try AbsoluteContinuity.requireSameDimension(p, q)
        let rootsQ = q.components.map { $0.spectrum.denseSquareRoot() }
        var costs = Matrix(rows: p.count, columns: q.count)
        for (i, component) in p.components.enumerated() {
            let rootP = component.spectrum.denseSquareRoot()
            for (j, target) in q.components.enumerated() {
                costs[i, j] = try GaussianDivergence.squaredWasserstein2(meanP: component.mean, rootP: rootP,
                                                                        meanQ: target.mean, rootQ: rootsQ[j])
            }
        }
        let plan = try OptimalTransportPlan(costs: costs, supply: p.weights, demand: q.weights)
        return max(0, plan.cost).squareRoot()
    }

    /// The variational upper bound on KL of Hershey & Olsen [HO07] (der for the statement used):
    ///
    /// ```
    /// KL(P‖Q) ≤ Σᵢⱼ φᵢⱼ [ log(φᵢⱼ/ψᵢⱼ) + KL(Pᵢ‖Qⱼ) ]    for φ, ψ ≥ 0 with Σⱼ φᵢⱼ = πᵢ, Σᵢ ψᵢⱼ = ωⱼ
    /// φᵢⱼ ← πᵢ ψᵢⱼ e^{−KL(Pᵢ‖Qⱼ)} / Σₗ ψᵢₗ e^{−KL(Pᵢ‖Qₗ)},   ψᵢⱼ ← ωⱼ φᵢⱼ / Σₖ φₖⱼ
    /// ```
    /// (joint convexity of KL applied to P = Σᵢⱼ φᵢⱼPᵢ, Q = Σᵢⱼ ψᵢⱼQⱼ.) Starting from φ = ψ = π⊗ω (the bound
    /// Σᵢⱼ πᵢωⱼ KL(Pᵢ‖Qⱼ)), each alternating update can only lower the bound; every iterate is valid. Runs
    /// `iterations` rounds (default 100) or until the bound stops decreasing; works in log space.
    /// Both laws must have densities.
    public static func klUpperBound(from p: GaussianMixture, to q: GaussianMixture, iterations: Int = 100) throws -> Double {
        try AbsoluteContinuity.requireSameDimension(p, q)
        let kl = try p.components.map { pi in try q.components.map { try GaussianDivergence.klValue(from: pi, to: $0) } }
        let rows = p.count, columns = q.count
        let logPi = p.weights.map { log($0) }, logOmega = q.weights.map { log($0) }
        var logPhi = (0..<rows).map { i in (0..<columns).map { logPi[i] + logOmega[$0] } }
        var logPsi = logPhi
        func bound() -> Double {
            var total = 0.0
            for i in 0..<rows {
                for j in 0..<columns where logPhi[i][j] > -.infinity {
                    total += exp(logPhi[i][j]) * (logPhi[i][j] - logPsi[i][j] + kl[i][j])
                }
            }
            return total
        }
        var best = bound()
        for _ in 0..<iterations {
            for i in 0..<rows {
                let normaliser = logSumExp((0..<columns).map { logPsi[i][$0] - kl[i][$0] })
                for j in 0..<columns { logPhi[i][j] = logPi[i] + logPsi[i][j] - kl[i][j] - normaliser }
            }
            for j in 0..<columns {
                let normaliser = logSumExp((0..<rows).map { logPhi[$0][j] })
                for i in 0..<rows { logPsi[i][j] = logOmega[j] + logPhi[i][j] - normaliser }
            }
            let current = bound()
            if !(current < best - 1e-15 * max(1, abs(best))) { best = min(best, current); break }
            best = current
        }
        return max(0, best)
    }

    /// An upper bound on χ² with a mixture second argument, from the closed forms against each Qⱼ (der):
    ///
    /// ```
    /// 1 + χ²(P‖Q) ≤ 1 / Σⱼ ( ωⱼ / Hⱼ ),     Hⱼ = ∫ p²/qⱼ = 1 + χ²(P‖Qⱼ)
    /// ```
    /// (pointwise (Σⱼ aⱼ)²/Σⱼ bⱼ ≤ Σⱼ aⱼ²/bⱼ with aⱼ = cⱼp, bⱼ = ωⱼqⱼ, Σcⱼ = 1, minimised at cⱼ ∝ ωⱼ/Hⱼ;
    /// this is never worse than Σⱼ ωⱼHⱼ − 1 or minⱼ Hⱼ/ωⱼ − 1.) Returns nil when every Hⱼ is infinite (no
    /// finite bound of this kind). Both laws must have densities.
    public static func chiSquaredUpperBound(from p: GaussianMixture, to q: GaussianMixture) throws -> Double? {
        try AbsoluteContinuity.requireSameDimension(p, q)
        var terms: [Double] = []
        for (weight, component) in zip(q.weights, q.components) {
            if let logH = try GaussianDivergence.logSecondMoment(from: p, to: component).logValue {
                terms.append(log(weight) - logH)
            }
        }
        guard !terms.isEmpty else { return nil }
        let value = expm1(-logSumExp(terms))
        return value.isFinite ? max(0, value) : nil
    }
}
