import Foundation
import LinearAlgebra
import RandomStreams

/// Heun's second-order method (explicit trapezoidal rule) for the probability-flow ODE, the deterministic
/// sampler of Karras et al. (EDM, Algorithm 1) that [D]'s authors use [docs/theory.md §2]. On the grid
/// t_0 > t_1 > … > t_K with h = t_{k+1} − t_k < 0:
/// ```
/// v(x, t) = f(t)·x − ½g(t)²·∇log p_t(x)  =  (ṡ/s + σ̇/σ)·x − (σ̇ s/σ)·D(x; t)
/// x̃       = x + h·v(x, t_k)                                   (Euler predictor)
/// x′      = x + ½h·[v(x, t_k) + v(x̃, t_{k+1})]                 (trapezoidal corrector, when t_{k+1} > 0)
/// x′      = x̃                                                  (when t_{k+1} = 0)
/// ```
/// The second form is docs/theory.md §0's (s, σ) form with the Tweedie denoiser D = (x + γ²∇log p_t)/s; for `ve`
/// (s = 1, σ = t) it is dx/dσ = −σ∇log p_σ(x) = (x − D)/σ. At t = 0 the score of the data law may not
/// exist (point masses, low-rank components), so a last step to 0 is a plain Euler step — which for `ve`
/// lands exactly on D(x; t_{K−1}) — as in EDM. Any grid works; `HeunEDMSampler.grid(schedule:)` gives
/// the EDM discretisation.
///
/// Cost: 2 score calls per step (1 for a last step to 0). Order: with the exact score the global error
/// is O(max|h|²) on grids that are smooth images of a uniform grid (uniform, log-uniform, EDM's
/// ρ-spacing); `SamplerAffineLawTests` fits W₂ ∝ K^{−2} on the sampler's output laws. Draws no noise.
public struct HeunSampler: ReverseTimeSampler {
    public init() {}
    public var name: String { "heun" }

    public func run(_ model: some ScoreModel, from initial: Matrix, grid: TimeGrid, noise: RandomStream) throws -> Matrix {
        try Self.integrate(model, from: initial, grid: grid)
    }

    /// The method itself (no stream needed): see the type's formulas.
    static func integrate(_ model: some ScoreModel, from initial: Matrix, grid: TimeGrid) throws -> Matrix {
        try ReverseStep.validate(model, initial: initial, grid: grid)
        var points = initial
        for k in 0..<grid.steps {
            let t = grid.times[k], next = grid.times[k + 1], h = next - t
            let slope = try Self.velocity(model, points, time: t)
            var predicted = points
            for index in predicted.elements.indices { predicted.elements[index] += h * slope.elements[index] }
            guard next > 0 else {
                points = predicted
                continue
            }
            let corrected = try Self.velocity(model, predicted, time: next)
            for index in points.elements.indices {
                points.elements[index] += 0.5 * h * (slope.elements[index] + corrected.elements[index])
            }
        }
        return points
    }

    /// v(x, t) = f(t)·x − ½g(t)²·∇log p_t(x) for each row: one batched score call.
    static func velocity(_ model: some ScoreModel, _ points: Matrix, time t: Double) throws -> Matrix {
        let f = model.schedule.drift(at: t), halfG2 = 0.5 * model.schedule.diffusionSquared(at: t)
        var velocity = try model.score(points, time: t)
        for index in velocity.elements.indices {
            velocity.elements[index] = f * points.elements[index] - halfG2 * velocity.elements[index]
        }
        return velocity
    }
}
