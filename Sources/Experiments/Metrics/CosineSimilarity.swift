import Foundation
import LinearAlgebra

/// Cosine similarity of vectors, the similarity of the reproducibility metrics of [D] in this toolkit:
/// ```
/// sim(x, y) = ⟨x, y⟩ / (‖x‖‖y‖) ∈ [−1, 1]        (0 when either vector is 0)
/// ```
/// Substitution (documented): [D]'s code compares SSCD copy-detection descriptors of images (unit vectors,
/// so their dot product is a cosine); here the samples are vectors in ℝⁿ and are compared directly. In a
/// low-dimensional support the cosine of two *independent* samples is often large (for a uniform direction
/// in ℝᵈ, P(cos > 0.6) = 0.142 at d = 4), so the memorisation score of fresh samples against a large
/// training set is not near 0: report it as a calibration (`ReproducibilityMetrics.memorisation` of
/// true-law samples) next to every Mem and GL.
public enum CosineSimilarity {
    /// Each row divided by its Euclidean norm; zero rows stay zero.
    public static func normalisedRows(_ points: Matrix) -> Matrix {
        var result = points
        let norms = points.rowSquaredNorms
        let n = points.columns
        for i in 0..<points.rows where norms[i] > 0 {
            let inverse = 1 / norms[i].squareRoot()
            for j in 0..<n { result.elements[i * n + j] *= inverse }
        }
        return result
    }

    /// sim(a_j, b_j) for each row j (same shapes).
    public static func rowwise(_ a: Matrix, _ b: Matrix) -> [Double] {
        precondition(a.rows == b.rows && a.columns == b.columns,
                     "CosineSimilarity.rowwise: \(a.rows)×\(a.columns) against \(b.rows)×\(b.columns)")
        let u = normalisedRows(a), v = normalisedRows(b)
        let n = a.columns
        return (0..<a.rows).map { j in
            var dot = 0.0
            for c in 0..<n { dot += u.elements[j * n + c] * v.elements[j * n + c] }
            return dot
        }
    }

    /// For each row x of `samples`, max_y sim(x, y) over the rows of `reference` and the index of a
    /// maximiser (the first), from one `dgemm` of the normalised rows (M×n times n×N), in blocks of rows.
    public static func nearest(_ samples: Matrix, in reference: Matrix) -> (similarity: [Double], index: [Int]) {
        precondition(samples.columns == reference.columns,
                     "CosineSimilarity.nearest: dimensions \(samples.columns) and \(reference.columns) differ")
        precondition(reference.rows > 0, "CosineSimilarity.nearest: empty reference set")
        let u = normalisedRows(samples), v = normalisedRows(reference)
        let similarities = Matrix.product(u, v, transposeB: true)
        var best = [Double](repeating: -.infinity, count: samples.rows)
        var index = [Int](repeating: 0, count: samples.rows)
        let total = reference.rows
        for i in 0..<samples.rows {
            for j in 0..<total where similarities.elements[i * total + j] > best[i] {
                best[i] = similarities.elements[i * total + j]
                index[i] = j
            }
        }
        return (best, index)
    }
}
