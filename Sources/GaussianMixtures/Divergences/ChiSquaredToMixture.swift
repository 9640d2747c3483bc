import Foundation
import LinearAlgebra
import InputErrors
import RandomStreams

/// χ²(P‖Q) for Gaussian mixtures when Q has several components (no closed form): importance sampling with
/// a proposal whose tails provably cover p²/q, so the standard error is finite and honest [B, §4] (der).
///
/// ```
/// χ²(P‖Q) + 1 = ∫ p²/q = E_{x∼R}[ p(x)² / (q(x) r(x)) ]
/// R = ½ P + ½ T,   T = Σᵢ πᵢ (½N(mᵢ, Cᵢ) + ½N(μᵢ, Cᵢ)),   Cᵢ = (Σⱼ λᵢⱼ(2Pᵢ⁻¹ − Qⱼ⁻¹))⁻¹,
///                  mᵢ = Cᵢ(2Pᵢ⁻¹μᵢ − Σⱼ λᵢⱼ Qⱼ⁻¹νⱼ)
/// estimate = mean of wₖ = exp(2 log p − log q − log r) − 1,   SE = sd(wₖ)/√M,   log r = LSE(log p, log t) − log 2
/// ```
/// λᵢ is the certificate of `ChiSquaredFiniteness` (one-hot for a single partner j). N(mᵢ, Cᵢ) is
/// Nᵢ²/Πⱼ Nⱼ^{λᵢⱼ} normalised — the shape of component i's share of p²/q when one Q component dominates —, the
/// same covariance at μᵢ covers the tails where q is a *mixture* (dividing by a single Nⱼ drives mᵢ far out:
/// for P = N(0.5, 1.98), Q = ½N(∓1, 1), mᵢ = −49 or 149 while p²/q sits near 0), and ½P keeps the bulk covered
/// (a defensive mixture). Finite variance: with (Σᵢ πᵢNᵢ)⁴ ≤ K³ Σᵢ πᵢ⁴Nᵢ⁴, q ≥ Πⱼ(ρⱼNⱼ)^{λᵢⱼ} and
/// r ≥ ¼πᵢ N(m, Cᵢ) for either mean m, ∫p⁴/(q²r) ≤ const·Σᵢ ∫Nᵢ⁴/(Πⱼ Nⱼ^{2λᵢⱼ} N(m, Cᵢ)), whose precision
/// 4Pᵢ⁻¹ − 2Σⱼλᵢⱼ Qⱼ⁻¹ − Cᵢ⁻¹ = Σⱼ λᵢⱼ(2Pᵢ⁻¹ − Qⱼ⁻¹) ≻ 0 — exactly the condition that certifies χ² finite
/// (`ChiSquaredFiniteness`), whatever m. So whenever χ² < ∞ is certified the weights have finite variance.
/// (Plain sampling from P, `MonteCarloDivergence.chiSquared`, needs 3Pᵢ⁻¹ − 2Qⱼ⁻¹ ≻ 0, which fails for
/// P's components wider than 1.5× Q's — the regime of recursive KDE retraining.)
///
/// Tail diagnostics: every estimate carries the Pareto k̂ and the ESS of its weights
/// (`ImportanceSamplingDiagnostics`). Finite variance is not enough for an honest interval: near the boundary
/// of finiteness (Σⱼλⱼ(2Pᵢ⁻¹ − Qⱼ⁻¹) barely positive definite) the variance is finite but huge, the weights look
/// lognormal, typical estimates sit low with a small SE and rare draws jump. k̂ > 0.7 flags that; while
/// 0.7 < k̂ < 1 the sample is doubled (up to `maximumGrowth`×; past k̂ = 1 the fitted tail has no mean and more
/// draws do not help), and a still-flagged estimate reports
/// `isReliable = false`, which the callers show and never let decide a verdict.
///
/// The SE depends only on the number M of importance samples and the seed, never on a simulation's N.
/// The estimate is unbiased; it can be slightly negative when χ² ≈ 0 (it is not clamped).
public enum ChiSquaredToMixture {
    /// Default number M of importance samples.
    public static let defaultSamples = 20_000
    /// Points drawn and evaluated per chunk (chunk c uses `substream(c)`).
    public static let chunkSize = 8_192
    /// While the Pareto k̂ of the weights exceeds 0.7 the sample is doubled, up to this factor times the requested
    /// M (the first M draws are kept, so the grown estimate extends the requested one).
    public static let maximumGrowth = 8

