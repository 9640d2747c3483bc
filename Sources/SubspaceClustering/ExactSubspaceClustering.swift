import Foundation
import Dispatch
import LinearAlgebra
import InputErrors

/// A certified exact solver for the subspace-clustering problem that training a MoLRG denoiser reduces to
/// [C] (docs/theory.md §1, K > 1, hard-max approximation):
/// ```
/// maximise  Σ_k Σ_{i∈C_k} ‖U_kᵀx_i‖²  over partitions C_1…C_K and orthonormal U_k ∈ ℝ^{n×d}
/// ⇔ minimise  R(C) = Σ_k r(S_k),   S_k = Σ_{i∈C_k} x_i x_iᵀ,   r(S) = Σ_{j=1}^{n−d} λ_j↑(S)
/// ```
/// (for a fixed partition U_k = top-d eigenvectors of S_k, Ky Fan). Branch and bound over the points taken
/// one at a time, in order of decreasing norm, each assigned to an open cluster or to the next unused one
/// (labels up to symmetry). A node with the first m points assigned has the bound
/// ```
/// B = Σ_k r(S_k^{partial}) + L_m,     L_m ≤ optimal residual of the points m..<N alone
/// ```
/// valid because r is superadditive (concave and homogeneous): r(S_partial + S_rest) ≥ r(S_partial) +
/// r(S_rest), and Σ_k r(S_rest,k) is the residual of a partition of the remaining points. L_m comes from
/// solving the suffix problems m = N−1, N−2, …, 1 first with the same search (Russian-doll search), each
/// using the bounds of the smaller ones. Incumbent: `KSubspaces` (`incumbentRestarts` restarts from `seed`)
/// improved by single-point moves; each suffix problem also starts from the previous one's optimum with the
/// new point placed best. A node is pruned when B ≥ U − ½·tolerance·max(1, U) (U the incumbent's residual).
///
/// The returned `lowerBound` is the least bound of the pruned and never-expanded nodes (or U if smaller);
/// if a budget stops a suffix problem before the full one starts, its lower bound (≤ the full optimum,
/// since r is monotone) is reported. U is then recomputed once in the input's row order and reported as
/// both `residual` and `upperBound`, and `lowerBound` is clamped to at most U (still a valid bound), so the
/// result never reads residual < lowerBound because of rounding. `certified` ⇔ U − lowerBound ≤
/// tolerance·max(1, U). Proofs:
/// proofs/C.exact-solver.md. Rounding: every r carries an absolute error ≈ n·ε·‖S_k‖₂, far below the
/// default tolerance 10⁻⁹ for N‖x‖² ≲ 10⁴.
///
/// Cost: one symmetric eigenvalue solve (`dsyevr`) per child evaluated — of the cluster's m×m Gram block
/// when it has m ≤ n points (same non-zero spectrum as its scatter; proofs/C.exact-solver.md, step 10), of the
/// n×n scatter otherwise; exponential in N in the worst case, fast when the clusters are well separated relative
/// to the noise. At [C]'s n = 48, d = 4 it certifies K = 3 up to N_k = 2d = 8 within a second (Benchmarks/).
public struct ExactSubspaceClustering: Sendable {
    /// K ≥ 1.
    public let subspaces: Int
    /// d ≥ 1.
    public let dimension: Int
    /// Relative gap (≥ 0) at which the solution counts as certified.
    public var tolerance: Double
    /// Maximum number of search nodes expanded (≥ 1), nil for no limit.
    public var nodeBudget: Int?
    /// Maximum wall-clock seconds (> 0), nil for no limit; checked at every node.
    public var timeBudget: Double?
    /// `KSubspaces` restarts for the initial incumbent (≥ 0; 0 skips it).
    public var incumbentRestarts: Int
    /// Seed of `KSubspaces`.
    public var seed: UInt64

