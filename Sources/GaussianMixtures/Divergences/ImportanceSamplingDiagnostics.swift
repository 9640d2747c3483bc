import Foundation

/// Tail diagnostics of an importance-sampled mean (proofs/core.importance-diagnostics.md): the Pareto shape k̂ of
/// the largest weights, as in Pareto-smoothed importance sampling [Vehtari, Simpson, Gelman, Yao, Gabry,
/// *Pareto Smoothed Importance Sampling*, JMLR 2024], and the effective sample size.
///
/// ```
/// M = ⌈min(0.2 S, 3√S)⌉ largest of the S weights wₖ,  u = w_(S−M) (the largest weight not in the tail)
/// k̂ = the Zhang–Stephens estimate of the generalised Pareto shape of the exceedances wₖ − u
/// ESS = (Σ wₖ)² / Σ wₖ²
/// ```
/// A generalised Pareto tail with shape k has finite moments of order < 1/k: k < ½ finite variance (the CLT and
/// the standard error apply), ½ ≤ k < 1 a finite mean but infinite variance, k ≥ 1 not even a mean. In finite
/// samples Vehtari et al. find the estimate usable up to k̂ ≈ 0.7 (their pre-asymptotic analysis: past 0.7 the
/// sample size needed for a given relative error grows faster than any practical S); past
/// `reliabilityThreshold` = 0.7 the estimate and its standard error are *flagged unreliable*. A distribution
/// with finite but huge variance (a lognormal-like tail, as near the boundary of χ²'s finiteness) shows a large
/// k̂ at moderate S, which is exactly the regime where the CLT interval under-covers.
///
/// Zhang–Stephens [Zhang & Stephens, *A New and Efficient Estimation Method for the Generalized Pareto
/// Distribution*, Technometrics 2009]: with exceedances x₁ ≤ … ≤ x_M, m = 30 + ⌊√M⌋ candidate values
/// θⱼ = 1/x_M + (1 − √(m/(j − ½))) / (3 x_{⌊M/4 + ½⌋}), the profile log-likelihood
/// ℓ(θ) = M(log(−θ/k(θ)) − k(θ) − 1), k(θ) = mean log(1 − θxᵢ), weights ∝ e^{ℓ(θⱼ)}, θ̂ = Σⱼ wⱼθⱼ and
/// k̂ = mean log(1 − θ̂xᵢ), shrunk towards ½ by the weak prior of Vehtari et al., k̂ ← (M k̂ + 5)/(M + 10)
/// (the same constants as the `loo` and ArviZ implementations).
public struct ImportanceSamplingDiagnostics: Sendable, Equatable {
    /// k̂ above which an estimate is flagged unreliable (Vehtari et al.'s threshold).
    public static let reliabilityThreshold = 0.7
    /// k̂ at and above which growing the sample is not tried (see the type).
    public static let growthLimit = 1.0

    /// True when doubling the sample may clear the flag: 0.7 < k̂ < 1.
    public var mayImproveWithMoreSamples: Bool { !isReliable && paretoShape < Self.growthLimit }

    /// k̂; NaN when the tail has fewer than 5 weights (S too small to fit it); −∞ when the tail weights are equal
    /// to within 1e-9 relative (no tail at all, e.g. P = Q up to rounding).
    public let paretoShape: Double
    /// (Σw)²/Σw², between 1 and S.
    public let effectiveSampleSize: Double
    /// M, the number of tail weights fitted.
    public let tailLength: Int

    /// False when k̂ > `reliabilityThreshold` (a NaN k̂ from a too-small sample counts as unreliable too).
    public var isReliable: Bool { paretoShape <= Self.reliabilityThreshold }

    /// The diagnostics of the weights exp(ℓₖ) given their logs (computed on exp(ℓₖ − max ℓ), which changes
    /// neither k̂ nor the ESS).
    public init(logWeights: [Double]) {
        let shift = logWeights.max() ?? 0
        let weights = logWeights.map { exp($0 - shift) }
        let sum = weights.reduce(0, +), squares = weights.reduce(0) { $0 + $1 * $1 }
        effectiveSampleSize = squares > 0 ? sum * sum / squares : 0
        let count = weights.count
        let tail = Int(min(0.2 * Double(count), 3 * Double(count).squareRoot()).rounded(.up))
        tailLength = tail
        guard tail >= 5, tail < count else {
            paretoShape = .nan
            return
        }
        let sorted = weights.sorted()
        let threshold = sorted[count - tail - 1]
        let exceedances = sorted[(count - tail)...].map { $0 - threshold }
        // A tail within 1e-9 of its threshold is rounding, not a tail (e.g. P = Q up to the last bits).
        paretoShape = exceedances.last! <= 1e-9 * threshold ? -.infinity : Self.zhangStephensShape(exceedances)
    }

    /// k̂ of the generalised Pareto fitted to `exceedances` (ascending, ≥ 0) by Zhang–Stephens with the weak
    /// prior (see the type). NaN for fewer than 5 exceedances, −∞ when they are all 0.
    public static func zhangStephensShape(_ exceedances: [Double]) -> Double {
        let n = exceedances.count
        guard n >= 5, let largest = exceedances.last else { return .nan }
        guard largest > 0 else { return -.infinity }
        let candidates = 30 + Int(Double(n).squareRoot())
        // The quartile scales the θ grid; when a quarter of the exceedances are 0, the smallest positive one does.
        let quartile = max(exceedances[max(0, Int(Double(n) / 4 + 0.5) - 1)], exceedances.first { $0 > 0 }!)
        let count = Double(n)
        func shape(_ theta: Double) -> Double {
            exceedances.reduce(0) { $0 + log1p(-theta * $1) } / count
        }
        var thetas: [Double] = []
        var logLikelihoods: [Double] = []
        for j in 1...candidates {
            var theta = 1 - (Double(candidates) / (Double(j) - 0.5)).squareRoot()
            theta = theta / (3 * quartile) + 1 / largest
            let k = shape(theta)
            let value = count * (log(-theta / k) - k - 1)
            guard value.isFinite else { continue }
            thetas.append(theta)
            logLikelihoods.append(value)
        }
        guard !thetas.isEmpty else { return .nan }
        let top = logLikelihoods.max()!
        let weights = logLikelihoods.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        let theta = zip(thetas, weights).reduce(0) { $0 + $1.0 * $1.1 } / total
        let k = shape(theta)
        return (count * k + 10 * 0.5) / (count + 10)
    }

    /// The note fragment printed beside an estimate: `k̂ = 0.43, ESS = 812` and, past the threshold, why it is
    /// flagged.
    public var description: String {
        let k = paretoShape.isNaN ? "NaN (sample too small)"
            : paretoShape == -.infinity ? "−∞ (equal weights)" : String(format: "%.2f", paretoShape)
        let base = "Pareto k̂ = \(k), ESS = \(Int(effectiveSampleSize.rounded()))"
        return isReliable ? base
            : base + ": UNRELIABLE (k̂ > \(Self.reliabilityThreshold): the weights' tail is too heavy for the standard error to be trusted)"
    }
}
