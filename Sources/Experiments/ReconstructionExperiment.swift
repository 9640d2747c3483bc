import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import Reports
import ScoreEstimators
import RandomStreams

/// [E]'s reconstruction experiment (docs/theory.md §5): real samples are forwarded to time t under `vp` and
/// reconstructed by a reverse sampler with four score models; as t grows, more of x̂₀ comes from the model.
///
/// Data: two classes N(±(a, 0, …), σ²I) with equal weights (default a = 2, σ = 1, n = 2: modes 4σ apart,
/// so the Bayes accuracy Φ(a/σ) = 0.977 leaves room to degrade). Models, all fitted on the same N real
/// samples that are reconstructed (as [E] reconstructs its training set):
/// - `exact`: the true mixture's score (the law is preserved: ODE and SDE alike);
/// - `empirical`: the memorising optimal denoiser of the N samples (`EmpiricalDenoiser`, [D]);
/// - `kde(h)`: the smoothed KDE (h = 0.5): its law is the data convolved with N(0, h²I);
/// - `class-gaussian(×c)`: per-class maximum-likelihood Gaussians with covariances shrunk by c = 0.5
///   (a fitted variance below v).
/// Per (model, sampler, t): Var ratio tr Cov(x̂₀)/tr Cov(x₀), mass beyond the 2σ shell and mean distance to
/// the nearest component mean (`ModeCoverage`), and the accuracy on fresh real samples of a Gaussian
/// discriminant fitted on the reconstructions labelled by their source's class. A second table checks
/// `E.reconstruction-correlation` on 1-D Gaussian data. `reproduce reconstruction` adds a third, with MLP
/// scores trained on N draws of the target (`LearnedScoreSettings`): the same statistics and the relative
/// score error R(t) of each.
public struct ReconstructionExperiment: ConfigurableExperiment {
    /// Sizes and parameters.
    public struct Settings: ScaledExperimentSettings {
        public var dimension = 2
        public var separation = 2.0
        public var sigma = 1.0
        /// N real samples (reconstructed; the estimators' training set), half per class.
        public var trainingSize: Int
        /// Fresh real samples for the classifier's test accuracy.
        public var testSize: Int
        /// Forward times t (vp).
        public var times = [0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0]
        /// Stopping time t₀ of the reverse samplers.
        public var end = 1e-3
        /// Steps of each reverse run (log-uniform from t to t₀).
        public var steps: Int
        /// Which reverse dynamics: probability-flow ODE and/or reverse SDE.
        public var samplers: [ReconstructionDynamics] = [.ode, .sde]
        public var kdeBandwidth = 0.5
        /// c: the class-Gaussian fit's covariances are multiplied by c.
        public var varianceShrink = 0.5
        /// 1-D correlation check: data N(m, v), samples, Euler steps from t to 0.
        public var correlationMean = 1.0
        public var correlationVariance = 2.0
        public var correlationSamples: Int
        public var correlationSteps: Int
        public var correlationTimes = [0.1, 0.2, 0.3, 0.5]
        /// The learned-score table (`run` only; `concentrationTable` leaves it out).
        public var learned: LearnedScoreSettings

        /// The settings of a scale.
        public init(scale: ExperimentScale) {
            learned = LearnedScoreSettings(scale: scale)
            trainingSize = scale == .quick ? 1_000 : 4_000
            testSize = scale == .quick ? 2_000 : 20_000
            steps = scale == .quick ? 80 : 400
            correlationSamples = scale == .quick ? 20_000 : 200_000
            correlationSteps = scale == .quick ? 1_000 : 4_000
        }
    }

    public let name = "reconstruction"
    public let title = "[E] reconstruction through the diffusion: variance, mode concentration and classifier accuracy against the forward time, exact vs learned scores"
    public let claims = ["E.reconstruction-correlation", "E.mode-concentration"]

    public init() {}

