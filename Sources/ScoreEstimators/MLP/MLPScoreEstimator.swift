import Diffusion
import LinearAlgebra
import InputErrors
import RandomStreams

/// Fits a small MLP score network to samples by denoising score matching [docs/theory.md §0] (the loss,
/// preconditioning and weighting are those of `DenoisingScoreMatching`; proofs/core.dsm.md).
///
/// Algorithm, with K = `training.steps`:
/// ```
/// θ₀ ← LeCun-normal(stream.substream(0))
/// for k = 0 … K−1:
///     batch_k ← Batch.draw(samples, B, [t_min, t_max], stream.substream(k + 1))
///     (ℒ_k, g_k) ← DenoisingScoreMatching.lossAndGradient(θ_k, batch_k)
///     θ_{k+1} ← Adam(θ_k, g_k, η_k)          η_k: warm-up then cosine (LearningRateSchedule)
/// ```
/// with `stream = RandomStream(seed: training.seed)`. Every random draw comes from these substreams and
/// the gradient's blocks are summed in a fixed order, so the same seed gives the same weights bit for
/// bit whatever the thread count.
///
/// Cost per step: about 6·B·|θ| flops in dgemm plus B·L·w exponentials; |θ| ≈ (n + m)w + (L − 1)w² + nw.
/// On Linux, glibc's default heap trimming returns the per-step matrices to the kernel after every step;
/// an executable that trains should raise M_TRIM_THRESHOLD and M_MMAP_THRESHOLD (`mallopt`, as
/// closedform-mlp-benchmark does), which doubles the throughput there.
public struct MLPScoreEstimator: FittingRule {
    /// Called after every step with (step, total, loss): step runs 1 … K, loss is ℒ_k of that minibatch.
    public typealias Progress = @Sendable (_ step: Int, _ total: Int, _ loss: Double) -> Void

    public let architecture: MLPArchitecture
    public let training: MLPTrainingSettings
    /// Optional progress report (e.g. a terminal bar); nil for none.
    public let progress: Progress?

    public init(architecture: MLPArchitecture, training: MLPTrainingSettings = MLPTrainingSettings(), progress: Progress? = nil) {
        self.architecture = architecture
        self.training = training
        self.progress = progress
    }

    /// `mlp(L=3,w=128)`.
    public var name: String { "mlp(L=\(architecture.hiddenLayers),w=\(architecture.width))" }

    /// Trains and returns the fitted score (see `train` for the loss history).
    public func fit(_ samples: Matrix, schedule: NoiseSchedule) throws -> FittedMLPScore {
        try train(samples, schedule: schedule).model
    }

    /// Trains (see the type's algorithm) and returns the model with the minibatch loss ℒ_k of every step.
    /// - Throws: `InputError` naming `samples` (no rows, non-finite values, or a dimension other than the
    ///   architecture's) or an invalid training setting.
    public func train(_ samples: Matrix, schedule: NoiseSchedule) throws -> (model: FittedMLPScore, losses: [Double]) {
        try TrainingSamples.validate(samples, minimumRows: 1, requirement: "need at least 1")
        guard samples.columns == architecture.dimension else {
            throw InputError(source: "", field: "samples",
                             reason: "have \(samples.columns) columns but the architecture's dimension is \(architecture.dimension)")
        }
        let timeRange = try training.validatedTimeRange(for: schedule)
        let stream = RandomStream(seed: training.seed)
        var network = MLPNetwork(architecture: architecture,
                                 parameters: MLPParameters(initialising: architecture, stream: stream.substream(0)))
        var theta = network.parameters.flattened
        var optimizer = AdamOptimizer(parameterCount: theta.count)
        let rates = training.learningRateSchedule
        var losses: [Double] = []
        losses.reserveCapacity(training.steps)
        // One pinning for the whole run: the blocks' own `pinned` calls then nest instead of switching
        // OpenBLAS's thread pool off and on at every step (which cost a third of the run in system time).
        BLASThreads.pinned {
            for step in 0..<training.steps {
                let batch = DenoisingScoreMatching.Batch.draw(from: samples, size: training.batchSize, timeRange: timeRange,
                                                              sampling: training.timeSampling, stream: stream.substream(UInt64(step) + 1))
                let (loss, gradient) = DenoisingScoreMatching.evaluate(network, batch: batch, schedule: schedule, wantGradient: true)
                optimizer.step(&theta, gradient: gradient, learningRate: rates.rate(at: step))
                network.parameters = MLPParameters(shapedLike: network.parameters, flattened: theta)
                losses.append(loss)
                progress?(step + 1, training.steps, loss)
            }
        }
        return (FittedMLPScore(network: network, schedule: schedule), losses)
    }
}
