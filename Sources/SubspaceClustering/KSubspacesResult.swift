import Foundation
import LinearAlgebra

/// The partition and bases found by `KSubspaces`.
public struct KSubspacesResult: Sendable {
    /// labels[i] ∈ 0..<K, the subspace of row i.
    public let labels: [Int]
    /// U_k, n×d with orthonormal columns.
    public let bases: [Matrix]
    /// Σ_k Σ_{i∈C_k} ‖U_kᵀx_i‖² (maximised).
    public let objective: Double
    /// Σ_i ‖x_i − U_{k(i)}U_{k(i)}ᵀx_i‖² = Σ_i ‖x_i‖² − objective (minimised).
    public let residual: Double
    /// The objective after each assignment step of the winning restart: nondecreasing.
    public let history: [Double]

    /// The largest subspace distance ‖Û_kÛ_kᵀ − U_πkU_πkᵀ‖_F to `truth`, under the best matching of the
    /// found subspaces to the true ones (all K! matchings for K ≤ 8, greedy beyond). 0 means the same
    /// subspaces up to rotation within each; √(2d) means orthogonal.
    public func subspaceError(to truth: [Matrix]) -> Double { Self.subspaceError(bases, to: truth) }

    /// The same distance for any found bases (the exact solver's included).
    public static func subspaceError(_ bases: [Matrix], to truth: [Matrix]) -> Double {
        bestMatching(bases.map { found in truth.map { projectorDistance(found, $0) } })
    }

    /// ‖AAᵀ − BBᵀ‖_F for orthonormal A (n×a), B (n×b): √(a + b − 2‖AᵀB‖_F²).
    public static func projectorDistance(_ a: Matrix, _ b: Matrix) -> Double {
        let overlap = Matrix.product(a, transposeA: true, b).elements.reduce(0) { $0 + $1 * $1 }
        return max(0, Double(a.columns + b.columns) - 2 * overlap).squareRoot()
    }

    /// min over matchings π of max_k cost[k][π(k)].
    static func bestMatching(_ cost: [[Double]]) -> Double {
        let count = cost.count
        guard count > 0, count == cost[0].count else { return cost.flatMap { $0 }.min() ?? .nan }
        if count > 8 {
            var used = Set<Int>(), worst = 0.0
            for row in cost {
                let choice = row.indices.filter { !used.contains($0) }.min { row[$0] < row[$1] }!
                used.insert(choice)
                worst = max(worst, row[choice])
            }
            return worst
        }
        var best = Double.infinity
        func search(_ k: Int, _ used: [Bool], _ worst: Double) {
            if worst >= best { return }
            if k == count { best = worst; return }
            for j in 0..<count where !used[j] {
                var next = used
                next[j] = true
                search(k + 1, next, max(worst, cost[k][j]))
            }
        }
        search(0, [Bool](repeating: false, count: count), 0)
        return best
    }
}
