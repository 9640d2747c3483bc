import Diffusion
import GaussianMixtures
import LinearAlgebra

/// A rule that fits a score model to training samples: the Gaussian maximum-likelihood fit, the KDE, the
/// empirical (memorising) denoiser, the low-rank denoiser, the small MLP.
///
/// The recursive-retraining simulator [A][B] is generic over this protocol: generation i fits a rule to a
/// training set mixed from fresh target samples and samples of generation i − 1.
public protocol FittingRule: Sendable {
    associatedtype Fitted: FittedScoreModel
    /// A short name for tables and JSON, e.g. `gaussian-mle`, `kde(h=0.6)`.
    var name: String { get }
    /// Fits to `samples` (N×n, one sample per row) under `schedule`.
    /// - Throws: `InputError` when the samples cannot support the fit (too few rows, non-finite values).
    func fit(_ samples: Matrix, schedule: NoiseSchedule) throws -> Fitted
}

/// A fitted score model whose generative law may be known exactly.
public protocol FittedScoreModel: ScoreModel {
    /// The law of the model's samples at time 0 when it is a Gaussian mixture (the Gaussian fit: N(μ̂, Σ̂);
    /// the KDE: (1/N) Σ_j N(x_j, h²I)); nil when it is only reachable through a sampler.
    var law: GaussianMixture? { get }
}
