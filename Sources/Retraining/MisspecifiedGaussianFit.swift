import Foundation
import GaussianMixtures
import InputErrors

/// [A, Thm 1]'s constants for a family that cannot represent p_data (proofs/A.thm1.misspecified.md): one
/// Gaussian N(μ, v), θ = (μ, v), fitted by maximum likelihood to a one-dimensional Gaussian mixture p_data.
///
/// With m and V the mean and variance of p_data, the expected log-likelihood is
/// ℓ(θ) = E_data log p_θ = −½ log(2πv) − (V + (μ − m)²)/(2v), maximised at θ* = (m, V) (the moments).
/// - α = min(1/V, 1/(2V²)), the smallest eigenvalue of −∇²ℓ(θ*) = diag(1/V, 1/(2V²)).
/// - L, the Lipschitz constant of θ ↦ ∇²ℓ(θ) (spectral norm, Euclidean θ) on the box
///   B_δ = {|μ − m| ≤ δ√V, |v − V| ≤ δV}: the largest spectral norm of the directional third derivative
///   Σₖ uₖ ∂ₖ∇²ℓ(θ) over θ ∈ B_δ and unit u, maximised on a grid (`lipschitzGrid` points per axis and
///   directions). The pointwise-in-x constant of θ ↦ ∇²_θ log p_θ(x) is unbounded (the Hessian is quadratic
///   in x), so the expectation is the reading that gives a finite L.
/// - ε = W₁(p_θ*, p_data) = ∫|F_θ*(x) − F_data(x)| dx, exact up to the quadrature (trapezoid rule on
///   `wassersteinIntervals` intervals over the support ± 12 standard deviations).
/// - The infinite-sample retraining map: θ_{t+1} = the moments of (p_data + λ p_θt)/(1 + λ).
public struct MisspecifiedGaussianFit: Sendable {
    /// p_data, one-dimensional.
    public let target: GaussianMixture
    /// δ of the neighbourhood B_δ on which L is computed.
    public let neighbourhood: Double
    /// m, the mean of p_data (= μ*).
    public let dataMean: Double
    /// V, the variance of p_data (= v*).
    public let dataVariance: Double

    /// Grid points per axis of B_δ (and directions u on the half circle) for L.
    public static let lipschitzGrid = 81
    /// Trapezoid intervals of the CDF integral for W₁.
    public static let wassersteinIntervals = 200_000

    /// - Throws: `InputError` naming `target` unless it is one-dimensional, or `neighbourhood` unless
    ///   0 < δ < 1 (v must stay positive on B_δ).
    public init(target: GaussianMixture, neighbourhood: Double = 0.5) throws {
        guard target.dimension == 1 else {
            throw InputError(source: "", field: "target", reason: "dimension \(target.dimension); the misspecified fit is one-dimensional")
        }
        guard neighbourhood > 0 && neighbourhood < 1 else {
            throw InputError(source: "", field: "neighbourhood", reason: "δ = \(neighbourhood) must lie in (0, 1)")
        }
        self.target = target
        self.neighbourhood = neighbourhood
        dataMean = target.mean[0]
        dataVariance = target.covariance[0, 0]
    }

    /// θ* = (m, V).
    public var optimum: (mean: Double, variance: Double) { (dataMean, dataVariance) }

    /// ℓ(μ, v) = −½ log(2πv) − (V + (μ − m)²)/(2v).
    public func expectedLogLikelihood(mean mu: Double, variance v: Double) -> Double {
        let d = mu - dataMean
        return -0.5 * log(2 * Double.pi * v) - (dataVariance + d * d) / (2 * v)
    }

    /// ∇²ℓ(μ, v) = [[−1/v, d/v²], [d/v², 1/(2v²) − (V + d²)/v³]], d = μ − m, rows and columns (μ, v).
    public func hessian(mean mu: Double, variance v: Double) -> [[Double]] {
        let d = mu - dataMean
        return [[-1 / v, d / (v * v)], [d / (v * v), 1 / (2 * v * v) - (dataVariance + d * d) / (v * v * v)]]
    }

