import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors

/// Fits one Gaussian N(μ̂, Σ̂) to the samples by its moments, the fit whose recursive retraining collapses
/// [docs/theory.md §3, Proposition λ = ∞] and the simplest estimator of [A] and [B]:
/// ```
/// μ̂ = (1/N) Σ_i x_i        Σ̂ = (1/D) Σ_i (x_i − μ̂)(x_i − μ̂)ᵀ,   D = N (biased, the MLE) or N − 1 (unbiased)
/// ```
/// Σ̂ is the Gram matrix of the centred samples through one `dgemm`. Its expectation is ((N−1)/N)·Σ for
/// the MLE and Σ for the unbiased convention, so refitting the MLE on its own samples shrinks E Σ̂ by
/// (N−1)/N per round.
///
/// Edge cases: N ≤ n leaves Σ̂ singular (the centred samples span at most N − 1 directions), so at least
/// n + 1 rows are required; samples in a proper affine subspace are rejected as singular.
public struct GaussianMaximumLikelihood: FittingRule {
    /// The divisor D of the sample covariance.
    public enum VarianceConvention: String, CaseIterable, Sendable {
        /// D = N: the maximum-likelihood estimate, biased by the factor (N−1)/N.
        case biased
        /// D = N − 1: the unbiased estimate.
        case unbiased

        /// D for N samples.
        public func divisor(sampleCount: Int) -> Double {
            switch self {
            case .biased: return Double(sampleCount)
            case .unbiased: return Double(sampleCount - 1)
            }
        }
    }

    /// Which divisor Σ̂ uses.
    public var convention: VarianceConvention

    public init(convention: VarianceConvention = .biased) {
        self.convention = convention
    }

    /// `gaussian-mle` (D = N) or `gaussian-unbiased` (D = N − 1).
    public var name: String { convention == .biased ? "gaussian-mle" : "gaussian-unbiased" }

    /// The sample mean and covariance (see the type's formula).
    /// - Throws: `InputError` naming `samples` for fewer than n + 1 rows or a non-finite value.
    public func moments(_ samples: Matrix) throws -> (mean: [Double], covariance: Matrix) {
        let n = samples.columns
        try TrainingSamples.validate(samples, minimumRows: n + 1,
                                     requirement: "need at least \(n + 1) (dimension + 1) for a non-singular covariance")
        let count = samples.rows
        let ones = [Double](repeating: 1, count: count)
        let mean = samples.transposedTimes(ones).map { $0 / Double(count) }
        let gram = samples.subtractingFromRows(mean).gram.symmetrised
        let divisor = convention.divisor(sampleCount: count)
        return (mean, Matrix(rows: n, columns: n, elements: gram.elements.map { $0 / divisor }))
    }

    /// Fits N(μ̂, Σ̂); the score at time t is the exact score of its noised law N(sμ̂, s²(Σ̂ + σ²I)).
    /// - Throws: `InputError` naming `samples` for too few rows, a non-finite value, or a singular Σ̂.
    public func fit(_ samples: Matrix, schedule: NoiseSchedule) throws -> FittedGaussian {
        let (mean, covariance) = try moments(samples)
        let gaussian: Gaussian
        do {
            gaussian = try Gaussian(mean: mean, covariance: covariance)
        } catch let error as InputError {
            throw InputError(source: "", field: "samples",
                             reason: "their sample covariance is singular (\(error.reason)); the \(samples.rows) rows lie in a proper affine subspace of dimension \(samples.columns)")
        }
        return FittedGaussian(gaussian: gaussian, convention: convention, schedule: schedule)
    }
}

/// A fitted Gaussian N(μ̂, Σ̂) as a score model: its law is exact, its score is `ExactMixtureScore`'s.
public struct FittedGaussian: FittedScoreModel {
    /// N(μ̂, Σ̂).
    public let gaussian: Gaussian
    /// The divisor convention it was fitted with.
    public let convention: GaussianMaximumLikelihood.VarianceConvention
    /// The exact diffusion of N(μ̂, Σ̂) (Σ̂ is diagonalised once, at the fit).
    public let exact: ExactMixtureScore

    public init(gaussian: Gaussian, convention: GaussianMaximumLikelihood.VarianceConvention, schedule: NoiseSchedule) {
        self.gaussian = gaussian
        self.convention = convention
        self.exact = ExactMixtureScore(data: GaussianMixture(gaussian), schedule: schedule)
    }

    public var schedule: NoiseSchedule { exact.schedule }
    public var dimension: Int { gaussian.dimension }
    /// μ̂.
    public var mean: [Double] { gaussian.mean }
    /// Σ̂.
    public var covariance: Matrix { gaussian.covariance }
    /// N(μ̂, Σ̂) as a one-component mixture.
    public var law: GaussianMixture? { exact.data }

    /// ∇ log p_t(x) = −(s²(Σ̂ + σ²I))⁻¹(x − sμ̂) for each row [docs/theory.md §0].
    public func score(_ points: Matrix, time: Double) throws -> Matrix {
        try exact.score(points, time: time)
    }

    /// log p_t(x) for each row.
    public func logDensity(_ points: Matrix, time: Double) throws -> [Double] {
        try exact.logDensity(points, time: time)
    }
}
