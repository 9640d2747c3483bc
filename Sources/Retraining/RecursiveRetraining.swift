import Foundation
import Synchronization
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import InputErrors
import RandomStreams
import Sweeps

/// Draws a generation's samples without going through `GaussianMixture.sample`: the KDE's own exact
/// sampler (pick a centre, add h·ε), or the reverse SDE driven by a fitted score (`ReverseSDESampling`).
public protocol DirectSampler {
    func sample(count: Int, stream: RandomStream) -> Matrix
}

extension FittedKernelDensity: DirectSampler {}

/// The recursive-retraining simulator of [A] and [B], generic over the fitting rule.
///
/// Run r uses `RandomStream(seed).substream(r)`; generation i of a run draws from that stream's
/// substreams 8i + c (c = 0 fresh data, 1 synthetic data, 2 χ², 3 KL, 4 ε*², 5 ε̂², 6 one-round χ², 7 one-round
/// KLs) and 2⁴⁰ + i (KL(p_data‖p̂^i) from its substream 0, H² from 1), so each run is a fixed
/// sequential computation of its seed. Runs go in parallel as a `Sweep` (one run per unit, child tasks of a
/// task group, OpenBLAS pinned to one thread), so results are bit-identical whatever the thread count, and resumable when checkpointed.
///
/// Round i (i = 0…G−1):
/// ```
/// training set = round(αN) fresh draws of p_data  ∪  N − round(αN) draws of p̂^i   (rows in that order)
/// q_i = α p_data + (1 − α) p̂^i,   p̂^{i+1} = the law of rule.fit(training set)
/// ```
/// Deterministic counts instead of Binomial(N, α): see `MixingConvention.freshCount`. Generation 0 is
/// `initial` (default p_data). Per generation: D_i = χ²(p̂^i‖p_data), KL(p̂^i‖p_data), the bracket
/// Gelbrich ≤ W₂(p̂^i, p_data) ≤ MW₂ (both equal W₂ for two Gaussians), the law's mean and covariance, and round i's score-error energies against q_i's exact score (`ScoreErrorEnergy`): ε*_i² on the
/// ideal path (expectation under q_{i,t}) and ε̂_i² on the learned path (under the noised law of p̂^{i+1}).
public struct RecursiveRetraining<Rule: FittingRule>: Sendable {
    public let rule: Rule
    public let configuration: RetrainingConfiguration

    /// - Throws: `InputError` from `RetrainingConfiguration.validate`.
    public init(rule: Rule, configuration: RetrainingConfiguration) throws {
        try configuration.validate()
        self.rule = rule
        self.configuration = configuration
    }

    /// Every run, the per-generation summaries and (if given) the exact population values.
    ///
    /// The runs are a `Sweep` named `sweep`: under a `SweepContext` (`closedform reproduce`) finished runs
    /// are checkpointed and a re-run resumes; without one they run in memory.
    /// - Parameter progress: called after each progress step of each run (`progressSteps`), from worker threads;
    ///   its total counts the runs this process computes, so a resumed run's bar ends at 100 %.
    /// - Throws: the first error of any run (`InputError` from a fit, `LinearAlgebraError`).
    public func run(sweep: String = "runs", progress: (@Sendable (RetrainingProgress) -> Void)? = nil) async throws -> RetrainingResult {
        // The steps of the runs this process computes (a shard's, less those a resumed run's checkpoint holds).
        let total = Atomic<Int>(0), completed = Atomic<Int>(0), stepsPerRun = progressSteps / configuration.runs
        let runs = try await Sweep.run(sweep, count: configuration.runs, starting: { total.store($0.count * stepsPerRun, ordering: .relaxed) }) { index in
            try simulate(run: index) { generation in
                let done = completed.wrappingAdd(1, ordering: .relaxed).newValue
                progress?(RetrainingProgress(completed: done, total: total.load(ordering: .relaxed), run: index, generation: generation))
            }
        }
        return try result(of: runs)
    }

