import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import RandomStreams

/// The deterministic set-up of the reconstruction experiment's concentration cells — target, labelled
/// training and test samples, fitted score models, real-data references — and the computation of one cell.
///
/// Built from (settings, seed) alone, so every process of a sharded run and the merge build the same one;
/// a cell (model m, dynamics d, time k) draws only from the substream 16 + 64d + k of the seed's stream,
/// the same for every model (same x_t and sampler noise: a paired comparison). The learned units
/// (`learnedResult`) reconstruct with the same substreams.
struct ReconstructionConcentrationSetup: Sendable {
    /// One cell: indices into the models, `settings.samplers` and `settings.times`.
    struct Cell: Sendable {
        let model: Int
        let dynamics: Int
        let time: Int
    }

    let settings: ReconstructionExperiment.Settings
    let seed: UInt64
    let training: Matrix
    let labels: [Int]
    let test: Matrix
    let testLabels: [Int]
    let coverage: ModeCoverage
    let models: [(name: String, model: any ScoreModel)]
    /// Mass beyond 2σ and mean nearest-mean distance of the training samples and of 20N population draws.
    let realShell: Double, realDistance: Double
    let populationShell: Double, populationDistance: Double
    /// Test accuracy of the discriminant fitted on the real training samples.
    let realAccuracy: Double
    /// The learned scores' training draws (substream 3; size N uses the first N rows).
    let learnedPool: Matrix

    /// Draws the samples (substreams 0, 1, 2 of the seed's stream) and fits the models.
    init(_ settings: ReconstructionExperiment.Settings, seed: UInt64) throws {
        self.settings = settings
        self.seed = seed
        let target = try ReconstructionExperiment.target(settings)
        let root = RandomStream(seed: seed)
        (training, labels) = ReconstructionExperiment.labelledSamples(target, count: settings.trainingSize, stream: root.substream(0))
        (test, testLabels) = ReconstructionExperiment.labelledSamples(target, count: settings.testSize, stream: root.substream(1))
        coverage = ModeCoverage(means: target.components.map(\.mean), sigma: settings.sigma)
        models = try ReconstructionExperiment.models(settings, target: target, training: training, labels: labels)
        realShell = coverage.shellMass(training)
        realDistance = coverage.meanDistance(training)
        let large = target.sample(count: 20 * settings.trainingSize, stream: root.substream(2))
        populationShell = coverage.shellMass(large)
        populationDistance = coverage.meanDistance(large)
        realAccuracy = try GaussianDiscriminant(points: training, labels: labels, classCount: 2).accuracy(test, labels: testLabels)
        learnedPool = target.sample(count: settings.learned.sizes.max() ?? 0, stream: root.substream(3))
    }

    /// The cells in table order: model-major, then dynamics, then t.
    var cells: [Cell] {
        models.indices.flatMap { m in
            settings.samplers.indices.flatMap { d in settings.times.indices.map { k in Cell(model: m, dynamics: d, time: k) } }
        }
    }

    /// Forwards the training samples to t, reconstructs them with the cell's model and dynamics, and
    /// measures the reconstructions.
    func result(_ cell: Cell) throws -> ReconstructionCellResult {
        let numbers = try measure(models[cell.model].model, dynamics: cell.dynamics, time: cell.time)
        return .concentration(varianceRatio: numbers.varianceRatio, shell: numbers.shell, distance: numbers.distance, accuracy: numbers.accuracy)
    }

    /// Trains the MLP on the first `settings.learned.sizes[index]` rows of `learnedPool`, reconstructs the
    /// training samples with it for every (dynamics, t) as the concentration cells do, and measures R(t).
    func learnedResult(_ index: Int) throws -> ReconstructionCellResult {
        let n = settings.learned.sizes[index]
        let draws = learnedPool.rows(0..<n)
        let model = try ReconstructionExperiment.trainLearnedScore(draws, settings: settings, seed: seed)
        let cells = try settings.samplers.indices.flatMap { d in try settings.times.indices.map { k in try measure(model, dynamics: d, time: k) } }
        let truth = models[0].model as! ExactMixtureScore
        let errors = try ReconstructionExperiment.relativeScoreError(model, truth: truth, times: settings.times,
                                                                    samples: settings.learned.scoreErrorSamples, seed: seed)
        return .learned(ReconstructionExperiment.LearnedScoreResult(n: n, trainingShell: coverage.shellMass(draws), cells: cells, relativeError: errors.values,
                                                                    relativeErrorSE: errors.standardErrors))
    }

    /// Forwards the training samples to times[k], reconstructs them with `model` and dynamics d (substream
    /// 16 + 64d + k), and measures the reconstructions.
    private func measure(_ model: any ScoreModel, dynamics d: Int, time k: Int) throws -> ReconstructionExperiment.LearnedScoreResult.Cell {
        let reconstruction = try Reconstruction(schedule: .vp, time: settings.times[k], end: settings.end,
                                                steps: settings.steps, spacing: .logUniform)
        let stream = RandomStream(seed: seed).substream(UInt64(16 + 64 * d + k))
        let pairs = try reconstruction.run(training, model: model, sampler: settings.samplers[d].sampler, stream: stream)
        let x = pairs.reconstructions
        return .init(varianceRatio: pairs.varianceRatio, shell: coverage.shellMass(x), distance: coverage.meanDistance(x),
                     accuracy: try GaussianDiscriminant(points: x, labels: labels, classCount: 2).accuracy(test, labels: testLabels))
    }
}
