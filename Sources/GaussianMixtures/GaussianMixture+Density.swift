import Foundation
import LinearAlgebra
import InputErrors

/// Batched log-density, responsibilities and score of a Gaussian mixture (see `MixtureKernel` for the
/// formulas). Points are the rows of an N×n matrix; blocks of rows run in parallel with bit-identical
/// results for any thread count.
extension GaussianMixture {
    /// log p(xᵢ) for every row xᵢ:  log p(x) = LSE_k [log π_k + log N(x; μ_k, Σ_k)].
    /// - Throws: `InputError` if a component has no density (see `requireDensity`).
    public func logDensity(_ points: Matrix) throws -> [Double] {
        try requireColumns(points)
        let kernel = try MixtureKernel(self)
        let column = ParallelBlocks.mapRows(count: points.rows, columns: 1, blockSize: kernel.blockSize) { range in
            let result = kernel.evaluate(points.rows(range), wantScore: false)
            return Matrix(rows: range.count, columns: 1, elements: result.logDensity)
        }
        return column.elements
    }

    /// ∇ₓ log p(xᵢ) for every row:  Σ_k w_k(x) · (−Σ_k⁻¹ (x − μ_k)),  w_k(x) = π_k N_k(x) / p(x).
    public func score(_ points: Matrix) throws -> Matrix {
        try logDensityAndScore(points).score
    }

    /// Both log p and ∇ log p, sharing the projections.
    public func logDensityAndScore(_ points: Matrix) throws -> (logDensity: [Double], score: Matrix) {
        try requireColumns(points)
        let kernel = try MixtureKernel(self)
        let n = dimension
        let combined = ParallelBlocks.mapRows(count: points.rows, columns: n + 1, blockSize: kernel.blockSize) { range in
            let result = kernel.evaluate(points.rows(range), wantScore: true)
            var block = Matrix(rows: range.count, columns: n + 1)
            let score = result.score!
            for i in 0..<range.count {
                block[i, 0] = result.logDensity[i]
                for j in 0..<n { block[i, j + 1] = score[i, j] }
            }
            return block
        }
        var logDensity = [Double](repeating: 0, count: points.rows)
        var score = Matrix(rows: points.rows, columns: n)
        for i in 0..<points.rows {
            logDensity[i] = combined[i, 0]
            for j in 0..<n { score[i, j] = combined[i, j + 1] }
        }
        return (logDensity, score)
    }

    /// Responsibilities w_k(xᵢ) = π_k N_k(xᵢ) / p(xᵢ), an N×K matrix whose rows sum to 1.
    public func responsibilities(_ points: Matrix) throws -> Matrix {
        try requireColumns(points)
        let kernel = try MixtureKernel(self)
        let count = self.count
        return ParallelBlocks.mapRows(count: points.rows, columns: count, blockSize: kernel.blockSize) { range in
            let result = kernel.evaluate(points.rows(range), wantScore: false, wantLogTerms: true)
            var block = result.logTerms!
            for i in 0..<range.count {
                for k in 0..<count { block[i, k] = exp(block[i, k] - result.logDensity[i]) }
            }
            return block
        }
    }

    func requireColumns(_ points: Matrix) throws {
        guard points.columns == dimension else {
            throw InputError(source: "", field: "points", reason: "have \(points.columns) columns, the model has dimension \(dimension)")
        }
    }
}
