import Foundation
import GaussianMixtures
import LinearAlgebra

extension GaussianMixture {
    /// The 2-D training target of the MLP score's tests and benchmark: K equal-weight isotropic components
    /// with means on a circle,
    /// ```
    /// p₀ = (1/K) Σ_k N((r cos 2πk/K, r sin 2πk/K), v I₂)
    /// ```
    /// Defaults K = 8, r = 4, v = 0.2: neighbouring means are 2r sin(π/K) ≈ 3.06 apart, about 6.8 standard
    /// deviations, so the modes are well separated and the score between them is steep at small t.
    public static func circle(components: Int = 8, radius: Double = 4, variance: Double = 0.2) -> GaussianMixture {
        precondition(components >= 1 && radius.isFinite && variance > 0,
                     "GaussianMixture.circle: need K ≥ 1, finite r, v > 0; got \(components), \(radius), \(variance)")
        let gaussians = (0..<components).map { k in
            let angle = 2 * Double.pi * Double(k) / Double(components)
            // Cannot throw: v > 0 makes the covariance positive definite.
            return try! Gaussian(mean: [radius * cos(angle), radius * sin(angle)], covariance: variance * Matrix.identity(2))
        }
        return try! GaussianMixture(weights: [Double](repeating: 1, count: components), components: gaussians)
    }
}
