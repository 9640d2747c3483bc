import Foundation
import DataFiles
import LinearAlgebra

/// The block kernel of `FittedKernelDensity`: two `dgemm`s and a log-sum-exp per row.
extension FittedKernelDensity {
    /// What a time contributes: s, v = s²(h² + σ²) and the log normaliser −log N − (n/2)·log(2πv).
    struct EvaluationParameters: Sendable {
        let scale: Double
        let variance: Double
        let logNormaliser: Double
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
        return EvaluationParameters(scale: s, variance: variance, logNormaliser: logNormaliser)
    }

    /// One block of b points: the b×N logits −‖u − s y_j‖²/(2v) from one `dgemm`, the log-density by
    /// log-sum-exp (two passes over the b×N matrix: shift and maximum, then exponentials and their sum),
    /// and (when asked) the score (s·W·Y − u)/v from a second `dgemm`.
    func evaluateBlock(_ points: Matrix, _ p: EvaluationParameters, wantScore: Bool) -> (logDensity: [Double], score: Matrix?) {
        let b = points.rows, n = dimension, total = count, s = p.scale
        let u = points.subtractingFromRows(centre.map { s * $0 })
        let pointNorms = u.rowSquaredNorms
        // logits[i, j] = (s⟨u_i, y_j⟩ − ½s²‖y_j‖² − ½‖u_i‖²)/v, starting from the cross terms (s/v)·U·Yᵀ.
        var logits = Matrix(rows: b, columns: total)
        Matrix.gemm(u, shiftedCentres, transposeB: true, alpha: s / p.variance, into: &logits)
        let centreTerms = shiftedSquaredNorms.map { 0.5 * s * s * $0 / p.variance }
        var logDensity = [Double](repeating: 0, count: b)
        var sums = [Double](repeating: 0, count: b)
        logits.elements.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<b {
                let row = buffer.baseAddress! + i * total
                let pointTerm = 0.5 * pointNorms[i] / p.variance
                var largest = -Double.infinity
                for j in 0..<total {
                    row[j] -= centreTerms[j] + pointTerm
                    largest = max(largest, row[j])
                }
                var sum = 0.0
                for j in 0..<total {
                    row[j] = exp(row[j] - largest)
                    sum += row[j]
                }
                logDensity[i] = p.logNormaliser + largest + log(sum)
                sums[i] = sum
            }
        }
        guard wantScore else { return (logDensity, nil) }
        // ∇ log p_t = (s·W·Y − u)/v with W = diag(1/sums)·E, E the unnormalised exponentials: one dgemm E·Y,
        // then the row scaling and −u/v in a single O(b·n) pass (no extra pass over the b×N matrix).
        var score = Matrix.product(logits, shiftedCentres)
        for i in 0..<b {
            let factor = s / (p.variance * sums[i])
            for c in 0..<n { score.elements[i * n + c] = factor * score.elements[i * n + c] - u.elements[i * n + c] / p.variance }
        }
        return (logDensity, score)
    }
}
