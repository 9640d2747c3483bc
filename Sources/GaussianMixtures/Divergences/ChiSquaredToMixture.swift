import Foundation
import LinearAlgebra
import InputErrors
import RandomStreams

/// χ²(P‖Q) for Gaussian mixtures when Q has several components (no closed form): importance sampling with
/// a proposal whose tails provably cover p²/q, so the standard error is finite and honest [B, §4] (der).
///
/// ```
/// χ²(P‖Q) + 1 = ∫ p²/q = E_{x∼R}[ p(x)² / (q(x) r(x)) ]
/// R = ½ P + ½ T,   T = Σᵢ πᵢ N(mᵢ, Cᵢ),   Cᵢ = (2Pᵢ⁻¹ − Qⱼ⁻¹)⁻¹,   mᵢ = μᵢ + Cᵢ Qⱼ⁻¹(μᵢ − νⱼ),  j = j(i)
/// estimate = mean of wₖ = exp(2 log p − log q − log r) − 1,   SE = sd(wₖ)/√M
/// ```
/// N(mᵢ, Cᵢ) is Nᵢ²/Nⱼ normalised — the shape of component i's share of p²/q — and ½P keeps the bulk
/// covered (a defensive mixture). Finite variance: with (Σᵢ πᵢNᵢ)⁴ ≤ K³ Σᵢ πᵢ⁴Nᵢ⁴, q ≥ ρⱼNⱼ and
/// r ≥ ½πᵢ N(mᵢ, Cᵢ), ∫p⁴/(q²r) ≤ const·Σᵢ ∫Nᵢ⁴/(Nⱼ² N(mᵢ,Cᵢ)), whose precision
/// 4Pᵢ⁻¹ − 2Qⱼ⁻¹ − Cᵢ⁻¹ = 2Pᵢ⁻¹ − Qⱼ⁻¹ ≻ 0 — exactly the condition that certifies χ² finite
/// (`ChiSquaredFiniteness`). So whenever χ² < ∞ the weights have finite variance and the CLT gives the SE.
/// (Plain sampling from P, `MonteCarloDivergence.chiSquared`, needs 3Pᵢ⁻¹ − 2Qⱼ⁻¹ ≻ 0, which fails for
/// P's components wider than 1.5× Q's — the regime of recursive KDE retraining.)
///
/// The SE depends only on the number M of importance samples and the seed, never on a simulation's N.
/// The estimate is unbiased; it can be slightly negative when χ² ≈ 0 (it is not clamped).
public enum ChiSquaredToMixture {
    /// Default number M of importance samples.
    public static let defaultSamples = 20_000
    /// Points drawn and evaluated per chunk (chunk c uses `substream(c)`).
    public static let chunkSize = 8_192

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
        let logP = MixtureLogDensity(p), logQ = MixtureLogDensity(q), logR = MixtureLogDensity(r)
        let stream = RandomStream(seed: seed)
        var logWeights: [Double] = []
        logWeights.reserveCapacity(samples)
        var chunk: UInt64 = 0
        while logWeights.count < samples {
            let points = r.sample(count: min(chunkSize, samples - logWeights.count), stream: stream.substream(chunk))
            let (lp, lq, lr) = (try logP(points), try logQ(points), try logR(points))
            for i in 0..<points.rows { logWeights.append(2 * lp[i] - lq[i] - lr[i]) }
            chunk += 1
        }
        let summary = LogSpaceMean(logWeights)
        let value = expm1(summary.logMean)
        guard value.isFinite else {
            return DivergenceEstimate(metric: .chi2, value: .infinity, method: .monteCarlo, standardError: .infinity,
                                      samples: samples, note: "estimate beyond Double range: log(1 + χ²) ≈ \(summary.logMean)")
        }
        let note = summary.largestShare > 0.1
            ? "importance sampling (R = ½P + ½T); the largest weight carries \(Int((100 * summary.largestShare).rounded())) % of the sum: the standard error is unreliable at this M"
            : "importance sampling, R = ½P + ½Σᵢπᵢ N((2Pᵢ⁻¹ − Qⱼ⁻¹)⁻¹ …)"
        return DivergenceEstimate(metric: .chi2, value: value, method: .monteCarlo,
                                  standardError: summary.standardError, samples: samples, note: note)
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
            let j = certificate.partner
            let offset = p.components[i].mean - q.components[j].mean
            let mean = p.components[i].mean.adding(certificate.covariance * (qPrecisions[j] * offset))
            let tail: Gaussian
            if let c = MixtureLogDensity.isotropicVariance(certificate.covariance) {
                tail = try Gaussian(mean: mean, basis: Matrix(rows: n, columns: 0), variances: [], noise: c)
            } else {
                tail = try Gaussian(mean: mean, covariance: certificate.covariance)
            }
            weights.append(0.5 * p.weights[i])
            components.append(tail)
        }
        return try GaussianMixture(weights: weights, components: components)
    }
}

/// The mean and standard error of wₖ = exp(ℓₖ) from the logs ℓₖ, without overflow (two passes):
/// s = max ℓₖ, mean(w) = eˢ·mean(e^{ℓₖ−s}), SE(w) = eˢ·sd(e^{ℓₖ−s})/√M.
struct LogSpaceMean {
    let logMean: Double
    let standardError: Double
    /// max wₖ / Σ wₖ.
    let largestShare: Double

    init(_ logValues: [Double]) {
        let shift = logValues.max() ?? 0
        let scaled = logValues.map { exp($0 - shift) }
        let count = Double(scaled.count)
        let sum = scaled.reduce(0, +)
        let mean = sum / count
        let squares = scaled.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        logMean = shift + log(mean)
        standardError = exp(shift + 0.5 * log(squares / (count - 1) / count))
        largestShare = sum > 0 ? 1 / sum : 1
    }
}
