import Foundation
import InputErrors

extension NoiseSchedule {
    /// The time at which the schedule reaches the noise level σ: the inverse of the increasing map t ↦ σ(t),
    /// used to place a σ-grid (the EDM discretisation, [D]'s sampler) on the schedule's time axis
    /// (Karras et al.'s t_i = σ⁻¹(σ_i)).
    /// ```
    /// ve:      t = σ
    /// ou:      t = log(1 + σ²)                                 (σ² = eᵗ − 1)
    /// vp:      t = 2a / (β_min/2 + √(β_min²/4 + (β_max − β_min)·a)),   a = ½·log(1 + σ²)
    ///          (the positive root of ¼(β_max − β_min)t² + ½β_min t = a, written without cancellation)
    /// cosine:  t = (1 + c)·(2/π)·acos(cos(θ₀)/√(1 + σ²)) − c,   θ₀ = (π/2)·c/(1 + c)
    ///          (from ᾱ = f(t)/f(0) = 1/(1 + σ²))
    /// ```
    /// σ = 0 gives t = 0 exactly. Round trip: σ(time(atSigma: σ)) = σ to a few ulps of the relative
    /// error of the forward formulas (`SamplerEDMTests`).
    /// - Parameter sigma: σ ≥ 0 and finite; for `vp`, σ ≤ σ(1) ≈ 152.3.
    /// - Throws: `InputError` naming `sigma` for a negative or non-finite σ, or one beyond the schedule's range.
    public func time(atSigma sigma: Double) throws -> Double {
        guard sigma >= 0, sigma.isFinite else {
            throw InputError(source: "", field: "sigma", reason: "\(describeNumber(sigma)) must be non-negative and finite")
        }
        if sigma == 0 { return 0 }
        let a = 0.5 * log1p(sigma * sigma)  // a = −log s at the requested σ, for vp and cosine
        let time: Double
        switch self {
        case .ve:
            time = sigma
        case .ou:
            time = log1p(sigma * sigma)
        case .vp:
            let half = 0.5 * NoiseSchedule.vpBetaMin, spread = NoiseSchedule.vpBetaMax - NoiseSchedule.vpBetaMin
            time = 2 * a / (half + (half * half + spread * a).squareRoot())
        case .cosine:
            let c = NoiseSchedule.cosineOffset
            let theta0 = 0.5 * Double.pi * c / (1 + c)
            time = max(0, (1 + c) * (2 / Double.pi) * acos(cos(theta0) * exp(-a)) - c)
        }
        guard time <= maximumTime, !(self == .cosine && time >= 1) else {
            throw InputError(source: "", field: "sigma",
                             reason: "\(sigma) is beyond the \(rawValue) schedule's largest noise level σ(\(maximumTime)) = \(self.sigma(at: maximumTime))")
        }
        return time
    }
}
