import Foundation
import Diffusion
import GaussianMixtures
import InputErrors

/// How generation i + 1's samples are drawn from the model fitted in round i.
public enum GenerationSampling: String, Sendable, Codable, CaseIterable {
    /// Exact draws from the fitted law: a KDE's direct sampler, else `law.sample`.
    case exactLaw = "exact-law"
    /// The reverse SDE (Euler–Maruyama, `EulerMaruyamaSampler`) driven by the fitted score, from the prior
    /// N(0, γ(T)²I) at T down to t₀ on a uniform grid (`SamplerSettings`), as in [B]'s experiment. The
    /// samples then carry the sampler's discretisation and early-stopping error; divergences are still
    /// measured on the fitted law (the law the sampler targets).
    case reverseSDE = "reverse-sde"
}

/// The reverse-time sampler's grid when `GenerationSampling.reverseSDE` is used; defaults are [B]'s
/// (OU, T = 4 → t₀ = 0.02, 500 Euler–Maruyama steps).
public struct SamplerSettings: Sendable, Codable, Equatable {
    public var start = 4.0
    public var end = 0.02
    public var steps = 500
    public init() {}
}

/// What is measured per generation and how precisely (Monte-Carlo sizes are independent of the
/// simulation's training size N).
public struct RetrainingMeasurement: Sendable, Codable, Equatable {
    /// Whether χ², KL and the MW₂ upper bound on W₂ are measured per generation (false: all three are NaN,
    /// for runs that read only moments).
    public var divergences = true
    /// Largest K_P·K_Q (components of p̂^i times components of p_data) for which MW₂ is computed; above it
    /// MW₂ is NaN. A KDE law has one component per training point; its K_P·K_Q Bures costs and the
    /// transport simplex (`OptimalTransportPlan`, O(K_P·K_Q) pricing per pivot) take milliseconds at
    /// 400 × 5 cells and about a second per generation at 100 000.
    public static let maximumTransportCells = 100_000
    /// M, importance samples for χ²(p̂^i‖p_data) when p_data has several components (`ChiSquaredToMixture`).
    public var chiSquaredSamples = 4_000
    /// Draws of p̂^i for the Monte-Carlo KL(p̂^i‖p_data) (closed form when both are Gaussians).
    public var klSamples = 4_000
    /// The score-error energies of each round, ε*_i² (ideal path) and ε̂_i² (learned path) (`ScoreErrorEnergy`);
    /// nil skips both.
    public var scoreError: ScoreErrorSettings? = ScoreErrorSettings()

    public init() {}

    /// ε² = ∫_{t₀}^{T} g² E‖ŝ − ∇log q_t‖² dt settings (both paths); defaults follow [B]'s GMM experiment (OU,
    /// T = 4, t₀ = 0.02) with a quick quadrature.
    public struct ScoreErrorSettings: Sendable, Codable, Equatable {
        public var t0 = 0.02
        public var T = 4.0
        public var timeNodes = 8
        public var samplesPerNode = 256
        public init() {}
    }
}

/// The parameters of a recursive-retraining simulation [A][B].
public struct RetrainingConfiguration: Sendable {
    /// p_data.
    public var target: GaussianMixture
    /// p̂⁰, the law of generation 0; nil means p_data.
    public var initial: GaussianMixture?
    /// α (or λ).
    public var mixing: MixingConvention
    /// N, rows of every training set.
    public var trainingSize: Int
    /// G: rounds 0…G−1 produce generations 1…G.
    public var generations: Int
    /// Independent runs (run r uses `RandomStream(seed).substream(r)`).
    public var runs: Int
    public var seed: UInt64
    /// The forward process the fitted score models refer to (and ε² integrates over).
    public var schedule: NoiseSchedule
    public var sampling: GenerationSampling
    /// The grid of the reverse-SDE sampler (used only with `.reverseSDE`).
    public var sampler = SamplerSettings()
    public var measurement: RetrainingMeasurement
    /// The exact population laws p̂⁰…p̂^G at N = ∞ when known (`KernelDensityPopulation.laws`,
    /// `GaussianPopulationDynamics.laws`); their D_i, moments go next to the simulated ones.
    public var population: [GaussianMixture]?

    public init(target: GaussianMixture, initial: GaussianMixture? = nil, mixing: MixingConvention,
                trainingSize: Int, generations: Int, runs: Int, seed: UInt64, schedule: NoiseSchedule = .ou,
                sampling: GenerationSampling = .exactLaw, measurement: RetrainingMeasurement = RetrainingMeasurement(),
                population: [GaussianMixture]? = nil) {
        self.target = target
        self.initial = initial
        self.mixing = mixing
        self.trainingSize = trainingSize
        self.generations = generations
        self.runs = runs
        self.seed = seed
        self.schedule = schedule
        self.sampling = sampling
        self.measurement = measurement
        self.population = population
    }

    /// Throws `InputError` naming the first bad field and its value.
    public func validate() throws {
        func require(_ condition: Bool, _ field: String, _ reason: String) throws {
            if !condition { throw InputError(source: "", field: field, reason: reason) }
        }
        try require(trainingSize >= 2, "trainingSize", "\(trainingSize) must be at least 2")
        try require(generations >= 0, "generations", "\(generations) must be ≥ 0")
        try require(runs >= 1, "runs", "\(runs) must be ≥ 1")
        try require(measurement.chiSquaredSamples >= 2, "chiSquaredSamples", "\(measurement.chiSquaredSamples) must be ≥ 2")
        try require(measurement.klSamples >= 2, "klSamples", "\(measurement.klSamples) must be ≥ 2")
        if let initial {
            try require(initial.dimension == target.dimension, "initial",
                        "has dimension \(initial.dimension), the target \(target.dimension)")
        }
        if let population {
            try require(population.count == generations + 1, "population",
                        "has \(population.count) laws, expected generations + 1 = \(generations + 1)")
            try require(population.allSatisfy { $0.dimension == target.dimension }, "population", "dimension differs from the target's")
        }
        try target.requireDensity()
    }
}
