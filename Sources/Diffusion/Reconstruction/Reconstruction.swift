import Foundation
import LinearAlgebra
import InputErrors
import RandomStreams

/// Reconstruction through the diffusion [E] (docs/theory.md §5): a real sample x₀ is pushed forward to time t,
/// then a reverse-time sampler driven by a score model brings it back to the early-stopping time t₀:
/// ```
/// x_t = s(t)·x₀ + s(t)σ(t)·ε,   ε ~ N(0, Iₙ)          (forward, exact in one step)
/// x̂ = reverse sampler(x_t; grid t = t_0 > … > t_K = t₀)  (probability-flow ODE or reverse SDE)
/// ```
/// Larger t leaves less of x₀ in x_t, so more of x̂ comes from the model. With the exact score, the
/// probability-flow ODE preserves the law (x̂ ~ p_{t₀}) and the reverse SDE draws x̂ from p(x_{t₀} | x_t);
/// for 1-D Gaussian data N(m, v) under `vp` (ᾱ = s(t)², t₀ = 0) this gives
/// ```
/// ODE: corr(x₀, x̂₀) = √ᾱ √v / √(ᾱv + 1 − ᾱ)        SDE: corr(x₀, x̂₀) = ᾱv / (ᾱv + 1 − ᾱ)
/// ```
/// (`E.reconstruction-correlation`, derived in proofs/).
///
/// Noise contract: `run` draws from `stream` first the forward noise ε (count·n standard normals, row by
/// row), then hands the same stream to the sampler (which draws its own noise in its fixed order). So two
/// score models run with streams of the same seed see the same x_t and the same sampler noise.
public struct Reconstruction: Sendable {
    /// The reverse grid: `grid.start` is the forward time t, `grid.end` the stopping time t₀.
    public let grid: TimeGrid
    /// When true, the returned points are the model's posterior mean E[x₀ | x_{t₀}] (Tweedie) instead of
    /// x̂_{t₀} itself (the final denoising step of DDPM/EDM). Needs γ(t₀) > 0 for a memorising model.
    public var denoisesAtEnd: Bool

    /// Reconstruction along an explicit grid.
    public init(grid: TimeGrid, denoisesAtEnd: Bool = false) {
        self.grid = grid
        self.denoisesAtEnd = denoisesAtEnd
    }

    /// Forward to `time`, back to `end` in `steps` steps.
    /// - Parameters:
    ///   - time: t, a valid time of `schedule` with t > `end`.
    ///   - end: t₀ ≥ 0 (> 0 for `logUniform`).
    ///   - steps: K ≥ 1.
    /// - Throws: `InputError` naming `start`, `end` or `steps` (see `TimeGrid`).
    public init(schedule: NoiseSchedule, time: Double, end: Double, steps: Int,
                spacing: TimeGrid.Spacing = .uniform, denoisesAtEnd: Bool = false) throws {
        self.init(grid: try TimeGrid(schedule: schedule, start: time, end: end, steps: steps, spacing: spacing),
                  denoisesAtEnd: denoisesAtEnd)
    }

    /// The schedule of the grid.
    public var schedule: NoiseSchedule { grid.schedule }
    /// The forward time t.
    public var time: Double { grid.start }

    /// x_t = s x₀ + sσ ε for each row, with count·n normals drawn row by row from `stream`.
    public func forward(_ originals: Matrix, stream: RandomStream) -> Matrix {
        let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
        let noise = stream.gaussians(originals.elements.count)
        var result = originals
        for index in result.elements.indices {
            result.elements[index] = s * originals.elements[index] + gamma * noise[index]
        }
        return result
    }

    /// Forwards `originals` (N×n) to t and runs `sampler` with `model` back to t₀.
    /// - Throws: `InputError` when the model's schedule or dimension disagrees; rethrows the model's errors.
    public func run(_ originals: Matrix, model: some ScoreModel, sampler: some ReverseTimeSampler,
                    stream: RandomStream) throws -> ReconstructionPairs {
        guard originals.columns == model.dimension else {
            throw InputError(source: "", field: "originals",
                             reason: "have \(originals.columns) columns, the score model has dimension \(model.dimension)")
        }
        let noised = forward(originals, stream: stream)
        var reconstructed = try sampler.run(model, from: noised, grid: grid, noise: stream)
        if denoisesAtEnd { reconstructed = try model.denoise(reconstructed, time: grid.end) }
        return ReconstructionPairs(originals: originals, noised: noised, reconstructions: reconstructed,
                                   time: time, end: grid.end)
    }
}
