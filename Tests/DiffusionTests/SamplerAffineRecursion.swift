import Foundation
import Diffusion

/// Exact output laws of Heun, DDIM and DDPM on one Gaussian coordinate N(m, v) with the exact score,
/// written from the textbook formulas, independently of the sampler code.
///
/// At time t the marginal is N(a_t, c_t), a_t = s m, c_t = s²v + γ² [docs/theory.md §0], its score −(x − a_t)/c_t
/// and its posterior mean E[x₀|x_t = x] = m + (s v/c_t)(x − a_t) (Gaussian conditioning, not Tweedie).
/// Every update is then x′ = A x + B + √E·z, so from N(M, V) the output is N(A M + B, A² V + E):
/// ```
/// Heun:  v(x, t) = f x + ½g²(x − a_t)/c_t = α_t x + β_t,  x̃ = x + h v(x, t),  x′ = x + ½h[v(x, t) + v(x̃, t′)]
/// DDIM:  x′ = s′(x̂₀ + σ′ ε̂),  ε̂ = (x/s − x̂₀)/σ
/// DDPM:  ᾱ = s², α = ᾱ/ᾱ′, β = 1 − α:  x′ = √ᾱ′ β/(1 − ᾱ)·x̂₀ + √α (1 − ᾱ′)/(1 − ᾱ)·x + √((1 − ᾱ′)β/(1 − ᾱ))·z
/// ```
enum SamplerAffineRecursion {
    enum Method: String, CaseIterable, Sendable {
        case heun, ddim, ddpm
    }

    /// One step from t to t′: (A, B, E).
    static func step(_ method: Method, schedule: NoiseSchedule, from t: Double, to next: Double,
                     mean m: Double, variance v: Double) -> (slope: Double, intercept: Double, noise: Double) {
        func a(_ t: Double) -> Double { schedule.scale(at: t) * m }
        func c(_ t: Double) -> Double { let s = schedule.scale(at: t), g = schedule.gamma(at: t); return s * s * v + g * g }
        // x̂₀ = P x + Q at time t.
        let s = schedule.scale(at: t), sigma = schedule.sigma(at: t)
        let p = s * v / c(t), q = m - p * a(t)
        switch method {
        case .heun:
            func velocity(_ t: Double) -> (Double, Double) {
                let f = schedule.drift(at: t), g2 = schedule.diffusionSquared(at: t)
                return (f + 0.5 * g2 / c(t), -0.5 * g2 * a(t) / c(t))
            }
            let h = next - t
            let (alpha0, beta0) = velocity(t)
            guard next > 0 else { return (1 + h * alpha0, h * beta0, 0) }
            let (alpha1, beta1) = velocity(next)
            return (1 + 0.5 * h * (alpha0 + alpha1 * (1 + h * alpha0)), 0.5 * h * (beta0 + alpha1 * h * beta0 + beta1), 0)
        case .ddim:
            let sNext = schedule.scale(at: next), sigmaNext = schedule.sigma(at: next)
            // x′ = s′[P x + Q + (σ′/σ)(x/s − P x − Q)]
            return (sNext * (p + sigmaNext / sigma * (1 / s - p)), sNext * q * (1 - sigmaNext / sigma), 0)
        case .ddpm:
            let barAlpha = s * s, barAlphaNext = pow(schedule.scale(at: next), 2)
            let alpha = barAlpha / barAlphaNext, beta = 1 - alpha
            let onDenoised = barAlphaNext.squareRoot() * beta / (1 - barAlpha)
            let onPoint = alpha.squareRoot() * (1 - barAlphaNext) / (1 - barAlpha)
            return (onDenoised * p + onPoint, onDenoised * q, (1 - barAlphaNext) * beta / (1 - barAlpha))
        }
    }

    /// The exact output law N(M, V) on the grid `times`, starting from N(M₀, V₀) (default: p_{t_0}).
    static func law(_ method: Method, schedule: NoiseSchedule, times: [Double], mean m: Double, variance v: Double,
                    start: (mean: Double, variance: Double)? = nil) -> (mean: Double, variance: Double) {
        let s0 = schedule.scale(at: times[0]), g0 = schedule.gamma(at: times[0])
        var mean = start?.mean ?? s0 * m, variance = start?.variance ?? s0 * s0 * v + g0 * g0
        for k in 0..<(times.count - 1) {
            let (slope, intercept, noise) = step(method, schedule: schedule, from: times[k], to: times[k + 1], mean: m, variance: v)
            mean = slope * mean + intercept
            variance = slope * slope * variance + noise
        }
        return (mean, variance)
    }

    /// The exact marginal N(s m, s²v + γ²) at t.
    static func marginal(schedule: NoiseSchedule, at t: Double, mean m: Double, variance v: Double) -> (mean: Double, variance: Double) {
        let s = schedule.scale(at: t), g = schedule.gamma(at: t)
        return (s * m, s * s * v + g * g)
    }
}
