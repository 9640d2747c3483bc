import Foundation
import Dispatch
import LinearAlgebra
import InputErrors

/// Subspace clustering [C] (docs/theory.md §1, K > 1) solved by plain enumeration, the reference the branch and bound
/// of `ExactSubspaceClustering` is tested against:
/// ```
/// minimise  Σ_k Σ_{j>d} σ_j(X_{C_k})²   over partitions of the N rows into at most K clusters
/// ```
/// where X_C is the |C|×n matrix of the cluster's rows and σ_j its singular values in descending order
/// (the residual of the best d-dimensional subspace, Eckart–Young; = the eigenvalues of S_k beyond the d
/// largest, Ky Fan). Each partition is visited once, as a restricted growth string: label(0) = 0 and
/// label(i) ≤ min(1 + max_{j<i} label(j), K − 1); every partition into at most K blocks has exactly one such
/// labelling. There are Σ_{j=1}^{K} S(N, j) of them (Stirling numbers of the second kind; 2^{N−1} for
/// K = 2), and each costs K thin SVDs computed from scratch (`dgesdd`), independently of the solver's
/// eigenvalue path.
///
/// Ties go to the first string in lexicographic order. Limited to N ≤ `maximumPoints` (16).
public struct ExhaustiveSubspaceClustering: Sendable {
    /// The largest N accepted: Σ_{j≤K} S(16, j) ≈ 1.7·10⁷ partitions for K = 3 is already minutes.
    public static let maximumPoints = 16
    /// K ≥ 1.
    public let subspaces: Int
    /// d ≥ 1.
    public let dimension: Int

    /// - Throws: `InputError` naming `subspaces` or `dimension`.
    public init(subspaces: Int, dimension: Int) throws {
        for (field, value) in [("subspaces", subspaces), ("dimension", dimension)] where value < 1 {
            throw InputError(source: "", field: field, reason: "\(value) must be at least 1")
        }
        self.subspaces = subspaces
        self.dimension = dimension
    }

    /// Σ_{j=1}^{K} S(N, j): the number of partitions of N points into at most K nonempty clusters.
    public static func partitionCount(points: Int, subspaces: Int) -> Double {
        // S(i, j) = j·S(i−1, j) + S(i−1, j−1), row by row.
        var row = [Double](repeating: 0, count: subspaces + 1)
        row[0] = 1
        for _ in 0..<points {
            for j in stride(from: subspaces, through: 1, by: -1) { row[j] = Double(j) * row[j] + row[j - 1] }
            row[0] = 0
        }
        return row.dropFirst().reduce(0, +)
    }

    /// The optimal partition of the rows of `points` (N×n), certified by enumeration (lowerBound = upperBound).
    /// - Throws: `InputError` naming `points` when N = 0, N > 16, d > n or a value is not finite;
    ///   `LinearAlgebraError` from `dgesdd`.
    public func solve(_ points: Matrix) throws -> ExactSubspaceClusteringResult {
        try SubspaceResidual.validate(points, dimension: dimension)
        guard points.rows <= Self.maximumPoints else {
            throw InputError(source: "", field: "points",
                             reason: "has \(points.rows) rows; enumeration is limited to \(Self.maximumPoints) (it visits \(Self.partitionCount(points: points.rows, subspaces: subspaces)) partitions); use ExactSubspaceClustering")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let count = points.rows
        var labels = [Int](repeating: 0, count: count)
        var best = (residual: Double.infinity, labels: labels)
        var visited = 0
        while true {
            visited += 1
            let value = try residual(points, labels: labels)
            if value < best.residual { best = (value, labels) }
            guard advance(&labels) else { break }
        }
        let total = points.rowSquaredNorms.reduce(0, +)
        return ExactSubspaceClusteringResult(
            labels: best.labels,
            bases: try SubspaceResidual.bases(points, labels: best.labels, clusters: subspaces, dimension: dimension),
            objective: total - best.residual, residual: best.residual, lowerBound: best.residual, upperBound: best.residual,
            certified: true, nodes: visited, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, stoppedBy: nil)
    }

    /// The number of partitions (into at most K clusters) whose residual is within `tolerance`·max(1, Σ‖x_i‖²)
    /// of the least one, by enumeration: how many optimal partitions there are, i.e. whether the optimum is
    /// identifiable. For noiseless points from [C]'s generator (K orthogonal d-dimensional subspaces, N_k each,
    /// in general position) a partition has residual 0 exactly when each cluster either has ≤ d points or lies
    /// in one subspace; at N_k = d that gives (Kd)!/((d!)^K·K!) optimal partitions (every split into K groups of
    /// d), at N_k = d + 1 the planted one alone (proofs/C.phase-transition.md).
    /// - Throws: as `solve`.
    public func optimalPartitionCount(_ points: Matrix, tolerance: Double = 1e-9) throws -> (count: Int, visited: Int, residual: Double) {
        try SubspaceResidual.validate(points, dimension: dimension)
        guard points.rows <= Self.maximumPoints else {
            throw InputError(source: "", field: "points", reason: "has \(points.rows) rows; enumeration is limited to \(Self.maximumPoints)")
        }
        var labels = [Int](repeating: 0, count: points.rows)
        var residuals: [Double] = []
        repeat { residuals.append(try residual(points, labels: labels)) } while advance(&labels)
        let least = residuals.min() ?? 0
        let slack = tolerance * max(1, points.rowSquaredNorms.reduce(0, +))
        return (residuals.filter { $0 <= least + slack }.count, residuals.count, least)
    }

    /// The next restricted growth string with values < K in lexicographic order; false after the last.
    func advance(_ labels: inout [Int]) -> Bool {
        var position = labels.count - 1
        while position > 0 {
            let ceiling = min(labels[..<position].max()! + 1, subspaces - 1)
            if labels[position] < ceiling {
                labels[position] += 1
                for later in (position + 1)..<labels.count { labels[later] = 0 }
                return true
            }
            position -= 1
        }
        return false
    }

    /// Σ_k Σ_{j>d} σ_j(X_{C_k})², from the singular values of each cluster's rows.
    func residual(_ points: Matrix, labels: [Int]) throws -> Double {
        var sum = 0.0
        for k in 0..<subspaces {
            let members = labels.indices.filter { labels[$0] == k }
            guard members.count > dimension else { continue }
            let values = try SingularValueDecomposition.singularValues(of: Matrix(rowArrays: members.map { points.row($0) }))
            sum += values.dropFirst(dimension).reduce(0) { $0 + $1 * $1 }
        }
        return sum
    }
}
