import Foundation
import LinearAlgebra
import RandomStreams
import SubspaceClustering

/// `clustering`: the subspace-clustering problem that training a MoLRG denoiser reduces to [C]
/// (proofs/core.scenarios.md, proofs/C.exact-solver.md).
///
/// K subspaces of ℝⁿ, each spanned by a Haar-random n×d basis U_k, and N_k points on each,
/// x = U_k c + σe with c ~ N(0, I_d), e ~ N(0, I_n); E = σ[e_1 … e_N] is the noise matrix. Quantities, all
/// exact (deterministic given the seed):
/// ```
/// optimum_residual     min over partitions Σ_k Σ_{j>d} λ_j(S_k)   certified by ExactSubspaceClustering
/// optimum_error        max_k ‖Û_kÛ_kᵀ − U_πkU_πkᵀ‖_F of the optimal partition's bases (best matching π)
/// ksubspaces_residual  the residual KSubspaces reaches (5 restarts)
/// noise_energy         ‖E‖_F²
/// ```
/// optimum_residual ≤ ksubspaces_residual (the optimum is a minimum) and optimum_residual ≤ noise_energy
/// (the true partition with the true bases leaves residual Σ‖(I − U_kU_kᵀ)σe_i‖² ≤ ‖E‖_F²). A case the exact
/// solver cannot certify within `nodeBudget` search nodes is skipped, never guessed.
public struct ClusteringScenario: Scenario {
    public init() {}

    public let name = "clustering"
    public let summary = "K random d-dimensional subspaces of ℝⁿ with N_k noisy points each: the certified optimal clustering residual against K-subspaces"

    /// Search nodes of the exact solver per case: certifies the default box (N ≤ 15 points) in well under a
    /// second, and bounds the time of a hard (noisy, overlapping) case.
    public static let nodeBudget = 20_000
    /// Restarts of `KSubspaces`, the library's default.
    public static let kSubspacesRestarts = 5

    public var parameters: [ScenarioParameter] {
        [
            ScenarioParameter("dimension", .integer(2...5), "ambient dimension n"),
            ScenarioParameter("subspaces", .integer(1...3), "number K of subspaces"),
            ScenarioParameter("rank", .integer(1...2), "dimension d < n of each subspace"),
            ScenarioParameter("points", .integer(2...5), "points N_k on each subspace"),
            ScenarioParameter("noise", .real(0...0.5, logScale: false), "noise level σ: x = U_k c + σe"),
            ScenarioParameter("seed", .integer(0...999_999), "seed of the bases, the coefficients, the noise and K-subspaces"),
        ]
    }

    public var quantities: [ScenarioQuantity] {
        [
            ScenarioQuantity("optimum_residual", "min over partitions Σ_k Σ_{j>d} λ_j(S_k), S_k = Σ_{i∈C_k} x_i x_iᵀ (certified optimum)",
                             citation: "C.exact-solver", method: .exact),
            ScenarioQuantity("optimum_error", "max_k ‖Û_kÛ_kᵀ − U_πkU_πkᵀ‖_F of the optimal partition's bases against the true ones",
                             citation: "C.metrics", method: .exact),
            ScenarioQuantity("ksubspaces_residual", "Σ_i min_k ‖x_i − Û_kÛ_kᵀx_i‖² reached by K-subspaces (5 restarts)",
                             citation: "C.k-subspaces", method: .exact),
            ScenarioQuantity("noise_energy", "‖E‖_F², the squared Frobenius norm of the noise", citation: "C.exact-solver", method: .exact),
        ]
    }

    /// The true bases, the points (N_k rows per subspace, in subspace order) and ‖E‖_F² at `arguments`.
    public static func instance(_ arguments: [String: ScenarioArgument]) throws -> (bases: [Matrix], points: Matrix, noiseEnergy: Double) {
        let n = arguments.integer("dimension"), K = arguments.integer("subspaces"), d = arguments.integer("rank")
        let perSubspace = arguments.integer("points"), sigma = arguments.real("noise")
        let stream = RandomStream(seed: UInt64(arguments.integer("seed")))
        let bases = try (0..<K).map { try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream.substream(UInt64($0))) }
        let coefficients = stream.substream(100), noise = stream.substream(101)
        var rows: [[Double]] = [], noiseEnergy = 0.0
        for basis in bases {
            for _ in 0..<perSubspace {
                let c = coefficients.gaussians(d), e = noise.gaussians(n).map { sigma * $0 }
                rows.append((0..<n).map { i in (0..<d).reduce(e[i]) { $0 + basis[i, $1] * c[$1] } })
                noiseEnergy += e.dot(e)
            }
        }
        return (bases, Matrix(rowArrays: rows), noiseEnergy)
    }

    public func evaluate(_ arguments: [String: ScenarioArgument], requested: Set<String>) throws -> ScenarioCase {
        let n = arguments.integer("dimension"), K = arguments.integer("subspaces"), d = arguments.integer("rank")
        guard d < n else { return .skipped("rank d = \(d) must be below the dimension n = \(n) (d = n fits every point exactly)") }
        let (bases, points, noiseEnergy) = try Self.instance(arguments)
        let seed = RandomStream(seed: UInt64(arguments.integer("seed"))).substream(102).seed
        var values: [String: ScenarioQuantityValue] = [:]
        if !requested.isDisjoint(with: ["optimum_residual", "optimum_error"]) {
            let optimum = try ExactSubspaceClustering(subspaces: K, dimension: d, nodeBudget: Self.nodeBudget, seed: seed).solve(points)
            guard optimum.certified else {
                return .skipped("not certified within \(Self.nodeBudget) nodes of the exact solver (residual \(optimum.upperBound), lower bound \(optimum.lowerBound))")
            }
            values["optimum_residual"] = .scalar(MeasuredValue(optimum.residual))
            values["optimum_error"] = .scalar(MeasuredValue(ClusteringMetrics.matchSubspaces(optimum.bases, truth: bases).worstDistance))
        }
        if requested.contains("ksubspaces_residual") {
            let fit = try KSubspaces(subspaces: K, dimension: d, restarts: Self.kSubspacesRestarts, seed: seed).fit(points)
            values["ksubspaces_residual"] = .scalar(MeasuredValue(fit.residual))
        }
        values["noise_energy"] = .scalar(MeasuredValue(noiseEnergy))
        return .evaluated(values.filter { requested.contains($0.key) })
    }
}
