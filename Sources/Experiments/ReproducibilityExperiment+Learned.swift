import Foundation
import Diffusion
import LinearAlgebra
import InputErrors
import Reports
import ScoreEstimators
import GaussianMixtures
import RandomStreams
import SubspaceClustering

extension ReproducibilityExperiment {
    /// The trained-model table of `reproduce reproducibility` (proofs/D.memorisation-generalisation.md):
    /// for each N, two MLP scores A and B (`MLPScoreEstimator`, denoising score matching) are trained on
    /// two *disjoint* sets of N samples of the same MoLRG and sampled from the same noise as the exact score.
    public struct LearnedSettings: Sendable {
        /// N, the size of each of the two training sets (≥ 2: the distance ratio needs a second neighbour).
        public var sizes: [Int]
        /// L hidden layers of the score network.
        public var hiddenLayers: Int
        /// w units per hidden layer.
        public var width: Int
        /// The optimiser's settings; `seed` is replaced per model (see `trainingSeed`).
        public var training: MLPTrainingSettings
        /// n of the learned models' MoLRG (K, d and M as in the first table): 8, because the MLP's
        /// ε-prediction does not learn the n = 48 score at σ up to 80 within these budgets (measured at quick
        /// scale: DSM loss at σ > 10 of 3.3 against 0.01 for the exact score, samples twice the data's norm).
        public var dimension = 8
        /// τ of the distance ratios (`DistanceRatio`).
        public var threshold = 1.0 / 3.0

