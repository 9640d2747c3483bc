import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// The deterministic set-up of the reconstruction experiment's correlation cells (the 1-D check of
/// `E.reconstruction-correlation`): data N(m, v), its exact vp score and the N originals, and the
/// computation of one cell.
///
/// The originals come from substream 0 of the stream seeded with seed + 1; a cell (dynamics, time k)
/// draws only from substream 1 + k of it (the ODE and the SDE at one t share x_t).
struct ReconstructionCorrelationSetup: Sendable {
    /// One cell: the dynamics and an index into `settings.correlationTimes`.
    struct Cell: Sendable {
        let dynamics: ReconstructionDynamics
        let time: Int
    }

    let settings: ReconstructionExperiment.Settings
    let seed: UInt64
    let model: ExactMixtureScore
    let originals: Matrix

    init(_ settings: ReconstructionExperiment.Settings, seed: UInt64) throws {
        self.settings = settings
        self.seed = seed
        let data = GaussianMixture(try Gaussian(mean: [settings.correlationMean], covariance: Matrix(rowArrays: [[settings.correlationVariance]])))
        model = ExactMixtureScore(data: data, schedule: .vp)
        originals = data.sample(count: settings.correlationSamples, stream: RandomStream(seed: seed &+ 1).substream(0))
    }

    /// The cells in table order: dynamics-major, then t.
    var cells: [Cell] {
        ReconstructionDynamics.allCases.flatMap { dynamics in settings.correlationTimes.indices.map { Cell(dynamics: dynamics, time: $0) } }
    }

    /// Forwards the originals to t, reconstructs them to 0 with the exact score in
    /// max(20, round(correlationSteps · t)) Euler steps (Δ ≈ 1/correlationSteps), and measures the pairs.
    func result(_ cell: Cell) throws -> ReconstructionCellResult {
        let time = settings.correlationTimes[cell.time]
        let steps = max(20, Int((Double(settings.correlationSteps) * time).rounded()))
        let reconstruction = try Reconstruction(schedule: .vp, time: time, end: 0, steps: steps)
        let stream = RandomStream(seed: seed &+ 1).substream(UInt64(1 + cell.time))
        let pairs = try reconstruction.run(originals, model: model, sampler: cell.dynamics.sampler, stream: stream)
        return .correlation(measured: pairs.correlation(), variance: ReconstructionPairs.totalVariance(pairs.reconstructions))
    }
}
