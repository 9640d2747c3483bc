import Foundation
import LinearAlgebra
import InputErrors

/// Closed-form segmentation of noiseless points from independent subspaces by the shape-interaction
/// matrix (Costeira–Kanade), docs/theory.md §1 "useful known properties" [C]:
/// ```
/// X = U·diag(s)·Vᵀ          thin SVD of the N×n data matrix (row i = point xᵢ)
/// Q = U_r U_rᵀ ∈ ℝ^{N×N}    U_r = the first r left singular vectors; Q is indexed by points
/// i ~ j  ⇔  |Q_ij| > τ      clusters = connected components of this graph
/// U_k = top-d eigenvectors of S_k = Σ_{i∈C_k} xᵢxᵢᵀ   (PCA of each cluster, Ky Fan)
/// ```
/// docs/theory.md writes Q = V_rV_rᵀ for the n×N data matrix whose columns are the points; with points as rows
/// (this toolkit's convention) the same matrix is U_rU_rᵀ. Q is the orthogonal projector onto the row space
/// of Xᵀ, so Q_ij = xᵢᵀ(XᵀX)⁺xⱼ. If the points come from subspaces S_1…S_K that are independent
/// (dim ΣS_k = Σ dim S_k), then (XᵀX)⁺ splits over the blocks and Q_ij = 0 exactly whenever xᵢ, xⱼ lie
/// in different subspaces; within a block Q_ij ≠ 0 for generic points, so the components are the
/// subspaces.
///
/// Rank rule: r = `rank` when given, else the numerical rank r = #{i : s_i > rankTolerance·s₁}. For
/// noiseless data the zero singular values come out at ≈ max(N, n)·ε·s₁ ≈ 10⁻¹³·s₁, far below the
/// default tolerance 10⁻⁹, which still keeps every genuine direction with s_i/s₁ > 10⁻⁹.
///
/// Threshold: τ = `threshold` (default 10⁻⁶) on |Q_ij|. Computed off-block entries are rounding of an
/// orthogonal projector, ≲ N·ε·s₁/s_r (Wedin: the computed U_r is within ε·s₁/s_r of the exact one,
/// s_{r+1} = 0), ≈ 10⁻¹³ on well-conditioned data; within a block |Q_ij| has the size d_k/N_k.
///
/// Component count: if the graph has more than K components (e.g. a zero row, which is isolated), the
/// smallest (ties: the later one) is merged into the component with the largest inter-block mass
/// Σ_{i∈A, j∈B} |Q_ij| (ties: the earlier one) until K remain. If it has fewer than K, they are reported
/// as they are: `Segmentation.components < subspaces` and only that many bases.
///
/// Labels are numbered by first occurrence (the cluster of row 0 is 0). Cost: one SVD, O(N²r) for Q and
/// O(N²) memory — meant for the noiseless, moderate-N case; on noisy data Q is only approximately block
/// diagonal and thresholding merges blocks (use `KSubspaces` or the exact solver there).
public struct ShapeInteraction: Sendable {
    /// K ≥ 1, the number of clusters wanted.
    public let subspaces: Int
    /// d ≥ 1, the dimension of each fitted basis.
    public let dimension: Int
    /// r, if fixed (≥ 1); nil: the numerical rank.
    public var rank: Int?
    /// Relative tolerance of the numerical rank, in (0, 1).
    public var rankTolerance: Double
    /// τ ≥ 0: |Q_ij| > τ joins i and j.
    public var threshold: Double

    /// The segmentation and the quantities it was read from.
    public struct Segmentation: Sendable {
        /// Labels, per-cluster PCA bases, objective Σ_k Σ_{i∈C_k} ‖U_kᵀxᵢ‖² and residual
        /// Σᵢ‖xᵢ‖² − objective, as in `KSubspacesResult` (`history` holds the one objective).
        public let clustering: KSubspacesResult
        /// The shape-interaction matrix Q = U_rU_rᵀ (N×N).
        public let interaction: Matrix
        /// The rank r used.
        public let rank: Int
        /// Connected components of the thresholded graph, before merging down to K.
        public let components: Int
    }