    /// - Throws: `InputError` naming the invalid parameter and its value.
    public init(subspaces: Int, dimension: Int, tolerance: Double = 1e-9, nodeBudget: Int? = nil,
                timeBudget: Double? = nil, incumbentRestarts: Int = 10, seed: UInt64 = 0) throws {
        try InputError.requireAtLeastOne(["subspaces": subspaces, "dimension": dimension, "nodeBudget": nodeBudget ?? 1])
        guard incumbentRestarts >= 0 else {
            throw InputError(source: "", field: "incumbentRestarts", reason: "\(incumbentRestarts) must be at least 0")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw InputError(source: "", field: "tolerance", reason: "\(describeNumber(tolerance)) must be finite and ≥ 0")
        }
        if let timeBudget, !(timeBudget > 0) {
            throw InputError(source: "", field: "timeBudget", reason: "\(describeNumber(timeBudget)) must be positive")
        }
        self.subspaces = subspaces
        self.dimension = dimension
        self.tolerance = tolerance
        self.nodeBudget = nodeBudget
        self.timeBudget = timeBudget
        self.incumbentRestarts = incumbentRestarts
        self.seed = seed
    }

    /// Solves the problem for the rows of `points` (N×n).
    /// - Throws: `InputError` naming `points` when N = 0, d > n or a value is not finite;
    ///   `LinearAlgebraError` from `dsyevr`.
    /// - Parameter startingLabels: labels of a partition the caller already has (e.g. its own `KSubspaces` fit),
    ///   used as the incumbent instead of running `KSubspaces` again; nil runs `incumbentRestarts` restarts.
    public func solve(_ points: Matrix, startingLabels: [Int]? = nil) throws -> ExactSubspaceClusteringResult {
        try SubspaceResidual.validate(points, dimension: dimension)
        let start = DispatchTime.now().uptimeNanoseconds
        let norms = points.rowSquaredNorms
        let order = (0..<points.rows).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
        let ordered = Matrix(rowArrays: order.map { points.row($0) })
        var search = SubspaceBranchAndBound(points: ordered, clusters: subspaces, dimension: dimension, tolerance: tolerance,
                                           nodeBudget: nodeBudget,
                                           deadline: timeBudget.map { start + UInt64($0 * 1e9) })

        // Incumbent for the full problem, in the sorted order.
        var incumbent = [Int](repeating: 0, count: points.rows)
        if let startingLabels {
            precondition(startingLabels.count == points.rows && startingLabels.allSatisfy { (0..<subspaces).contains($0) },
                         "ExactSubspaceClustering: starting labels must give each of the \(points.rows) rows a cluster in 0..<\(subspaces)")
            incumbent = order.map { startingLabels[$0] }
        } else if incumbentRestarts > 0 {
            let fitted = try KSubspaces(subspaces: subspaces, dimension: dimension, restarts: incumbentRestarts, seed: seed).fit(points)
            incumbent = order.map { fitted.labels[$0] }
        }
        incumbent = try search.improved(incumbent)
        var incumbentResidual = try SubspaceResidual.residual(ordered, labels: incumbent, clusters: subspaces, dimension: dimension)

        // Russian-doll search: suffixes m = N−1 … 0; the last one is the full problem.
        var previous: [Int] = []
        var lowerBound = 0.0
        for first in stride(from: points.rows - 1, through: 0, by: -1) {
            let stage = try search.solveSuffix(from: first, candidates: [Array(incumbent[first...])], extending: previous)
            search.suffixBound[first] = stage.lowerBound
            lowerBound = stage.lowerBound
            previous = stage.labels
            if first == 0, stage.residual < incumbentResidual { (incumbent, incumbentResidual) = (stage.labels, stage.residual) }
            if search.stoppedBy != nil { break }
        }

        var labels = [Int](repeating: 0, count: points.rows)
        for (position, row) in order.enumerated() { labels[row] = incumbent[position] }
        // The printed residual, upper bound and (clamped) lower bound come from this one computation, so that
        // lowerBound ≤ residual = upperBound holds exactly as printed. `incumbentResidual` is the same
        // partition's residual summed in the sorted order (a few ulps away), and a search bound may exceed it by
        // as much; min(lowerBound, residual) is still a valid lower bound: it is at most lowerBound.
        let residual = try SubspaceResidual.residual(points, labels: labels, clusters: subspaces, dimension: dimension)
        let lower = min(lowerBound, residual)
        return ExactSubspaceClusteringResult(
            labels: labels, bases: try SubspaceResidual.bases(points, labels: labels, clusters: subspaces, dimension: dimension),
            objective: norms.reduce(0, +) - residual, residual: residual, lowerBound: lower, upperBound: residual,
            certified: residual - lower <= tolerance * max(1, residual), nodes: search.nodes,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, stoppedBy: search.stoppedBy)
    }
}
