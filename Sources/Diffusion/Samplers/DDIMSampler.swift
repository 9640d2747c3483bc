import Foundation
import LinearAlgebra
import RandomStreams

/// DDIM with η = 0 (Song, Meng, Ermon 2021), the deterministic sampler written in docs/theory.md §0's (s, σ) form,
/// so it runs under every schedule: at each step from t = t_k to t′ = t_{k+1}, with s, σ, γ at t and
/// s′, σ′ at t′,
/// ```
/// x̂₀ = (x + γ²∇log p_t(x))/s                      (Tweedie's denoiser)
/// ε̂  = (x/s − x̂₀)/σ = −γ·∇log p_t(x)
/// x′  = s′·(x̂₀ + σ′·ε̂) = (s′/s)·x + s′·s·σ·(σ − σ′)·∇log p_t(x)
/// ```
/// (the last form is what is computed: no division by σ, exact x′ = x̂₀ when t′ = 0). Under `ve` it is
/// Euler's method in σ for dx/dσ = −σ∇log p_σ(x); in general it is Euler's method in σ for x/s, i.e. the
/// exponential integrator of the probability-flow ODE. With the exact score it is exact for point-mass
/// data (x̂₀ constant) and first order otherwise: W₂ = O(1/K) (`SamplerAffineLawTests` fits the slope).
/// One score call per step; draws no noise.
public struct DDIMSampler: ReverseTimeSampler {
    public init() {}
    public var name: String { "ddim" }

    public func run(_ model: some ScoreModel, from initial: Matrix, grid: TimeGrid, noise: RandomStream) throws -> Matrix {
        let schedule = model.schedule
        return try ReverseStep.iterateIntervals(model, from: initial, grid: grid) { points, score, t, next in
            let s = schedule.scale(at: t), sigma = schedule.sigma(at: t)
            let sNext = schedule.scale(at: next), sigmaNext = schedule.sigma(at: next)
            let ratio = sNext / s, weight = sNext * s * sigma * (sigma - sigmaNext)
            for index in points.elements.indices {
                points.elements[index] = ratio * points.elements[index] + weight * score.elements[index]
            }
        }
    }
}
