import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import Reports
import ScoreEstimators
import SubspaceClustering
import RandomStreams
import Sweeps

/// [C]'s "training is subspace clustering" (docs/theory.md §1, C.training-is-clustering) and the numerical rank of
/// the denoiser Jacobian (C.jacobian-rank), on a small MoLRG where the clustering optimum is certified.
///
/// 1. Data: N_k points per subspace of a MoLRG from [C]'s generator plus isotropic noise
///    (`SubspacePhaseTransitionExperiment.noisySamples`). The low-rank denoiser's bases are trained by
///    gradient descent on the denoising loss (`LowRankDenoiserTraining`, analytic gradient, polar
///    retraction) from several Haar-random initialisations. Each run is compared with the certified optimum
///    of the clustering objective (`ExactSubspaceClustering`): the trained bases' hard-assignment objective
///    Σ_i max_k ‖U_kᵀx_i‖², the optimum, the relative gap (opt − trained)/opt, the subspace distance
///    max_k ‖U_kU_kᵀ − U*_πkU*_πkᵀ‖_F under the best matching, and whether the hard labels are the
///    optimal partition (up to relabelling). Each run is one unit of the sweep `runs` (`Sweep`: parallel,
///    checkpointed, shardable with `--shard i/n`); data, optimum and loss batch are drawn before it,
///    identically in every process.
/// 2. The Jacobian ∂D/∂x_t of the exact MoLRG denoiser (the truth), of the trained denoiser (the run with
///    the lowest loss) and of the optimum's denoiser (`ExactMixtureScore.denoiserJacobians` on the MoLRG
///    with those bases), at x_t = x₀ + t g for fresh x₀ from the truth; its numerical rank (`NumericalRank`,
///    0.99 energy) averaged over the points, against t.
public struct TrainingIsClusteringExperiment: ConfigurableExperiment {
    /// Sizes and parameters.
    public struct Settings: ScaledExperimentSettings {
        /// n.
        public var dimension = 8
        /// K.
        public var subspaces = 2
        /// d.
        public var rank = 2
        /// N_k, points per subspace.
        public var perSubspace = 12
        /// Relative noise (σ_e = noise·√(d/n) per coordinate, as in the phase-transition experiment).
        public var noise = 0.05
        /// Training runs, each from its own Haar-random initialisation.
        public var initialisations: Int
        /// The noise levels of the training loss.
        public var trainingTimes = [0.1]
        /// Noise draws per point and time (fixed for the run).
        public var draws = 4
        /// Gradient steps per run.
        public var iterations: Int
        /// Node budget of the exact solver (deterministic, unlike a time budget).
        public var nodeBudget = 2_000_000
        /// Noise levels t of the Jacobian table.
        public var jacobianTimes = [0.01, 0.03, 0.1, 0.3, 1, 3, 10]
        /// Test points per t.
        public var jacobianPoints: Int

        /// The settings of a scale.
        public init(scale: ExperimentScale) {
            switch scale {
            case .quick: initialisations = 16; iterations = 400; jacobianPoints = 50
            case .paper: initialisations = 64; iterations = 2_000; jacobianPoints = 500
            }
        }
    }

    public let name = "training-is-clustering"
    public let title = "[C] training the low-rank denoiser by gradient descent solves subspace clustering; numerical rank of its Jacobian against t"
    public let claims = ["C.training-is-clustering", "C.jacobian-rank", "C.molrg-denoiser"]

    public init() {}

    /// One training run against the optimum: one unit of the sweep `runs` (checkpointed as JSON).
    public struct Run: Sendable, Codable {
        public let training: LowRankDenoiserTraining.Result
        /// Σ_i max_k ‖U_kᵀx_i‖² of the trained bases.
        public let objective: Double
        /// ‖U_kU_kᵀ − U*_πkU*_πkᵀ‖_F, worst over k, best matching.
        public let distance: Double
        /// Whether the hard labels equal the optimal partition up to relabelling.
        public let samePartition: Bool
    }

