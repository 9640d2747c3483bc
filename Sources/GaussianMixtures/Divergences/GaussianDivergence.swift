import Foundation
import LinearAlgebra

/// Closed-form divergences between Gaussians: KL here, χ² in `+ChiSquared`, W₂ in `+Wasserstein`.
///
/// Every function works from the spectral form Σ = V·diag(λ)·Vᵀ + δ²(I − VVᵀ) kept by `Gaussian`, so no
/// covariance is refactorised except the one small symmetric eigenproblem each divergence needs.
public enum GaussianDivergence {
    /// Kullback–Leibler divergence between two Gaussians, in nats [B, §4] (der for the computation).
    ///
    /// ```
    /// KL(P‖Q) = ½ [ tr(Σ_Q⁻¹Σ_P) + (μ_Q−μ_P)ᵀ Σ_Q⁻¹ (μ_Q−μ_P) − n + log det Σ_Q − log det Σ_P ]
    ///         = ½ [ Σᵢ (μᵢ − 1 − log μᵢ) + (μ_Q−μ_P)ᵀ Σ_Q⁻¹ (μ_Q−μ_P) ]
    /// μᵢ = eigenvalues of Σ_P^{½} Σ_Q⁻¹ Σ_P^{½}   (the generalised eigenvalues of (Σ_P, Σ_Q))
    /// ```
    /// The second line is what is computed: each term μ − 1 − log μ = x − log(1 + x), x = μ − 1, is ≥ 0 and
    /// evaluated with `log1p`, so KL ≥ 0 holds exactly and KL(P‖P) is O((n·κ·ε)²) instead of O(n·κ·ε).
    ///
    /// Properties: KL ≥ 0, = 0 iff P = Q; not symmetric. Example: KL(N(μ,I)‖N(0,I)) = ‖μ‖²/2.
    /// - Parameters:
    ///   - p: P, any dimension n ≥ 1; may lack a density (low rank with noise 0), giving +∞.
    ///   - q: Q, same dimension, must have a density.
    /// - Returns: a closed-form estimate; +∞ with a `note` when P has no density, or when Σ_Q⁻¹Σ_P has a
    ///   non-positive eigenvalue at working precision (P numerically singular relative to Q).
    /// - Throws: `InputError` if the dimensions differ or Q has no density; `LinearAlgebraError` (`dsyevr`).
    public static func kl(from p: Gaussian, to q: Gaussian) throws -> DivergenceEstimate {
        try AbsoluteContinuity.requireSameDimension(GaussianMixture(p), GaussianMixture(q))
        if let infinite = try AbsoluteContinuity.check(.kl, from: GaussianMixture(p), to: GaussianMixture(q)) {
            return infinite
        }
        let value = try klValue(from: p, to: q)
        guard value.isFinite else {
            return DivergenceEstimate(metric: .kl, value: .infinity, method: .closedForm,
                                      note: "Σ_Q⁻¹Σ_P has a non-positive eigenvalue at working precision: P is numerically singular relative to Q")
        }
        return DivergenceEstimate(metric: .kl, value: value, method: .closedForm)
    }

    /// KL(P‖Q) as a number, both densities assumed (see `kl(from:to:)`); +∞ if a generalised eigenvalue
    /// is ≤ 0 at working precision.
    static func klValue(from p: Gaussian, to q: Gaussian) throws -> Double {
        let rootP = p.spectrum.denseSquareRoot()
        let precisionQ = q.spectrum.densePrecision()
        let whitened = Matrix.product(Matrix.product(rootP, precisionQ), rootP).symmetrised
        let eigenvalues = try SymmetricEigendecomposition(whitened).eigenvalues
        guard eigenvalues.allSatisfy({ $0 > 0 }) else { return .infinity }
        var traceTerm = 0.0
        for mu in eigenvalues {
            let x = mu - 1
            traceTerm += max(0, x - log1p(x))
        }
        let difference = q.mean - p.mean
        let mahalanobis = max(0, difference.dot(precisionQ * difference))
        return 0.5 * (traceTerm + mahalanobis)
    }
}
