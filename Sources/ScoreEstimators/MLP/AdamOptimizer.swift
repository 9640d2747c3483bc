import Foundation

/// Adam (Kingma & Ba 2015) with bias correction, on a flat parameter vector θ.
///
/// At step k = 1, 2, … with gradient g_k and learning rate η_k:
/// ```
/// m_k = β₁ m_{k−1} + (1 − β₁) g_k          v_k = β₂ v_{k−1} + (1 − β₂) g_k²
/// m̂_k = m_k / (1 − β₁ᵏ)                     v̂_k = v_k / (1 − β₂ᵏ)
/// θ_k = θ_{k−1} − η_k · m̂_k / (√v̂_k + ε)
/// ```
/// m₀ = v₀ = 0. Bias correction makes the first steps move by about η per coordinate instead of
/// η(1 − β₁)/√(1 − β₂). Deterministic: elementwise, in index order.
public struct AdamOptimizer: Sendable {
    /// β₁ ∈ [0, 1), the first-moment decay.
    public let beta1: Double
    /// β₂ ∈ [0, 1), the second-moment decay.
    public let beta2: Double
    /// ε > 0, added to √v̂.
    public let epsilon: Double
    /// m and v.
    public private(set) var firstMoment: [Double]
    public private(set) var secondMoment: [Double]
    /// The number of steps taken, k.
    public private(set) var steps = 0

    public init(parameterCount: Int, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon > 0,
                     "AdamOptimizer: need 0 ≤ β₁, β₂ < 1 and ε > 0, got β₁ = \(beta1), β₂ = \(beta2), ε = \(epsilon)")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = [Double](repeating: 0, count: parameterCount)
        secondMoment = firstMoment
    }

    /// One step θ ← θ − η·m̂/(√v̂ + ε) (see the type's formula).
    public mutating func step(_ theta: inout [Double], gradient: [Double], learningRate: Double) {
        precondition(theta.count == firstMoment.count && gradient.count == firstMoment.count,
                     "AdamOptimizer.step: \(theta.count) parameters and \(gradient.count) gradients for \(firstMoment.count)")
        steps += 1
        let correction1 = 1 - pow(beta1, Double(steps)), correction2 = 1 - pow(beta2, Double(steps))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                theta.withUnsafeMutableBufferPointer { p in
                    for k in 0..<p.count {
                        let g = gradient[k]
                        m[k] = b1 * m[k] + (1 - b1) * g
                        v[k] = b2 * v[k] + (1 - b2) * g * g
                        p[k] -= learningRate * (m[k] / correction1) / ((v[k] / correction2).squareRoot() + eps)
                    }
                }
            }
        }
    }
}