        /// The settings of a scale: the same network and optimiser for every N, so that N is the only
        /// thing that changes along the table.
        public init(scale: ExperimentScale) {
            switch scale {
            case .quick:
                sizes = [4, 32, 256, 2_048]
                hiddenLayers = 3
                width = 64
                training = MLPTrainingSettings(steps: 3_000, batchSize: 256, learningRate: 2e-3, warmupSteps: 100)
            case .paper:
                sizes = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024, 2_048, 4_096]
                hiddenLayers = 3
                width = 128
                training = MLPTrainingSettings(steps: 6_000, batchSize: 256, learningRate: 2e-3, warmupSteps: 200)
            }
        }
    }

    /// What every learned unit shares, drawn identically in every process: the learned models' MoLRG (the
    /// first table's when `learned.dimension` equals its n), the training pool (substream 4), M fresh true
    /// samples (substream 6), the noise (seed + 7: row j from substream j) and the exact score's samples
    /// from it, and the spacing s of the fresh samples (`DistanceRatio.spacing`).
    struct LearnedSetup: Sendable {
        let pool: Matrix
        let fresh: Matrix
        let noise: Matrix
        let exact: Matrix
        let spacing: Double

        init(_ settings: Settings, seed: UInt64) throws {
            let root = RandomStream(seed: seed)
            let law = try LowRankMixture.orthogonalSubspaces(dimension: settings.learned.dimension, components: settings.subspaces,
                                                             rank: settings.rank, stream: root.substream(0)).gaussianMixture
            pool = law.sample(count: 2 * (settings.learned.sizes.max() ?? 0), stream: root.substream(4))
            fresh = law.sample(count: settings.samples, stream: root.substream(6))
            let grid = try settings.sampler.grid(schedule: .ve)
            noise = try ReproducibilityExperiment.initialNoise(count: settings.samples, dimension: settings.learned.dimension, grid: grid, seed: seed &+ 7)
            exact = try settings.sampler.run(ExactMixtureScore(data: law, schedule: .ve), from: noise)
            spacing = DistanceRatio.spacing(fresh)
        }
    }

    /// What one learned unit (one N) measures, in the order of `learnedMetricNames`.
    struct LearnedSizeResult: Codable, Sendable, Equatable {
        /// N.
        let n: Int
        /// RP ×4 then GL ×4.
        let values: [Double]
        /// median_j ‖a_j − b_j‖/s for (A, B) and (A, exact): how far the pairs are, matched or not.
        let medianPairRatios: [Double]
        /// The last minibatch loss of A's and B's training.
        let finalLosses: [Double]
    }

    /// The median pair distances over s, after the RP and GL columns.
    static let learnedDistanceNames = ["‖A − B‖/s", "‖A − exact‖/s"]

    /// The measured columns of the learned table, in order.
    static let learnedMetricNames = ["RP(A, B)", "RP(A, exact)", "RP(B, exact)", "RP(A, emp A)", "GL(A)", "GL(B)", "GL(exact)", "GL(fresh)"]

    /// Model A's training set is rows 0..<N of `pool`, model B's rows largest..<largest+N: disjoint by
    /// construction (the pool holds 2·largest i.i.d. draws), nested in N for each model.
    static func learnedTrainingSets(pool: Matrix, n: Int, largest: Int) -> (a: Matrix, b: Matrix) {
        precondition(n <= largest && pool.rows >= 2 * largest, "learnedTrainingSets: N = \(n), largest \(largest), pool \(pool.rows) rows")
        return (pool.rows(0..<n), pool.rows(largest..<(largest + n)))
    }

    /// The training seed of model `index` (0 = A, 1 = B) at size N: a hash of (seed, N, index), so the two
    /// models differ in initial weights and minibatches as well as in data.
    static func trainingSeed(_ seed: UInt64, n: Int, index: Int) -> UInt64 {
        RandomStream(seed: seed).substream(5).substream(UInt64(2 * n + index)).seed
    }

    /// One learned unit: trains A and B, samples them and A's empirical denoiser from `noise`, and measures
    /// (distance-ratio similarity) RP against each other, the exact samples and the memorising denoiser,
    /// and GL of A and B against their own training sets, of the exact samples and of fresh samples against A's.
    static func learnedUnit(n: Int, settings: Settings, seed: UInt64, setup: LearnedSetup) throws -> LearnedSizeResult {
        let learned = settings.learned
        let schedule = NoiseSchedule.ve
        let largest = learned.sizes.max() ?? n
        let sets = learnedTrainingSets(pool: setup.pool, n: n, largest: largest)
        let noise = setup.noise, exact = setup.exact, fresh = setup.fresh
        let architecture = try MLPArchitecture(dimension: learned.dimension, hiddenLayers: learned.hiddenLayers, width: learned.width)
        var samples: [Matrix] = [], losses: [Double] = []
        for (index, training) in [sets.a, sets.b].enumerated() {
            var optimiser = learned.training
            optimiser.seed = trainingSeed(seed, n: n, index: index)
            let (model, history) = try MLPScoreEstimator(architecture: architecture, training: optimiser).train(training, schedule: schedule)
            samples.append(try settings.sampler.run(model, from: noise))
            losses.append(history.last ?? .nan)
        }
        let empirical = try settings.sampler.run(try EmpiricalDenoiser().fit(sets.a, schedule: schedule), from: noise)
        let metrics = try ReproducibilityMetrics(threshold: learned.threshold, similarity: .distanceRatio(spacing: setup.spacing))
        let values = [metrics.reproducibility(samples[0], samples[1]), metrics.reproducibility(samples[0], exact),
                      metrics.reproducibility(samples[1], exact), metrics.reproducibility(samples[0], empirical),
                      metrics.generalisation(samples[0], training: sets.a), metrics.generalisation(samples[1], training: sets.b),
                      metrics.generalisation(exact, training: sets.a), metrics.generalisation(fresh, training: sets.a)]
        let medians = [(samples[0], samples[1]), (samples[0], exact)].map { a, b in
            let ratios = DistanceRatio.pairs(a, b, spacing: setup.spacing).sorted()
            return ratios[ratios.count / 2]
        }
        return LearnedSizeResult(n: n, values: values, medianPairRatios: medians, finalLosses: losses)
    }

    /// Checks the learned sizes: each N ≥ 2.
    /// - Throws: `InputError` naming `learned.sizes`.
    static func validateLearnedSizes(_ sizes: [Int]) throws {
        if let bad = sizes.first(where: { $0 < 2 }) {
            throw InputError(source: "", field: "learned.sizes", reason: "\(bad) is below 2; the distance ratio needs two training points")
        }
    }

    /// The learned table from the units' results (ascending N).
    func learnedTable(_ results: [LearnedSizeResult], settings: Settings, seed: UInt64, spacing: Double) -> Table {
        let learned = settings.learned
        let steps = learned.training
        var table = Table(
            caption: "Reproducibility and memorisation of trained models [D] (D.metrics, D.memorisation-generalisation) on a MoLRG like the first table's with n = \(learned.dimension), K = \(settings.subspaces), d = \(settings.rank) (at n = 48 the MLP does not learn the score within this budget; see proofs/D.memorisation-generalisation.md). For each N, two MLP scores A and B (\(learned.hiddenLayers) hidden layers of width \(learned.width), SiLU; denoising score matching, \(steps.steps) Adam steps, batch \(steps.batchSize), peak learning rate \(NumberFormatting.significant(steps.learningRate, digits: 3)), ve, t log-uniform on [0.002, 80]) are trained on two disjoint sets of N samples, with different seeds, and sampled with EDM Heun (\(settings.sampler.steps) steps) from the same M = \(settings.samples) noise vectors as the exact score; emp A = the empirical optimal denoiser of A's set; seed \(seed). Similarity: distance ratios with τ = \(NumberFormatting.significant(learned.threshold, digits: 3)) (not cosine: at d = 4 it flags fresh samples as copies once N is large): a sample copies its nearest training point when d₁ < τ·d₂ (nearest-neighbour distance ratio); a pair matches when ‖a_j − b_j‖ < τ·s, s = \(NumberFormatting.significant(spacing, digits: 3)) the median nearest-neighbour distance of M fresh true samples. ‖A − B‖/s, ‖A − exact‖/s: median over j of the pair's distance over s (RP counts the pairs below τ); loss A, loss B: the last minibatch DSM loss (per sample, summed over the n coordinates). GL(A), GL(B): against their own sets; GL(exact), GL(fresh): exact samples and M fresh true samples against A's set (a perfect generaliser's score; ≈ 1 − τ^d = \(NumberFormatting.significant(1 - pow(learned.threshold, Double(settings.rank)), digits: 3)) for a locally uniform d-dimensional law). SE of a proportion ≤ \(NumberFormatting.significant(0.5 / Double(settings.samples).squareRoot(), digits: 2)).",
            label: "tab:\(name)-learned",
            columns: (["N", "N_k/d"] + Self.learnedMetricNames + Self.learnedDistanceNames + ["loss A", "loss B"]).map { TableColumn($0) })
        let perComponent = Double(settings.subspaces * settings.rank)
        for result in results {
            let sizes: [TableCell] = [.number(Double(result.n), digits: 5), .number(Double(result.n) / perComponent, digits: 3)]
            let measured: [TableCell] = result.values.map { .number($0, digits: 3) }
            let distances: [TableCell] = result.medianPairRatios.map { .number($0, digits: 3) }
            let losses: [TableCell] = result.finalLosses.map { .number($0, digits: 3) }
            table.append(sizes + measured + distances + losses)
        }
        if let first = results.first, let last = results.last {
            func describe(_ result: LearnedSizeResult) -> String {
                "RP(A, B) = \(NumberFormatting.significant(result.values[0], digits: 3)), RP(A, exact) = \(NumberFormatting.significant(result.values[1], digits: 3)), RP(A, emp A) = \(NumberFormatting.significant(result.values[3], digits: 3)), GL(A) = \(NumberFormatting.significant(result.values[4], digits: 3))"
            }
            table.notes = ["At N = \(first.n): \(describe(first)); at N = \(last.n): \(describe(last)) (GL(fresh) = \(NumberFormatting.significant(last.values[7], digits: 3)))."]
        }
        table.notes.append("A and B never share a training point, so in the memorising regime they copy different points and RP(A, B) is low; [D]'s high RP at small N is between models trained on the same data (here: RP(A, emp A)).")
        return table
    }

    /// The learned table's three figures: RP, GL and the median pair distances over s against N, log N
    /// axis; GL(fresh) and the threshold τ dotted.
    static func learnedFigures(_ results: [LearnedSizeResult], threshold: Double) -> [(label: String, basename: String, figure: Figure)] {
        func figure(_ metrics: [Int], title: String, label: String) -> Figure {
            let series = metrics.enumerated().map { position, metric in
                FigureSeries(name: learnedMetricNames[metric], points: results.map { FigurePoint(x: Double($0.n), y: $0.values[metric]) },
                             style: metric == 7 ? .dotted : .lineWithMarkers, colorIndex: metric == 7 ? 6 : position)
            }
            return Figure(title: title, xAxis: FigureAxis("N (training samples per model)", scale: .log10),
                          yAxis: FigureAxis(label, range: -0.03...1.03), series: series)
        }
        let distances = learnedDistanceNames.indices.map { k in
            FigureSeries(name: learnedDistanceNames[k], points: results.map { FigurePoint(x: Double($0.n), y: $0.medianPairRatios[k]) },
                         style: .lineWithMarkers, colorIndex: k)
        }
        let sizes = results.map { Double($0.n) }
        let threshold = FigureSeries(name: "τ", points: [sizes.min() ?? 1, sizes.max() ?? 1].map { FigurePoint(x: $0, y: threshold) },
                                     style: .dotted, colorIndex: 6)
        let distanceFigure = Figure(title: "Trained models: median pair distance over the spacing s against N",
                                    xAxis: FigureAxis("N (training samples per model)", scale: .log10),
                                    yAxis: FigureAxis("median ‖a_j − b_j‖/s", scale: .log10), series: distances + [threshold])
        return [("RP", "learned-rp-against-n", figure(Array(0..<4), title: "Trained models: reproducibility RP against N", label: "RP (fraction of matching pairs)")),
                ("GL", "learned-gl-against-n", figure(Array(4..<8), title: "Trained models: generalisation GL against N", label: "GL (fraction not copying training)")),
                ("pair distances", "learned-pair-distance", distanceFigure)]
    }
}
