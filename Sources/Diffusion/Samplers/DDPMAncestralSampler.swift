import Foundation
import LinearAlgebra
import InputErrors
import RandomStreams

/// DDPM ancestral sampling (Ho, Jain, Abbeel 2020): each step draws from the forward process's posterior
/// q(x_{t′} | x_t, x₀) with x₀ replaced by Tweedie's denoiser x̂₀ = (x + γ²∇log p_t(x))/s. In DDPM's
/// notation, ᾱ = s², α = ᾱ_t/ᾱ_{t′}, β = 1 − α:
/// ```
/// mean = √ᾱ_{t′}·β/(1 − ᾱ_t)·x̂₀ + √α·(1 − ᾱ_{t′})/(1 − ᾱ_t)·x_t,     variance = (1 − ᾱ_{t′})/(1 − ᾱ_t)·β
/// ```
/// which in docs/theory.md §0's (s, σ) form, with ρ = σ′²/σ², is what is computed:
/// ```
/// x′ = s′·[(1 − ρ)·x̂₀ + ρ·x/s] + s′σ′·√(1 − ρ)·z
///    = (s′/s)·x + s′·s·(σ² − σ′²)·∇log p_t(x) + s′σ′·√(1 − ρ)·z,      z ~ N(0, Iₙ)
/// ```
/// At t′ = 0 the mean is x̂₀ and the variance 0.
///
/// Schedules: the variance-preserving ones, s²(1 + σ²) = 1 — `vp` (DDPM's linear β), `cosine` (improved
/// DDPM) and `ou` — where ᾱ = s² and the formulas above are DDPM's; `ve` is rejected (use
/// `euler-maruyama` or `ddim`).
///
/// Noise: like every stochastic sampler, step k draws exactly count·n standard normals from the stream,
/// row by row, including the last step where the variance is 0, so the stream advances the same way for
/// every score model and grid of the same length. Order: with the exact score the mean of each transition
/// is exact for Gaussian data but its variance misses s′²(1 − ρ)²·Var(x₀|x_t) = O(Δ²) per step, so
/// W₂ = O(1/K) (`SamplerAffineLawTests` fits the slope).
public struct DDPMAncestralSampler: ReverseTimeSampler {
    public init() {}
    public var name: String { "ddpm" }

    /// Throws unless `schedule` is variance preserving (`vp`, `cosine`, `ou`).
    public static func validate(schedule: NoiseSchedule) throws {
        guard schedule != .ve else {
            throw InputError(source: "", field: "schedule",
                             reason: "ve is not variance preserving; DDPM ancestral sampling needs vp, cosine or ou (use euler-maruyama or ddim for ve)")
        }
    }

    public func run(_ model: some ScoreModel, from initial: Matrix, grid: TimeGrid, noise: RandomStream) throws -> Matrix {
        let schedule = model.schedule
        try Self.validate(schedule: schedule)
        return try ReverseStep.iterateIntervals(model, from: initial, grid: grid) { points, score, t, next in
            let z = noise.gaussians(points.elements.count)
            let s = schedule.scale(at: t), sigma = schedule.sigma(at: t)
            let sNext = schedule.scale(at: next), sigmaNext = schedule.sigma(at: next)
            let rho = (sigmaNext * sigmaNext) / (sigma * sigma)
            let ratio = sNext / s, weight = sNext * s * (sigma - sigmaNext) * (sigma + sigmaNext)
            let deviation = sNext * sigmaNext * (1 - rho).squareRoot()
            for index in points.elements.indices {
                points.elements[index] = ratio * points.elements[index] + weight * score.elements[index] + deviation * z[index]
            }
        }
    }
}
