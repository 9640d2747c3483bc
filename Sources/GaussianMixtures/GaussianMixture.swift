import Foundation
import LinearAlgebra
import InputErrors

/// A Gaussian mixture p(x) = Σ_k π_k N(x; μ_k, Σ_k) on ℝⁿ, with normalised weights.
///
/// Components may be full or low-rank (a mixture of low-rank Gaussians, [C]). Evaluation
/// (`+Density`, `+Hessian`) is batched over points through BLAS level 3 and works in log space.
public struct GaussianMixture: Sendable {
    /// π_k, normalised to sum to 1.
    public let weights: [Double]
    /// The components N(μ_k, Σ_k).
    public let components: [Gaussian]

    /// The dimension n.
    public var dimension: Int { components[0].dimension }
    /// The number of components K.
    public var count: Int { components.count }

    /// A mixture from positive (not necessarily normalised) weights and components of one dimension.
    /// - Throws: `InputError` naming `components[k].weight` or `components[k]` on bad input.
    public init(weights: [Double], components: [Gaussian]) throws {
        guard !components.isEmpty else {
            throw InputError(source: "", field: "components", reason: "is empty; a mixture needs at least one component")
        }
        guard weights.count == components.count else {
            throw InputError(source: "", field: "weights", reason: "\(weights.count) weights for \(components.count) components")
        }
        let n = components[0].dimension
        for (index, component) in components.enumerated() where component.dimension != n {
            throw InputError(source: "", field: "components[\(index)].mean",
                             reason: "has dimension \(component.dimension), expected \(n)")
        }
        for (index, weight) in weights.enumerated() where !(weight > 0 && weight.isFinite) {
            throw InputError(source: "", field: "components[\(index)].weight",
                             reason: "\(describeNumber(weight)) must be positive and finite")
        }
        let total = weights.reduce(0, +)
        self.weights = weights.map { $0 / total }
        self.components = components
    }

    /// The covariance every component shares, when they all have bit-for-bit the same spectrum (basis,
    /// eigenvalues and complement variance): a kernel density estimate (every component h²I), an LDA-style
    /// model, equal isotropic components; noising keeps it shared. Nil otherwise (and for one component,
    /// which the general path already evaluates in one pass). The density, score, responsibilities and
    /// posterior mean then whiten once for all components (`MixtureKernel`). Costs one comparison of K
    /// spectra.
    public var sharedSpectrum: CovarianceSpectrum? {
        guard count > 1 else { return nil }
        let first = components[0].spectrum
        for component in components.dropFirst() where !component.spectrum.isBitwiseEqual(to: first) { return nil }
        return first
    }

    /// A one-component mixture.
    public init(_ gaussian: Gaussian) {
        self.weights = [1]
        self.components = [gaussian]
    }

    /// Internal: already-validated parts.
    init(validatedWeights: [Double], components: [Gaussian]) {
        self.weights = validatedWeights
        self.components = components
    }

    /// The noised marginal: Σ_k π_k N(sμ_k, s²(Σ_k + σ²I)) [docs/theory.md §0]. O(K·r) plus dense copies; no factorisation.
    public func noised(scale s: Double, sigma: Double) -> GaussianMixture {
        noised(scale: s, noiseVariance: (s * sigma) * (s * sigma))
    }

    /// The law of s·x + γ·ε: Σ_k π_k N(sμ_k, s²Σ_k + γ²I), finite as s → 0 (see `Gaussian.noised(scale:noiseVariance:)`).
    public func noised(scale s: Double, noiseVariance gamma2: Double) -> GaussianMixture {
        GaussianMixture(validatedWeights: weights, components: components.map { $0.noised(scale: s, noiseVariance: gamma2) })
    }

    /// The overall mean Σ_k π_k μ_k.
    public var mean: [Double] {
        var result = [Double](repeating: 0, count: dimension)
        for (weight, component) in zip(weights, components) {
            for i in 0..<dimension { result[i] += weight * component.mean[i] }
        }
        return result
    }

    /// The overall covariance Σ_k π_k (Σ_k + μ_k μ_kᵀ) − μ μᵀ.
    public var covariance: Matrix {
        let overall = mean
        var result = Matrix(rows: dimension, columns: dimension)
        for (weight, component) in zip(weights, components) {
            let shifted = component.mean - overall
            let second = component.covariance
            for i in 0..<dimension {
                for j in 0..<dimension { result[i, j] += weight * (second[i, j] + shifted[i] * shifted[j]) }
            }
        }
        return result
    }

    /// Throws if some component has no density (a low-rank component with zero noise floor).
    public func requireDensity() throws {
        for (index, component) in components.enumerated() where !component.spectrum.isPositiveDefinite {
            throw InputError(source: "", field: "components[\(index)]",
                             reason: "has no density (rank \(component.spectrum.rank) < dimension \(component.dimension) with noise 0); evaluate at a time t > 0 or give a positive noise")
        }
    }
}
