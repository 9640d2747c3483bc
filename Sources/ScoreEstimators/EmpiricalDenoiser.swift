import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors

/// The empirical optimal denoiser of [D] [docs/theory.md §2]: the exact score of the training set's empirical law
/// (1/N) Σ_i δ_{y_i}, i.e. of its noised law (1/N) Σ_i N(s y_i, γ² I), γ = sσ. It minimises the denoising
/// loss on the training set exactly, and a deterministic sampler driven by it returns training points
/// (memorisation):
/// ```
/// D(x; t) = Σ_i y_i · softmax_i(−‖x − s y_i‖² / (2γ²))
/// ∇log p_t(x) = (s·D(x; t) − x) / γ²
/// ```
/// It is the KDE with bandwidth h → 0 (whose noised variance s²(h² + σ²) stays positive for t > 0), and is
/// evaluated by the same batched kernel (`FittedKernelDensity` with h = 0: two `dgemm`s per block,
/// bit-identical for any thread count).
public struct EmpiricalDenoiser: FittingRule {
    public init() {}

    /// `empirical`.
    public var name: String { "empirical" }

    /// Keeps the samples as the training points y_i.
    /// - Throws: `InputError` naming `samples` for zero rows or a non-finite value.
    public func fit(_ samples: Matrix, schedule: NoiseSchedule) throws -> FittedEmpiricalDenoiser {
        try TrainingSamples.validate(samples, minimumRows: 1, requirement: "need at least 1")
        return FittedEmpiricalDenoiser(kernel: FittedKernelDensity(centres: samples, bandwidth: 0, schedule: schedule))
    }
}

/// The fitted empirical denoiser on training points y_1 … y_N (see `EmpiricalDenoiser`).
///
/// Edge cases: at t = 0 the empirical law has no density and no score, so every evaluation needs t > 0
/// (samplers never evaluate the score at their last time, so a grid may still end at 0). As t → 0 the
/// softmax becomes the indicator of the nearest training point, and D(x; t) → the nearest y_i. Ties in
/// distance split the weight equally. `law` is nil: the empirical law is not a mixture with densities.
public struct FittedEmpiricalDenoiser: FittedScoreModel {
    /// The h = 0 kernel density evaluator (internal: its `law` would need h > 0).
    let kernel: FittedKernelDensity

    init(kernel: FittedKernelDensity) {
        self.kernel = kernel
    }

    /// The training points y_i (N×n).
    public var trainingPoints: Matrix { kernel.centres }
    public var schedule: NoiseSchedule { kernel.schedule }
    public var dimension: Int { kernel.dimension }
    /// N.
    public var count: Int { kernel.count }
    /// nil: (1/N) Σ δ_{y_i} has no density. Sample it by drawing training points.
    public var law: GaussianMixture? { nil }

    /// ∇log p_t(x) = (s·D(x; t) − x)/γ² for each row.
    /// - Throws: `InputError` naming `time` for t = 0 (or an invalid time), or points of the wrong dimension.
    public func score(_ points: Matrix, time: Double) throws -> Matrix {
        try requirePositive(time)
        return try kernel.score(points, time: time)
    }

    /// log p_t(x) of the noised empirical law (1/N) Σ_i N(x; s y_i, γ²I).
    /// - Throws: as `score`.
    public func logDensity(_ points: Matrix, time: Double) throws -> [Double] {
        try requirePositive(time)
        return try kernel.logDensity(points, time: time)
    }

    private func requirePositive(_ time: Double) throws {
        try schedule.validate(time: time)
        guard time > 0 else {
            throw InputError(source: "", field: "time",
                             reason: "0: the empirical law (1/N) Σ δ_{y_i} has no score at t = 0; evaluate at t > 0 (a sampler's grid may still end at 0)")
        }
    }
}
