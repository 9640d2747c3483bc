import LinearAlgebra

/// Anything that gives a score ∇ log p_t at a batch of points and a time, under a noise schedule.
///
/// Samplers (reverse SDE, probability-flow ODE) are driven through this protocol, so the exact mixture
/// score, the memorising empirical denoiser and the learned estimators are interchangeable.
public protocol ScoreModel: Sendable {
    /// The forward process the score refers to.
    var schedule: NoiseSchedule { get }
    /// The dimension n.
    var dimension: Int { get }
    /// ∇ₓ log p_t(x) for each row of `points` (N×n) at time t.
    func score(_ points: Matrix, time: Double) throws -> Matrix
}

extension ScoreModel {
    /// The posterior mean by Tweedie's formula, E[x₀ | x_t] = (x_t + γ² ∇ log p_t(x_t)) / s [core.tweedie].
    /// Models with a more stable route (`ExactMixtureScore`) shadow `denoise`; this stays Tweedie's formula
    /// from the model's score, which is what the Tweedie tests and `closedform check core.tweedie` test.
    public func tweedieDenoise(_ points: Matrix, time: Double) throws -> Matrix {
        let s = schedule.scale(at: time), gamma2 = schedule.gammaSquared(at: time)
        let score = try self.score(points, time: time)
        var result = points
        for index in result.elements.indices {
            result.elements[index] = (points.elements[index] + gamma2 * score.elements[index]) / s
        }
        return result
    }

    /// The posterior mean E[x₀ | x_t]: Tweedie's formula (`tweedieDenoise`).
    public func denoise(_ points: Matrix, time: Double) throws -> Matrix {
        try tweedieDenoise(points, time: time)
    }
}
