import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors

/// A trained MLP score network as a score model:
/// ```
/// ŝ(x, t) = net([c_in(t)·x, e(t)]) / γ(t)
/// ```
/// (`TimeEmbedding` for c_in and e, `DenoisingScoreMatching` for why the output is divided by γ). Its law
/// is only reachable through a sampler, so `law` is nil. Saved and loaded as JSON by
/// `FittedMLPScore+File.swift`.
///
/// Evaluation runs in blocks of `blockRows` rows through `ParallelBlocks`: bit-identical for any thread
/// count. Valid times: 0 < t within the schedule's range (γ(0) = 0 and ln σ(0) = −∞).
public struct FittedMLPScore: FittedScoreModel, Equatable {
    /// Rows per parallel block in `score`.
    public static let blockRows = 256

    /// The network with its trained parameters.
    public let network: MLPNetwork
    public let schedule: NoiseSchedule

    public init(network: MLPNetwork, schedule: NoiseSchedule) {
        self.network = network
        self.schedule = schedule
    }

    public var dimension: Int { network.architecture.dimension }
    public var architecture: MLPArchitecture { network.architecture }
    /// nil: an MLP score defines its law only through a sampler.
    public var law: GaussianMixture? { nil }

    /// ŝ(x, t) for each row (see the type's formula).
    /// - Throws: `InputError` for t ≤ 0, a time outside the schedule's range, or points of the wrong dimension.
    public func score(_ points: Matrix, time: Double) throws -> Matrix {
        try schedule.validate(time: time)
        guard time > 0 else {
            throw InputError(source: "--time", field: "", reason: "0 is not a valid time for an MLP score: its output is divided by γ(0) = 0; use t > 0")
        }
        guard points.columns == dimension else {
            throw InputError(source: "", field: "points", reason: "have \(points.columns) columns; the MLP score has dimension \(dimension)")
        }
        let gamma = schedule.gamma(at: time)
        let embedding = architecture.timeEmbedding
        return ParallelBlocks.mapRows(count: points.rows, columns: dimension, blockSize: Self.blockRows) { range in
            let inputs = embedding.networkInputs(points: points.rows(range), times: Array(repeating: time, count: range.count),
                                                 schedule: schedule)
            return (1 / gamma) * network(inputs)
        }
    }
}
