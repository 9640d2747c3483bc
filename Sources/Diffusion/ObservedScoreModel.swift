import LinearAlgebra

/// A score model that calls `onEvaluation` after every batched score call of `base` and otherwise is
/// `base`: the same numbers, bit for bit. Samplers make one or two score calls per step, so counting them
/// reports a long run's progress without the samplers knowing about it.
public struct ObservedScoreModel<Base: ScoreModel>: ScoreModel {
    public let base: Base
    /// Called from the sampler's thread after each call to `score`.
    public let onEvaluation: @Sendable () -> Void

    public init(_ base: Base, onEvaluation: @escaping @Sendable () -> Void) {
        self.base = base
        self.onEvaluation = onEvaluation
    }

    public var schedule: NoiseSchedule { base.schedule }
    public var dimension: Int { base.dimension }

    public func score(_ points: Matrix, time: Double) throws -> Matrix {
        let result = try base.score(points, time: time)
        onEvaluation()
        return result
    }
}
