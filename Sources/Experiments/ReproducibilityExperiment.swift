import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import Reports
import ScoreEstimators
import SubspaceClustering
import RandomStreams
import Sweeps

/// [D]'s memorisation-to-generalisation experiment (docs/theory.md §2) on a MoLRG (docs/theory.md §1), where every model
/// is closed form: for a growing training set of N samples, three score models sample from the same noise
/// (seed j for sample j) with [D]'s deterministic sampler (EDM Heun, 18 steps, σ 80 → 0.002, ρ = 7, `ve`):
/// - `empirical`: the memorising optimal denoiser on the N samples (`EmpiricalDenoiser`);
/// - `low-rank`: the closed-form MoLRG denoiser with bases fitted on the same samples by K-subspaces and
///   PCA per cluster (`LowRankSubspaceFit`, [C]'s low-rank DAE);
/// - `exact`: the true MoLRG's score (`ExactMixtureScore`).
/// Reported: RP between each pair, GL of each against the training set (`ReproducibilityMetrics`, cosine
/// similarity, τ = 0.6), GL of fresh true samples (the metric's calibration: what a perfect generaliser
/// scores), and the low-rank fit's subspace error max_k ‖Û_kÛ_kᵀ − U_kU_kᵀ‖_F. The data are noiseless, so
/// the fit recovers the subspaces once every cluster has N_k ≥ d points ([C]'s phase transition at N_k ≈ d).
/// `reproduce reproducibility` adds a second table with trained models (`LearnedSettings`): two MLP scores
/// on disjoint training sets per N, compared with the nearest-neighbour distance ratio (`DistanceRatio`).
/// Each N of either table is one unit of the sweep `sizes` (`Sweep`: parallel, checkpointed, shardable
/// with `--shard i/n`), the learned units first (they cost the most).
public struct ReproducibilityExperiment: ConfigurableExperiment {
    /// Sizes and parameters.
    public struct Settings: ScaledExperimentSettings {
        /// n (the authors' 48).
        public var dimension = 48
        /// K.
        public var subspaces = 2
        /// d.
        public var rank = 4
        /// The training-set sizes N (nested: each set is the first N rows of one draw).
        public var trainingSizes: [Int]
        /// M, samples per model (sample j from noise seed j).
        public var samples: Int
        /// τ.
        public var threshold = ReproducibilityMetrics.defaultThreshold
        /// K-subspaces restarts.
        public var restarts = 5
        /// The EDM Heun sampler of [D].
        public var sampler: HeunEDMSampler = try! HeunEDMSampler()
        /// The trained-model table (`run` only; `reproducibilityTable` leaves it out).
        public var learned: LearnedSettings

        /// The settings of a scale.
        public init(scale: ExperimentScale) {
            learned = LearnedSettings(scale: scale)
            switch scale {
            case .quick:
                trainingSizes = [2, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256, 512, 1_000, 2_000]
                samples = 500
            case .paper:
                trainingSizes = [2, 3, 4, 6, 8, 10, 12, 16, 24, 32, 48, 64, 128, 256, 512, 1_000, 2_000, 5_000]
                samples = 2_000
            }
        }
    }

    public let name = "reproducibility"
    public let title = "[D] reproducibility and memorisation on a MoLRG: RP and GL against N for the empirical, low-rank and exact denoisers, and for two MLP scores trained on disjoint sets"
    public let claims = ["D.metrics", "D.memorisation-generalisation", "C.molrg-denoiser"]

    public init() {}

    /// Runs with explicit settings (tests and the CLI use their own).
    public func run(in directory: ReportDirectory, settings: Settings, seed: UInt64,
                    progress: @escaping ProgressHandler) async throws -> [String] {
        let (table, measured, learned, spacing) = try await measure(settings, seed: seed, withLearned: true, progress: progress)
        try directory.write(table, basename: "reproducibility")
        let figures = [("RP", "rp-against-n", Self.figure(measured, metrics: Array(0..<3), title: "Reproducibility RP against N", label: "RP (fraction of matching pairs)")),
                       ("GL", "gl-against-n", Self.figure(measured, metrics: Array(3..<7), title: "Generalisation GL against N", label: "GL (fraction not copying training)"))]
        var lines = ["- `reproducibility.md`: " + table.notes.joined(separator: " "),
                     try FigureIndexLine.write(figures.map { (label: $0.0, basename: $0.1, figure: $0.2) }, caption: "RP and GL against N",
                                               experiment: name, in: directory)]
        if !learned.isEmpty {
            let learnedTable = learnedTable(learned, settings: settings, seed: seed, spacing: spacing ?? .nan)
            try directory.write(learnedTable, basename: "learned")
            lines += ["- `learned.md`: " + learnedTable.notes.joined(separator: " "),
                      try FigureIndexLine.write(Self.learnedFigures(learned, threshold: settings.learned.threshold), caption: "trained models: RP and GL against N", experiment: name, in: directory)]
        }
        return lines
    }

