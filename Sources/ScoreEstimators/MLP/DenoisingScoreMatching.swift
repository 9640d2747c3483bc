import Foundation
import Synchronization
import Diffusion
import LinearAlgebra
import RandomStreams

/// The denoising-score-matching loss of the MLP score and its gradient on one minibatch [docs/theory.md §0].
///
/// With x_t = s(t)x₀ + γ(t)ε, the conditional score is ∇ log p_t(x_t | x₀) = −ε/γ(t). The network is
/// preconditioned, ŝ(x, t) = net(x, t)/γ(t), and each noise level is weighted by λ(t) = γ(t)², so
/// ```
/// λ(t)·‖ŝ(x_t, t) + ε/γ(t)‖² = ‖net(x_t, t) + ε‖²
/// ℒ(θ) = (1/B) Σ_i ‖net(x_{t_i,i}, t_i) + ε_i‖²,        G_L = ∂ℒ/∂net = (2/B)(net + ε)
/// ```
/// — the network predicts −ε, a target of unit scale at every noise level. E ℒ differs from the weighted
/// score error E λ(t)‖ŝ − ∇ log p_t‖² by a constant independent of θ (proofs/core.dsm.md), so minimising
/// it learns the score.
///
/// Evaluation: the batch is cut into blocks of `blockRows` rows (a constant, never the thread count);
/// blocks run through `ParallelBlocks` and their losses and gradients are summed in block order, so the
/// result is bit-identical for any number of threads.
public enum DenoisingScoreMatching {
    /// Rows per parallel block.
    public static let blockRows = 128

    /// One minibatch: clean points, times and noise.
    public struct Batch: Sendable {
        /// x₀ (B×n).
        public let clean: Matrix
        /// t_i > 0 (B).
        public let times: [Double]
        /// ε (B×n).
        public let noise: Matrix

        public init(clean: Matrix, times: [Double], noise: Matrix) {
            precondition(clean.rows == times.count && clean.rows == noise.rows && clean.columns == noise.columns,
                         "DenoisingScoreMatching.Batch: x₀ \(clean.rows)×\(clean.columns), \(times.count) times, ε \(noise.rows)×\(noise.columns)")
            self.clean = clean
            self.times = times
            self.noise = noise
        }

        /// Draws a minibatch from `stream`, in this order: B row indices of `samples` (uniform, with
        /// replacement), B times (`sampling` on [t_min, t_max]), B·n standard normals ε row by row.
        public static func draw(from samples: Matrix, size: Int, timeRange: (minimum: Double, maximum: Double),
                                sampling: MLPTrainingSettings.TimeSampling, stream: RandomStream) -> Batch {
            let n = samples.columns
            var clean = Matrix(rows: size, columns: n)
            for i in 0..<size {
                let j = stream.integer(below: samples.rows)
                clean.elements.replaceSubrange((i * n)..<((i + 1) * n), with: samples.elements[(j * n)..<((j + 1) * n)])
            }
            let (low, high) = timeRange
            let times = (0..<size).map { _ -> Double in
                let u = stream.uniform()
                switch sampling {
                case .logUniform: return low * exp(u * log(high / low))
                case .uniform: return low + u * (high - low)
                }
            }
            return Batch(clean: clean, times: times, noise: Matrix.gaussian(rows: size, columns: n, stream: stream))
        }

        /// Rows `range` of the batch.
        func rows(_ range: Range<Int>) -> Batch {
            Batch(clean: clean.rows(range), times: Array(times[range]), noise: noise.rows(range))
        }

        /// The network inputs [c_in·x_t, e(t)] with x_t = s(t)x₀ + γ(t)ε.
        func networkInputs(_ embedding: TimeEmbedding, schedule: NoiseSchedule) -> Matrix {
            var noisy = clean
            let n = clean.columns
            for (i, t) in times.enumerated() {
                let s = schedule.scale(at: t), gamma = schedule.gamma(at: t)
                for j in (i * n)..<((i + 1) * n) { noisy.elements[j] = s * clean.elements[j] + gamma * noise.elements[j] }
            }
            return embedding.networkInputs(points: noisy, times: times, schedule: schedule)
        }
    }

    /// ℒ(θ) alone (see the type's formula).
    public static func loss(_ network: MLPNetwork, batch: Batch, schedule: NoiseSchedule) -> Double {
        evaluate(network, batch: batch, schedule: schedule, wantGradient: false).loss
    }

    /// ℒ(θ) and ∇θ ℒ (see the type's formula), the gradient by backpropagation (`MLPNetwork.backward`).
    public static func lossAndGradient(_ network: MLPNetwork, batch: Batch,
                                       schedule: NoiseSchedule) -> (loss: Double, gradient: MLPParameters) {
        let result = evaluate(network, batch: batch, schedule: schedule, wantGradient: true)
        return (result.loss, MLPParameters(shapedLike: network.parameters, flattened: result.gradient))
    }

    /// Block-parallel evaluation; block results are combined in block order.
    static func evaluate(_ network: MLPNetwork, batch: Batch, schedule: NoiseSchedule,
                         wantGradient: Bool) -> (loss: Double, gradient: [Double]) {
        let size = batch.times.count
        let blocks = (size + blockRows - 1) / blockRows
        let results = Mutex<[(loss: Double, gradient: [Double])?]>(Array(repeating: nil, count: blocks))
        let factor = 2 / Double(size)
        ParallelBlocks.forEach(count: size, blockSize: blockRows) { range in
            let part = batch.rows(range)
            let cache = network.forward(part.networkInputs(network.architecture.timeEmbedding, schedule: schedule))
            var residual = cache.output + part.noise
            let lossSum = residual.elements.reduce(0) { $0 + $1 * $1 }
            var gradient: [Double] = []
            if wantGradient {
                for k in residual.elements.indices { residual.elements[k] *= factor }
                gradient = network.backward(cache, outputGradient: residual).flattened
            }
            results.withLock { $0[range.lowerBound / blockRows] = (lossSum, gradient) }
        }
        return results.withLock { parts in
            var loss = 0.0
            var gradient = [Double](repeating: 0, count: wantGradient ? network.parameters.count : 0)
            for part in parts {
                guard let part else { preconditionFailure("DenoisingScoreMatching: a block did not run") }
                loss += part.loss
                for k in gradient.indices { gradient[k] += part.gradient[k] }
            }
            return (loss / Double(size), gradient)
        }
    }
}
