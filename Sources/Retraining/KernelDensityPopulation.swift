import Foundation
import GaussianMixtures
import LinearAlgebra
import InputErrors

/// The exact population law of recursive KDE retraining [B, §4], `B.population-closure` (der).
///
/// At infinite sample size a KDE with bandwidth h fitted to q_i = α·p_data + (1 − α)·p̂^i samples from
/// q_i * N(0, h²I). Unrolling p̂^{i+1} = (α·p_data + (1 − α)·p̂^i) * N(0, h²I) (convolutions add
/// covariances) gives a Gaussian mixture in closed form:
/// ```
/// p̂ⁿ = Σ_{k<n} α(1−α)ᵏ · (p_data * N(0, (k+1)h²I))  +  (1−α)ⁿ · (p̂⁰ * N(0, n h²I))
/// ```
/// With p̂⁰ = p_data the last term merges with k = n − 1 (weight (1−α)^{n−1}), and a target with
/// isotropic components of variance σ² keeps its means with within-mode per-coordinate variance
/// ```
/// vₙ = σ² + h² Σ_{k<n} α(1−α)ᵏ(k+1) + h² n(1−α)ⁿ = σ² + h²(1 − (1−α)ⁿ)/α  →  σ² + h²/α
/// ```
/// (α → 0: σ² + n h²). Example: α = 0.1, σ = h = 0.6 gives v₂₀ = 3.522. Every term of p̂ⁿ is exact; the
/// only rounding is in the weights α(1−α)ᵏ and the variances Σ + (k+1)h²I.
///
/// χ²(p̂ⁿ‖p_data) is +∞ once a component of p̂ⁿ has a per-coordinate variance ≥ 2σ² (for α < 1 and
/// isotropic σ²: as soon as n h² ≥ σ², i.e. from n = 1 when h = σ), which `ChiSquaredToMixture` detects.
public enum KernelDensityPopulation {
    /// p̂⁰, p̂¹, …, p̂^generations.
    /// - Parameters:
    ///   - data: p_data, K components of dimension n.
    ///   - initial: p̂⁰; nil means p_data (the first model is the data law itself). Equal components are merged.
    ///   - bandwidth: h > 0.
    ///   - mixing: α ∈ [0, 1] (α = 0, fully synthetic: p̂ⁿ = p̂⁰ * N(0, n h²I)).
    ///   - generations: ≥ 0.
    /// - Returns: `generations + 1` mixtures; generation n has at most K·n + K₀ components.
    /// - Throws: `InputError` naming `bandwidth` unless 0 < h < ∞, or `initial` for a dimension mismatch.
    public static func laws(data: GaussianMixture, initial: GaussianMixture? = nil, bandwidth h: Double,
                            mixing: MixingConvention, generations: Int) throws -> [GaussianMixture] {
        precondition(generations >= 0, "KernelDensityPopulation.laws: generations \(generations) must be ≥ 0")
        guard h > 0, h.isFinite else {
            throw InputError(source: "", field: "bandwidth", reason: "\(describeNumber(h)) must be positive and finite")
        }
        let start = initial ?? data
        guard start.dimension == data.dimension else {
            throw InputError(source: "", field: "initial", reason: "has dimension \(start.dimension), the data \(data.dimension)")
        }
        return try (0...generations).map { try law(data: data, initial: start, bandwidth: h, alpha: mixing.freshFraction, generation: $0) }
    }

    /// p̂ⁿ for one n (see the type's formula), equal components merged.
    static func law(data: GaussianMixture, initial: GaussianMixture, bandwidth h: Double, alpha: Double,
                    generation n: Int) throws -> GaussianMixture {
        guard n > 0 else { return initial }
        var weights: [Double] = []
        var components: [Gaussian] = []
        func append(_ weight: Double, _ mixture: GaussianMixture, levels: Int) {
            guard weight > 0 else { return }
            let widened = mixture.noised(scale: 1, sigma: (Double(levels)).squareRoot() * h)
            for (pi, component) in zip(widened.weights, widened.components) {
                if let index = components.firstIndex(where: { Self.identical($0, component) }) {
                    weights[index] += weight * pi
                } else {
                    weights.append(weight * pi)
                    components.append(component)
                }
            }
        }
        for k in 0..<n { append(alpha * pow(1 - alpha, Double(k)), data, levels: k + 1) }
        append(pow(1 - alpha, Double(n)), initial, levels: n)
        return try GaussianMixture(weights: weights, components: components)
    }

    /// vₙ = σ² + h²(1 − (1−α)ⁿ)/α (n h² at α = 0): the within-mode per-coordinate variance of p̂ⁿ for a
    /// target whose components are isotropic with variance σ² and p̂⁰ = p_data (see the type).
    public static func withinModeVariance(componentVariance sigmaSquared: Double, bandwidth h: Double,
                                          mixing: MixingConvention, generation n: Int) -> Double {
        precondition(n >= 0, "KernelDensityPopulation.withinModeVariance: generation \(n) must be ≥ 0")
        let alpha = mixing.freshFraction
        guard n > 0 else { return sigmaSquared }
        let growth = alpha == 0 ? Double(n) : -expm1(Double(n) * log1p(-alpha)) / alpha
        return sigmaSquared + h * h * growth
    }

    /// Same mean and covariance bits: the two components came from the same component widened by the
    /// same amount, so merging them is exact.
    static func identical(_ a: Gaussian, _ b: Gaussian) -> Bool {
        a.mean == b.mean && a.covariance == b.covariance
    }
}
