import Foundation
import LinearAlgebra
import RandomStreams
import SubspaceClustering

/// Checks of [C]'s recovery rates (proofs/C.thm2.recovery-upper.md and -lower.md) for K = 1, where the global optimum of
/// the training objective is PCA, computed exactly: n×d Haar-random U, N points x_i = U a_i + σ g_i with
/// a_i ~ N(0, I_d), g_i ~ N(0, I_n), E = σ[g_1 … g_N]; Û the top-d eigenvectors of Σ x_i x_iᵀ (`KSubspaces`
/// with K = 1), and ‖E‖_F of the drawn noise (also passed to the printed `closedform bound` command, so that it
/// evaluates the bound of the case).
extension ClaimCheckRegistry {
    static let paperC: [ClaimCheck] = [recoveryUpper, recoveryLower]

    private static let recoveryParameters: [CheckParameter] = [
        .integer("points", 1, 16), .integer("rank", 1, 8), .integer("dimension", 9, 48),
        .logReal("noise", 1e-3...0.3), .integer("instance-seed", 0, 999_999),
    ]

    /// PCA's error ‖ÛÛᵀ − UUᵀ‖_F and ‖E‖_F at the check's point.
    static func principalSubspaceError(_ p: ClaimCheck.Point) throws -> (error: Double, noiseNorm: Double) {
        let n = Int(p["dimension"]!), d = Int(p["rank"]!), count = Int(p["points"]!)
        let stream = RandomStream(seed: UInt64(p["instance-seed"]!))
        let basis = try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream.substream(0))
        let signal = Matrix.product(Matrix.gaussian(rows: count, columns: d, stream: stream.substream(1)), basis, transposeB: true)
        let noise = p["noise"]! * Matrix.gaussian(rows: count, columns: n, stream: stream.substream(2))
        let fit = try KSubspaces(subspaces: 1, dimension: d, restarts: 1, seed: 0).fit(signal + noise)
        return (fit.subspaceError(to: [basis]), noise.frobeniusNorm)
    }

    static let recoveryUpper = ClaimCheck(
        key: "C.thm2.recovery-upper",
        summary: "K = 1: PCA's ‖ÛÛᵀ − UUᵀ‖_F ≤ c₁‖E‖_F/(√N − √(d−1)) for N ≥ d (c₁ = √2)",
        parameters: recoveryParameters,
        assumptions: { $0["points"]! >= $0["rank"]! },
        derived: { ["noise-norm": try principalSubspaceError($0).noiseNorm] }
    ) { p in
        let (error, noiseNorm) = try principalSubspaceError(p)
        return ClaimRatio.upper(measured: error, bound: try ClaimCheckRegistry.bound("C.thm2.recovery-upper", p, fixed: ["noise-norm": noiseNorm]).upper)
    }

    static let recoveryLower = ClaimCheck(
        key: "C.thm2.recovery-lower",
        summary: "K = 1: PCA's ‖ÛÛᵀ − UUᵀ‖_F ≥ √(2(d − N)) − c₁′‖E‖_F/(√d − √N − 1) for N < d, √d − √N > 1 (c₁′ = √2)",
        parameters: recoveryParameters,
        assumptions: { $0["points"]! < $0["rank"]! && $0["rank"]!.squareRoot() - $0["points"]!.squareRoot() > 1 },
        derived: { ["noise-norm": try principalSubspaceError($0).noiseNorm] }
    ) { p in
        let (error, noiseNorm) = try principalSubspaceError(p)
        return ClaimRatio.lower(measured: error, bound: try ClaimCheckRegistry.bound("C.thm2.recovery-lower", p, fixed: ["noise-norm": noiseNorm]).lower)
    }
}
