import Foundation
import LinearAlgebra
import OptimalTransport

/// How well a clustering and its subspaces match the truth ([C]'s success rates, docs/theory.md §1).
///
/// - `accuracy`: the fraction of points whose label agrees with the truth under the best one-to-one
///   relabelling (Hungarian method on the confusion matrix, `OptimalAssignment`).
/// - `principalAngles`: θ_i = acos σ_i(AᵀB), the principal angles between span A and span B.
/// - `projectionDistance`: ‖AAᵀ − BBᵀ‖_F = √(2 Σ sin²θ_i) for equal dimensions.
/// - `subspaceRecovery`: the best matching of found to true subspaces and whether every matched pair is
///   within the success threshold 0.1·√(2d) (docs/theory.md §1 leaves the threshold open; √(2d) is the distance
///   between orthogonal d-dimensional subspaces, so the default asks for 10 % of the largest distance).
public enum ClusteringMetrics {
    /// The fraction of points labelled correctly under the best matching of found to true labels:
    /// ```
    /// accuracy = max over injective π  (1/N) Σ_a C[a, π(a)],   C[a, b] = #{i : found_i = a, truth_i = b}
    /// ```
    /// Labels are arbitrary integers; the number of distinct found and true labels may differ (the
    /// confusion matrix is padded with zeros to a square). Invariant under any relabelling of either side.
    /// Edge case: no points gives 1.
    /// - Precondition: `found.count == truth.count`.
    public static func accuracy(_ found: [Int], truth: [Int]) -> Double {
        precondition(found.count == truth.count, "accuracy: \(found.count) found labels for \(truth.count) true labels")
        guard !found.isEmpty else { return 1 }
        let foundValues = Array(Set(found)).sorted(), trueValues = Array(Set(truth)).sorted()
        let size = max(foundValues.count, trueValues.count)
        let foundIndex = Dictionary(uniqueKeysWithValues: foundValues.enumerated().map { ($1, $0) })
        let trueIndex = Dictionary(uniqueKeysWithValues: trueValues.enumerated().map { ($1, $0) })
        var negatedConfusion = Matrix(rows: size, columns: size)
        for (a, b) in zip(found, truth) { negatedConfusion[foundIndex[a]!, trueIndex[b]!] -= 1 }
        return -OptimalAssignment(costs: negatedConfusion).cost / Double(found.count)
    }

    /// Cosines of the principal angles between span A and span B, descending:
    /// ```
    /// cos θ_i = σ_i(AᵀB),  i = 1…min(a, b),   clamped to [0, 1]
    /// ```
    /// - Parameters: A (n×a) and B (n×b) with orthonormal columns (not checked; otherwise the values are
    ///   singular values of AᵀB, not cosines).
    /// - Throws: `LinearAlgebraError` from `dgesdd`.
    public static func principalCosines(_ a: Matrix, _ b: Matrix) throws -> [Double] {
        precondition(a.rows == b.rows, "principalCosines: bases in ℝ^\(a.rows) and ℝ^\(b.rows)")
        return try SingularValueDecomposition.singularValues(of: Matrix.product(a, transposeA: true, b)).map { min(max($0, 0), 1) }
    }

    /// Principal angles θ_1 ≤ … ≤ θ_min(a,b) in [0, π/2] between span A and span B: acos of
    /// `principalCosines`. Small angles lose accuracy (acos near 1: θ ≈ √(2(1 − cos)), so about √ε ≈ 10⁻⁸).
    public static func principalAngles(_ a: Matrix, _ b: Matrix) throws -> [Double] {
        try principalCosines(a, b).map { acos($0) }
    }

    /// ‖AAᵀ − BBᵀ‖_F = √(a + b − 2‖AᵀB‖²_F) (`KSubspacesResult.projectorDistance`); 0 for the same
    /// subspace, √(2d) for orthogonal d-dimensional subspaces.
    public static func projectionDistance(_ a: Matrix, _ b: Matrix) -> Double {
        KSubspacesResult.projectorDistance(a, b)
    }

    /// docs/theory.md §1's default success threshold 0.1·√(2d).
    public static func defaultRecoveryThreshold(dimension d: Int) -> Double { 0.1 * (2 * Double(d)).squareRoot() }

    /// The matching of found to true subspaces and the worst matched distance.
    public struct SubspaceRecovery: Sendable {
        /// truthOfFound[k]: the true subspace matched to found subspace k.
        public let truthOfFound: [Int]
        /// ‖Û_kÛ_kᵀ − U_πkU_πkᵀ‖_F for each found k.
        public let distances: [Double]
        /// max_k distances[k] (0 when nothing was found).
        public var worstDistance: Double { distances.max() ?? 0 }
    }

    /// Matches found subspaces to true ones by minimising Σ_k ‖Û_kÛ_kᵀ − U_πkU_πkᵀ‖²_F (equivalently
    /// maximising Σ_k ‖Û_kᵀU_πk‖²_F) with the Hungarian method.
    /// - Precondition: `found.count ≤ truth.count`, all bases in the same ℝⁿ.
    public static func matchSubspaces(_ found: [Matrix], truth: [Matrix]) -> SubspaceRecovery {
        precondition(found.count <= truth.count, "matchSubspaces: \(found.count) found subspaces exceed \(truth.count) true ones")
        let distances = found.map { a in truth.map { projectionDistance(a, $0) } }
        let squared = Matrix(rowArrays: distances.map { $0.map { $0 * $0 } })
        let assignment = found.isEmpty ? [] : OptimalAssignment(costs: squared).columnOfRow
        return SubspaceRecovery(truthOfFound: assignment, distances: assignment.enumerated().map { distances[$0][$1] })
    }

    /// Success of subspace recovery: every found subspace is within `threshold` of its matched true one
    /// and as many were found as there are true ones.
    /// ```
    /// success ⇔ K̂ = K  and  max_k ‖Û_kÛ_kᵀ − U_πkU_πkᵀ‖_F ≤ threshold     (default 0.1·√(2d))
    /// ```
    /// - Parameter threshold: ≥ 0; nil means `defaultRecoveryThreshold` with d = the first true basis's
    ///   column count.
    public static func recovered(_ found: [Matrix], truth: [Matrix], threshold: Double? = nil) -> Bool {
        guard found.count == truth.count else { return false }
        let limit = threshold ?? defaultRecoveryThreshold(dimension: truth.first?.columns ?? 0)
        return matchSubspaces(found, truth: truth).worstDistance <= limit
    }
}
