import Foundation
import Dispatch
import LinearAlgebra

/// The depth-first branch and bound behind `ExactSubspaceClustering` [C] (docs/theory.md §1), on points already
/// sorted by the caller. It solves suffix problems (points m..<N) and keeps their lower bounds L_m in
/// `suffixBound` for the larger ones (Russian-doll search). A node at depth t of the suffix problem m has
/// the points m..<t assigned, scatters S_k and
/// ```
/// bound = Σ_k r(S_k) + L_t      (r = SubspaceResidual.tail; L_N = 0)
/// ```
/// a lower bound on every completion (superadditivity of r; proofs/C.exact-solver.md). Children — the open
/// clusters and the next unused one — are visited in order of increasing bound; once one child is pruned
/// (bound ≥ U − slack) or the budget is out, so are the later ones, and the least of their bounds is kept
/// in `prunedFloor` / `openFloor`, so that min(U, prunedFloor, openFloor) bounds the suffix optimum.
struct SubspaceBranchAndBound {
    let rows: [[Double]]
    let columns: Int
    let clusters: Int
    let dimension: Int
    let tolerance: Double
    let nodeBudget: Int?
    /// Uptime in nanoseconds after which the search stops.
    let deadline: UInt64?
    /// L_m for m in 0...N; L_N = 0, the others 0 until their suffix problem is solved.
    var suffixBound: [Double]
    /// Nodes expanded over all suffix problems.
    private(set) var nodes = 0
    private(set) var stoppedBy: String?

    /// G = (x_iᵀx_j), N×N row-major: a cluster of m ≤ n points takes its residual from its m×m block.
    let gram: [Double]
    /// Whether clusters can outgrow n (N > n); only then are the n×n scatters kept.
    let keepsScatters: Bool

    // The state of the current suffix problem.
    private var scatters: [[Double]] = []
    private var members: [[Int]] = []
    private var residuals: [Double] = []
    private var labels: [Int] = []
    private var best = Double.infinity
    private var bestLabels: [Int] = []
    private var prunedFloor = Double.infinity
    private var openFloor = Double.infinity

    init(points: Matrix, clusters: Int, dimension: Int, tolerance: Double, nodeBudget: Int?, deadline: UInt64?) {
        rows = points.rowArrays
        columns = points.columns
        self.clusters = clusters
        self.dimension = dimension
        self.tolerance = tolerance
        self.nodeBudget = nodeBudget
        self.deadline = deadline
        suffixBound = [Double](repeating: 0, count: points.rows + 1)
        gram = Matrix.product(points, points, transposeB: true).elements
        keepsScatters = points.rows > points.columns
    }

    /// r of cluster `k` with the point `index` added (its scatter `scatter` when kept): 0 up to d points, the
    /// Gram-block eigenvalues up to n points, the scatter's beyond.
    private func residual(adding index: Int, to k: Int, scatter: [Double]) throws -> Double {
        let size = members[k].count + 1
        if size <= dimension { return 0 }
        if size <= columns { return try SubspaceResidual.gramTail(gram: gram, points: rows.count, members: members[k] + [index], dimension: dimension) }
        return try SubspaceResidual.tail(scatter: scatter, size: columns, dimension: dimension)
    }

    /// Solves the problem on points first..<N, starting from the best of `candidates` (labels of those
    /// points) and of `extending` (labels of first+1..<N) with point `first` put in each cluster.
    /// Returns the best labels (for first..<N), their residual and a lower bound on the optimum.
    mutating func solveSuffix(from first: Int, candidates: [[Int]], extending previous: [Int]) throws
        -> (labels: [Int], residual: Double, lowerBound: Double) {
        let suffix = Matrix(rowArrays: Array(rows[first...]))
        best = .infinity
        for candidate in candidates + (0..<clusters).map({ [$0] + previous }) {
            let value = try SubspaceResidual.residual(suffix, labels: candidate, clusters: clusters, dimension: dimension)
            if value < best { (best, bestLabels) = (value, candidate) }
        }
        scatters = [[Double]](repeating: keepsScatters ? [Double](repeating: 0, count: columns * columns) : [], count: clusters)
        members = [[Int]](repeating: [], count: clusters)
        residuals = [Double](repeating: 0, count: clusters)
        labels = [Int](repeating: 0, count: rows.count)
        prunedFloor = .infinity
        openFloor = .infinity
        if exhausted() {
            openFloor = suffixBound[first + 1]  // the root: point `first` alone has residual 0
        } else {
            try explore(depth: first, first: first, used: 0, partial: 0)
        }
        return (bestLabels, best, min(best, prunedFloor, openFloor))
    }