    /// What one unit of the sweep `sizes` yields: a closed-form size or a learned size.
    enum SizeUnitResult: Codable, Sendable, Equatable {
        case closedForm(SizeResult)
        case learned(LearnedSizeResult)
    }

    /// The names of the measured columns of the table, in order (RP ×3, GL ×4).
    static let metricNames = ["RP(emp, LR)", "RP(LR, exact)", "RP(emp, exact)", "GL(emp)", "GL(LR)", "GL(exact)", "GL(fresh)"]

    /// The metrics `metrics` (indices into `metricNames`) against N on a log axis, from the table's numbers;
    /// GL(fresh), the calibration, dotted. The y range reaches 0.03 past 0 and 1, so values of exactly 0 or 1
    /// do not hide under the frame.
    static func figure(_ measured: [SizeResult], metrics: [Int], title: String, label: String) -> Figure {
        let series = metrics.enumerated().map { position, metric in
            FigureSeries(name: metricNames[metric], points: measured.map { FigurePoint(x: Double($0.n), y: $0.values[metric]) },
                         style: metric == 6 ? .dotted : .lineWithMarkers, colorIndex: metric == 6 ? 6 : position)
        }
        return Figure(title: title, xAxis: FigureAxis("N (training samples)", scale: .log10), yAxis: FigureAxis(label, range: -0.03...1.03), series: series)
    }

    /// The starting points: row j is N(0, γ(t_0)²I) from substream j of the seed, so sample j has the
    /// same noise whatever M and whichever model.
    static func initialNoise(count: Int, dimension: Int, grid: TimeGrid, seed: UInt64) throws -> Matrix {
        let root = RandomStream(seed: seed)
        var elements: [Double] = []
        elements.reserveCapacity(count * dimension)
        for j in 0..<count {
            elements += try ReverseDiffusionPrior.priorSamples(count: 1, dimension: dimension, schedule: grid.schedule,
                                                               time: grid.start, stream: root.substream(UInt64(j))).elements
        }
        return Matrix(rows: count, columns: dimension, elements: elements)
    }

    /// RP, GL and the subspace error for each N (see the type).
    public func reproducibilityTable(_ settings: Settings, seed: UInt64, progress: @escaping ProgressHandler) async throws -> Table {
        try await measure(settings, seed: seed, withLearned: false, progress: progress).table
    }

