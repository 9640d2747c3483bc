import Foundation
import LinearAlgebra

/// log p(x) of a Gaussian mixture, with a fast path for mixtures of isotropic components N(μ_k, v_k I)
/// — the KDE laws (1/N) Σ_j N(x_j, h²I), their population closures and their χ² proposals, which have
/// hundreds to thousands of components.
///
/// ```
/// log p(x) = LSE_k [ log π_k − (n/2) log(2π v_k) − ‖x − μ_k‖²/(2 v_k) ]
/// ‖x − μ_k‖² = ‖u‖² − 2⟨u, y_k⟩ + ‖y_k‖²,   u = x − c,  y_k = μ_k − c,  c = Σ_k π_k μ_k
/// ```
/// One `dgemm` (b×n by n×K) per block of b points gives every cross term, so the cost is 2·n·K flops per
/// point instead of `MixtureKernel`'s per-component passes (which allocate a b×n residual per rank-0
/// component). Centring at c avoids cancellation when the means sit far from the origin. Other mixtures
/// fall back to `GaussianMixture.logDensity`. Blocks depend only on K, so results are bit-identical for
/// any thread count.
public struct MixtureLogDensity: Sendable {
    private let mixture: GaussianMixture
    /// Present when every component is isotropic.
    private let isotropic: Isotropic?

    private struct Isotropic: Sendable {
        let reference: [Double]
        /// y_k = μ_k − c, K×n.
        let shiftedMeans: Matrix
        /// 1/v_k.
        let inverseVariances: [Double]
        /// log π_k − (n/2) log(2π v_k) − ‖y_k‖²/(2v_k).
        let constants: [Double]
    }

    public init(_ mixture: GaussianMixture) {
        self.mixture = mixture
        let variances = mixture.components.map(Self.isotropicVariance)
        guard variances.allSatisfy({ $0 != nil }) else { isotropic = nil; return }
        let n = mixture.dimension, reference = mixture.mean
        let shifted = Matrix(rowArrays: mixture.components.map { $0.mean - reference })
        let norms = shifted.rowSquaredNorms
        isotropic = Isotropic(
            reference: reference, shiftedMeans: shifted, inverseVariances: variances.map { 1 / $0! },
            constants: mixture.components.indices.map { k in
                log(mixture.weights[k]) - 0.5 * Double(n) * log(2 * Double.pi * variances[k]!) - 0.5 * norms[k] / variances[k]!
            })
    }

    /// v when Σ = v·I exactly (a rank-0 low-rank form with noise v, or a dense diagonal with equal entries).
    static func isotropicVariance(_ gaussian: Gaussian) -> Double? {
        switch gaussian.form {
        case .lowRank(let basis, _, let noise):
            return basis.columns == 0 && noise > 0 ? noise : nil
        case .full(let matrix):
            return isotropicVariance(matrix)
        }
    }

    /// c when the matrix is exactly c·I with c > 0.
    static func isotropicVariance(_ matrix: Matrix) -> Double? {
        let c = matrix[0, 0]
        for i in 0..<matrix.rows { for j in 0..<matrix.columns where matrix[i, j] != (i == j ? c : 0) { return nil } }
        return c > 0 ? c : nil
    }

    /// log p(xᵢ) for every row.
    public func callAsFunction(_ points: Matrix) throws -> [Double] {
        guard let iso = isotropic else { return try mixture.logDensity(points) }
        let count = mixture.count
        let blockSize = max(16, min(1024, (1 << 18) / max(1, count)))
        return ParallelBlocks.mapRows(count: points.rows, columns: 1, blockSize: blockSize) { range in
            let u = points.rows(range).subtractingFromRows(iso.reference)
            let pointNorms = u.rowSquaredNorms
            var cross = Matrix(rows: range.count, columns: count)
            Matrix.gemm(u, iso.shiftedMeans, transposeB: true, alpha: 1, beta: 0, into: &cross)
            var values = [Double](repeating: 0, count: range.count)
            cross.elements.withUnsafeMutableBufferPointer { buffer in
              iso.constants.withUnsafeBufferPointer { constants in
                iso.inverseVariances.withUnsafeBufferPointer { inverseVariances in
                    for i in 0..<range.count {
                        let row = buffer.baseAddress! + i * count
                        let halfNorm = 0.5 * pointNorms[i]
                        for k in 0..<count { row[k] = constants[k] + inverseVariances[k] * (row[k] - halfNorm) }
                        // The largest term (NaN if any is) and the shifted exponentials' sum by the C row passes.
                        let largest = LogSumExpRows.maximum(row, count: count)
                        values[i] = largest + log(LogSumExpRows.exponentiate(row, count: count, shift: largest))
                    }
                }
              }
            }
            return Matrix(rows: range.count, columns: 1, elements: values)
        }.elements
    }
}
