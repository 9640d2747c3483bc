import Foundation
import Diffusion
import LinearAlgebra
import InputErrors
import Reports
import ScoreEstimators
import RandomStreams

extension ReconstructionExperiment {
    /// The learned-score table of `reproduce reconstruction` (proofs/E.mode-concentration.md): MLP scores
    /// trained by denoising score matching (`MLPScoreEstimator`, `vp`) on N draws of the target, for
    /// several N, reconstruct the same real samples as the other models.
    public struct LearnedScoreSettings: Sendable {
        /// N, the training-set sizes (nested: the first N rows of one draw).
        public var sizes: [Int]
        /// L hidden layers of the score network.
        public var hiddenLayers: Int
        /// w units per hidden layer.
        public var width: Int
        /// The optimiser's settings; `seed` is replaced per N (see `trainingSeed`).
        public var training: MLPTrainingSettings
        /// Exact draws of p_t behind each relative score error R(t).
        public var scoreErrorSamples: Int

        /// The settings of a scale: the same network and optimiser for every N.
        public init(scale: ExperimentScale) {
            switch scale {
            case .quick:
                sizes = [30, 300, 3_000]
                hiddenLayers = 3
                width = 64
                training = MLPTrainingSettings(steps: 2_000, batchSize: 256, learningRate: 3e-3, warmupSteps: 100)
                scoreErrorSamples = 4_000
            case .paper:
                sizes = [30, 100, 300, 1_000, 3_000, 10_000]
                hiddenLayers = 3
                width = 128
                training = MLPTrainingSettings(steps: 6_000, batchSize: 256, learningRate: 2e-3, warmupSteps: 200)
                scoreErrorSamples = 20_000
            }
        }
    }

    /// What one learned unit (one N) yields: the concentration numbers of every (dynamics, t) in
    /// dynamics-major order, and R(t) = E‖ŝ − s‖²/E‖s‖² under p_t with its standard error, per t.
    struct LearnedScoreResult: Codable, Sendable, Equatable {
        /// One (dynamics, t) cell's numbers, as in a concentration cell.
        struct Cell: Codable, Sendable, Equatable {
            let varianceRatio: Double
            let shell: Double
            let distance: Double
            let accuracy: Double
        }

        let n: Int
        /// The mass beyond 2σ of the N training draws themselves (what a memorising score would return).
        let trainingShell: Double
        let cells: [Cell]
        let relativeError: [Double]
        let relativeErrorSE: [Double]
    }

    /// The training seed of the MLP at size N: a hash of (seed, N).
    static func trainingSeed(_ seed: UInt64, n: Int) -> UInt64 {
        RandomStream(seed: seed).substream(6).substream(UInt64(n)).seed
    }

    /// Trains the MLP of settings `learned` on `training` under `vp` with the seed of size N.
    static func trainLearnedScore(_ training: Matrix, settings: Settings, seed: UInt64) throws -> FittedMLPScore {
        let learned = settings.learned
        var optimiser = learned.training
        optimiser.seed = trainingSeed(seed, n: training.rows)
        let architecture = try MLPArchitecture(dimension: settings.dimension, hiddenLayers: learned.hiddenLayers, width: learned.width)
        return try MLPScoreEstimator(architecture: architecture, training: optimiser).fit(training, schedule: .vp)
    }

    /// R(t) = E‖ŝ − s‖²/E‖s‖², x ~ p_t, from `samples` exact draws of substream k of seed + 2 (the same
    /// draws for every N), and its standard error SE(E‖ŝ − s‖²)/E‖s‖² (the denominator's own error is
    /// second order: it is an average over the same draws).
    static func relativeScoreError(_ model: any ScoreModel, truth: ExactMixtureScore, times: [Double], samples: Int,
                                   seed: UInt64) throws -> (values: [Double], standardErrors: [Double]) {
        let root = RandomStream(seed: seed &+ 2)
        let measurements = try times.indices.map { k in
            try RelativeScoreError.measure(estimate: model, truth: truth, time: times[k], samples: samples, stream: root.substream(UInt64(k)))
        }
        return (measurements.map { $0.meanSquaredError / $0.meanSquaredScore }, measurements.map { $0.standardError / $0.meanSquaredScore })
    }

