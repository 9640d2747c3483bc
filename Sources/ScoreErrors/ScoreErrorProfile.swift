import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import InputErrors
import RandomStreams

/// The score error of an estimator against the exact score of the Gaussian-mixture law q it was fitted to,
/// time by time and along the path [B, §3] [docs/theory.md §4]:
/// ```
/// E(t) = E_{x∼q_t} ‖ŝ(x, t) − ∇log q_t(x)‖²                 (per time, Monte Carlo with standard error)
/// R(t) = E(t) / E_{x∼q_t} ‖∇log q_t(x)‖²                    (relative error, same draws)
/// ε*²  = ∫_{t₀}^{T} g(t)² · E(t) dt,   g² = NoiseSchedule.diffusionSquared   (ideal path, ScoreErrorEnergy)
/// ε̂²  = ∫_{t₀}^{T} g(t)² · E_{x∼p̂_t} ‖ŝ(x, t) − ∇log q_t(x)‖² dt              (learned path, ScoreErrorEnergy)
/// ```
/// Convention: g² is the squared diffusion coefficient of the forward SDE dx = f(t)x dt + g(t) dB (ou:
/// g² = 1), in which [B, Prop 3.1] reads KL(p̂ ‖ q) ≤ ½ε̂² + KL(p̂_T ‖ q_T) (the `B.prop3.1.kl-upper` registry
/// entry) and the χ² bounds of [B, Prop 3.3, Thm 3.4] take ε*². The learned path needs the law p̂ whose exact
/// score ŝ is (`ScoreErrorEnergy.NoisedLaw.learned(by:)`: the Gaussian fit, the KDE, the low-rank fit); the
/// empirical and MLP scores have none, and their ε̂² is not measured. Both energies are computed by
/// `ScoreErrorEnergy.estimate` (Gauss–Legendre in t or log t), never here.
///
/// Observable part. docs/theory.md §4 defines the observability η = Var(E[M_T | Y_{t₀}]) / ε*², with M_T the
/// path martingale of the Girsanov change of measure between the learned and the ideal reverse SDE and
/// Y_{t₀} the endpoint. It is not computed: E[M_T | Y_{t₀}] is a conditional expectation of a stochastic
/// integral over the whole path given its endpoint, with no closed form for a mixture and no unbiased
/// single-level Monte-Carlo estimator (it needs nested path simulation), and docs/theory.md records M_T's exact
/// definition only from a secondary source (sec). The toolkit keeps η an explicit constant
/// (`BoundConstants.eta`, `--eta`). One case is exact: a constant error (ŝ − ∇log q_t independent of x,
/// e.g. a mean shift under `ou`) is fully visible at the endpoint, η = 1, the equality case of Prop 3.1.
///
/// Randomness: time i of the profile draws from `RandomStream(seed).substream(i)`, ε*² from
/// `RandomStream(seed + 1)`'s substreams and ε̂² from `RandomStream(seed + 3)`'s, so entries are independent
/// of one another, of the energies' draws, and of the number of threads.
public struct ScoreErrorProfile: Sendable {
    /// The error at one time.
    public struct Entry: Sendable, Equatable {
        /// t.
        public let time: Double
        /// E(t) = E‖ŝ − ∇log q_t‖², a Monte-Carlo mean.
        public let meanSquaredError: Double
        /// Its standard error √(sample variance / M).
        public let standardError: Double
        /// E‖∇log q_t‖² on the same draws (the scale of the score; n/(s²(1+σ²)) for q = N(0, I)).
        public let meanSquaredScore: Double
        /// g(t)².
        public let diffusionSquared: Double

        /// E(t)/E‖∇log q_t‖².
        public var relativeError: Double { meanSquaredError / meanSquaredScore }
        /// g(t)²·E(t), the integrand of ε².
        public var weightedError: Double { diffusionSquared * meanSquaredError }
    }

    /// One entry per requested time, in the order given.
    public let entries: [Entry]
    /// ε*² over [t₀, T], the ideal path (expectation under q_t), with its Monte-Carlo standard error.
    public let idealPath: ScoreErrorEnergy.Energy
    /// ε̂² over [t₀, T], the learned path (expectation under p̂_t); nil when the estimator has no law.
    public let learnedPath: ScoreErrorEnergy.Energy?
    /// t₀ and T of the path energy.
    public let interval: ClosedRange<Double>
    /// Gauss–Legendre nodes of the path energy.
    public let timeNodes: Int
    /// Draws of q_t per time (and per node of the path energy).
    public let samplesPerTime: Int

