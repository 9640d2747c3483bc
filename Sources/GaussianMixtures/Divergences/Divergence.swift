import LinearAlgebra
import InputErrors
import RandomStreams

/// Entry point: the divergence between two mixtures, closed form where one exists, Monte Carlo otherwise.
///
/// | metric | closed form when                        | otherwise (Monte Carlo)                          |
/// |--------|-----------------------------------------|--------------------------------------------------|
/// | kl     | both laws have one component            | E_P[log p − log q], upper bound [HO07]           |
/// | chi2   | Q has one component (P any mixture)     | importance sampling (`ChiSquaredToMixture`): +∞  |
/// |        |                                         | with a reason when ∫p²/q diverges, NaN when that |
/// |        |                                         | cannot be decided; upper bound from the Qⱼ       |
/// | w2     | both laws have one component (Bures)    | replicated empirical OT, Gelbrich ≤ W₂ ≤ MW₂     |
/// | hellinger2 | both laws have one component        | 1 − E_P[√(q/p)], upper bound by joint convexity  |
///
/// KL and χ² are exactly +∞ (closed form, with a `note`) when P has a component without a density and Q
/// has a density everywhere; a Q without a density is rejected. W₂ is reported as W₂, not W₂².
public enum Divergence {
    /// Default Monte-Carlo sample size.
    public static let defaultSamples = 100_000
    /// Largest Monte-Carlo sample size the command-line tool accepts (`--samples`).
    public static let maximumSamples = 1_000_000_000

    /// The divergence `metric` from P to Q.
    /// - Parameters:
    ///   - samples: Monte-Carlo sample size N ≥ 2 when no closed form exists (ignored otherwise). For KL
    ///     and χ², N draws of P; for W₂, see `MixtureWasserstein.sampling(samples:dimension:)`.
    ///   - seed: seed of the Monte-Carlo stream; the same seed gives the same bits.
    /// - Throws: `InputError` (source `--to` or `--samples`) for mismatched dimensions, a Q without a
    ///   density (KL, χ²), or N < 2; `LinearAlgebraError` from LAPACK.
    public static func evaluate(_ metric: DivergenceMetric, from p: GaussianMixture, to q: GaussianMixture,
                                samples: Int = defaultSamples, seed: UInt64 = 0) throws -> DivergenceEstimate {
        try AbsoluteContinuity.requireSameDimension(p, q)
        guard samples >= 2 else {
            throw InputError(source: "--samples", field: "", reason: "\(samples) is too small; give at least 2 (a standard error needs two draws)")
        }
        let stream = RandomStream(seed: seed)
        switch metric {
        case .kl:
            if let infinite = try AbsoluteContinuity.check(.kl, from: p, to: q) { return infinite }
            if p.count == 1 && q.count == 1 { return try GaussianDivergence.kl(from: p.components[0], to: q.components[0]) }
            let estimate = try MonteCarloDivergence.kl(from: p, to: q, samples: samples, stream: stream)
            return estimate.withUpperBound(try MixtureDivergenceBounds.klUpperBound(from: p, to: q))
        case .chi2:
            if q.count == 1 { return try GaussianDivergence.chiSquared(from: p, to: q.components[0]) }
            if let infinite = try AbsoluteContinuity.check(.chi2, from: p, to: q) { return infinite }
            let estimate = try ChiSquaredToMixture.importanceSampled(from: p, to: q, samples: samples, seed: seed)
            guard estimate.value.isFinite else { return estimate }
            return estimate.withUpperBound(try MixtureDivergenceBounds.chiSquaredUpperBound(from: p, to: q))
        case .w2:
            if p.count == 1 && q.count == 1 { return try GaussianDivergence.wasserstein2(p.components[0], q.components[0]) }
            return try MixtureWasserstein.monteCarlo(p, q, samples: samples, stream: stream)
        case .hellinger2:
            if p.count == 1 && q.count == 1 { return try GaussianDivergence.hellingerSquared(p.components[0], q.components[0]) }
            let estimate = try MonteCarloDivergence.hellingerSquared(from: p, to: q, samples: samples, stream: stream)
            return estimate.withUpperBound(try MixtureDivergenceBounds.hellingerSquaredUpperBound(p, q))
        }
    }
}
