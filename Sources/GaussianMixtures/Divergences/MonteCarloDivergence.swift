import Foundation
import LinearAlgebra
import RandomStreams

/// Monte-Carlo KL and χ² from draws of P, with standard errors: the estimators used when no closed form
/// exists (a mixture with more than one component where the closed forms need a single Gaussian) [B, §4].
///
/// Draws are taken in chunks of `chunkSize`; chunk c uses `stream.substream(c)`, so memory stays bounded
/// and the result depends only on the seed and N (never on the thread count: `logDensity` is blocked
/// deterministically). Both densities are evaluated batched, in log space.
public enum MonteCarloDivergence {
    /// Points drawn and evaluated per chunk.
    public static let chunkSize = 16_384

    /// KL(P‖Q) by plain Monte Carlo from P.
    ///
    /// ```
    /// KL(P‖Q) = E_P[ log p(X) − log q(X) ]  ≈  (1/N) Σᵢ rᵢ,    rᵢ = log p(xᵢ) − log q(xᵢ),  xᵢ ~ P
    /// SE = s_r / √N        (s_r: sample standard deviation of the rᵢ)
    /// ```
    /// Unbiased; the variance Var_P[log p − log q] is finite for Gaussian mixtures with densities, so the
    /// SE is reliable for moderate N. An individual estimate can be negative when KL is near 0.
    /// - Parameters:
    ///   - p, q: same dimension, both with densities (see `AbsoluteContinuity` for the +∞ case, handled by
    ///     `Divergence.evaluate`, not here).
    ///   - samples: N ≥ 2.
    ///   - stream: the random stream (seeded).
    /// - Throws: `InputError` if a law has no density or the dimensions differ.
    public static func kl(from p: GaussianMixture, to q: GaussianMixture, samples: Int,
                          stream: RandomStream) throws -> DivergenceEstimate {
        var moments = RunningMoments()
        try forEachLogRatio(from: p, to: q, samples: samples, stream: stream) { moments.add($0) }
        return DivergenceEstimate(metric: .kl, value: moments.mean, method: .monteCarlo,
                                  standardError: moments.standardError, samples: samples)
    }

    /// χ²(P‖Q) by Monte Carlo from P, with importance weights computed in log space.
    ///
    /// ```
    /// χ²(P‖Q) = E_P[ p(X)/q(X) ] − 1  ≈  (1/N) Σᵢ exp(rᵢ) − 1,      rᵢ = log p(xᵢ) − log q(xᵢ)
    ///         = expm1( s + log((1/N) Σᵢ exp(rᵢ − s)) ),   s = maxᵢ rᵢ
    /// SE = sd(exp(rᵢ)) / √N
    /// ```
    /// Unbiased when χ² < ∞, but the SE is meaningful only if E_P[(p/q)²] = ∫p³/q² < ∞ (heavier tails of P
    /// than of Q break it). The estimate carries the Pareto k̂ and ESS of the weights p/q
    /// (`ImportanceSamplingDiagnostics`, in the `note` too); past k̂ > 0.7 it is flagged unreliable.
    /// - Parameters: as for `kl`.
    /// - Returns: +∞ with a `note` only if the estimate itself overflows a Double.
    public static func chiSquared(from p: GaussianMixture, to q: GaussianMixture, samples: Int,
                                  stream: RandomStream) throws -> DivergenceEstimate {
        var moments = ShiftedExponentialMoments()
        var logRatios: [Double] = []
        logRatios.reserveCapacity(samples)
        try forEachLogRatio(from: p, to: q, samples: samples, stream: stream) {
            moments.add(logValue: $0)
            logRatios.append($0)
        }
        let diagnostics = ImportanceSamplingDiagnostics(logWeights: logRatios)
        let value = expm1(moments.logMean)
        guard value.isFinite else {
            return DivergenceEstimate(metric: .chi2, value: .infinity, method: .monteCarlo,
                                      standardError: .infinity, samples: samples,
                                      note: "estimate beyond Double range: log(1 + χ²) ≈ \(moments.logMean)", diagnostics: diagnostics)
        }
        return DivergenceEstimate(metric: .chi2, value: value, method: .monteCarlo, standardError: moments.standardError,
                                  samples: samples, note: "sampling from P, weights p/q; \(diagnostics.description)", diagnostics: diagnostics)
    }

    /// Calls `body(log p(xᵢ) − log q(xᵢ))` for N draws xᵢ ~ P, in draw order.
    static func forEachLogRatio(from p: GaussianMixture, to q: GaussianMixture, samples: Int,
                                stream: RandomStream, _ body: (Double) -> Void) throws {
        precondition(samples >= 2, "MonteCarloDivergence: samples = \(samples); need at least 2 for a standard error")
        try AbsoluteContinuity.requireSameDimension(p, q)
        try p.requireDensity()
        try q.requireDensity()
        var done = 0
        var chunk: UInt64 = 0
        while done < samples {
            let count = min(chunkSize, samples - done)
            let points = p.sample(count: count, stream: stream.substream(chunk))
            let logP = try p.logDensity(points)
            let logQ = try q.logDensity(points)
            for i in 0..<count { body(logP[i] - logQ[i]) }
            done += count
            chunk += 1
        }
    }
}
