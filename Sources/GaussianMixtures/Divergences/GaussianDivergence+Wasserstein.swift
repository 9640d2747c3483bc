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
    /// When both laws have densities the Bures term is computed as ‖Σ_Q^{−½}S‖_F² from the exact difference
    /// Σ_P − Σ_Q (`squaredBures`), which keeps W₂ accurate relative to itself between close Gaussians
    /// (`DivergencePrecisionTests`). Otherwise the second line is computed (der): tr (Σ_Q^{½}Σ_PΣ_Q^{½})^{½} = Σ sᵢ
    /// is the nuclear norm of Σ_P^{½}Σ_Q^{½}, and R (its orthogonal polar factor) attains min over orthogonal R
    /// of ‖Σ_P^{½} − Σ_Q^{½}R‖_F²; forming the difference before squaring makes W₂(P, P) O(ε·‖Σ^{½}‖_F)
    /// rather than O(√ε).
    ///
    /// Properties: a metric; in 1-D W₂² = (m₁ − m₂)² + (s₁ − s₂)²; for commuting Σ_P = V diag(a) Vᵀ,
    /// Σ_Q = V diag(b) Vᵀ, W₂² = ‖μ_P − μ_Q‖² + Σᵢ (√aᵢ − √bᵢ)².
    /// - Parameters: `p`, `q` of the same dimension n ≥ 1; degenerate (low-rank, noise 0) covariances are
    ///   allowed: W₂ needs no density.
    /// - Throws: `InputError` if the dimensions differ; `LinearAlgebraError` (`dsyevr`, or `dgesdd` for a
    ///   degenerate covariance).
    public static func wasserstein2(_ p: Gaussian, _ q: Gaussian) throws -> DivergenceEstimate {
        try AbsoluteContinuity.requireSameDimension(GaussianMixture(p), GaussianMixture(q))
        let squared: Double
        if q.spectrum.isPositiveDefinite && p.spectrum.isPositiveDefinite {
            let meanTerm = (p.mean - q.mean).euclideanNorm
            squared = meanTerm * meanTerm + (try squaredBures(p, relativeTo: q))
        } else {
            squared = try squaredWasserstein2(meanP: p.mean, rootP: p.spectrum.denseSquareRoot(),
                                              meanQ: q.mean, rootQ: q.spectrum.denseSquareRoot())
        }
        return DivergenceEstimate(metric: .w2, value: squared.squareRoot(), method: .closedForm,
                                  note: "value is W₂ (not squared)")
    }

    /// The squared Bures distance tr(Σ_P + Σ_Q − 2(Σ_Q^{½}Σ_PΣ_Q^{½})^{½}) without cancellation, for Σ_Q ≻ 0 (der):
    ///
    /// ```
    /// X = (Σ_Q^{½} Σ_P Σ_Q^{½})^{½} = Σ_Q + S,   S solves  Σ_Q S + S Σ_Q + S² = F,   F = Σ_Q^{½} (Σ_P − Σ_Q) Σ_Q^{½}
    /// B² = tr(S Σ_Q⁻¹ S) = ‖Σ_Q^{−½} S‖_F²
    /// ```
    /// (tr(XΣ_Q⁻¹X) = tr(X²Σ_Q⁻¹) = tr Σ_P, so tr(SΣ_Q⁻¹S) = tr Σ_P − 2 tr X + tr Σ_Q; it is E‖T(x) − x‖² for the
    /// optimal map T = Σ_Q^{−½}XΣ_Q^{−½} and x ~ N(0, Σ_Q).) S starts as X₀ − Σ_Q with X₀ from one `dsyevr` of
    /// Σ_Q^{½}Σ_PΣ_Q^{½} = W·diag(m)·Wᵀ, accurate only to ε_mach·‖Σ_Q‖ absolutely; two Newton steps for X² = M
    /// in that eigenbasis, (WᵀRW)ᵢⱼ/(√mᵢ + √mⱼ) with the residual R = F − Σ_QS − SΣ_Q − S² formed from the
    /// exact difference Σ_P − Σ_Q, make S accurate relative to itself. So W₂ keeps its relative accuracy
    /// (≈ 1e-9 or better) when P and Q agree to many digits, where a difference of traces or of square roots
    /// would leave ε_mach·‖Σ‖ absolutely.
    static func squaredBures(_ p: Gaussian, relativeTo q: Gaussian) throws -> Double {
        let n = p.dimension
        guard n > 0 else { return 0 }
        let rootQ = q.spectrum.denseSquareRoot(), covarianceQ = q.covariance.symmetrised
        let difference = (p.covariance - q.covariance).symmetrised
        let f = Matrix.product(Matrix.product(rootQ, difference), rootQ).symmetrised
        let middle = try SymmetricEigendecomposition(Matrix.product(Matrix.product(rootQ, p.covariance.symmetrised), rootQ).symmetrised)
        let roots = middle.eigenvalues.map { max(0, $0).squareRoot() }
        let w = middle.eigenvectors
        var s = Matrix.product(w.scalingColumns(by: roots), w, transposeB: true) - covarianceQ
        for _ in 0..<2 {
            let qs = Matrix.product(covarianceQ, s)
            let residual = (f - qs - qs.transposed - Matrix.product(s, s)).symmetrised
            var step = Matrix.product(Matrix.product(w, transposeA: true, residual), w)
            for i in 0..<n { for j in 0..<n { step[i, j] /= roots[i] + roots[j] } }
            s = (s + Matrix.product(Matrix.product(w, step), w, transposeB: true)).symmetrised
        }
        let whitened = Matrix.product(q.spectrum.denseInverseSquareRoot(), s).frobeniusNorm
        return whitened * whitened
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
