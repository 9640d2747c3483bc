import Foundation
import LinearAlgebra
import OptimalTransport

/// Exact optimal transport between two empirical measures with the same number of equally weighted atoms.
///
/// ```
/// W₂²(P̂_m, Q̂_m) = min_σ (1/m) Σᵢ ‖xᵢ − y_σ(i)‖²       P̂_m = (1/m) Σ δ_{xᵢ},  Q̂_m = (1/m) Σ δ_{yⱼ}
/// ```
/// The minimum over couplings of two uniform m-point measures is attained at a permutation (Birkhoff–von
/// Neumann), so an assignment solver is exact [K55]. In 1-D the monotone (sorted) matching is optimal
/// (the cost (x − y)² is a convex function of x − y, so it has the Monge property) (der).
public enum EmpiricalTransport {
    /// W₂² between the rows of `x` and the rows of `y` (both m×n, m ≥ 1).
    ///
    /// n = 1: sort both and match in order, O(m log m). n ≥ 2: the Hungarian method on the m×m matrix of
    /// squared distances, O(m³) time and O(m²) memory (`OptimalAssignment`). The squared distances that
    /// choose the matching come from ‖x‖² + ‖y‖² − 2xᵀy (one `dgemm`); the reported sum is recomputed
    /// from the differences xᵢ − y_σ(i), so it carries no cancellation error.
    public static func squaredWasserstein2(_ x: Matrix, _ y: Matrix) -> Double {
        precondition(x.rows == y.rows && x.columns == y.columns && x.rows > 0,
                     "EmpiricalTransport: point sets \(x.rows)×\(x.columns) and \(y.rows)×\(y.columns) must have equal, non-zero shapes")
        let m = x.rows, n = x.columns
        let matching: [Int]
        if n == 1 {
            let order = x.elements.indices.sorted { x.elements[$0] < x.elements[$1] }
            let targets = y.elements.indices.sorted { y.elements[$0] < y.elements[$1] }
            var map = [Int](repeating: 0, count: m)
            for (source, target) in zip(order, targets) { map[source] = target }
            matching = map
        } else {
            var costs = Matrix(rows: m, columns: m)
            let xNorms = x.rowSquaredNorms, yNorms = y.rowSquaredNorms
            Matrix.gemm(x, y, transposeB: true, alpha: -2, beta: 0, into: &costs)
            for i in 0..<m {
                for j in 0..<m { costs[i, j] = max(0, costs[i, j] + xNorms[i] + yNorms[j]) }
            }
            matching = OptimalAssignment(costs: costs).columnOfRow
        }
        var total = 0.0
        for i in 0..<m {
            var distance = 0.0
            for k in 0..<n {
                let d = x[i, k] - y[matching[i], k]
                distance += d * d
            }
            total += distance
        }
        return total / Double(m)
    }
}
