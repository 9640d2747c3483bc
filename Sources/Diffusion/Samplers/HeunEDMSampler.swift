import Foundation
import LinearAlgebra
import InputErrors
import RandomStreams

/// The EDM sampler of Karras et al. (Algorithm 1, deterministic): Heun's method (`HeunSampler`) on the
/// ρ-spaced noise levels
/// ```
/// σ_i = (σ_max^{1/ρ} + i/(N − 1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ,   i = 0, …, N − 1,    then σ_N = 0
/// ```
/// placed on the schedule's time axis by t_i = σ⁻¹(σ_i) (`NoiseSchedule.time(atSigma:)`), so it runs
/// under every schedule; under `ve` t = σ and it is exactly EDM's sampler. [D]'s authors use N = 18,
/// σ_max = 80, σ_min = 0.002, ρ = 7 [docs/theory.md §2] (the defaults).
///
/// Steps. N is Karras' N, the number of σ-values from the formula. With `endsAtZero` (the default, EDM)
/// the grid has N steps and N + 1 times, the last step an Euler step from σ_min to 0 (2N − 1 score calls);
/// without it the sampler stops at σ_min (early stopping at t₀ = σ⁻¹(σ_min)) after N − 1 Heun steps
/// (2N − 2 score calls). Under `ve` the final Euler step returns the denoiser D(x; σ_min) itself.
///
/// The sampler is deterministic: given the starting points, the output does not depend on any stream.
public struct HeunEDMSampler: Sendable, Equatable {
    /// N ≥ 2, the number of σ-values of the formula.
    public let steps: Int
    /// σ_max > σ_min.
    public let sigmaMax: Double
    /// σ_min > 0.
    public let sigmaMin: Double
    /// ρ > 0 (ρ = 1: uniform in σ; larger ρ puts more steps at small σ).
    public let rho: Double
    /// Whether a last step goes from σ_min to σ = 0.
    public let endsAtZero: Bool

    /// - Throws: `InputError` naming `steps` (N < 2), `sigmaMin` (not in (0, σ_max)), `sigmaMax` (not
    ///   finite) or `rho` (not positive and finite), with the value.
    public init(steps: Int = 18, sigmaMax: Double = 80, sigmaMin: Double = 0.002, rho: Double = 7,
                endsAtZero: Bool = true) throws {
        guard steps >= 2 else {
            throw InputError(source: "", field: "steps", reason: "\(steps) must be at least 2 (the ρ-formula needs σ_max and σ_min)")
        }
        guard sigmaMax.isFinite else {
            throw InputError(source: "", field: "sigmaMax", reason: "\(describeNumber(sigmaMax)) must be finite")
        }
        guard sigmaMin > 0, sigmaMin < sigmaMax else {
            throw InputError(source: "", field: "sigmaMin", reason: "\(describeNumber(sigmaMin)) must be in (0, σ_max = \(sigmaMax))")
        }
        guard rho > 0, rho.isFinite else {
            throw InputError(source: "", field: "rho", reason: "\(describeNumber(rho)) must be positive and finite")
        }
        self.steps = steps
        self.sigmaMax = sigmaMax
        self.sigmaMin = sigmaMin
        self.rho = rho
        self.endsAtZero = endsAtZero
    }

    /// `heun-edm`.
    public var name: String { "heun-edm" }

    /// σ_0 = σ_max > … > σ_{N−1} = σ_min (both endpoints exact), then 0 when `endsAtZero`.
    public var sigmas: [Double] {
        let top = pow(sigmaMax, 1 / rho), bottom = pow(sigmaMin, 1 / rho)
        var values = (0..<steps).map { i in pow(top + Double(i) / Double(steps - 1) * (bottom - top), rho) }
        values[0] = sigmaMax
        values[steps - 1] = sigmaMin
        if endsAtZero { values.append(0) }
        return values
    }

    /// The times t_i = σ⁻¹(σ_i) under `schedule`.
    /// - Throws: `InputError` naming `sigmaMax` when σ_max is beyond the schedule's range (`vp`: σ(1) ≈ 152),
    ///   or `sigmaMin` when two levels land on the same time (σ_min too close to σ_max for N).
    public func grid(schedule: NoiseSchedule) throws -> TimeGrid {
        let times: [Double]
        do {
            times = try sigmas.map { try schedule.time(atSigma: $0) }
        } catch let error as InputError {
            throw InputError(source: "", field: "sigmaMax", reason: error.reason)
        }
        do {
            return try TimeGrid(schedule: schedule, times: times)
        } catch let error as InputError {
            throw InputError(source: "", field: "sigmaMin", reason: "\(sigmaMin) with σ_max = \(sigmaMax), N = \(steps): \(error.field) \(error.reason)")
        }
    }

    /// Runs Heun's method on `grid(schedule: model.schedule)` from `initial` (rows distributed at σ_max).
    /// - Throws: `InputError` for shapes or a σ-range the schedule cannot reach; rethrows the model's errors.
    public func run(_ model: some ScoreModel, from initial: Matrix) throws -> Matrix {
        try HeunSampler.integrate(model, from: initial, grid: try grid(schedule: model.schedule))
    }

    /// `count` samples: first count·n standard normals from `stream` (the prior N(0, γ(t_0)²I) of
    /// `ReverseDiffusionPrior`, = N(0, σ_max²I) under `ve`), then the deterministic flow. The same stream
    /// state gives the same starting noise for every score model (the reproducibility protocol of [D]).
    public func sample(_ model: some ScoreModel, count: Int, stream: RandomStream) throws -> Matrix {
        let grid = try grid(schedule: model.schedule)
        let initial = try ReverseDiffusionPrior.priorSamples(count: count, dimension: model.dimension,
                                                             schedule: model.schedule, time: grid.start, stream: stream)
        return try HeunSampler.integrate(model, from: initial, grid: grid)
    }
}