    /// χ²(P‖Q): closed form when Q has one component (`GaussianDivergence.chiSquared`), +∞ with the reason
    /// when ∫p²/q diverges, importance sampling otherwise.
    /// - Parameters:
    ///   - p, q: mixtures of one dimension with densities.
    ///   - samples: M ≥ 2.
    ///   - seed: the importance-sampling stream's seed.
    /// - Throws: `InputError` naming `samples`, `to` or a component without a density.
    public static func evaluate(from p: GaussianMixture, to q: GaussianMixture, samples: Int = defaultSamples,
                                seed: UInt64) throws -> DivergenceEstimate {
        if q.count == 1 { return try GaussianDivergence.chiSquared(from: p, to: q.components[0]) }
        return try importanceSampled(from: p, to: q, samples: samples, seed: seed)
    }

    /// χ²(P‖Q) by importance sampling whatever Q's number of components (+∞ with the reason when infinite).
    /// - Throws: as `evaluate`.
    public static func importanceSampled(from p: GaussianMixture, to q: GaussianMixture, samples: Int,
                                         seed: UInt64) throws -> DivergenceEstimate {
        guard samples >= 2 else {
            throw InputError(source: "", field: "samples", reason: "\(samples) is too small; give at least 2 (a standard error needs two draws)")
        }
        guard p.dimension == q.dimension else {
            throw InputError(source: "", field: "to", reason: "has dimension \(q.dimension), P has \(p.dimension)")
        }
        try p.requireDensity()
        try q.requireDensity()
        let certificates: [ChiSquaredFiniteness.Certificate]
        switch try ChiSquaredFiniteness.check(from: p, to: q) {
        case .infinite(let reason):
            return DivergenceEstimate(metric: .chi2, value: .infinity, method: .closedForm, note: reason)
        case .undecided(let reason):
            return DivergenceEstimate(metric: .chi2, value: .nan, method: .monteCarlo, note: reason)
        case .finite(let found):
            certificates = found
        }
        let r = try proposal(from: p, to: q, certificates: certificates)
        // log r = log(½p + ½t) from log p, which the weight needs anyway, and log t of the tails alone: P's
        // components are evaluated once per draw instead of twice.
        let tails = try GaussianMixture(weights: Array(r.weights[p.count...]), components: Array(r.components[p.count...]))
        let logP = MixtureLogDensity(p), logQ = MixtureLogDensity(q), logT = MixtureLogDensity(tails), logTwo = log(2.0)
        let stream = RandomStream(seed: seed)
        var logWeights: [Double] = []
        logWeights.reserveCapacity(samples)
        var chunk: UInt64 = 0
        var target = samples
        var diagnostics: ImportanceSamplingDiagnostics
        repeat {
            while logWeights.count < target {
                let points = r.sample(count: min(chunkSize, target - logWeights.count), stream: stream.substream(chunk))
                let (lp, lq, lt) = (try logP(points), try logQ(points), try logT(points))
                for i in 0..<points.rows { logWeights.append(2 * lp[i] - lq[i] - (logSumExp([lp[i], lt[i]]) - logTwo)) }
                chunk += 1
            }
            diagnostics = ImportanceSamplingDiagnostics(logWeights: logWeights)
            target *= 2
        } while diagnostics.mayImproveWithMoreSamples && target <= maximumGrowth * samples
        let summary = LogSpaceMean(logWeights)
        let value = expm1(summary.logMean)
        guard value.isFinite else {
            return DivergenceEstimate(metric: .chi2, value: .infinity, method: .monteCarlo, standardError: .infinity,
                                      samples: logWeights.count, note: "estimate beyond Double range: log(1 + χ²) ≈ \(summary.logMean)",
                                      diagnostics: diagnostics)
        }
        let grown = logWeights.count > samples ? "; sample grown from \(samples) to \(logWeights.count) while 0.7 < k̂ < 1" : ""
        let note = "importance sampling, R = ½P + ½Σᵢπᵢ N((Σⱼλᵢⱼ(2Pᵢ⁻¹ − Qⱼ⁻¹))⁻¹ …); \(diagnostics.description)\(grown)"
        return DivergenceEstimate(metric: .chi2, value: value, method: .monteCarlo,
                                  standardError: summary.standardError, samples: logWeights.count, note: note,
                                  diagnostics: diagnostics)
    }

