import Diffusion
import GaussianMixtures
import LinearAlgebra
import SubspaceClustering
import InputErrors

/// Fits a MoLRG [C] to samples by subspace clustering: K-subspaces (`KSubspaces`, seeded restarts) gives
/// the partition, and each U_k is the top-d eigenspace of its cluster's second-moment matrix (PCA per
/// cluster, the minimiser of the low-rank DAE's denoising loss for a fixed partition, docs/theory.md §1). The
/// fitted model is the closed-form MoLRG denoiser with these bases, equal weights and unit variances —
/// the parameterisation of [C]'s low-rank DAE, in which only the bases are learned:
/// ```
/// Û_k = top-d eigenvectors of Σ_{i∈Ĉ_k} x_i x_iᵀ,    D(x_t) = s/(s²+γ²) Σ_k ŵ_k(x_t) Û_kÛ_kᵀ x_t
/// ```
/// Recovery [C, sample complexity, sec]: with noiseless data on orthogonal subspaces, N_k ≥ d points of
/// cluster k span its subspace exactly; with N_k < d the extra d − N_k directions are arbitrary (eigenvalue
/// 0), so the fit generalises only past N_k ≈ d.
public struct LowRankSubspaceFit: FittingRule {
    /// The clustering (K, d, restarts, iterations, seed).
    public let clustering: KSubspaces

    public init(clustering: KSubspaces) {
        self.clustering = clustering
    }

    /// K subspaces of dimension d, `restarts` seeded restarts.
    /// - Throws: `InputError` naming the parameter when K, d or restarts < 1.
    public init(subspaces: Int, dimension: Int, restarts: Int = 5, seed: UInt64 = 0) throws {
        self.init(clustering: try KSubspaces(subspaces: subspaces, dimension: dimension, restarts: restarts, seed: seed))
    }

    /// `low-rank(K=2,d=4)`.
    public var name: String { "low-rank(K=\(clustering.subspaces),d=\(clustering.dimension))" }

    /// Clusters the samples and returns the fitted MoLRG.
    /// - Throws: `InputError` naming `samples` for no rows, a non-finite value or n < d.
    public func fit(_ samples: Matrix, schedule: NoiseSchedule) throws -> FittedLowRankMixture {
        try TrainingSamples.validate(samples, minimumRows: 1, requirement: "need at least 1")
        let result: KSubspacesResult
        do {
            result = try clustering.fit(samples)
        } catch let error as InputError {
            throw InputError(source: "", field: "samples", reason: error.reason)
        }
        return FittedLowRankMixture(mixture: try LowRankMixture(bases: result.bases), clustering: result, schedule: schedule)
    }
}

/// A MoLRG fitted by `LowRankSubspaceFit`, as a score model (`LowRankMixtureScore`).
public struct FittedLowRankMixture: FittedScoreModel {
    /// The fitted law: bases Û_k, equal weights.
    public let mixture: LowRankMixture
    /// The clustering it came from (labels, objective, history).
    public let clustering: KSubspacesResult
    /// The closed-form score of `mixture`.
    public let exact: LowRankMixtureScore

    public init(mixture: LowRankMixture, clustering: KSubspacesResult, schedule: NoiseSchedule) {
        self.mixture = mixture
        self.clustering = clustering
        self.exact = LowRankMixtureScore(mixture: mixture, schedule: schedule)
    }

    public var schedule: NoiseSchedule { exact.schedule }
    public var dimension: Int { mixture.dimension }
    /// The fitted MoLRG as a general mixture.
    public var law: GaussianMixture? { mixture.gaussianMixture }

    /// ∇ log p_t by the closed-form denoiser and Tweedie (t > 0).
    public func score(_ points: Matrix, time: Double) throws -> Matrix {
        try exact.score(points, time: time)
    }
}