    /// - Throws: `InputError` naming `subspaces`, `dimension`, `rank`, `rankTolerance` or `threshold`.
    public init(subspaces: Int, dimension: Int, rank: Int? = nil, rankTolerance: Double = 1e-9, threshold: Double = 1e-6) throws {
        try InputError.requireAtLeastOne(["subspaces": subspaces, "dimension": dimension, "rank": rank ?? 1])
        guard rankTolerance > 0, rankTolerance < 1 else {
            throw InputError(source: "", field: "rankTolerance", reason: "\(describeNumber(rankTolerance)) must be in (0, 1)")
        }
        guard threshold >= 0, threshold.isFinite else {
            throw InputError(source: "", field: "threshold", reason: "\(describeNumber(threshold)) must be finite and ≥ 0")
        }
        self.subspaces = subspaces
        self.dimension = dimension
        self.rank = rank
        self.rankTolerance = rankTolerance
        self.threshold = threshold
    }

    /// Q = U_rU_rᵀ for the rows of `points` (N×n), and r.
    /// - Throws: `InputError` naming `points` when N = 0, d > n or a value is not finite;
    ///   `LinearAlgebraError` from `dgesdd`.
    public func interactionMatrix(_ points: Matrix) throws -> (matrix: Matrix, rank: Int) {
        try SubspaceResidual.validate(points, dimension: dimension)
        let svd = try SingularValueDecomposition(points)
        let largest = svd.singularValues.first ?? 0
        let r = min(rank ?? svd.singularValues.filter { $0 > rankTolerance * largest }.count, svd.singularValues.count)
        let leading = Matrix(rows: points.rows, columns: r,
                             elements: (0..<points.rows).flatMap { i in (0..<r).map { svd.leftVectors[i, $0] } })
        return (Matrix.product(leading, leading, transposeB: true), r)
    }

    /// Segments the rows of `points` (N×n, N ≥ 1) and fits a d-dimensional basis to each cluster.
    /// - Throws: `InputError` naming `points` when N = 0, d > n or a value is not finite; `LinearAlgebraError`.
    public func fit(_ points: Matrix) throws -> Segmentation {
        let (q, r) = try interactionMatrix(points)
        var members = Self.components(q, threshold: threshold)
        let found = members.count
        while members.count > subspaces {
            let smallest = members.indices.min { (members[$0].count, -$0) < (members[$1].count, -$1) }!
            let source = members.remove(at: smallest)
            let mass = members.map { target in source.reduce(0.0) { sum, i in target.reduce(sum) { $0 + abs(q[i, $1]) } } }
            let destination = mass.indices.max { (mass[$0], -$0) < (mass[$1], -$1) }!
            members[destination] = (members[destination] + source).sorted()
        }
        members.sort { $0[0] < $1[0] }
        var labels = [Int](repeating: 0, count: points.rows)
        for (k, cluster) in members.enumerated() { for i in cluster { labels[i] = k } }
        // Every cluster is non-empty, so `refit` never falls back to a previous basis.
        let bases = try KSubspaces(subspaces: members.count, dimension: dimension).refit(points, labels: labels, previous: [])
        let energies = bases.map { Matrix.product(points, $0).rowSquaredNorms }
        let objective = labels.indices.reduce(0.0) { $0 + energies[labels[$1]][$1] }
        let total = points.rowSquaredNorms.reduce(0, +)
        let clustering = KSubspacesResult(labels: labels, bases: bases, objective: objective,
                                          residual: max(0, total - objective), history: [objective])
        return Segmentation(clustering: clustering, interaction: q, rank: r, components: found)
    }

    /// The connected components of the graph |Q_ij| > τ, each as ascending row indices, ordered by their
    /// first row.
    static func components(_ q: Matrix, threshold: Double) -> [[Int]] {
        let count = q.rows
        var component = [Int](repeating: -1, count: count)
        var result: [[Int]] = []
        for start in 0..<count where component[start] < 0 {
            component[start] = result.count
            var stack = [start], members: [Int] = []
            while let i = stack.popLast() {
                members.append(i)
                for j in 0..<count where component[j] < 0 && abs(q[i, j]) > threshold {
                    component[j] = result.count
                    stack.append(j)
                }
            }
            result.append(members.sorted())
        }
        return result
    }
}
