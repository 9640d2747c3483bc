import Foundation
import LinearAlgebra
import InputErrors

/// The residual of one cluster in the subspace-clustering problem of [C] (docs/theory.md §1, K > 1), for a fixed
/// partition:
/// ```
/// S = Σ_{i∈C} x_i x_iᵀ                       (n×n scatter, uncentred)
/// r(S) = Σ_{i∈C} ‖x_i‖² − max_{UᵀU=I_d} Σ_{i∈C} ‖Uᵀx_i‖² = Σ_{j=1}^{n−d} λ_j↑(S)
/// ```
/// (Ky Fan: the best d-dimensional subspace captures the d largest eigenvalues, so what is left is the sum
/// of the n − d smallest). Properties used by the exact solver (proofs/C.exact-solver.md):
/// r = 0 when |C| ≤ d; r is concave and positively homogeneous on PSD matrices (a minimum of the linear maps
/// S ↦ tr(VᵀSV) over orthonormal V ∈ ℝ^{n×(n−d)}), hence superadditive, r(A + B) ≥ r(A) + r(B), and
/// monotone, r(A + xxᵀ) ≥ r(A).
///
/// Rounding: dsyevr's eigenvalues carry an absolute error ≈ n·ε·‖S‖₂, so r is accurate to that; the sum is
/// clamped at 0.
enum SubspaceResidual {
    /// Σ of the n − d smallest eigenvalues of the symmetric n×n `scatter` (row-major elements), ≥ 0.
    static func tail(scatter: [Double], size n: Int, dimension d: Int) throws -> Double {
        guard d < n else { return 0 }
        let eigenvalues = try SymmetricEigendecomposition(Matrix(rows: n, columns: n, elements: scatter)).eigenvalues
        return max(0, eigenvalues.prefix(n - d).reduce(0, +))
    }

    /// r(S_C) from the |C|×|C| Gram matrix G_C = (x_iᵀx_j)_{i,j∈C}, the principal submatrix of `gram` (N×N,
    /// row-major) on `members`:
    /// ```
    /// r(S_C) = Σ_{j=1}^{|C|−d} λ_j↑(G_C)      (|C| ≤ n)
    /// ```
    /// because S_C = XᵀX and G_C = XXᵀ (X the |C|×n matrix of the members) have the same nonzero eigenvalues,
    /// and S_C's other n − |C| eigenvalues are 0, so its n − d smallest are those zeros and the |C| − d smallest
    /// of G_C (proofs/C.exact-solver.md, step 10). One |C|×|C| eigenvalue solve instead of an n×n one; callers
    /// with |C| > n use `tail(scatter:)`. 0 when |C| ≤ d.
    static func gramTail(gram: [Double], points: Int, members: [Int], dimension d: Int) throws -> Double {
        let m = members.count
        guard m > d else { return 0 }
        var block = [Double](repeating: 0, count: m * m)
        for (a, i) in members.enumerated() {
            for (b, j) in members.enumerated() where b <= a { block[a * m + b] = gram[i * points + j] }
        }
        let eigenvalues = try SymmetricEigendecomposition.eigenvalues(ofSymmetric: block, size: m)
        return max(0, eigenvalues.prefix(m - d).reduce(0, +))
    }

    /// S + xxᵀ, row-major.
    static func adding(_ x: [Double], to scatter: [Double]) -> [Double] {
        let n = x.count
        var result = scatter
        for i in 0..<n where x[i] != 0 {
            for j in 0..<n { result[i * n + j] += x[i] * x[j] }
        }
        return result
    }

    /// The K scatter matrices S_k = Σ_{labels[i]=k} x_i x_iᵀ of the rows of `points`, and the cluster sizes.
    static func scatters(_ points: Matrix, labels: [Int], clusters: Int) -> (scatters: [[Double]], counts: [Int]) {
        let n = points.columns
        var scatters = [[Double]](repeating: [Double](repeating: 0, count: n * n), count: clusters)
        var counts = [Int](repeating: 0, count: clusters)
        for (i, k) in labels.enumerated() {
            scatters[k] = adding(points.row(i), to: scatters[k])
            counts[k] += 1
        }
        return (scatters, counts)
    }

    /// Σ_k r(S_k) for the partition `labels` (values in 0..<clusters) of the rows of `points`.
    static func residual(_ points: Matrix, labels: [Int], clusters: Int, dimension d: Int) throws -> Double {
        let (scatters, counts) = scatters(points, labels: labels, clusters: clusters)
        return try zip(scatters, counts).reduce(0) { sum, cluster in
            sum + (cluster.1 <= d ? 0 : try tail(scatter: cluster.0, size: points.columns, dimension: d))
        }
    }

    /// U_k = the top-d eigenvectors of S_k (Ky Fan's maximiser; an empty cluster gets LAPACK's eigenvectors
    /// of the zero matrix, a cluster with |C_k| < d gets d − |C_k| arbitrary orthonormal completions).
    static func bases(_ points: Matrix, labels: [Int], clusters: Int, dimension d: Int) throws -> [Matrix] {
        let n = points.columns
        return try scatters(points, labels: labels, clusters: clusters).scatters.map {
            try KSubspaces.topEigenvectors(of: Matrix(rows: n, columns: n, elements: $0), count: d)
        }
    }

    /// Checks 1 ≤ N, d ≤ n and finite values.
    /// - Throws: `InputError` naming `points`.
    static func validate(_ points: Matrix, dimension d: Int) throws {
        guard points.rows >= 1 else {
            throw InputError(source: "", field: "points", reason: "has no rows; give at least one point")
        }
        guard d <= points.columns else {
            throw InputError(source: "", field: "points", reason: "have dimension \(points.columns) < subspace dimension \(d)")
        }
        if let index = points.elements.firstIndex(where: { !$0.isFinite }) {
            throw InputError(source: "", field: "points",
                             reason: "row \(index / points.columns) holds \(describeNumber(points.elements[index])); values must be finite")
        }
    }
}
