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
    ///         = ½ [ Σᵢ (δᵢ − log(1 + δᵢ)) + ‖Σ_Q^{−½}(μ_P−μ_Q)‖² ]
    /// δᵢ = eigenvalues of D = Σ_Q^{−½} (Σ_P − Σ_Q) Σ_Q^{−½}   (`WhitenedDifference`)
    /// ```
    /// The second line is what is computed, cancellation-free: Σ_P − Σ_Q is formed from the stored
    /// covariances before any factorisation, so a small δᵢ carries its own relative accuracy, and
    /// δ − log1p δ is summed by its series δ²/2 − δ³/3 + … for |δ| < 10⁻⁴. Each term is ≥ 0, so KL ≥ 0
    /// exactly, and for Σ_P = Σ_Q + εE the relative error stays near n·κ(Σ_Q)·ε_mach down to ε = 10⁻⁹
    /// (`DivergencePrecisionTests`).
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

    /// KL(P‖Q) as a number, both densities assumed (see `kl(from:to:)`); +∞ if some 1 + δᵢ is ≤ 0 at
    /// working precision.
    static func klValue(from p: Gaussian, to q: Gaussian) throws -> Double {
        let whitened = try WhitenedDifference(p, relativeTo: q)
        guard whitened.eigenvalues.allSatisfy({ $0 > -1 }) else { return .infinity }
        var traceTerm = 0.0
        for delta in whitened.eigenvalues { traceTerm += max(0, deltaMinusLog1p(delta)) }
        let mahalanobis = whitened.meanDifference.reduce(0) { $0 + $1 * $1 }
        return 0.5 * (traceTerm + mahalanobis)
    }

    /// δ − log(1 + δ) for δ > −1, without cancellation: the series Σ_{k≥2} (−δ)^k/k for |δ| < 10⁻⁴ (terms
    /// to k = 6; the first omitted one, δ⁷/7, is below 10⁻²⁰ relative to δ²/2), `log1p` otherwise (relative
    /// error ≈ 2ε_mach/|δ| ≤ 5·10⁻¹² there).
    static func deltaMinusLog1p(_ delta: Double) -> Double {
        guard abs(delta) < 1e-4 else { return delta - log1p(delta) }
        let d = delta
        return d * d * (0.5 - d * (1.0 / 3 - d * (0.25 - d * (0.2 - d / 6))))
    }
}

/// P relative to Q in Q's whitened coordinates, the cancellation-free input of KL and χ² [B, §4] (der):
///
/// ```
/// D = Σ_Q^{−½} (Σ_P − Σ_Q) Σ_Q^{−½} = W·diag(δ)·Wᵀ,     m = Wᵀ Σ_Q^{−½} (μ_P − μ_Q)
/// ```
/// so that Σ_Q^{−½}Σ_PΣ_Q^{−½} = W·diag(1 + δ)·Wᵀ. Σ_P − Σ_Q is taken from the stored covariances (exact
/// entry by entry when both are dense and close, by Sterbenz's lemma; densified first for low-rank
/// forms), so δ is accurate relative to ‖D‖ even when P and Q agree to many digits, where 1 + δ would
/// have lost them.
struct WhitenedDifference {
    /// δ, ascending.
    let eigenvalues: [Double]
    /// m, the whitened mean difference in D's eigenbasis.
    let meanDifference: [Double]

    init(_ p: Gaussian, relativeTo q: Gaussian) throws {
        let inverseRoot = q.spectrum.denseInverseSquareRoot()
        let difference = (p.covariance - q.covariance).symmetrised
        let whitened = Matrix.product(Matrix.product(inverseRoot, difference), inverseRoot).symmetrised
        let eigen = try SymmetricEigendecomposition(whitened)
        eigenvalues = eigen.eigenvalues
        meanDifference = eigen.eigenvectors.transposedTimes(inverseRoot * (p.mean - q.mean))
    }
}
