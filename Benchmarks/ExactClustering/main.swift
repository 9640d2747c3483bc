// Exact subspace clustering [C] (docs/theory.md §1): how large an instance the branch and bound of
// `ExactSubspaceClustering` certifies within a time budget, against exhaustive enumeration; and the speed of
// the K-subspaces heuristic at the authors' scale.
//
//   swift build -c release --package-path Benchmarks --product closedform-exact-clustering-benchmark
//   Benchmarks/.build/release/closedform-exact-clustering-benchmark [budget seconds (10)] [seed (1)] [noise (0.05)]
//
// Data (part 1): n = 6, d = 2, K ∈ {2, 3}. For each N a fresh instance from the seed: K Haar-random 2-D
// subspaces U_k of ℝ⁶ (`Matrix.randomOrthonormal`); point i lies on subspace i mod K with signal
// s_i = U_k a_i, a_i ~ N(0, I_2), and x_i = s_i + (ν/√6)·‖s_i‖·g_i, g_i ~ N(0, I_6), ν = `noise` (0.05), so that
// E‖noise‖² = ν²·‖s_i‖² (noise 5 % of the signal's norm by default). Columns: the solver's wall seconds (incumbent
// included), nodes expanded, certified within the budget, the gap upperBound − lowerBound, the stop reason;
// enumeration's seconds when it visits ≤ 10⁵ partitions (and whether its optimum matches), else the count
// Σ_{j≤K} S(N, j) of partitions it would visit (≈ K^{N−1}/(K−1)!). Each K stops at its first uncertified N.
//
// Part 2: `KSubspaces.fit` on 10⁴ points, n = 48, K = 4 random 4-D subspaces, same noise model; seconds per
// restart (5 restarts, best of 3 runs after one warm-up) and the Lloyd iterations of the winning restart.
import Dispatch
import Foundation
import ClosedForm

/// Wall seconds of `body`, and its value.
func timed<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, value)
}

/// N points on K random d-dimensional subspaces of ℝⁿ (point i on subspace i mod K), noise ν·‖signal‖.
func instance(rows: Int, columns n: Int, subspaces k: Int, dimension d: Int, noise: Double, stream: RandomStream) throws -> Matrix {
    let bases = try (0..<k).map { _ in try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream) }
    return Matrix(rowArrays: (0..<rows).map { i in
        let signal = bases[i % k] * stream.gaussians(d)
        return signal.adding((noise / Double(n).squareRoot() * signal.euclideanNorm) * stream.gaussians(n))
    })
}

let arguments = CommandLine.arguments.dropFirst()
let budget = arguments.first.flatMap(Double.init) ?? 10
let seed = arguments.dropFirst().first.flatMap(UInt64.init) ?? 1
let noise = arguments.dropFirst(2).first.flatMap(Double.init) ?? 0.05
let sizes = [10, 12, 14, 16, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300, 400, 600, 800, 1000]

// Part 0: [C]'s own scale. n = 48, d ∈ {2, 3, 4, 5}, K ∈ {2, 3, 4}, N_k = 1 … 2d points per subspace (N = K·N_k,
// point i on subspace i mod K), same noise model; one instance per (K, d, N_k). Each (K, d) stops at its first
// uncertified N.
print("closedform-exact-clustering-benchmark: [C]'s scale, n = 48, noise \(noise)·‖signal‖, time budget \(budget) s, seed \(seed)")
print("    K    d  N_k    N   exact s      nodes  certified        gap  stopped by")
var largestAtScale: [(k: Int, d: Int, largest: Int?, complete: Bool)] = []
for d in [2, 3, 4, 5] {
    for k in [2, 3, 4] {
        var largest: Int?
        var complete = true
        for perSubspace in 1...(2 * d) {
            let rows = k * perSubspace
            let points = try instance(rows: rows, columns: 48, subspaces: k, dimension: d, noise: noise,
                                      stream: RandomStream(seed: seed).substream(UInt64(10_000 + 1_000 * d + 100 * k + perSubspace)))
            let solver = try ExactSubspaceClustering(subspaces: k, dimension: d, timeBudget: budget)
            let (seconds, result) = try timed { try solver.solve(points) }
            let stop = (result.stoppedBy ?? "-").padding(toLength: 12, withPad: " ", startingAt: 0)
            print(String(format: "%5d %4d %4d %4d %9.3f %10d  ", k, d, perSubspace, rows, seconds, result.nodes) + (result.certified ? "      yes" : "       no")
                  + String(format: " %10.2e  ", result.gap) + stop)
            guard result.certified else { complete = false; break }
            largest = rows
        }
        largestAtScale.append((k, d, largest, complete))
    }
}
for entry in largestAtScale {
    let reach = entry.largest.map { "N = \($0) (N_k = \($0 / entry.k))" } ?? "none"
    print("n = 48, d = \(entry.d), K = \(entry.k): largest N certified within \(budget) s: \(reach)" + (entry.complete ? ", every N_k ≤ 2d" : ""))
}
print("")

print("closedform-exact-clustering-benchmark: n = 6, d = 2, noise \(noise)·‖signal‖, time budget \(budget) s, seed \(seed)")
print("    K    N   exact s      nodes  certified        gap  stopped by     enumeration")
for k in [2, 3] {
    var largest: Int?
    for (index, rows) in sizes.enumerated() {
        let points = try instance(rows: rows, columns: 6, subspaces: k, dimension: 2, noise: noise,
                                  stream: RandomStream(seed: seed).substream(UInt64(100 * k + index)))
        let solver = try ExactSubspaceClustering(subspaces: k, dimension: 2, timeBudget: budget)
        let (seconds, result) = try timed { try solver.solve(points) }
        let partitions = ExhaustiveSubspaceClustering.partitionCount(points: rows, subspaces: k)
        var enumeration = partitions.isFinite ? String(format: "(%.3g partitions)", partitions) : "(> 1.8e308 partitions)"
        if partitions <= 1e5 {
            let (enumerationSeconds, optimum) = try timed { try ExhaustiveSubspaceClustering(subspaces: k, dimension: 2).solve(points) }
            let agrees = abs(optimum.residual - result.residual) <= 1e-9 * max(1, optimum.residual)
            enumeration = String(format: "%.3f s, ", enumerationSeconds) + (agrees ? "same optimum" : "DIFFERENT optimum \(optimum.residual)")
        }
        let stop = (result.stoppedBy ?? "-").padding(toLength: 12, withPad: " ", startingAt: 0)
        print(String(format: "%5d %4d %9.3f %10d  ", k, rows, seconds, result.nodes) + (result.certified ? "      yes" : "       no")
              + String(format: " %10.2e  ", result.gap) + stop + "  " + enumeration)
        guard result.certified else { break }
        largest = rows
    }
    print("K = \(k): largest N certified within \(budget) s: \(largest.map(String.init) ?? "none")")
}

let large = try instance(rows: 10_000, columns: 48, subspaces: 4, dimension: 4, noise: noise, stream: RandomStream(seed: seed).substream(999))
let restarts = 5
let heuristic = try KSubspaces(subspaces: 4, dimension: 4, restarts: restarts, seed: seed)
_ = try heuristic.fit(large)
var best = Double.infinity
var iterations = 0
for _ in 0..<3 {
    let (seconds, result) = try timed { try heuristic.fit(large) }
    best = min(best, seconds)
    iterations = result.history.count
}
print(String(format: "K-subspaces, N = 10000, n = 48, K = 4, d = 4: %.4f s per restart (best of 3 runs of %d restarts), %d assignment steps in the winning restart",
             best / Double(restarts), restarts, iterations))