    /// The directional derivative Σₖ uₖ ∂ₖ∇²ℓ(μ, v) in direction u = (u_μ, u_v):
    /// ∂_μ∇²ℓ = [[0, 1/v²], [1/v², −2d/v³]], ∂_v∇²ℓ = [[1/v², −2d/v³], [−2d/v³, −1/v³ + 3(V + d²)/v⁴]].
    public func hessianDerivative(mean mu: Double, variance v: Double, direction u: (Double, Double)) -> [[Double]] {
        let d = mu - dataMean, v2 = v * v, v3 = v2 * v
        let dMu = [[0, 1 / v2], [1 / v2, -2 * d / v3]]
        let dV = [[1 / v2, -2 * d / v3], [-2 * d / v3, -1 / v3 + 3 * (dataVariance + d * d) / (v3 * v)]]
        return (0..<2).map { i in (0..<2).map { j in u.0 * dMu[i][j] + u.1 * dV[i][j] } }
    }

    /// α = min(1/V, 1/(2V²)), the strong-concavity modulus of ℓ at θ*.
    public var concavity: Double { min(1 / dataVariance, 1 / (2 * dataVariance * dataVariance)) }

    /// L on B_δ: the grid maximum of ‖Σₖ uₖ ∂ₖ∇²ℓ(θ)‖₂ over θ ∈ B_δ and unit u.
    public var hessianLipschitz: Double {
        let n = Self.lipschitzGrid
        let meanRadius = neighbourhood * dataVariance.squareRoot(), varianceRadius = neighbourhood * dataVariance
        var largest = 0.0
        for a in 0..<n {
            let mu = dataMean - meanRadius + 2 * meanRadius * Double(a) / Double(n - 1)
            for b in 0..<n {
                let v = dataVariance - varianceRadius + 2 * varianceRadius * Double(b) / Double(n - 1)
                for c in 0..<(2 * n) {
                    let angle = Double.pi * Double(c) / Double(2 * n)
                    largest = max(largest, Self.spectralNorm(hessianDerivative(mean: mu, variance: v, direction: (cos(angle), sin(angle)))))
                }
            }
        }
        return largest
    }

    /// ε = W₁(N(m, V), p_data) = ∫|Φ((x − m)/√V) − F_data(x)| dx (trapezoid rule).
    public var wasserstein1: Double {
        let fitted = Self.gaussianCDF(mean: dataMean, variance: dataVariance)
        let data = cumulativeDistribution
        let spread = 12 * target.components.map { $0.covariance[0, 0].squareRoot() }.max()!
        let low = target.components.map { $0.mean[0] }.min()! - spread
        let high = target.components.map { $0.mean[0] }.max()! + spread
        let n = Self.wassersteinIntervals, h = (high - low) / Double(n)
        var sum = 0.0
        for k in 0...n {
            let x = low + h * Double(k)
            sum += (k == 0 || k == n ? 0.5 : 1) * abs(fitted(x) - data(x))
        }
        return sum * h
    }

    /// F_data(x) = Σₖ πₖ Φ((x − mₖ)/sₖ).
    public var cumulativeDistribution: (Double) -> Double {
        let pieces = zip(target.weights, target.components).map { ($0, Self.gaussianCDF(mean: $1.mean[0], variance: $1.covariance[0, 0])) }
        return { x in pieces.reduce(0) { $0 + $1.0 * $1.1(x) } }
    }

    /// One round of retraining with infinite samples at synthetic ratio λ: the moments of
    /// (p_data + λN(μ, v))/(1 + λ): μ' = (m + λμ)/(1 + λ), v' = (V + m² + λ(v + μ²))/(1 + λ) − μ'².
    public func populationStep(mean mu: Double, variance v: Double, lambda: Double) -> (mean: Double, variance: Double) {
        let m = dataMean
        let next = (m + lambda * mu) / (1 + lambda)
        let secondMoment = (dataVariance + m * m + lambda * (v + mu * mu)) / (1 + lambda)
        return (next, secondMoment - next * next)
    }

    /// ‖θ − θ*‖ (Euclidean in (μ, v)).
    public func distanceToOptimum(mean mu: Double, variance v: Double) -> Double {
        ((mu - dataMean) * (mu - dataMean) + (v - dataVariance) * (v - dataVariance)).squareRoot()
    }

    /// The largest |eigenvalue| of a symmetric 2×2 matrix.
    static func spectralNorm(_ a: [[Double]]) -> Double {
        let centre = (a[0][0] + a[1][1]) / 2, half = (a[0][0] - a[1][1]) / 2
        let radius = (half * half + a[0][1] * a[0][1]).squareRoot()
        return abs(centre) + radius
    }

    /// x ↦ Φ((x − mean)/√variance).
    static func gaussianCDF(mean: Double, variance: Double) -> (Double) -> Double {
        let scale = (2 * variance).squareRoot()
        return { x in 0.5 * erfc(-(x - mean) / scale) }
    }
}
