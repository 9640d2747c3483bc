import Foundation
import LinearAlgebra
import InputErrors

/// The block kernel of `FittedKernelDensity`: per tile of centres two `dgemm`s and an online log-sum-exp
/// per row.
extension FittedKernelDensity {
    /// What a time contributes: s, v = s²(h² + σ²), the log normaliser −log N − (n/2)·log(2πv) and the
    /// centres' terms −½s²‖y_j‖²/v of the logits (negated, so that row + (−c_j − p_i) is row − (c_j + p_i) to
    /// the bit).
    struct EvaluationParameters: Sendable {
        let scale: Double
        let variance: Double
        let logNormaliser: Double
        let negatedCentreTerms: [Double]
    }

    /// Validates the time and the points, and fixes the per-time constants.
    func evaluationParameters(_ points: Matrix, time: Double) throws -> EvaluationParameters {
        try schedule.validate(time: time)
        guard points.columns == dimension else {
            throw InputError(source: "", field: "points", reason: "have \(points.columns) columns, the model has dimension \(dimension)")
        }
        let s = schedule.scale(at: time), sigma = schedule.sigma(at: time)
        let variance = s * s * (bandwidth * bandwidth + sigma * sigma)
        let logNormaliser = -log(Double(count)) - 0.5 * Double(dimension) * log(2 * Double.pi * variance)
        let negatedCentreTerms = shiftedSquaredNorms.map { -(0.5 * s * s * $0 / variance) }
        return EvaluationParameters(scale: s, variance: variance, logNormaliser: logNormaliser, negatedCentreTerms: negatedCentreTerms)
    }

    /// Centres per tile: the b×C logits of a tile, C = max(256, 2¹⁵/blockSize), stay near 256 KB (half a
    /// core's L2), so the tile is reused from cache by the row passes and the second dgemm instead of
    /// streaming a b×N matrix through memory (at N = 10⁵, n = 16 on the 2-core reference machine: 5 250
    /// points/s against 4 400 with 512 KB tiles). A function of N only (through `blockSize`), never of the
    /// thread count.
    public var tileWidth: Int { max(256, (1 << 15) / blockSize) }

    /// One block of b points, tile by tile over the centres (online log-sum-exp): for each tile of C centres,
    /// the b×C logits −‖u − s y_j‖²/(2v) from one `dgemm`; per row, the running maximum m, the running sum
    /// S = Σ_j e^{ℓ_j − m} and (when asked) the running A = Σ_j e^{ℓ_j − m} y_j, rescaled by e^{m_old − m_new}
    /// when a tile raises the maximum; A gains E·Y_tile by a second `dgemm`. At the end
    /// log p_t = log-normaliser + m + log S and ∇log p_t = (s·A/S − u)/v.
    func evaluateBlock(_ points: Matrix, _ p: EvaluationParameters, wantScore: Bool) -> (logDensity: [Double], score: Matrix?) {
        let b = points.rows, n = dimension, total = count, s = p.scale, width = tileWidth
        let u = points.subtractingFromRows(centre.map { s * $0 })
        let pointTerms = u.rowSquaredNorms.map { 0.5 * $0 / p.variance }
        var largest = [Double](repeating: -.infinity, count: b)
        var sums = [Double](repeating: 0, count: b)
        var accumulated = Matrix(rows: b, columns: n)
        var tile = Matrix(rows: b, columns: min(width, total))
        for first in stride(from: 0, to: total, by: width) {
            let columns = min(width, total - first), tileCentres = first..<(first + columns)
            if tile.columns != columns { tile = Matrix(rows: b, columns: columns) }
            // logits[i, j] = (s⟨u_i, y_j⟩ − ½s²‖y_j‖² − ½‖u_i‖²)/v, starting from the cross terms (s/v)·U·Y_tileᵀ.
            Matrix.gemm(u, shiftedCentres, rowsOfB: tileCentres, transposeB: true, alpha: s / p.variance, into: &tile)
            tile.elements.withUnsafeMutableBufferPointer { buffer in
              p.negatedCentreTerms.withUnsafeBufferPointer { centreTerms in
                for i in 0..<b {
                    let row = buffer.baseAddress! + i * columns
                    let tileLargest = LogSumExpRows.offsetAndMaximum(row, offsets: centreTerms.baseAddress! + first, subtracting: pointTerms[i],
                                                                     count: columns)
                    let rescale = LogSumExpRows.raiseMaximum(&largest[i], sum: &sums[i], to: tileLargest)
                    if wantScore && rescale != 1 { for c in 0..<n { accumulated.elements[i * n + c] *= rescale } }
                    sums[i] += LogSumExpRows.exponentiate(row, count: columns, shift: largest[i])
                }
              }
            }
            if wantScore { Matrix.gemm(tile, shiftedCentres, rowsOfB: tileCentres, alpha: 1, beta: 1, into: &accumulated) }
        }
        let logDensity = (0..<b).map { p.logNormaliser + largest[$0] + log(sums[$0]) }
        guard wantScore else { return (logDensity, nil) }
        // ∇ log p_t = (s·A/S − u)/v in a single O(b·n) pass.
        var score = accumulated
        for i in 0..<b {
            let factor = s / (p.variance * sums[i])
            for c in 0..<n { score.elements[i * n + c] = factor * accumulated.elements[i * n + c] - u.elements[i * n + c] / p.variance }
        }
        return (logDensity, score)
    }
}