    public func run(in directory: ReportDirectory, settings: Settings, seed: UInt64,
                    progress: @escaping ProgressHandler) async throws -> [String] {
        let root = RandomStream(seed: seed)
        let truth = try LowRankMixture.orthogonalSubspaces(dimension: settings.dimension, components: settings.subspaces,
                                                           rank: settings.rank, stream: root.substream(0))
        let points = SubspacePhaseTransitionExperiment.noisySamples(truth, perSubspace: settings.perSubspace, noise: settings.noise,
                                                                    stream: root.substream(1)).points
        let optimum = try Self.optimum(points, settings: settings, seed: root.substream(2).seed)
        let trainer = try LowRankDenoiserTraining(subspaces: settings.subspaces, dimension: settings.rank, times: settings.trainingTimes,
                                                  draws: settings.draws, iterations: settings.iterations)
        let batch = trainer.batch(points, stream: root.substream(3))
        let label = "\(name) training"
        // One unit per initialisation; run i starts from substream i of substream 4 of the seed.
        let runs = try await Sweep.run("runs", count: settings.initialisations, progress: { progress(label, $0, $1) }) { index in
            let stream = RandomStream(seed: seed).substream(4).substream(UInt64(index))
            let initial = try (0..<settings.subspaces).map { _ in
                try Matrix.randomOrthonormal(rows: settings.dimension, columns: settings.rank, stream: stream)
            }
            let result = try trainer.train(batch: batch, from: initial)
            let (labels, objective) = LowRankDenoiserTraining.hardAssignment(points, bases: result.bases)
            return Run(training: result, objective: objective,
                       distance: ClusteringMetrics.matchSubspaces(result.bases, truth: optimum.bases).worstDistance,
                       samePartition: ClusteringMetrics.accuracy(labels, truth: optimum.labels) == 1)
        }
        let trainingTable = trainingTable(runs, optimum: optimum, truth: truth, points: points, settings: settings, seed: seed)
        try directory.write(trainingTable, basename: "training-is-clustering")
        let best = runs.min { $0.training.lossHistory.last! < $1.training.lossHistory.last! }!
        let rankTable = try jacobianRankTable(truth: truth, trained: best.training.bases, optimal: optimum.bases,
                                              settings: settings, stream: root.substream(5), progress: progress)
        try directory.write(rankTable, basename: "jacobian-rank")
        let figures = Self.trainingFigures(runs, optimum: optimum)
        return ["- `training-is-clustering.md`: " + trainingTable.notes.joined(separator: " "),
                try FigureIndexLine.write([(label: "loss", basename: "training-loss", figure: figures.loss),
                                           (label: "clustering objective", basename: "training-objective", figure: figures.objective)],
                                          caption: "every run against the gradient step, with the certified optimum", experiment: name,
                                          in: directory),
                "- `jacobian-rank.md`: " + rankTable.notes.joined(separator: " ")]
    }

    /// The certified optimum of the clustering objective (the one place the solver is called).
    static func optimum(_ points: Matrix, settings: Settings, seed: UInt64) throws -> ExactSubspaceClusteringResult {
        try ExactSubspaceClustering(subspaces: settings.subspaces, dimension: settings.rank, nodeBudget: settings.nodeBudget, seed: seed)
            .solve(points)
    }

    /// The training curves of every run against the gradient step: the denoising loss (log scale), and the
    /// clustering objective Σ_i max_k ‖U_kᵀx_i‖² with the solver's optimum as a dotted line. Runs that end at
    /// the optimal partition share one colour, the others another; one legend entry per group.
    static func trainingFigures(_ runs: [Run], optimum: ExactSubspaceClusteringResult) -> (loss: Figure, objective: Figure) {
        let atOptimum = runs.filter(\.samePartition).count
        func curves(_ values: (Run) -> [Double]) -> [FigureSeries] {
            var named = Set<Bool>()
            return runs.map { run in
                let group = run.samePartition
                let name = named.insert(group).inserted
                    ? (group ? "runs ending at the optimal partition (\(atOptimum))" : "runs ending elsewhere (\(runs.count - atOptimum))") : ""
                return FigureSeries(name: name, points: values(run).enumerated().map { FigurePoint(x: Double($0.offset), y: $0.element) },
                                    style: .line, colorIndex: group ? 0 : 1)
            }
        }
        let steps = Double(runs.map { $0.training.lossHistory.count - 1 }.max() ?? 1)
        let optimumName = optimum.certified ? "certified optimum" : "solver's best (not certified)"
        let optimumLine = FigureSeries(name: optimumName, points: [FigurePoint(x: 0, y: optimum.objective), FigurePoint(x: steps, y: optimum.objective)],
                                       style: .dotted, colorIndex: 2)
        let loss = Figure(title: "Denoising loss of every training run [C]", xAxis: FigureAxis("gradient step"),
                          yAxis: FigureAxis("denoising loss", scale: .log10), series: curves { $0.training.lossHistory })
        let objective = Figure(title: "Clustering objective of every training run, and the optimum [C]", xAxis: FigureAxis("gradient step"),
                               yAxis: FigureAxis("Σᵢ maxₖ ‖Uₖᵀxᵢ‖²"), series: curves { $0.training.objectiveHistory } + [optimumLine])
        return (loss, objective)
    }