    /// The progress steps of all runs: per run, 1 + `measurementSteps` per round i < G (drawn and fitted; then
    /// the parts of the measurement) and `measurementSteps` for generation G, so that a long generation moves
    /// the bar several times.
    public var progressSteps: Int {
        configuration.runs * ((1 + Self.measurementSteps) * configuration.generations + Self.measurementSteps)
    }

    /// The progress steps of one generation's measurement (`measure`): D_i; KL(p̂ⁱ‖p_data); KL(p_data‖p̂ⁱ); H²,
    /// the moments and W₂; ε*_i²; ε̂_i²; the one-round divergences. Each is seconds at the paper's N = 10⁵.
    static var measurementSteps: Int { 7 }

    /// The result of runs 0…R−1 (`simulate(run:)` for each, in order): per-generation summaries over runs
    /// (95 % Student-t intervals) and the exact population values.
    public func result(of runs: [RetrainingRun]) throws -> RetrainingResult {
        let c = configuration
        precondition(runs.count == c.runs && runs.enumerated().allSatisfy { $0.offset == $0.element.run },
                     "RecursiveRetraining.result: runs must be 0…\(c.runs - 1) in order")
        let population = try c.population.map { try populationMeasurements($0) }
        let rows = (0...c.generations).map { i in
            let values = runs.map { $0.generations[i] }
            let errors = values.compactMap(\.scoreError), learnedErrors = values.compactMap(\.learnedScoreError)
            let rounds = values.compactMap(\.round)
            return RetrainingRow(
                generation: i, freshFraction: c.mixing.freshFraction,
                chiSquared: RunSummary(values.map(\.chiSquared)), kl: RunSummary(values.map(\.kl)),
                klReverse: RunSummary(values.map(\.klReverse)), hellinger2: RunSummary(values.map(\.hellinger2)),
                round: rounds.count == values.count && !rounds.isEmpty ? OneRoundSummary(rounds) : nil,
                w2Lower: RunSummary(values.map(\.w2Lower)), w2Upper: RunSummary(values.map(\.w2Upper)), scoreError: errors.count == values.count && !errors.isEmpty ? RunSummary(errors) : nil,
                learnedScoreError: learnedErrors.count == values.count && !learnedErrors.isEmpty ? RunSummary(learnedErrors) : nil,
                meanError: RunSummary(values.map(\.meanError)), averageVariance: RunSummary(values.map(\.averageVariance)),
                population: population?[i])
        }
        return RetrainingResult(rule: rule.name, freshFraction: c.mixing.freshFraction, syntheticRatio: c.mixing.syntheticRatio,
                                trainingSize: c.trainingSize, generations: c.generations, runs: c.runs, seed: c.seed,
                                dimension: c.target.dimension, sampling: c.sampling, measurement: c.measurement,
                                rows: rows, perRun: runs)
    }

    /// One run, sequentially: generations 0…G with their measurements.
    /// - Parameter step: called with the generation index after each progress step: once a round's
    ///   training set is drawn and fitted, and after each part of a generation's measurement (`progressSteps`).
    public func simulate(run index: Int, step: (Int) -> Void = { _ in }) throws -> RetrainingRun {
        let c = configuration
        let stream = RandomStream(seed: c.seed).substream(UInt64(index))
        let target = c.target
        var current = GenerationModel(law: c.initial ?? target)
        var measurements: [GenerationMeasurement] = []
        for i in 0...c.generations {
            let streams = (0..<8).map { stream.substream(UInt64(8 * i + $0)) }
                + [stream.substream((1 << 40) + UInt64(i))]
            guard i < c.generations else {
                measurements.append(try measure(current, generation: i, streams: streams, round: nil) { step(i) })
                break
            }
            let fresh = c.mixing.freshCount(trainingSize: c.trainingSize)
            let training = RecursiveRetraining.stack(target.sample(count: fresh, stream: streams[0]),
                                                     current.generate(count: c.trainingSize - fresh, stream: streams[1]))
            let fitted = try rule.fit(training, schedule: c.schedule)
            step(i)
            measurements.append(try measure(current, generation: i, streams: streams, round: fitted) { step(i) })
            current = try GenerationModel(fitted, sampling: c.sampling, sampler: c.sampler)
        }
        return RetrainingRun(run: index, generations: measurements)
    }

