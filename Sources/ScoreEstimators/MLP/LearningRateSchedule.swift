import Foundation

/// Linear warm-up, then cosine decay: the learning rate η_k of step k = 0 … K−1.
/// ```
/// η_k = η_max·(k + 1)/W                                                   k < W
/// η_k = η_min + ½(η_max − η_min)(1 + cos(π·(k − W)/max(1, K − 1 − W)))   k ≥ W
/// ```
/// so η rises to η_max at step W − 1 and W, and falls to exactly η_min at the last step K − 1. The warm-up
/// keeps Adam's first steps (whose second-moment estimate rests on few gradients) small; the decay lets
/// the iterate settle, which lowers the final loss's noise floor (the minibatch variance times η).
public struct LearningRateSchedule: Equatable, Sendable {
    /// η_max > 0.
    public let peak: Double
    /// η_min ∈ [0, η_max].
    public let final: Double
    /// W ≥ 0 warm-up steps.
    public let warmupSteps: Int
    /// K ≥ 1 steps in all.
    public let totalSteps: Int

    public init(peak: Double, final: Double, warmupSteps: Int, totalSteps: Int) {
        precondition(peak > 0 && final >= 0 && final <= peak && warmupSteps >= 0 && totalSteps >= 1,
                     "LearningRateSchedule: need 0 ≤ η_min ≤ η_max, η_max > 0, W ≥ 0, K ≥ 1; got \(final), \(peak), \(warmupSteps), \(totalSteps)")
        self.peak = peak
        self.final = final
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
    }

    /// η_k (see the type's formula); steps past K − 1 keep η_min.
    public func rate(at step: Int) -> Double {
        if step < warmupSteps { return peak * Double(step + 1) / Double(warmupSteps) }
        let progress = min(1, Double(step - warmupSteps) / Double(max(1, totalSteps - 1 - warmupSteps)))
        return final + 0.5 * (peak - final) * (1 + cos(Double.pi * progress))
    }
}
