import Foundation
import Diffusion

/// The exact first and second moments of a reconstruction [E] on one Gaussian coordinate x₀ ~ N(m, v) with
/// the exact score, in continuous time, by integrating the moment equations of the reverse dynamics — an
/// independent computation of `E.reconstruction-correlation` (docs/theory.md §5) for every schedule.
///
/// With a_τ = s(τ)m and c_τ = s(τ)²v + γ(τ)², the score of p_τ is −(x − a_τ)/c_τ and both reverse dynamics
/// are affine in x, integrated from τ = t down to 0:
/// ```
/// dx/dτ = f x + κ g² (x − a_τ)/c_τ  (+ g dW̄ for the SDE),   κ = ½ (probability-flow ODE), 1 (reverse SDE)
/// λ(τ) = f(τ) + κ g(τ)²/c_τ
/// dM/dτ = λ M − κ g² a_τ/c_τ          M = E x̂
/// dC/dτ = λ C                        C = Cov(x₀, x̂)
/// dV/dτ = 2λ V − [SDE] g²            V = Var x̂   (time runs backwards, so the noise adds variance)
/// ```
/// from M = s(t)m, C = s(t)v, V = c_t. The claims: M(0) = m and V(0) = v for both dynamics, and
/// ```
/// ODE: corr(x₀, x̂₀) = s√v/√(s²v + γ²)     SDE: corr(x₀, x̂₀) = s²v/(s²v + γ²)     (s, γ at t)
/// ```
/// which under `vp` (s² = ᾱ, γ² = 1 − ᾱ) are [E]'s √ᾱ√v/√(ᾱv + 1 − ᾱ) and ᾱv/(ᾱv + 1 − ᾱ).
///
/// Classical fourth-order Runge–Kutta on a grid uniform in √τ (finer near τ = 0, where c_τ → v changes
/// fastest for small v); f and g² come from `NoiseSchedule.drift` and `diffusionSquared`, which the library
/// implements separately from s and σ, so the check also tests their consistency.
public struct ReverseDynamicsMoments: Sendable, Equatable {
    /// E x̂₀.
    public let mean: Double
    /// Cov(x₀, x̂₀).
    public let covariance: Double
    /// Var x̂₀.
    public let variance: Double

    /// corr(x₀, x̂₀) = Cov/√(v Var).
    public func correlation(dataVariance v: Double) -> Double { covariance / (v * variance).squareRoot() }

    /// Integrates the moment equations from `time` to 0 with `steps` Runge–Kutta steps.
    /// - Parameters:
    ///   - stochastic: false for the probability-flow ODE, true for the reverse SDE.
    ///   - mean: m; variance: v > 0; time: t > 0 within the schedule's range; steps ≥ 1.
    public init(schedule: NoiseSchedule, stochastic: Bool, mean m: Double, variance v: Double, time t: Double, steps: Int = 400) {
        precondition(v > 0 && t > 0 && steps >= 1, "ReverseDynamicsMoments: v = \(v), t = \(t), steps = \(steps)")
        let kappa = stochastic ? 1.0 : 0.5
        /// d(M, C, V)/dτ at τ.
        func derivative(_ tau: Double, _ state: SIMD3<Double>) -> SIMD3<Double> {
            let s = schedule.scale(at: tau), gamma = schedule.gamma(at: tau)
            let c = s * s * v + gamma * gamma, g2 = schedule.diffusionSquared(at: tau)
            let lambda = schedule.drift(at: tau) + kappa * g2 / c
            return SIMD3(lambda * state.x - kappa * g2 * s * m / c, lambda * state.y,
                         2 * lambda * state.z - (stochastic ? g2 : 0))
        }
        let s = schedule.scale(at: t), gamma = schedule.gamma(at: t)
        var state = SIMD3(s * m, s * v, s * s * v + gamma * gamma)
        let root = t.squareRoot()
        for k in stride(from: steps, to: 0, by: -1) {
            let from = pow(root * Double(k) / Double(steps), 2), to = pow(root * Double(k - 1) / Double(steps), 2)
            let h = to - from, middle = from + h / 2
            let k1 = derivative(from, state)
            let k2 = derivative(middle, state + (h / 2) * k1)
            let k3 = derivative(middle, state + (h / 2) * k2)
            let k4 = derivative(to, state + h * k3)
            state += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
        }
        mean = state.x
        covariance = state.y
        variance = state.z
    }

    /// [E]'s closed form, general schedule: s√v/√(s²v + γ²) (ODE) or s²v/(s²v + γ²) (SDE), s and γ at t.
    public static func correlationFormula(schedule: NoiseSchedule, stochastic: Bool, variance v: Double, time t: Double) -> Double {
        let s = schedule.scale(at: t), gamma = schedule.gamma(at: t)
        let explained = s * s * v / (s * s * v + gamma * gamma)
        return stochastic ? explained : explained.squareRoot()
    }
}
