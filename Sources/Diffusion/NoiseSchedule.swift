import Foundation
import InputErrors

/// A forward noising process in the general form of docs/theory.md §0:
/// ```
/// x_t = s(t)·x₀ + s(t)·σ(t)·ε,   ε ~ N(0, Iₙ),   γ(t) = s(t)·σ(t)
/// ```
/// - `ve` (variance exploding, EDM): s = 1, σ(t) = t, t ≥ 0.
/// - `vp` (DDPM linear β on [0, 1]): β(t) = β_min + t(β_max − β_min) with β_min = 0.1, β_max = 20,
///   s(t) = exp(−½(β_min t + ½(β_max − β_min)t²)), σ(t) = √(1 − s²)/s.
/// - `ou` (Ornstein–Uhlenbeck dX = −½X dt + dB, [B]): s = e^{−t/2}, σ = √(eᵗ − 1), t ≥ 0.
/// - `cosine` (Nichol–Dhariwal, offset c = 0.008): ᾱ(t) = f(t)/f(0), f(t) = cos²(π/2 · (t + c)/(1 + c)),
///   s = √ᾱ, σ = √(1 − ᾱ)/√ᾱ, t ∈ [0, 1).
/// Differences 1 − s² are computed with `expm1` so that σ is accurate as t → 0.
public enum NoiseSchedule: String, CaseIterable, Sendable {
    case ve, vp, ou, cosine

    /// β_min of the `vp` schedule.
    public static let vpBetaMin = 0.1
    /// β_max of the `vp` schedule.
    public static let vpBetaMax = 20.0
    /// Offset c of the `cosine` schedule.
    public static let cosineOffset = 0.008

    /// Parses a schedule name (`ve`, `vp`, `ou`, `cosine`).
    /// - Throws: `InputError` naming `--schedule` for an unknown name.
    public init(name: String) throws {
        guard let schedule = NoiseSchedule(rawValue: name.lowercased()) else {
            throw InputError(source: "--schedule", field: "",
                             reason: "unknown schedule '\(name)'; expected one of \(NoiseSchedule.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = schedule
    }

    /// The largest valid time (inclusive for `vp`; `cosine` must stay strictly below it).
    public var maximumTime: Double {
        switch self {
        case .ve, .ou: return .infinity
        case .vp, .cosine: return 1
        }
    }

    /// Throws unless t is a valid time for this schedule.
    public func validate(time t: Double) throws {
        guard t.isFinite else {
            throw InputError(source: "--time", field: "", reason: "\(describeNumber(t)) is not a finite time")
        }
        guard t >= 0 else {
            throw InputError(source: "--time", field: "", reason: "\(t) is negative; times must be ≥ 0")
        }
        switch self {
        case .ve where t > NoiseSchedule.maximumVETime:
            throw InputError(source: "--time", field: "", reason: "\(t) is beyond \(NoiseSchedule.maximumVETime), where the ve noise variance t² would overflow")
        case .vp where t > 1:
            throw InputError(source: "--time", field: "", reason: "\(t) is beyond the vp schedule's range [0, 1]")
        case .cosine where t >= 1:
            throw InputError(source: "--time", field: "", reason: "\(t) is outside the cosine schedule's range [0, 1)")
        case .ve, .vp, .ou, .cosine:
            break  // within the schedule's range
        }
    }

    /// s(t).
    public func scale(at t: Double) -> Double { exp(-logScaleMagnitude(at: t)) }

    /// σ(t), the noise level relative to the scaled signal.
    public func sigma(at t: Double) -> Double {
        switch self {
        case .ve: return t
        case .ou: return expm1(t).squareRoot()
        case .vp, .cosine:
            // σ² = (1 − s²)/s² = e^{2a} − 1 with a = −log s.
            return expm1(2 * logScaleMagnitude(at: t)).squareRoot()
        }
    }

    /// γ(t) = s(t)·σ(t), the standard deviation of the added noise (the square root of `gammaSquared`,
    /// so it stays finite where σ overflows: `ou` beyond t ≈ 709).
    public func gamma(at t: Double) -> Double { gammaSquared(at: t).squareRoot() }

    /// γ(t)² = s²σ², the variance of the added noise, computed without forming σ:
    /// ```
    /// ve: t²      ou: 1 − e^{−t} = −expm1(−t)      vp, cosine: 1 − s² = −expm1(−2a(t))
    /// ```
    /// Accurate to a few ulps for every valid t: as t → 0 (`expm1` keeps the small difference) and as t → T
    /// (for `ou` at t = 10⁴, s² underflows to 0 and γ² = 1, where s·σ would be 0·∞).
    public func gammaSquared(at t: Double) -> Double {
        switch self {
        case .ve: return t * t
        case .ou: return -expm1(-t)
        case .vp, .cosine: return -expm1(-2 * logScaleMagnitude(at: t))
        }
    }

    /// Largest `ve` time: beyond it σ² = t² would overflow a double (1e150² = 1e300 < 1.8e308).
    public static let maximumVETime = 1e150

    /// The drift coefficient f(t) = ṡ(t)/s(t) = −a′(t) of the forward SDE dx = f(t)·x dt + g(t) dW that has
    /// the marginals x_t = s x₀ + sσ ε [docs/theory.md §0]: 0 for `ve`, −½ for `ou`, −½β(t) for `vp`.
    public func drift(at t: Double) -> Double { -logScaleDerivative(at: t) }

    /// The squared diffusion coefficient g(t)² = s(t)²·dσ²/dt of the same SDE:
    /// ```
    /// ve: g² = 2t     ou: g² = 1     vp: g² = β(t) = β_min + t(β_max − β_min)     cosine: g² = 2a′(t)
    /// ```
    /// (for `vp` and `cosine`, σ² = e^{2a} − 1 and s² = e^{−2a}, so s²·dσ²/dt = 2a′).
    public func diffusionSquared(at t: Double) -> Double {
        switch self {
        case .ve: return 2 * t
        case .ou: return 1
        case .vp, .cosine: return 2 * logScaleDerivative(at: t)
        }
    }

    /// a′(t), the derivative of a(t) = −log s(t).
    private func logScaleDerivative(at t: Double) -> Double {
        switch self {
        case .ve: return 0
        case .ou: return 0.5
        case .vp: return 0.5 * (NoiseSchedule.vpBetaMin + (NoiseSchedule.vpBetaMax - NoiseSchedule.vpBetaMin) * t)
        case .cosine:
            let c = NoiseSchedule.cosineOffset
            let rate = 0.5 * Double.pi / (1 + c)
            return rate * tan(rate * (t + c))
        }
    }

    /// a(t) = −log s(t) ≥ 0.
    private func logScaleMagnitude(at t: Double) -> Double {
        switch self {
        case .ve: return 0
        case .ou: return 0.5 * t
        case .vp:
            return 0.5 * (NoiseSchedule.vpBetaMin * t + 0.5 * (NoiseSchedule.vpBetaMax - NoiseSchedule.vpBetaMin) * t * t)
        case .cosine:
            let c = NoiseSchedule.cosineOffset
            func f(_ u: Double) -> Double { let value = cos(0.5 * Double.pi * (u + c) / (1 + c)); return value * value }
            return -0.5 * log(f(t) / f(0))
        }
    }
}