    /// The table and what each N measured (for the figures). The set-up shared by every N (truth, training
    /// pool, fresh samples, noise, the exact model's samples) is drawn first, identically in every process;
    /// then each N is one unit of the sweep `sizes` (checkpointed, shardable, see `Sweep`): with `withLearned`,
    /// first one unit per learned size (`learnedUnit`), then one per closed-form size.
    func measure(_ settings: Settings, seed: UInt64, withLearned: Bool, progress: @escaping ProgressHandler) async throws
        -> (table: Table, measured: [SizeResult], learned: [LearnedSizeResult], spacing: Double?) {
        let schedule = NoiseSchedule.ve
        let root = RandomStream(seed: seed)
        let truth = try LowRankMixture.orthogonalSubspaces(dimension: settings.dimension, components: settings.subspaces,
                                                           rank: settings.rank, stream: root.substream(0))
        let law = truth.gaussianMixture
        let largest = settings.trainingSizes.max() ?? 0
        let pool = law.sample(count: largest, stream: root.substream(1))
        let fresh = law.sample(count: settings.samples, stream: root.substream(2))
        let metrics = try ReproducibilityMetrics(threshold: settings.threshold)
        let grid = try settings.sampler.grid(schedule: schedule)
        let noise = try Self.initialNoise(count: settings.samples, dimension: settings.dimension, grid: grid, seed: seed &+ 3)
        let exact = try settings.sampler.run(ExactMixtureScore(data: law, schedule: schedule), from: noise)
        let learnedSizes = withLearned ? settings.learned.sizes.sorted() : []
        try Self.validateLearnedSizes(learnedSizes)
        let learnedSetup = learnedSizes.isEmpty ? nil : try LearnedSetup(settings, seed: seed)
        var table = Table(
            caption: "Reproducibility and memorisation [D] (D.metrics, D.memorisation-generalisation) on a MoLRG (C.molrg-denoiser): n = \(settings.dimension), K = \(settings.subspaces) orthogonal subspaces of dimension d = \(settings.rank) ([C]'s generator), equal weights, noiseless. M = \(settings.samples) samples per model from the same noise (seed j for sample j), EDM Heun (\(settings.sampler.steps) steps, σ \(settings.sampler.sigmaMax) → \(settings.sampler.sigmaMin), ρ = \(settings.sampler.rho), ve); seed \(seed). emp = empirical optimal denoiser on the N training samples, LR = closed-form MoLRG denoiser with K-subspaces + PCA bases fitted on them (\(settings.restarts) restarts), exact = true score. RP and GL use cosine similarity with τ = \(settings.threshold) (a substitution for [D]'s SSCD descriptors); GL(fresh) is the GL of M fresh true samples against the same training set, the score of a perfect generaliser under this metric. SE of a proportion: √(p(1−p)/M) ≤ \(NumberFormatting.significant(0.5 / Double(settings.samples).squareRoot(), digits: 2)). Subspace error: max_k ‖Û_kÛ_kᵀ − U_kU_kᵀ‖_F (√(2d) = \(NumberFormatting.significant((2.0 * Double(settings.rank)).squareRoot(), digits: 3)) for orthogonal).",
            label: "tab:\(name)",
            columns: ["N", "N_k/d", "RP(emp, LR)", "RP(LR, exact)", "RP(emp, exact)", "GL(emp)", "GL(LR)", "GL(exact)", "GL(fresh)", "subspace error"])
        let sizes = settings.trainingSizes.sorted()
        let label = name
        // One unit per learned N, then one per N, each in ascending N; N's own randomness is the K-subspaces
        // seed `seed + N` and the training seeds `trainingSeed(seed, N, ·)`.
        let units = try await Sweep.run("sizes", count: learnedSizes.count + sizes.count, progress: { progress(label, $0, $1) }) { unit -> SizeUnitResult in
            if unit < learnedSizes.count {
                return .learned(try Self.learnedUnit(n: learnedSizes[unit], settings: settings, seed: seed, setup: learnedSetup!))
            }
            let n = sizes[unit - learnedSizes.count]
            let training = pool.rows(0..<n)
            let empirical = try settings.sampler.run(try EmpiricalDenoiser().fit(training, schedule: schedule), from: noise)
            let fit = try LowRankSubspaceFit(subspaces: settings.subspaces, dimension: settings.rank, restarts: settings.restarts,
                                             seed: seed &+ UInt64(n)).fit(training, schedule: schedule)
            let lowRank = try settings.sampler.run(fit, from: noise)
            let values = [metrics.reproducibility(empirical, lowRank), metrics.reproducibility(lowRank, exact),
                          metrics.reproducibility(empirical, exact), metrics.generalisation(empirical, training: training),
                          metrics.generalisation(lowRank, training: training), metrics.generalisation(exact, training: training),
                          metrics.generalisation(fresh, training: training)]
            return .closedForm(SizeResult(n: n, values: values, subspaceError: fit.clustering.subspaceError(to: truth.bases)))
        }
        let results = units.compactMap { unit -> SizeResult? in if case let .closedForm(result) = unit { return result } else { return nil } }
        let learned = units.compactMap { unit -> LearnedSizeResult? in if case let .learned(result) = unit { return result } else { return nil } }
        for result in results {
            table.append([.number(Double(result.n), digits: 5), .number(Double(result.n) / Double(settings.subspaces * settings.rank), digits: 3)]
                         + result.values.map { .number($0, digits: 3) } + [.number(result.subspaceError, digits: 3)])
        }
        let recovered = results.first { $0.subspaceError < 0.1 }
        table.notes = [
            recovered.map { "The low-rank fit recovers the subspaces (error < 0.1) from N = \($0.n) (N_k/d = \(NumberFormatting.significant(Double($0.n) / Double(settings.subspaces * settings.rank), digits: 3))) on; there RP(LR, exact) = \(NumberFormatting.significant($0.values[1], digits: 3))." }
                ?? "The low-rank fit never recovers the subspaces (error < 0.1) on this grid.",
        ]
        return (table, results, learned, learnedSetup?.spacing)
    }
}
