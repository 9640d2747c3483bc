import Foundation

/// What one run measured on one generation p̂^i (and on round i, which trains on q_i and produces p̂^{i+1}).
///
/// Values may be +∞ (a divergent χ², with `chiSquaredNote`); `JSONValue.encoding` writes them as the
/// string "Infinity".
public struct GenerationMeasurement: Sendable, Codable, Equatable {
    public let generation: Int
    /// D_i = χ²(p̂^i‖p_data): closed form (one-component p_data) or importance sampling (`ChiSquaredToMixture`);
    /// NaN when `RetrainingMeasurement.divergences` is false (so is `kl`).
    public let chiSquared: Double
    public let chiSquaredStandardError: Double
    public let chiSquaredNote: String?
    /// The Pareto k̂ of the importance weights of `chiSquared` (`ImportanceSamplingDiagnostics`; > 0.7 flags the
    /// value unreliable); nil for a closed form.
    public let chiSquaredParetoK: Double?
    /// KL(p̂^i‖p_data): closed form between Gaussians, else Monte Carlo from p̂^i.
    public let kl: Double
    public let klStandardError: Double
    /// KL(p_data‖p̂^i), the other direction: closed form between Gaussians, else Monte Carlo from p_data.
    public let klReverse: Double
    public let klReverseStandardError: Double
    /// H²(p̂^i, p_data) = 1 − ∫√(p̂^i p_data), the squared Hellinger distance: closed form between Gaussians,
    /// else Monte Carlo from p̂^i (`MonteCarloDivergence.hellingerSquared`). NaN where `kl` is.
    public let hellinger2: Double
    public let hellinger2StandardError: Double
    /// Gelbrich's lower bound on W₂(p̂^i, p_data) [G90]: the Bures distance between the moment-matched
    /// Gaussians N(mean, Cov) of the two laws (exact moments), `MixtureDivergenceBounds.gelbrich`. W₂ itself
    /// when both laws are Gaussian.
    public let w2Lower: Double
    /// The mixture-Wasserstein upper bound MW₂(p̂^i, p_data) ≥ W₂ of Delon & Desolneux [DD20] (optimal
    /// transport between the components with Bures costs), `MixtureDivergenceBounds.mixtureWasserstein2`.
    /// W₂ itself when both laws have one component, so then equal to `w2Lower`. NaN when
    /// `RetrainingMeasurement.divergences` is false or K_P·K_Q exceeds `RetrainingMeasurement.maximumTransportCells`.
    public let w2Upper: Double
    /// p̂^i's mean vector.
    public let mean: [Double]
    /// p̂^i's covariance, n×n row-major.
    public let covariance: [Double]
    /// ‖mean − mean(p_data)‖.
    public let meanError: Double
    /// tr Σ / n, the average per-coordinate variance.
    public let averageVariance: Double
    /// ε*_i² of round i, the ideal-path energy (the fit to q_i against q_i's exact score, expectation under
    /// q_{i,t}, `ScoreErrorEnergy`); nil for the last generation or when not measured.
    public let scoreError: Double?
    public let scoreErrorStandardError: Double?
    /// ε̂_i² of round i, the learned-path energy (expectation under the noised law of the fit p̂^{i+1}, the
    /// energy of [B, Prop 3.1]); nil where `scoreError` is.
    public let learnedScoreError: Double?
    public let learnedScoreErrorStandardError: Double?
    /// Round i's one-round divergences of p̂^{i+1} from its training law q_i = α p_data + (1 − α) p̂^i
    /// (`OneRoundDivergences`); nil for the last generation or when not measured.
    public let round: OneRoundDivergences?
}

/// What round i did to its training law: the quantities [B, Prop 3.1, Prop 3.3, Thm 3.4] bound.
///
/// ```
/// I_i = χ²(p̂^{i+1} ‖ q_i)                 closed form when q_i has one component, else importance sampling
/// KL(p̂^{i+1} ‖ q_i)                       closed form between Gaussians, else Monte Carlo from p̂^{i+1}
/// KL(p̂^{i+1}_{t₀} ‖ q_{i,t₀}), KL(p̂^{i+1}_T ‖ q_{i,T})   the same for the laws noised to t₀ and T
/// ```
/// The noised KLs are the two sides of Prop 3.1 at early stopping t₀ > 0: KL(p̂_{t₀} ‖ q_{t₀}) ≤ ½ε̂² + KL_T.
public struct OneRoundDivergences: Sendable, Codable, Equatable {
    /// I_i = χ²(p̂^{i+1} ‖ q_i); +∞ with `chiSquaredNote` when ∫p²/q diverges, NaN when undecided.
    public let chiSquared: Double
    public let chiSquaredStandardError: Double
    public let chiSquaredNote: String?
    /// KL(p̂^{i+1} ‖ q_i).
    public let kl: Double
    public let klStandardError: Double
    /// KL(p̂^{i+1}_{t₀} ‖ q_{i,t₀}), the left side of Prop 3.1 when the energies start at t₀.
    public let klAtStart: Double
    public let klAtStartStandardError: Double
    /// KL_T = KL(p̂^{i+1}_T ‖ q_{i,T}), Prop 3.1's terminal term.
    public let terminalKL: Double
    public let terminalKLStandardError: Double
}

