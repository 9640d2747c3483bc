import Foundation
import LinearAlgebra

/// Distance ratios, the second similarity of the reproducibility metrics of [D] in this toolkit
/// (proofs/D.metrics.md): a distance counts as a match when it is small against a reference distance,
/// ```
/// memorisation:     ρ(x) = d₁(x)/d₂(x), nearest and second-nearest training point   match ⇔ ρ < τ
/// reproducibility:  ρ_j = ‖a_j − b_j‖ / s,   s = median_i min_{k≠i} ‖f_i − f_k‖        match ⇔ ρ_j < τ
/// ```
/// with τ = 1/3 by default and s the typical nearest-neighbour spacing of M true samples f (`spacing`).
/// The memorisation ratio is the nearest-neighbour distance ratio (the reference is the second training
/// point); the pair ratio uses the law's spacing instead of the other pairs, because in the memorising
/// regime many noise seeds land on the same training point and a ratio against the other pairs would be
/// 0/0 there.
///
/// Why not cosine: in a support of intrinsic dimension d the nearest of N training points approaches a
/// fresh sample as N^{−1/d}, so any absolute or angular threshold calls fresh samples copies once N is
/// large (cosine at d = 4: GL(fresh) → 0). The ratio is scale free: for points of a locally uniform law in
/// dimension d, P(d₁/d₂ < c) = c^d whatever N (1/81 = 0.012 at d = 4, c = 1/3), so fresh samples keep
/// GL ≈ 1 − 3^{−d}, while a copy of a training point has ρ ≈ 0. τ = 1/3 is the threshold of the ℓ₂
/// ratio test of Yoon et al. (2023) and Gu et al. (2023) for memorised diffusion samples. Two independent
/// draws of the law fall within s/3 of each other with probability of order 3^{−d}/M, so RP of unrelated
/// samples is ≈ 0, and two models that map seed j to the same point (a copied training point, or the
/// same generalised sample to a third of the spacing) match.
public enum DistanceRatio {
    /// For each row x of `samples`: d₁/d₂, its distances to the nearest and second-nearest rows of
    /// `reference`, and the index of the nearest (the first on ties). d₂ = 0 (a duplicated nearest row)
    /// gives ρ = 0 when d₁ = 0. Squared distances come from one `dgemm` (‖x‖² + ‖y‖² − 2⟨x, y⟩, clamped
    /// at 0), so a copy of a row has d₁ of order √(ε_mach)·‖x‖, far below any useful τ.
    /// - Precondition: `reference` has at least 2 rows and the column counts agree.
    public static func nearest(_ samples: Matrix, in reference: Matrix) -> (ratio: [Double], index: [Int]) {
        precondition(samples.columns == reference.columns,
                     "DistanceRatio.nearest: dimensions \(samples.columns) and \(reference.columns) differ")
        precondition(reference.rows >= 2, "DistanceRatio.nearest: \(reference.rows) reference rows; the ratio needs 2")
        let distances = squaredDistances(samples, reference)
        let total = reference.rows
        var ratios: [Double] = [], indices: [Int] = []
        for i in 0..<samples.rows {
            var first = Double.infinity, second = Double.infinity, index = 0
            for j in 0..<total {
                let value = distances.elements[i * total + j]
                if value < first {
                    second = first
                    first = value
                    index = j
                } else if value < second {
                    second = value
                }
            }
            ratios.append(ratio(first, second))
            indices.append(index)
        }
        return (ratios, indices)
    }

    /// ρ_j = ‖a_j − b_j‖/s for each row pair (a_j, b_j) (see the type's formula).
    /// - Precondition: same shapes; s > 0.
    public static func pairs(_ a: Matrix, _ b: Matrix, spacing: Double) -> [Double] {
        precondition(a.rows == b.rows && a.columns == b.columns,
                     "DistanceRatio.pairs: \(a.rows)×\(a.columns) against \(b.rows)×\(b.columns)")
        precondition(spacing > 0, "DistanceRatio.pairs: spacing \(spacing) must be positive")
        return (a - b).rowSquaredNorms.map { $0.squareRoot() / spacing }
    }

    /// s = the median over rows of the distance to the nearest other row (the upper median for an even
    /// count): the typical nearest-neighbour spacing of `points`.
    /// - Precondition: at least 2 rows.
    public static func spacing(_ points: Matrix) -> Double {
        precondition(points.rows >= 2, "DistanceRatio.spacing: \(points.rows) rows; a spacing needs 2")
        let distances = squaredDistances(points, points)
        let m = points.rows
        let nearest = (0..<m).map { i in
            (0..<m).filter { $0 != i }.map { distances.elements[i * m + $0] }.min()!.squareRoot()
        }.sorted()
        return nearest[m / 2]
    }

    /// ‖a_i − b_j‖² for every (i, j), clamped at 0.
    static func squaredDistances(_ a: Matrix, _ b: Matrix) -> Matrix {
        var result = Matrix.product(a, b, transposeB: true)
        let aNorms = a.rowSquaredNorms, bNorms = b.rowSquaredNorms
        for i in 0..<a.rows {
            for j in 0..<b.rows {
                let k = i * b.rows + j
                result.elements[k] = max(0, aNorms[i] + bNorms[j] - 2 * result.elements[k])
            }
        }
        return result
    }

    /// √(d₁²/d₂²), with 0/0 = 0 (a copy among duplicates is a copy).
    private static func ratio(_ nearestSquared: Double, _ competitorSquared: Double) -> Double {
        nearestSquared == 0 ? 0 : (nearestSquared / competitorSquared).squareRoot()
    }
}
