import Foundation
import LinearAlgebra
import InputErrors
import RandomStreams

/// A sampler that integrates the reverse-time dynamics of the forward SDE dx = f(t)x dt + g(t) dW
/// [docs/theory.md §0] from time T down to an early-stopping time, driven by any `ScoreModel`.
///
/// Noise contract: a stochastic sampler draws, at step k = 0, 1, …, K − 1 in order, exactly count·n standard
/// normals from the given stream (row after row) and nothing else; a deterministic one draws none. The
/// stream is used on the calling thread only and never reaches the score model. So two score models run
/// with streams of the same seed receive the same noise, whatever the models compute and however many
/// threads evaluate them. Each step is one batched score call plus an
/// O(count·n) update.
public protocol ReverseTimeSampler: Sendable {
    /// A short name for tables, e.g. `euler-maruyama`.
    var name: String { get }
    /// Moves `initial` (count×n, one point per row, distributed at time `grid.start`) to time `grid.end`.
    /// - Throws: `InputError` when the shapes or schedules disagree; rethrows the score model's errors.
    func run(_ model: some ScoreModel, from initial: Matrix, grid: TimeGrid, noise: RandomStream) throws -> Matrix
}

/// Euler–Maruyama for the reverse-time SDE, the sampler of [B]'s experiment [docs/theory.md §4]: at each step from
/// t = t_k with Δ = t_k − t_{k+1},
/// ```
/// x ← x − [f(t)·x − g(t)²·∇log p_t(x)]·Δ + g(t)·√Δ·z,    z ~ N(0, Iₙ)
/// ```
/// f = `drift(at:)`, g² = `diffusionSquared(at:)`. With the exact score, the law at t_min is exact up to O(Δ)
/// in W₂ (weak order 1; verified in `SamplerConvergenceTests`). The noise is added at every step,
/// including the last.
public struct EulerMaruyamaSampler: ReverseTimeSampler {
    public init() {}
    public var name: String { "euler-maruyama" }

    public func run(_ model: some ScoreModel, from initial: Matrix, grid: TimeGrid, noise: RandomStream) throws -> Matrix {
        try ReverseStep.iterate(model, from: initial, grid: grid) { points, score, t, step in
            let f = model.schedule.drift(at: t), g2 = model.schedule.diffusionSquared(at: t)
            let z = noise.gaussians(points.elements.count)
            let noiseScale = (g2 * step).squareRoot()
            for index in points.elements.indices {
                let x = points.elements[index]
                points.elements[index] = x - (f * x - g2 * score.elements[index]) * step + noiseScale * z[index]
            }
        }
    }
}

/// Euler's method for the probability-flow ODE (the deterministic sampler of [E]'s reconstructions,
/// docs/theory.md §5), whose marginals equal the SDE's: at each step from t = t_k with Δ = t_k − t_{k+1},
/// ```
/// x ← x − [f(t)·x − ½·g(t)²·∇log p_t(x)]·Δ
/// ```
/// With the exact score the flow transports p_T to p_{t_min}; Euler's error in W₂ is O(Δ).
/// Draws no noise.
public struct ProbabilityFlowEulerSampler: ReverseTimeSampler {
    public init() {}
    public var name: String { "probability-flow-euler" }

    public func run(_ model: some ScoreModel, from initial: Matrix, grid: TimeGrid, noise: RandomStream) throws -> Matrix {
        try ReverseStep.iterate(model, from: initial, grid: grid) { points, score, t, step in
            let f = model.schedule.drift(at: t), halfG2 = 0.5 * model.schedule.diffusionSquared(at: t)
            for index in points.elements.indices {
                let x = points.elements[index]
                points.elements[index] = x - (f * x - halfG2 * score.elements[index]) * step
            }
        }
    }
}

/// The loop shared by the samplers: validation, then for each step one batched score call and an update.
enum ReverseStep {
    /// Calls `update(&points, score, t_k, Δ_k)` for k = 0 … K − 1, with `score` = model.score(points, t_k).
    static func iterate(_ model: some ScoreModel, from initial: Matrix, grid: TimeGrid,
                        update: (inout Matrix, Matrix, Double, Double) throws -> Void) throws -> Matrix {
        try iterateIntervals(model, from: initial, grid: grid) { points, score, t, next in
            try update(&points, score, t, t - next)
        }
    }

    /// Calls `update(&points, score, t_k, t_{k+1})` for k = 0 … K − 1, with `score` = model.score(points, t_k).
    /// The score is never evaluated at t_K, so t_K = 0 is allowed for any score model.
    static func iterateIntervals(_ model: some ScoreModel, from initial: Matrix, grid: TimeGrid,
                                 update: (inout Matrix, Matrix, Double, Double) throws -> Void) throws -> Matrix {
        try validate(model, initial: initial, grid: grid)
        var points = initial
        for k in 0..<grid.steps {
            let t = grid.times[k]
            let score = try model.score(points, time: t)
            try update(&points, score, t, grid.times[k + 1])
        }
        return points
    }

    /// Throws unless the points have the model's dimension and the grid was built for the model's schedule.
    static func validate(_ model: some ScoreModel, initial: Matrix, grid: TimeGrid) throws {
        guard initial.columns == model.dimension else {
            throw InputError(source: "", field: "initial",
                             reason: "points have \(initial.columns) columns, the score model has dimension \(model.dimension)")
        }
        guard grid.schedule == model.schedule else {
            throw InputError(source: "", field: "grid",
                             reason: "was built for the \(grid.schedule.rawValue) schedule, the score model uses \(model.schedule.rawValue)")
        }
    }
}