    /// Measures the profile at `times` and both path energies over [t₀, T].
    ///
    /// - Parameters:
    ///   - estimate: ŝ, under the same schedule and dimension as `truth`.
    ///   - learnedLaw: p̂_t, the noised law whose exact score ŝ is; nil skips ε̂².
    ///   - truth: the exact score of q₀.
    ///   - times: each a valid time of the schedule (> 0 for estimators without a score at 0, e.g. empirical).
    ///   - samplesPerTime: M ≥ 2 draws of q_t per time and per quadrature node.
    ///   - t0, T: the path-energy interval, 0 ≤ t₀ < T (see `ScoreErrorEnergy.estimate`).
    ///   - timeNodes: Gauss–Legendre nodes of the path energy, 1…10 000.
    ///   - seed: seed of every draw.
    /// - Throws: `InputError` naming the parameter for invalid arguments; what the scores throw.
    public static func measure(estimate: any ScoreModel, learnedLaw: ScoreErrorEnergy.NoisedLaw?, truth: ExactMixtureScore,
                               times: [Double], samplesPerTime: Int, from t0: Double, to T: Double, timeNodes: Int,
                               seed: UInt64) throws -> ScoreErrorProfile {
        let ideal = try ScoreErrorEnergy.estimate(.ideal, estimate: estimate, truth: truth, from: t0, to: T, timeNodes: timeNodes,
                                                  samplesPerNode: samplesPerTime, seed: seed &+ 1)
        let learned = try learnedLaw.map {
            try ScoreErrorEnergy.estimate(.learned, estimate: estimate, learnedLaw: $0, truth: truth, from: t0, to: T,
                                          timeNodes: timeNodes, samplesPerNode: samplesPerTime, seed: seed &+ 3)
        }
        let root = RandomStream(seed: seed)
        let entries = try times.enumerated().map { index, time in
            try entry(estimate: estimate, truth: truth, time: time, samples: samplesPerTime, stream: root.substream(UInt64(index)))
        }
        return ScoreErrorProfile(entries: entries, idealPath: ideal, learnedPath: learned,
                                 interval: t0...T, timeNodes: timeNodes, samplesPerTime: samplesPerTime)
    }

    /// E(t), its standard error and E‖∇log q_t‖² from `samples` exact draws of q_t taken from `stream`.
    /// - Throws: `InputError` naming `time` or `samples`; what the scores throw.
    public static func entry(estimate: any ScoreModel, truth: ExactMixtureScore, time: Double, samples: Int,
                             stream: RandomStream) throws -> Entry {
        do { try truth.schedule.validate(time: time) } catch let error as InputError { throw error.attributed(to: "time") }
        guard samples >= 2 else {
            throw InputError(source: "samples", field: "", reason: "\(samples) is too small; give at least 2 (a standard error needs two draws)")
        }
        let measured = try RelativeScoreError.measure(estimate: estimate, truth: truth, time: time, samples: samples, stream: stream)
        return Entry(time: time, meanSquaredError: measured.meanSquaredError, standardError: measured.standardError,
                     meanSquaredScore: measured.meanSquaredScore,
                     diffusionSquared: truth.schedule.diffusionSquared(at: time))
    }
}

extension ScoreErrorEnergy.NoisedLaw {
    /// The noised law p̂_t of a fitted model whose score is the exact score of its law: the KDE through its own
    /// exact sampler pushed forward (its N-component mixture is never built), any other model through
    /// `FittedScoreModel.law`; nil when the model has no law (empirical, MLP).
    public static func learned(by fitted: any FittedScoreModel) -> ScoreErrorEnergy.NoisedLaw? {
        if let kde = fitted as? FittedKernelDensity {
            return .pushedForward(schedule: kde.schedule) { kde.sample(count: $0, stream: $1) }
        }
        return fitted.law.map { .noised($0, schedule: fitted.schedule) }
    }
}
