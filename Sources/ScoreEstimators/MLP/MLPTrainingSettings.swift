import Diffusion
import InputErrors

/// The settings of a denoising-score-matching run (`MLPScoreEstimator`), with defaults sized so that a
/// 2-D, 8-component mixture trains in well under a minute on two cores (release build).
public struct MLPTrainingSettings: Equatable, Sendable {
    /// How the training times are drawn on [t_min, t_max].
    public enum TimeSampling: String, Sendable, CaseIterable {
        /// ln t uniform on [ln t_min, ln t_max]: as many draws per decade of t, so the small noise levels,
        /// where the score is largest and hardest, are not starved.
        case logUniform = "log-uniform"
        /// t uniform on [t_min, t_max].
        case uniform
    }

    /// K ≥ 1 optimiser steps.
    public var steps: Int
    /// B ≥ 1 samples per minibatch (drawn with replacement).
    public var batchSize: Int
    /// η_max of the `LearningRateSchedule`.
    public var learningRate: Double
    /// η_min as a fraction of η_max, in [0, 1].
    public var finalLearningRateFraction: Double
    /// W ≥ 0 linear warm-up steps.
    public var warmupSteps: Int
    /// t_min > 0; nil: `defaultTimeRange(for:)`.
    public var minimumTime: Double?
    /// t_max > t_min, a valid time of the schedule; nil: `defaultTimeRange(for:)`.
    public var maximumTime: Double?
    /// The law of the training times.
    public var timeSampling: TimeSampling
    /// The seed of every random draw (initial weights, minibatch indices, times, noise).
    public var seed: UInt64

    public init(steps: Int = 6000, batchSize: Int = 256, learningRate: Double = 2e-3, finalLearningRateFraction: Double = 0.01,
                warmupSteps: Int = 200, minimumTime: Double? = nil, maximumTime: Double? = nil,
                timeSampling: TimeSampling = .logUniform, seed: UInt64 = 0) {
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.finalLearningRateFraction = finalLearningRateFraction
        self.warmupSteps = warmupSteps
        self.minimumTime = minimumTime
        self.maximumTime = maximumTime
        self.timeSampling = timeSampling
        self.seed = seed
    }

    /// [t_min, t_max] when not given: `ve` [0.002, 80] (EDM's σ range), `vp` [0.001, 1], `ou` [0.001, 10]
    /// (s = e^{−5}), `cosine` [0.001, 0.99]. At t_max the noised law is close to the schedule's prior.
    public static func defaultTimeRange(for schedule: NoiseSchedule) -> (minimum: Double, maximum: Double) {
        switch schedule {
        case .ve: return (0.002, 80)
        case .vp: return (0.001, 1)
        case .ou: return (0.001, 10)
        case .cosine: return (0.001, 0.99)
        }
    }

    /// [t_min, t_max] under `schedule`, validated.
    /// - Throws: `InputError` naming `steps`, `batchSize`, `learningRate`, `finalLearningRateFraction`,
    ///   `warmupSteps`, `minimumTime` or `maximumTime` with the value.
    public func validatedTimeRange(for schedule: NoiseSchedule) throws -> (minimum: Double, maximum: Double) {
        try InputError.requireAtLeastOne(["steps": steps, "batchSize": batchSize])
        guard learningRate > 0, learningRate.isFinite else {
            throw InputError(source: "", field: "learningRate", reason: "\(describeNumber(learningRate)) must be positive and finite")
        }
        guard (0...1).contains(finalLearningRateFraction) else {
            throw InputError(source: "", field: "finalLearningRateFraction", reason: "\(describeNumber(finalLearningRateFraction)) must lie in [0, 1]")
        }
        guard warmupSteps >= 0 else {
            throw InputError(source: "", field: "warmupSteps", reason: "\(warmupSteps) must be ≥ 0")
        }
        let defaults = Self.defaultTimeRange(for: schedule)
        let low = minimumTime ?? defaults.minimum, high = maximumTime ?? defaults.maximum
        guard low > 0, low.isFinite else {
            throw InputError(source: "", field: "minimumTime", reason: "\(describeNumber(low)) must be positive (the network output is divided by γ(t))")
        }
        guard high > low else {
            throw InputError(source: "", field: "maximumTime", reason: "\(describeNumber(high)) must exceed minimumTime \(low)")
        }
        do { try schedule.validate(time: high) } catch let error as InputError {
            throw InputError(source: "", field: "maximumTime", reason: error.reason)
        }
        return (low, high)
    }

    /// The learning-rate schedule of these settings.
    public var learningRateSchedule: LearningRateSchedule {
        LearningRateSchedule(peak: learningRate, final: learningRate * finalLearningRateFraction,
                             warmupSteps: warmupSteps, totalSteps: steps)
    }
}
