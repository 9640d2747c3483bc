import Foundation
import LinearAlgebra

/// The partition found by `ExactSubspaceClustering` (or `ExhaustiveSubspaceClustering`), with a certified
/// interval for the optimal residual [C] (docs/theory.md §1):
/// ```
/// lowerBound ≤ min over partitions Σ_k Σ_{j>d} λ_j(S_k) ≤ upperBound = residual
/// certified  ⇔  upperBound − lowerBound ≤ tolerance·max(1, upperBound)
/// ```
/// See proofs/C.exact-solver.md for why `lowerBound` is valid.
public struct ExactSubspaceClusteringResult: Sendable {
    /// labels[i] ∈ 0..<K, the cluster of row i (clusters may be empty).
    public let labels: [Int]
    /// U_k, n×d with orthonormal columns: the top-d eigenvectors of S_k = Σ_{i∈C_k} x_i x_iᵀ.
    public let bases: [Matrix]
    /// Σ_k Σ_{i∈C_k} ‖U_kᵀx_i‖² = Σ_i ‖x_i‖² − residual (maximised).
    public let objective: Double
    /// Σ_k (sum of the eigenvalues of S_k beyond the d largest) for `labels` (minimised); equals `upperBound`.
    public let residual: Double
    /// A proven lower bound on the optimal residual; at most `residual` exactly (clamped, so that rounding
    /// never prints residual < lowerBound).
    public let lowerBound: Double
    /// The residual of the best partition found (the incumbent).
    public let upperBound: Double
    /// Whether the gap upperBound − lowerBound is within the solver's tolerance, i.e. `labels` is optimal
    /// up to that tolerance.
    public let certified: Bool
    /// Search nodes expanded (for enumeration: partitions evaluated).
    public let nodes: Int
    /// Wall-clock seconds of the solve.
    public let seconds: Double
    /// "node budget" or "time budget" when a budget stopped the search, nil when it ran to completion.
    public let stoppedBy: String?

    /// upperBound − lowerBound (≥ 0).
    public var gap: Double { max(0, upperBound - lowerBound) }

    /// max_k ‖Û_kÛ_kᵀ − U_πkU_πkᵀ‖_F to `truth` under the best matching (as `KSubspacesResult.subspaceError`).
    public func subspaceError(to truth: [Matrix]) -> Double { KSubspacesResult.subspaceError(bases, to: truth) }
}