    /// The proposal R = ½P + ½T of the type's formula; nil when χ²(P‖Q) = ∞.
    /// T's components are isotropic (rank 0 with noise c) when Cᵢ = c·I, so the fast density path applies.
    /// - Throws: `InputError` (see `ChiSquaredFiniteness.check`); `LinearAlgebraError`.
    public static func proposal(from p: GaussianMixture, to q: GaussianMixture) throws -> GaussianMixture? {
        guard case .finite(let certificates) = try ChiSquaredFiniteness.check(from: p, to: q) else { return nil }
        return try proposal(from: p, to: q, certificates: certificates)
    }

    static func proposal(from p: GaussianMixture, to q: GaussianMixture,
                         certificates: [ChiSquaredFiniteness.Certificate]) throws -> GaussianMixture {
        let n = p.dimension
        let qPrecisions = q.components.map { $0.spectrum.densePrecision() }
        var weights = p.weights.map { 0.5 * $0 }
        var components = p.components
        for (i, certificate) in certificates.enumerated() {
            // m = C(2Pᵢ⁻¹μᵢ − Σⱼ λⱼ Qⱼ⁻¹νⱼ), the mean of Nᵢ² / Πⱼ Nⱼ^{λⱼ} (= μᵢ + CQⱼ⁻¹(μᵢ − νⱼ) for one j).
            var combined = 2 * p.components[i].spectrum.densePrecision() * p.components[i].mean
            for (j, lambda) in certificate.combination {
                combined = combined.adding((-lambda) * (qPrecisions[j] * q.components[j].mean))
            }
            // Two tail components of covariance C: one at m, one at μᵢ (see the type).
            for mean in [certificate.covariance * combined, p.components[i].mean] {
                let tail: Gaussian
                if let c = MixtureLogDensity.isotropicVariance(certificate.covariance) {
                    tail = try Gaussian(mean: mean, basis: Matrix(rows: n, columns: 0), variances: [], noise: c)
                } else {
                    tail = try Gaussian(mean: mean, covariance: certificate.covariance)
                }
                weights.append(0.25 * p.weights[i])
                components.append(tail)
            }
        }
        return try GaussianMixture(weights: weights, components: components)
    }
}

/// The mean and standard error of wₖ = exp(ℓₖ) from the logs ℓₖ, without overflow (two passes):
/// s = max ℓₖ, mean(w) = eˢ·mean(e^{ℓₖ−s}), SE(w) = eˢ·sd(e^{ℓₖ−s})/√M.
struct LogSpaceMean {
    let logMean: Double
    let standardError: Double

    init(_ logValues: [Double]) {
        let shift = logValues.max() ?? 0
        let scaled = logValues.map { exp($0 - shift) }
        let count = Double(scaled.count)
        let sum = scaled.reduce(0, +)
        let mean = sum / count
        let squares = scaled.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        logMean = shift + log(mean)
        standardError = exp(shift + 0.5 * log(squares / (count - 1) / count))
    }
}