    /// One row per run (see the type).
    func trainingTable(_ runs: [Run], optimum: ExactSubspaceClusteringResult, truth: LowRankMixture, points: Matrix,
                       settings: Settings, seed: UInt64) -> Table {
        let certification = optimum.certified
            ? "certified optimal (gap \(NumberFormatting.significant(optimum.gap, digits: 2)), \(optimum.nodes) nodes)"
            : "NOT certified (gap \(NumberFormatting.significant(optimum.gap, digits: 3)), stopped by \(optimum.stoppedBy ?? "—"))"
        let truthDistance = ClusteringMetrics.matchSubspaces(optimum.bases, truth: truth.bases).worstDistance
        var table = Table(
            caption: "Training the low-rank denoiser is subspace clustering [C] (C.training-is-clustering): n = \(settings.dimension), K = \(settings.subspaces), d = \(settings.rank), N_k = \(settings.perSubspace) points per subspace ([C]'s generator), noise σ_e = \(NumberFormatting.significant(settings.noise, digits: 3))·√(d/n), seed \(seed). Each run: Riemannian gradient descent with the analytic gradient, polar retraction and Armijo steps (at most \(settings.iterations)) on the VE denoising loss at t ∈ {\(settings.trainingTimes.map { NumberFormatting.significant($0, digits: 3) }.joined(separator: ", "))} with \(settings.draws) fixed noise draws per point, from a Haar-random start. Optimum: ExactSubspaceClustering, objective \(NumberFormatting.significant(optimum.objective, digits: 8)), \(certification); its distance to the true subspaces is \(NumberFormatting.significant(truthDistance, digits: 3)). objective = Σ_i max_k ‖U_kᵀx_i‖² (hard assignment); gap = (opt − trained)/opt; distance = max_k ‖U_kU_kᵀ − U*_πkU*_πkᵀ‖_F, best matching (√(2d) = \(NumberFormatting.significant((2.0 * Double(settings.rank)).squareRoot(), digits: 3)) for orthogonal).",
            label: "tab:\(name)",
            columns: ["run", "steps", "stopped by", "initial loss", "final loss", "trained objective", "optimal objective", "relative gap", "distance to optimum", "same partition"])
        for (index, run) in runs.enumerated() {
            let history = run.training.lossHistory
            table.append([.number(Double(index)), .number(Double(history.count - 1)), .text(run.training.stoppedBy),
                          .number(history.first!, digits: 5), .number(history.last!, digits: 5), .number(run.objective, digits: 8),
                          .number(optimum.objective, digits: 8), .number((optimum.objective - run.objective) / optimum.objective, digits: 3),
                          .number(run.distance, digits: 3), .text(run.samePartition ? "yes" : "no")])
        }
        let matched = runs.filter(\.samePartition).count
        let worstGap = runs.map { (optimum.objective - $0.objective) / optimum.objective }.max() ?? 0
        let above = runs.filter { $0.objective > optimum.objective * (1 + 1e-9) }.count
        let byLoss = runs.sorted { $0.training.lossHistory.last! < $1.training.lossHistory.last! }
        let ordered = zip(byLoss, byLoss.dropFirst()).allSatisfy { $0.objective >= $1.objective - 1e-9 * optimum.objective }
        table.notes = [
            "\(matched) of \(runs.count) runs end at the optimal partition (the others stop at local minima); the largest relative gap to the optimum is \(NumberFormatting.significant(worstGap, digits: 3)).",
            "The lowest-loss run is \(byLoss.first?.samePartition == true ? "" : "not ")at the optimal partition; ordering the runs by final loss \(ordered ? "orders" : "does not order") them by clustering objective (descending).",
            above == 0 ? "No run exceeds the optimum (as it must when the optimum is exact)."
                : "\(above) runs exceed the solver's objective: the solver's answer is not optimal (\(certification)).",
        ]
        return table
    }

