import Foundation
import LinearAlgebra

extension GaussianMixture {
    /// The Hessian ∇² log p(x) at each row of `points`, one n×n matrix per point:
    /// ```
    /// ∇² log p = Σ_k w_k (−Σ_k⁻¹ + g_k g_kᵀ) − g gᵀ,   g_k = −Σ_k⁻¹(x − μ_k),   g = Σ_k w_k g_k
    /// ```
    /// (differentiate ∇ log p = Σ_k w_k g_k using ∇w_k = w_k (g_k − g)). The dense precisions Σ_k⁻¹ are
    /// built once per call from the spectra (no factorisation); each point then costs O(K n²).
    public func hessiansOfLogDensity(_ points: Matrix) throws -> [Matrix] {
        try requireColumns(points)
        let w = try responsibilities(points)
        let n = dimension, count = self.count
        let precisions = components.map { $0.spectrum.densePrecision() }
        var hessians: [Matrix] = []
        hessians.reserveCapacity(points.rows)
        for i in 0..<points.rows {
            let x = points.row(i)
            var gradients = Matrix(rows: count, columns: n)
            var weighted = Matrix(rows: count, columns: n)
            var hessian = Matrix(rows: n, columns: n)
            for k in 0..<count {
                let g = precisions[k] * (components[k].mean - x)
                for j in 0..<n {
                    gradients[k, j] = g[j]
                    weighted[k, j] = w[i, k] * g[j]
                }
                for index in hessian.elements.indices { hessian.elements[index] -= w[i, k] * precisions[k].elements[index] }
            }
            // Σ_k w_k g_k g_kᵀ = Gᵀ·diag(w)·G
            Matrix.gemm(gradients, transposeA: true, weighted, alpha: 1, beta: 1, into: &hessian)
            let total = weighted.transposedTimes([Double](repeating: 1, count: count))
            let outer = Matrix(rows: n, columns: 1, elements: total)
            Matrix.gemm(outer, outer, transposeB: true, alpha: -1, beta: 1, into: &hessian)
            hessians.append(hessian)
        }
        return hessians
    }
}
