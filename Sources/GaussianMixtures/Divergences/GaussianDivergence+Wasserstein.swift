import Foundation
import LinearAlgebra

extension GaussianDivergence {
    /// The 2-Wasserstein distance between two Gaussians (the Fréchet / Bures formula) [DL82], [B, §4].
    /// The value reported is W₂ itself, **not** W₂².
    ///
    /// ```
    /// W₂²(P, Q) = ‖μ_P − μ_Q‖² + tr( Σ_P + Σ_Q − 2 (Σ_Q^{½} Σ_P Σ_Q^{½})^{½} )
    ///           = ‖μ_P − μ_Q‖² + ‖Σ_P^{½} − Σ_Q^{½} R‖_F²,    R = V Uᵀ  where  Σ_P^{½}Σ_Q^{½} = U S Vᵀ (SVD)
    /// ```
    /// The second line is computed (der): tr (Σ_Q^{½}Σ_PΣ_Q^{½})^{½} = Σ sᵢ is the nuclear norm of
    /// Σ_P^{½}Σ_Q^{½}, and R (its orthogonal polar factor) attains min over orthogonal R of ‖Σ_P^{½} − Σ_Q^{½}R‖_F².
    /// Forming the difference before squaring avoids the cancellation of the trace form, so W₂(P, P) is
    /// O(ε·‖Σ^{½}‖_F) rather than O(√ε).
    ///
    /// Properties: a metric; in 1-D W₂² = (m₁ − m₂)² + (s₁ − s₂)²; for commuting Σ_P = V diag(a) Vᵀ,
    /// Σ_Q = V diag(b) Vᵀ, W₂² = ‖μ_P − μ_Q‖² + Σᵢ (√aᵢ − √bᵢ)².
    /// - Parameters: `p`, `q` of the same dimension n ≥ 1; degenerate (low-rank, noise 0) covariances are
    ///   allowed: W₂ needs no density.
    /// - Throws: `InputError` if the dimensions differ; `LinearAlgebraError` (`dgesdd`).
    public static func wasserstein2(_ p: Gaussian, _ q: Gaussian) throws -> DivergenceEstimate {
        try AbsoluteContinuity.requireSameDimension(GaussianMixture(p), GaussianMixture(q))
        let squared = try squaredWasserstein2(meanP: p.mean, rootP: p.spectrum.denseSquareRoot(),
                                              meanQ: q.mean, rootQ: q.spectrum.denseSquareRoot())
        return DivergenceEstimate(metric: .w2, value: squared.squareRoot(), method: .closedForm,
                                  note: "value is W₂ (not squared)")
    }

    /// W₂² between N(μ_P, Σ_P) and N(μ_Q, Σ_Q) given the symmetric PSD square roots X = Σ_P^{½}, Y = Σ_Q^{½}
    /// [DL82] (der for the polar form):
    ///
    /// ```
    /// W₂² = ‖μ_P − μ_Q‖² + ‖X − Y·V·Uᵀ‖_F²,    X·Y = U·S·Vᵀ (dgesdd)
    /// ```
    /// Used for Gaussians, for the Gelbrich bound and for the MW₂ costs. X, Y may be singular (the minimiser
    /// is then not unique, the minimum is). Returns W₂² (squared), ≥ 0; n = 0 gives 0.
    public static func squaredWasserstein2(meanP: [Double], rootP: Matrix, meanQ: [Double], rootQ: Matrix) throws -> Double {
        let n = meanP.count
        precondition(meanQ.count == n && rootP.rows == n && rootP.columns == n && rootQ.rows == n && rootQ.columns == n,
                     "squaredWasserstein2: shapes \(n), \(meanQ.count), \(rootP.rows)×\(rootP.columns), \(rootQ.rows)×\(rootQ.columns)")
        let meanTerm = (meanP - meanQ).euclideanNorm
        guard n > 0 else { return 0 }
        let svd = try SingularValueDecomposition(Matrix.product(rootP, rootQ))
        let polar = Matrix.product(svd.rightVectorsTransposed, transposeA: true, svd.leftVectors, transposeB: true)
        let rotated = Matrix.product(rootQ, polar)
        let covarianceTerm = (rootP - rotated).frobeniusNorm
        return meanTerm * meanTerm + covarianceTerm * covarianceTerm
    }
}