    /// Expands the node whose points first..<depth are assigned (clusters 0..<used open, residual `partial`).
    private mutating func explore(depth: Int, first: Int, used: Int, partial: Double) throws {
        if depth == rows.count {
            if partial < best { (best, bestLabels) = (partial, Array(labels[first...])) }
            return
        }
        nodes += 1
        let x = rows[depth]
        var children: [(cluster: Int, scatter: [Double], residual: Double, partial: Double, bound: Double)] = []
        for k in 0..<min(used + 1, clusters) {
            let scatter = keepsScatters ? SubspaceResidual.adding(x, to: scatters[k]) : []
            let residual = try residual(adding: depth, to: k, scatter: scatter)
            let total = partial - residuals[k] + residual
            children.append((k, scatter, residual, total, total + suffixBound[depth + 1]))
        }
        children.sort { $0.bound < $1.bound || ($0.bound == $1.bound && $0.cluster < $1.cluster) }
        for child in children {
            if child.bound >= best - 0.5 * tolerance * max(1, best) {
                prunedFloor = min(prunedFloor, child.bound)
                break
            }
            if exhausted() {
                openFloor = min(openFloor, child.bound)
                break
            }
            let k = child.cluster
            let saved = (scatters[k], residuals[k])
            (scatters[k], residuals[k]) = (child.scatter, child.residual)
            members[k].append(depth)
            labels[depth] = k
            try explore(depth: depth + 1, first: first, used: max(used, k + 1), partial: child.partial)
            (scatters[k], residuals[k]) = saved
            members[k].removeLast()
        }
    }

    /// Whether a budget is spent (and records which).
    private mutating func exhausted() -> Bool {
        if stoppedBy != nil { return true }
        if let nodeBudget, nodes >= nodeBudget { stoppedBy = "node budget" }
        if let deadline, DispatchTime.now().uptimeNanoseconds >= deadline { stoppedBy = "time budget" }
        return stoppedBy != nil
    }

    /// `labels` of all N points improved by single-point moves (each accepted only if it lowers the residual
    /// by more than rounding, 10⁻¹²·Σ‖x_i‖²), until none helps or after 50 passes.
    func improved(_ labels: [Int]) throws -> [Int] {
        let empty = [Double](repeating: 0, count: columns * columns)
        func clusterResidual(_ k: Int, _ labels: [Int]) throws -> Double {
            let members = labels.indices.filter { labels[$0] == k }
            guard members.count > dimension else { return 0 }
            let scatter = members.reduce(empty) { SubspaceResidual.adding(rows[$1], to: $0) }
            return try SubspaceResidual.tail(scatter: scatter, size: columns, dimension: dimension)
        }
        var current = labels
        var values = try (0..<clusters).map { try clusterResidual($0, current) }
        let slack = 1e-12 * max(1, rows.reduce(0) { $0 + $1.dot($1) })
        for _ in 0..<50 {
            var moved = false
            for i in rows.indices {
                let from = current[i]
                for to in 0..<clusters where to != from {
                    var trial = current
                    trial[i] = to
                    let (newFrom, newTo) = (try clusterResidual(from, trial), try clusterResidual(to, trial))
                    if newFrom + newTo < values[from] + values[to] - slack {
                        (current, values[from], values[to], moved) = (trial, newFrom, newTo, true)
                        break
                    }
                }
            }
            if !moved { break }
        }
        return current
    }
}