    /// The learned table and its curves (for the figures), from the learned units' results and, for
    /// reference, the exact model's concentration results (`setup.cells` order).
    func learned(_ setup: ReconstructionConcentrationSetup, results: [LearnedScoreResult],
                 concentration: [ReconstructionCellResult.Concentration]) -> (table: Table, curves: ReconstructionCurves, figure: Figure) {
        let settings = setup.settings, learned = settings.learned, steps = learned.training
        var table = Table(
            caption: "Reconstruction with learned scores [E] (E.mode-concentration): the data, real samples, reverse dynamics and classifier of the concentration table; the score is an MLP (\(learned.hiddenLayers) hidden layers of width \(learned.width), SiLU) trained by denoising score matching (\(steps.steps) Adam steps, batch \(steps.batchSize), peak learning rate \(NumberFormatting.significant(steps.learningRate, digits: 3)), vp, t log-uniform on [0.001, 1]) on N fresh draws of the mixture (nested in N; not the reconstructed samples); seed \(setup.seed). R(t) = E‖ŝ − s‖²/E‖s‖² under the noised law p_t (relative score error, \(learned.scoreErrorSamples) exact draws per t, the same for every N; R = 1 for ŝ ≡ 0), ± its SE. Real data: beyond 2σ \(NumberFormatting.significant(setup.realShell, digits: 4)), accuracy \(NumberFormatting.significant(setup.realAccuracy, digits: 4)); the exact score's rows are in the concentration table.",
            label: "tab:\(name)-learned",
            columns: ["N", "dynamics", "t", "ᾱ", "R(t)", "SE", "Var ratio", "beyond 2σ", "dist", "accuracy"])
        var curves = ReconstructionCurves(realShell: setup.realShell, realAccuracy: setup.realAccuracy, bayesAccuracy: Self.bayesAccuracy(settings))
        for (cell, result) in zip(setup.cells, concentration) where cell.model == 0 {
            curves.append(model: setup.models[0].name, modelIndex: 0, dynamics: settings.samplers[cell.dynamics], time: settings.times[cell.time],
                          ratio: result.varianceRatio, shell: result.shell, accuracy: result.accuracy)
        }
        for (index, result) in results.enumerated() {
            for (position, cell) in result.cells.enumerated() {
                let dynamics = settings.samplers[position / settings.times.count], k = position % settings.times.count
                let time = settings.times[k], s = NoiseSchedule.vp.scale(at: time)
                curves.append(model: "mlp(N=\(result.n))", modelIndex: index + 1, dynamics: dynamics, time: time,
                              ratio: cell.varianceRatio, shell: cell.shell, accuracy: cell.accuracy)
                table.append([.number(Double(result.n), digits: 5), .text(dynamics.rawValue), .number(time, digits: 3), .number(s * s, digits: 3),
                              .number(result.relativeError[k], digits: 3), .number(result.relativeErrorSE[k], digits: 2),
                              .number(cell.varianceRatio, digits: 4), .number(cell.shell, digits: 4),
                              .number(cell.distance, digits: 4), .number(cell.accuracy, digits: 4)])
            }
        }
        let last = settings.times.count - 1
        table.notes = results.map { result in
            let parts = settings.samplers.indices.map { d -> String in
                let cell = result.cells[d * settings.times.count + last]
                return "\(settings.samplers[d].rawValue): Var ratio \(NumberFormatting.significant(cell.varianceRatio, digits: 3)), beyond 2σ \(NumberFormatting.significant(cell.shell, digits: 3))"
            }
            let errors = result.relativeError.map { NumberFormatting.significant($0, digits: 2) }.joined(separator: ", ")
            return "mlp(N = \(result.n); its training draws: beyond 2σ \(NumberFormatting.significant(result.trainingShell, digits: 3))): R(t) = \(errors) over t = \(settings.times.map { NumberFormatting.significant($0, digits: 2) }.joined(separator: ", ")); at t = \(NumberFormatting.significant(settings.times[last], digits: 3)): " + parts.joined(separator: "; ") + " (real beyond 2σ \(NumberFormatting.significant(setup.realShell, digits: 3)))."
        }
        let errorSeries = results.enumerated().map { index, result in
            FigureSeries(name: "mlp(N=\(result.n))",
                         points: settings.times.indices.map { k in
                             FigurePoint(x: settings.times[k], y: result.relativeError[k],
                                         low: max(result.relativeError[k] - 2 * result.relativeErrorSE[k], .leastNormalMagnitude),
                                         high: result.relativeError[k] + 2 * result.relativeErrorSE[k])
                         },
                         style: .lineWithMarkers, colorIndex: index + 1)
        }
        let figure = Figure(title: "Learned scores: relative score error R(t) = E‖ŝ − s‖²/E‖s‖² under p_t (band: ± 2 SE)",
                            xAxis: FigureAxis("forward time t (vp)"), yAxis: FigureAxis("R(t)", scale: .log10), series: errorSeries)
        return (table, curves, figure)
    }
}
