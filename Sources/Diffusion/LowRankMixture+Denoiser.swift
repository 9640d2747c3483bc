import Foundation
import GaussianMixtures
import LinearAlgebra

extension LowRankMixture {
    /// The closed-form optimal denoiser of a MoLRG [C] (docs/theory.md §1, derived here; matches the authors' VE form):
    /// ```
    /// E[x₀ | x_t] = s/(s² + γ²) · Σ_k w_k(x_t) U_k U_kᵀ x_t
    /// w_k ∝ π_k (1 + s²/γ²)^{−d_k/2} exp(φ ‖U_kᵀ x_t‖²),   φ = s² / (2γ²(s² + γ²))
    /// ```
    /// Cost O(n·Σd_k) per point (one `dgemm` per component). Requires γ > 0 (t > 0).
    public func posteriorMean(_ points: Matrix, schedule: NoiseSchedule, time: Double) throws -> Matrix {
        try schedule.validate(time: time)
        let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
        precondition(gamma > 0, "posteriorMean: γ(t) = 0 at t = \(time); the MoLRG has no density there")
        let g2 = gamma * gamma, s2 = s * s
        let phi = s2 / (2 * g2 * (s2 + g2))
        let projections = bases.map { Matrix.product(points, $0) }
        var logits = Matrix(rows: points.rows, columns: bases.count)
        for (k, projection) in projections.enumerated() {
            let d = Double(bases[k].columns)
            let norms = projection.rowSquaredNorms
            for i in 0..<points.rows {
                logits[i, k] = log(weights[k]) - 0.5 * d * log1p(s2 / g2) + phi * norms[i]
            }
        }
        var result = Matrix(rows: points.rows, columns: dimension)
        for (k, projection) in projections.enumerated() {
            var weighted = projection
            for i in 0..<points.rows {
                let row = logits.row(i)
                let w = exp(row[k] - logSumExp(row)) * s / (s2 + g2)
                for j in 0..<projection.columns { weighted[i, j] *= w }
            }
            Matrix.gemm(weighted, bases[k], transposeB: true, alpha: 1, beta: 1, into: &result)
        }
        return result
    }
}