/// One run: generations 0…G.
public struct RetrainingRun: Sendable, Codable, Equatable {
    public let run: Int
    public let generations: [GenerationMeasurement]
}

/// Mean over runs with a 95 % confidence interval.
///
/// ```
/// mean ± t_{0.975, R−1} · s/√R        (Student t: the runs are i.i.d. and R is small)
/// ```
/// With one run, or any infinite value, `lower`/`upper` are nil; `infiniteRuns` counts runs at +∞ (the
/// mean is then +∞).
public struct RunSummary: Sendable, Codable, Equatable {
    public let mean: Double
    public let lower: Double?
    public let upper: Double?
    /// Sample standard deviation over runs (nil with one run or an infinite value).
    public let standardDeviation: Double?
    public let runs: Int
    public let infiniteRuns: Int
}

/// `OneRoundDivergences` over runs.
public struct OneRoundSummary: Sendable, Codable, Equatable {
    /// I_i = χ²(p̂^{i+1} ‖ q_i) (`infiniteRuns` counts the runs where it is +∞).
    public let chiSquared: RunSummary
    /// The reason of the first run whose I_i is +∞ or NaN.
    public let chiSquaredNote: String?
    /// Runs whose I_i is NaN (finiteness undecided).
    public let undecidedRuns: Int
    public let kl: RunSummary
    public let klAtStart: RunSummary
    public let terminalKL: RunSummary
}

/// The exact population (N = ∞) values of one generation, where the population law is known.
public struct PopulationMeasurement: Sendable, Codable, Equatable {
    /// χ²(p̂^i‖p_data) of the exact law: closed form, importance sampling (with its SE), or +∞ with a note.
    public let chiSquared: Double
    public let chiSquaredStandardError: Double
    public let chiSquaredNote: String?
    /// As `GenerationMeasurement.chiSquaredParetoK`.
    public let chiSquaredParetoK: Double?
    public let meanError: Double
    public let averageVariance: Double
}

/// One row per generation i = 0…G.
public struct RetrainingRow: Sendable, Codable, Equatable {
    public let generation: Int
    /// α.
    public let freshFraction: Double
    public let chiSquared: RunSummary
    public let kl: RunSummary
    /// KL(p_data‖p̂^i).
    public let klReverse: RunSummary
    /// H²(p̂^i, p_data).
    public let hellinger2: RunSummary
    /// Round i's one-round divergences over runs; nil on the last row or when not measured.
    public let round: OneRoundSummary?
    /// Gelbrich's lower bound on W₂(p̂^i, p_data) (`GenerationMeasurement.w2Lower`).
    public let w2Lower: RunSummary
    /// The MW₂ upper bound on W₂(p̂^i, p_data) (`GenerationMeasurement.w2Upper`).
    public let w2Upper: RunSummary
    /// ε*_i² (ideal path) of round i; nil on the last row or when not measured.
    public let scoreError: RunSummary?
    /// ε̂_i² (learned path) of round i; nil on the last row or when not measured.
    public let learnedScoreError: RunSummary?
    public let meanError: RunSummary
    public let averageVariance: RunSummary
    /// The exact population values, when `RetrainingConfiguration.population` was given.
    public let population: PopulationMeasurement?
}

/// The result of `RecursiveRetraining.run`: the settings, one row per generation, and every run.
public struct RetrainingResult: Sendable, Codable, Equatable {
    public let rule: String
    public let freshFraction: Double
    public let syntheticRatio: Double
    public let trainingSize: Int
    public let generations: Int
    public let runs: Int
    public let seed: UInt64
    public let dimension: Int
    public let sampling: GenerationSampling
    public let measurement: RetrainingMeasurement
    public let rows: [RetrainingRow]
    public let perRun: [RetrainingRun]
}

/// Progress: `completed` of `total` steps (`RecursiveRetraining.progressSteps`: runs × (5G + 4), a round's
/// fit and the four parts of each generation's measurement), reported after each step.
public struct RetrainingProgress: Sendable, Equatable {
    public let completed: Int
    public let total: Int
    public let run: Int
    public let generation: Int
}