    /// Runs with explicit settings (tests and the CLI use their own): every learned unit, concentration and
    /// correlation cell as units of one sweep (the learned units first: they cost the most), then the
    /// tables and figures from the results.
    public func run(in directory: ReportDirectory, settings: Settings, seed: UInt64,
                    progress: @escaping ProgressHandler) async throws -> [String] {
        let concentrationSetup = try ReconstructionConcentrationSetup(settings, seed: seed)
        let correlationSetup = try ReconstructionCorrelationSetup(settings, seed: seed)
        let results = try await Self.sweep(Self.learnedUnits(concentrationSetup) + Self.units(concentrationSetup) + Self.units(correlationSetup),
                                           label: "\(name) cells", progress: progress)
        let (concentration, curves) = concentration(concentrationSetup, results: results.compactMap(\.concentration))
        try directory.write(concentration, basename: "concentration")
        var learnedLines: [String] = []
        if !settings.learned.sizes.isEmpty {
            let (table, learnedCurves, errorFigure) = learned(concentrationSetup, results: results.compactMap(\.learned),
                                                              concentration: results.compactMap(\.concentration))
            try directory.write(table, basename: "learned")
            learnedLines = ["- `learned.md`: " + table.notes.joined(separator: " "),
                            try FigureIndexLine.write(learnedCurves.figures(basenamePrefix: "learned-", titlePrefix: "Learned scores")
                                                        + [(label: "R(t)", basename: "learned-score-error", figure: errorFigure)],
                                                      caption: "learned scores: reconstruction statistics and score error against t", experiment: name, in: directory)]
        }
        let (correlation, correlationRows) = correlation(correlationSetup, results: results.compactMap(\.correlation))
        try directory.write(correlation, basename: "correlation")
        return [
            "- `concentration.md`: " + concentration.notes.joined(separator: " "),
            try FigureIndexLine.write(curves.figures(), caption: "reconstruction statistics against t", experiment: name, in: directory),
        ] + learnedLines + [
            "- `correlation.md`: " + correlation.notes.joined(separator: " "),
            try FigureIndexLine.write([(label: "", basename: "correlation", figure: Self.correlationFigure(correlationRows))],
                                      caption: "corr(x₀, x̂₀) against t with the formulas", experiment: name, in: directory),
        ]
    }

    /// The two-class target mixture.
    public static func target(_ settings: Settings) throws -> GaussianMixture {
        let n = settings.dimension
        let components = try [1.0, -1.0].map { sign in
            try Gaussian(mean: [sign * settings.separation] + [Double](repeating: 0, count: n - 1),
                         covariance: (settings.sigma * settings.sigma) * Matrix.identity(n))
        }
        return try GaussianMixture(weights: [1, 1], components: components)
    }

    /// Balanced labelled samples: count/2 of class 0 then the rest of class 1.
    static func labelledSamples(_ target: GaussianMixture, count: Int, stream: RandomStream) -> (points: Matrix, labels: [Int]) {
        let first = count / 2
        let parts = [first, count - first].enumerated().map { k, size in
            GaussianMixture(target.components[k]).sample(count: size, stream: stream)
        }
        let points = Matrix(rows: count, columns: target.dimension, elements: parts[0].elements + parts[1].elements)
        return (points, [Int](repeating: 0, count: first) + [Int](repeating: 1, count: count - first))
    }
}

extension ReconstructionExperiment {
    /// E.reconstruction-correlation: measured corr(x₀, x̂₀) (band ± 1.96 SE, the table's SE) against t
    /// with the closed forms dashed, for the ODE and the SDE.
    static func correlationFigure(_ rows: [(dynamics: ReconstructionDynamics, time: Double, formula: Double, measured: Double, se: Double)]) -> Figure {
        let series = ReconstructionDynamics.allCases.enumerated().flatMap { index, dynamics -> [FigureSeries] in
            let mine = rows.filter { $0.dynamics == dynamics }
            // 1.96: the two-sided 95 % normal quantile (large-N Pearson correlation).
            return [FigureSeries(name: "measured, \(dynamics.rawValue)",
                                 points: mine.map { FigurePoint(x: $0.time, y: $0.measured, low: $0.measured - 1.96 * $0.se, high: $0.measured + 1.96 * $0.se) },
                                 style: .markers, colorIndex: index),
                    FigureSeries(name: "formula, \(dynamics.rawValue)", points: mine.map { FigurePoint(x: $0.time, y: $0.formula) },
                                 style: .dashed, colorIndex: index)]
        }
        return Figure(title: "corr(x₀, x̂₀) against t, exact score (band: ± 1.96 SE)",
                      xAxis: FigureAxis("forward time t (vp)"), yAxis: FigureAxis("corr(x₀, x̂₀)"), series: series)
    }
}