    /// The rows of `a` then those of `b`.
    static func stack(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.columns || a.rows == 0 || b.rows == 0, "stack: \(a.columns) ≠ \(b.columns) columns")
        return Matrix(rows: a.rows + b.rows, columns: max(a.columns, b.columns), elements: a.elements + b.elements)
    }
}

/// Draws a generation's samples by the reverse SDE driven by its fitted score: prior N(0, γ(T)²I), then
/// Euler–Maruyama down to t₀, all noise from the given stream (prior first, then the steps).
struct ReverseSDESampling<Model: ScoreModel>: DirectSampler {
    let model: Model
    let grid: TimeGrid

    func sample(count: Int, stream: RandomStream) -> Matrix {
        do {
            let prior = try ReverseDiffusionPrior.priorSamples(count: count, dimension: model.dimension,
                                                               schedule: model.schedule, time: grid.start, stream: stream)
            return try EulerMaruyamaSampler().run(model, from: prior, grid: grid, noise: stream)
        } catch {
            // The grid was validated against the schedule when this value was made, so the sampler cannot
            // reject its times; anything else is a programmer error.
            preconditionFailure("ReverseSDESampling: \(error)")
        }
    }
}

/// A generation's model as the simulator needs it: its law p̂^i, which every measurement of generation i is
/// taken on, and how the next round's synthetic training data are drawn.
///
/// The two differ under reverse-SDE sampling: the SDE's output follows the noised law at t₀ plus the
/// discretisation error, not p̂^i, so Monte Carlo over p̂^i must not use it (KL(p̂^i‖p_data) = E_{p̂^i}[log p̂^i − log
/// p_data] with the SDE's points would be neither that KL nor the KL of the SDE's law).
struct GenerationModel {
    let law: GaussianMixture
    /// An exact sampler of `law` that is cheaper than `GaussianMixture.sample` (the KDE's own: a centre plus h·ε), if any.
    let exactSampler: (any DirectSampler)?
    /// Draws the next round's synthetic data when they do not come from `law` exactly (the reverse SDE).
    let generator: (any DirectSampler)?

    init(law: GaussianMixture, exactSampler: (any DirectSampler)? = nil, generator: (any DirectSampler)? = nil) {
        self.law = law
        self.exactSampler = exactSampler
        self.generator = generator
    }

    /// From a fitted model under `sampling`.
    /// - Throws: `InputError` naming `sampling` when the model's law is unknown (divergences are measured
    ///   on it), or naming the sampler's grid when it does not fit the schedule.
    init<Fitted: FittedScoreModel>(_ fitted: Fitted, sampling: GenerationSampling, sampler: SamplerSettings) throws {
        guard let law = fitted.law else {
            throw InputError(source: "", field: "sampling",
                             reason: "\(sampling.rawValue) sampling needs a fitted model with a known law (divergences are measured on it); this rule's model has none")
        }
        switch sampling {
        case .exactLaw:
            self.init(law: law, exactSampler: fitted as? any DirectSampler)
        case .reverseSDE:
            let grid = try TimeGrid(schedule: fitted.schedule, start: sampler.start, end: sampler.end, steps: sampler.steps)
            self.init(law: law, exactSampler: fitted as? any DirectSampler, generator: ReverseSDESampling(model: fitted, grid: grid))
        }
    }

    /// Exact draws of `law`, for Monte Carlo over p̂^i.
    func sampleLaw(count: Int, stream: RandomStream) -> Matrix {
        if let exactSampler { return exactSampler.sample(count: count, stream: stream) }
        return law.sample(count: count, stream: stream)
    }

    /// The next round's synthetic training data: the generator's draws, or exact draws of `law`.
    func generate(count: Int, stream: RandomStream) -> Matrix {
        if let generator { return generator.sample(count: count, stream: stream) }
        return sampleLaw(count: count, stream: stream)
    }
}