    /// Mean numerical rank of the denoiser Jacobian against t, for the truth, the trained and the optimal bases.
    func jacobianRankTable(truth: LowRankMixture, trained: [Matrix], optimal: [Matrix], settings: Settings,
                           stream: RandomStream, progress: @escaping ProgressHandler) throws -> Table {
        let models = [("exact MoLRG", truth), ("trained", try LowRankMixture(bases: trained)), ("optimum", try LowRankMixture(bases: optimal))]
            .map { ($0.0, ExactMixtureScore(data: $0.1.gaussianMixture, schedule: .ve)) }
        let clean = truth.gaussianMixture.sample(count: settings.jacobianPoints, stream: stream.substream(0))
        var table = Table(
            caption: "Numerical rank of the denoiser Jacobian ∂E[x₀|x_t]/∂x_t [C] (C.jacobian-rank): smallest r with √(Σ_{i≤r} s_i²) > \(NumericalRank.defaultEnergy)·‖s‖ (the authors' rule), mean over \(settings.jacobianPoints) points x_t = x₀ + t g, x₀ from the true MoLRG (n = \(settings.dimension), K = \(settings.subspaces), d = \(settings.rank)), ve schedule. exact MoLRG = the true bases; trained = the lowest-loss training run; optimum = the certified clustering optimum's bases. Jacobians in closed form (Tweedie + the mixture Hessian).",
            label: "tab:jacobian-rank", columns: ["t"] + models.map { "rank (\($0.0))" })
        var means: [[Double]] = []
        for (index, t) in settings.jacobianTimes.enumerated() {
            let noisy = clean + t * Matrix.gaussian(rows: clean.rows, columns: clean.columns, stream: stream.substream(UInt64(index + 1)))
            let row = try models.map { _, model in
                try model.denoiserJacobians(noisy, time: t).reduce(0.0) { $0 + Double(try NumericalRank.rank(of: $1)) } / Double(clean.rows)
            }
            means.append(row)
            table.append([.number(t, digits: 3)] + row.map { .number($0, digits: 3) })
            progress("\(name) Jacobian", index + 1, settings.jacobianTimes.count)
        }
        let exact = means.map { $0[0] }
        let low = exact.min() ?? 0, high = exact.max() ?? 0
        let lowT = settings.jacobianTimes[exact.firstIndex(of: low) ?? 0], highT = settings.jacobianTimes[exact.firstIndex(of: high) ?? 0]
        let deviation = means.map { abs($0[1] - $0[0]) }.max() ?? 0
        let monotone = zip(exact, exact.dropFirst()).allSatisfy { $0 <= $1 }
        table.notes = [
            monotone ? "The exact MoLRG's mean rank is nondecreasing in t (d near the subspaces at small t, Kd at large t): no U-shape in the closed form."
                : "The exact MoLRG's mean rank is not monotone in t.",
            "Exact MoLRG: mean rank from \(NumberFormatting.significant(low, digits: 3)) (t = \(NumberFormatting.significant(lowT, digits: 3))) to \(NumberFormatting.significant(high, digits: 3)) (t = \(NumberFormatting.significant(highT, digits: 3))), against d = \(settings.rank) and Kd = \(settings.subspaces * settings.rank).",
            "The trained denoiser's mean rank differs from the exact one by at most \(NumberFormatting.significant(deviation, digits: 3)) over the t grid.",
        ]
        return table
    }
}
