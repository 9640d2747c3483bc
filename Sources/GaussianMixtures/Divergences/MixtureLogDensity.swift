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
/// One `dgemm` (b×n by n×C) per block of b points and tile of C components gives the cross terms, so the cost
/// is 2·n·K flops per point instead of `MixtureKernel`'s per-component passes (which allocate a b×n residual
/// per rank-0 component). Beyond `MixtureKernel.componentsPerTile` components the tiles are folded by a
/// running log-sum-exp, so that a block's cross terms stay in cache instead of a b×K matrix streaming through
/// memory (proofs/core.shared-covariance.md, "Tiles").
/// Centring at c avoids cancellation when the means sit far from the origin. Other mixtures fall back to
/// `GaussianMixture.logDensity`. Blocks and tiles depend only on K, so results are bit-identical for any
/// thread count.
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

    /// log p(xᵢ) for every row: per block of b points and tile of C components, the cross terms ⟨u, y_k⟩ by one
    /// `dgemm`, the log terms ℓ_k = const_k + (⟨u, y_k⟩ − ½‖u‖²)/v_k, the tile's maximum, and the running
    /// (m, S) of `LogSumExpRows.raiseMaximum`; log p = m + log S.
    public func callAsFunction(_ points: Matrix) throws -> [Double] {
        guard let iso = isotropic else { return try mixture.logDensity(points) }
        let count = mixture.count
        let blockSize = max(16, min(1024, (1 << 18) / max(1, count)))
        let width = min(count, MixtureKernel.componentsPerTile)
        return ParallelBlocks.mapRows(count: points.rows, columns: 1, blockSize: blockSize) { range in
            let u = points.rows(range).subtractingFromRows(iso.reference)
            let halfNorms = u.rowSquaredNorms.map { 0.5 * $0 }
            var largest = [Double](repeating: -.infinity, count: range.count)
            var sums = [Double](repeating: 0, count: range.count)
            var cross = Matrix(rows: range.count, columns: width)
            for first in stride(from: 0, to: count, by: width) {
                let columns = min(width, count - first)
                if cross.columns != columns { cross = Matrix(rows: range.count, columns: columns) }
                Matrix.gemm(u, iso.shiftedMeans, rowsOfB: first..<(first + columns), transposeB: true, into: &cross)
                cross.elements.withUnsafeMutableBufferPointer { buffer in
                  iso.constants.withUnsafeBufferPointer { constants in
                    iso.inverseVariances.withUnsafeBufferPointer { inverseVariances in
                        let tileConstants = constants.baseAddress! + first, tileInverses = inverseVariances.baseAddress! + first
                        for i in 0..<range.count {
                            let row = buffer.baseAddress! + i * columns
                            // The tile's log terms and their largest (NaN if any is), then its shifted exponentials,
                            // by the C row passes.
                            let tileLargest = LogSumExpRows.scaledOffsetAndMaximum(
                                row, constants: tileConstants, scales: tileInverses, subtracting: halfNorms[i], count: columns)
                            _ = LogSumExpRows.raiseMaximum(&largest[i], sum: &sums[i], to: tileLargest)
                            sums[i] += LogSumExpRows.exponentiate(row, count: columns, shift: largest[i])
                        }
                    }
                  }
                }
            }
            return Matrix(rows: range.count, columns: 1, elements: (0..<range.count).map { largest[$0] + log(sums[$0]) })
        }.elements
    }
}
