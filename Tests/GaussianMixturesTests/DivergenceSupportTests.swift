import Foundation
@testable import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// Shared fixtures of the divergence tests (no tests here): seeded random laws and small formulas.
enum DivergenceFixtures {
    /// A random Gaussian (`RandomMixture` with one component: full or low-rank with a noise floor, so it
    /// has a density; eigenvalues in [0.1, 2], noise in [0.01, 0.5], mean spread `meanSpread`).
    static func gaussian(dimension: Int, seed: Int, meanSpread: Double = 2) throws -> Gaussian {
        try mixture(dimension: dimension, components: 1, seed: seed, meanSpread: meanSpread).components[0]
    }

    /// A random mixture (see `RandomMixture`).
    static func mixture(dimension: Int, components: Int, seed: Int, meanSpread: Double = 2) throws -> GaussianMixture {
        var generator = RandomMixture()
        generator.meanSpread = meanSpread
        return try generator.make(dimension: dimension, components: components, stream: RandomStream(seed: UInt64(seed)))
    }

    /// N(μ, v·I).
    static func isotropic(mean: [Double], variance: Double) throws -> Gaussian {
        try Gaussian(mean: mean, covariance: Matrix.identity(mean.count).addingToDiagonal(variance - 1))
    }

    /// N(μ, V·diag(λ)·Vᵀ).
    static func gaussian(mean: [Double], eigenvectors: Matrix, eigenvalues: [Double]) throws -> Gaussian {
        try Gaussian(mean: mean, covariance: Matrix.product(eigenvectors.scalingColumns(by: eigenvalues), eigenvectors, transposeB: true).symmetrised)
    }

    /// The condition number λ_max/λ_min of a Gaussian's covariance (for rounding tolerances).
    static func conditionNumber(_ gaussian: Gaussian) -> Double {
        let spectrum = gaussian.spectrum
        var values = spectrum.eigenvalues
        if !spectrum.spansSpace { values.append(spectrum.complementVariance) }
        return (values.max() ?? 1) / (values.min() ?? 1)
    }

    /// The largest variance of any component of a mixture.
    static func largestVariance(_ mixture: GaussianMixture) -> Double {
        mixture.components.map { component in
            let spectrum = component.spectrum
            return max(spectrum.eigenvalues.max() ?? 0, spectrum.spansSpace ? 0 : spectrum.complementVariance)
        }.max() ?? 0
    }
}
