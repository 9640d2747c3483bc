import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors
import RandomStreams

/// The observability η of a score error [B, Def 3.2]: the fraction of the path error that the endpoint of the
/// ideal reverse process sees,
/// ```
/// η = Var(E[M | Y_{t₀}]) / ε*²,     M = ∫ g(t) δ(Y, t) · dB̄,     δ = ŝ − ∇log q_t,     ε*² = E⟨M⟩ = Var M
/// ```
/// Y the ideal reverse process (dY = [−f Y + g² ∇log q_t(Y)] du + g dB̄, started from q_T, so Y at forward time t
/// has law q_t), M the Girsanov martingale of the learned drift against it, ŝ the exact score of the noised
/// learned law p̂_t. η ∈ [0, 1] because a conditional expectation has at most the variance of M.
///
/// Endpoint projection (der, proofs/B.observability.md). Conditioning Y on its endpoint Y_{t₀} = y adds the
/// drift g ∇log ρ to dB̄ (Doob's h-transform), and by time reversal ρ(y | x) = q_{t₀}(y) k_t(x | y) / q_t(x), with
/// k_t(· | y) = N(a y, v I) the forward kernel from t₀ to t, a = s(t)/s(t₀), v = s(t)²(σ(t)² − σ(t₀)²). Stein's
/// identity then removes the kernel's 1/v:
/// ```
/// h(y) = E[M | Y_{t₀} = y] = ∫_{t₀}^{T} g(t)² E_{x∼N(a y, v I)}[ φ_t(x) ] dt,    φ_t = −∇·δ − δ · ∇log q_t
/// η = Var_{y∼q_{t₀}} h(y) / ε*²
/// ```
/// - Exact for Gaussian p̂ = N(μ̂, Σ̂) and q = N(μ, Σ) (`gaussianPair`): with A = Σ̂_t⁻¹, B = Σ_t⁻¹, D = B − A and
///   c = Aμ̂_t − Bμ_t, δ = Dx + c is affine, so h(y) = yᵀKy + kᵀy + const with
///   K = ∫ g² a² sym(DB) dt and k = ∫ g² a (Bc − DBμ_t) dt (μ_t = sμ), and for y ∼ N(m₀, S₀)
///   Var h = 2 tr(K S₀ K S₀) + (2Km₀ + k)ᵀ S₀ (2Km₀ + k). Only the time integrals are numerical (GSL's
///   Gauss–Legendre, as `ScoreErrorEnergy`).
/// - Monte Carlo for mixtures (`between`), nested: N outer draws y ∼ q_{t₀}; at each time node m inner draws
///   x ∼ N(a y, v I); ĥ(y) the quadrature of the inner means. Var(ĥ) = Var(h) + E[Var_inner ĥ], so
///   V = sample variance of ĥ − mean inner variance of ĥ is unbiased for Var h; its standard error is that of
///   the per-draw terms. ε*² comes from `ScoreErrorEnergy` (ideal path) on an independent stream, and the ratio's
///   standard error is the delta method's, √((se_V/V)² + (se_ε/ε)²)·η (first order: the ratio carries an
///   O(1/N) bias).
///
/// Check: under `ou` with q = N(0, I) and p̂ = N(μ, I) (a constant error, δ = e^{−t/2}μ), h(y) =
/// e^{−t₀/2}(1 − e^{−(T−t₀)}) μ·y and η = 1 − e^{−(T−t₀)} → 1, [B]'s equality case.
public enum Observability {
    /// Outer draws y ∼ q_{t₀} of the nested Monte-Carlo estimator when none are given.
    public static let defaultOuterSamples = 2_000
    /// Inner draws per outer draw and time node (≥ 2 for the inner variance).
    public static let defaultInnerSamples = 4
    /// Gauss–Legendre nodes of the nested estimator's time integral (32: tabulated by GSL; the integrand of h
    /// is smooth in log t).
    public static let defaultMonteCarloTimeNodes = 32

    /// Thrown when ε*² = 0 (the learned score is exact on the path, to rounding: `roundingFloor`): η is 0/0.
    public struct ExactScore: Error, Sendable {}

    /// η with how it was obtained.
    public struct Estimate: Sendable, Equatable {
        /// η.
        public let value: Double
        /// Monte-Carlo standard error (0 for the Gaussian closed form; quadrature error excluded).
        public let standardError: Double
        /// `closedForm` for two Gaussians, `monteCarlo` otherwise.
        public let method: DivergenceEstimate.Method
        /// Var h(Y_{t₀}), the endpoint-visible part of the path error.
        public let visibleVariance: Double
        /// ε*², the ideal-path energy (the denominator).
        public let idealEnergy: Double
        /// Outer draws (0 for the closed form).
        public let samples: Int
        /// Gauss–Legendre nodes of the time integral.
        public let timeNodes: Int
    }

    /// η for p̂ (the learned law, whose exact score is ŝ) against q (the target): `gaussianPair` when both have
    /// one component, the nested Monte-Carlo estimator otherwise.
    /// - Throws: `InputError` naming `t0`, `T`, `timeNodes`, `samples` or `learned` for invalid arguments;
    ///   `ExactScore` when ε*² = 0 (ŝ exact: η is 0/0).
    public static func between(learned: GaussianMixture, target: GaussianMixture, schedule: NoiseSchedule,
                               from t0: Double, to T: Double, timeNodes: Int = ScoreErrorEnergy.defaultTimeNodes,
                               outerSamples: Int = defaultOuterSamples, innerSamples: Int = defaultInnerSamples,
                               seed: UInt64) throws -> Estimate {
        if learned.count == 1, target.count == 1 {
            return try gaussianPair(learned: learned.components[0], target: target.components[0], schedule: schedule,
                                    from: t0, to: T, timeNodes: timeNodes)
        }
        return try monteCarlo(learned: learned, target: target, schedule: schedule, from: t0, to: T,
                              timeNodes: min(timeNodes, defaultMonteCarloTimeNodes), outerSamples: outerSamples,
                              innerSamples: innerSamples, seed: seed)
    }

    /// η for two Gaussians in closed form (see the type).
    /// - Throws: as `between`.
    public static func gaussianPair(learned: Gaussian, target: Gaussian, schedule: NoiseSchedule,
                                    from t0: Double, to T: Double, timeNodes: Int = ScoreErrorEnergy.defaultTimeNodes) throws -> Estimate {
        let energy = try ScoreErrorEnergy.gaussianPair(learned: learned, target: target, schedule: schedule, path: .ideal,
                                                       from: t0, to: T, timeNodes: timeNodes)
        let projection = try endpointProjection(learned: learned, target: target, schedule: schedule, from: t0, to: T, timeNodes: timeNodes)
        let quadratic = projection.quadratic, linear = projection.linear
        let start = target.noised(scale: schedule.scale(at: t0), noiseVariance: schedule.gammaSquared(at: t0))
        let covariance = start.covariance
        let ks = quadratic * covariance
        let gradient = (2 * (quadratic * start.mean)).adding(linear)
        let visible = 2 * (ks * ks).trace + gradient.dot(covariance * gradient)
        return try estimate(visible: visible, visibleError: 0, energy: energy, method: .closedForm, samples: 0, timeNodes: timeNodes,
                            roundingFloor: try roundingFloor(target.covariance, schedule: schedule, from: t0, to: T, timeNodes: timeNodes))
    }

    /// K and k of h(y) = yᵀKy + kᵀy + const for two Gaussians (see the type; the constant makes E h(Y_{t₀}) = 0).
    /// - Throws: `InputError` naming `t0` when a covariance is singular on the grid.
    static func endpointProjection(learned: Gaussian, target: Gaussian, schedule: NoiseSchedule, from t0: Double, to T: Double,
                                   timeNodes: Int) throws -> (quadratic: Matrix, linear: [Double]) {
        let n = target.dimension
        var quadratic = Matrix(rows: n, columns: n), linear = [Double](repeating: 0, count: n)
        for node in try ScoreErrorEnergy.quadrature(from: t0, to: T, count: timeNodes, spacing: .automatic) {
            let t = node.time, s = schedule.scale(at: t), gamma2 = schedule.gammaSquared(at: t)
            let p = learned.noised(scale: s, noiseVariance: gamma2), q = target.noised(scale: s, noiseVariance: gamma2)
            guard p.spectrum.isPositiveDefinite, q.spectrum.isPositiveDefinite else {
                throw InputError(source: "t0", field: "", reason: "a covariance is singular at t = \(t) (a degenerate law has no score there); start at t₀ > 0")
            }
            let a = s / schedule.scale(at: t0)
            let precisionA = p.spectrum.densePrecision(), precisionB = q.spectrum.densePrecision()
            let d = precisionB - precisionA
            let c = (precisionA * p.mean) - (precisionB * q.mean)
            let db = d * precisionB
            let factor = node.weight * schedule.diffusionSquared(at: t)
            quadratic = quadratic + (0.5 * factor * a * a) * (db + db.transposed)
            linear = linear.adding((factor * a) * ((precisionB * c) - (db * q.mean)))
        }
        return (quadratic, linear)
    }

    /// η by the nested Monte-Carlo estimator of the type's documentation, whatever the number of components.
    /// - Throws: as `between`.
    public static func monteCarlo(learned: GaussianMixture, target: GaussianMixture, schedule: NoiseSchedule,
                                  from t0: Double, to T: Double, timeNodes: Int = defaultMonteCarloTimeNodes,
                                  outerSamples: Int = defaultOuterSamples, innerSamples: Int = defaultInnerSamples,
                                  seed: UInt64) throws -> Estimate {
        guard learned.dimension == target.dimension else {
            throw InputError(source: "learned", field: "dimension", reason: "\(learned.dimension) differs from the target's dimension \(target.dimension)")
        }
        guard outerSamples >= 2, innerSamples >= 2 else {
            throw InputError(source: "samples", field: "", reason: "\(min(outerSamples, innerSamples)) is too small; the nested estimator needs at least 2 outer and 2 inner draws")
        }
        let stream = RandomStream(seed: seed)
        let energy = try ScoreErrorEnergy.between(learned: learned, target: target, schedule: schedule, path: .ideal,
                                                  from: t0, to: T, timeNodes: timeNodes, samplesPerNode: outerSamples,
                                                  seed: stream.substream(0).seed)
        let n = target.dimension
        let s0 = schedule.scale(at: t0), sigma0Squared = pow(schedule.sigma(at: t0), 2)
        let outer = target.noised(scale: s0, noiseVariance: schedule.gammaSquared(at: t0))
            .sample(count: outerSamples, stream: stream.substream(1))
        var endpointMeans = [Double](repeating: 0, count: outerSamples)
        var innerVariances = [Double](repeating: 0, count: outerSamples)
        let nodes = try ScoreErrorEnergy.quadrature(from: t0, to: T, count: timeNodes, spacing: .automatic)
        for (j, node) in nodes.enumerated() {
            let t = node.time, s = schedule.scale(at: t), gamma2 = schedule.gammaSquared(at: t)
            let a = s / s0, spread = (s * s * max(0, pow(schedule.sigma(at: t), 2) - sigma0Squared)).squareRoot()
            let noise = stream.substream(UInt64(2 + j)).gaussians(outerSamples * innerSamples * n)
            var points = Matrix(rows: outerSamples * innerSamples, columns: n)
            for i in 0..<outerSamples {
                for r in 0..<innerSamples {
                    let row = i * innerSamples + r
                    for c in 0..<n { points[row, c] = a * outer[i, c] + spread * noise[row * n + c] }
                }
            }
            let learnedT = try ScoreAndLaplacian(learned.noised(scale: s, noiseVariance: gamma2), at: points)
            let targetT = try ScoreAndLaplacian(target.noised(scale: s, noiseVariance: gamma2), at: points)
            let factor = node.weight * schedule.diffusionSquared(at: t)
            for i in 0..<outerSamples {
                var moments = (sum: 0.0, squares: 0.0)
                for r in 0..<innerSamples {
                    let row = i * innerSamples + r
                    var value = targetT.laplacian[row] - learnedT.laplacian[row]
                    for c in 0..<n {
                        let qScore = targetT.score[row, c]
                        value -= (learnedT.score[row, c] - qScore) * qScore
                    }
                    moments.sum += value
                    moments.squares += value * value
                }
                let m = Double(innerSamples), mean = moments.sum / m
                endpointMeans[i] += factor * mean
                innerVariances[i] += factor * factor * max(0, moments.squares - m * mean * mean) / (m - 1) / m
            }
        }
        let count = Double(outerSamples)
        let centre = endpointMeans.reduce(0, +) / count
        let terms = (0..<outerSamples).map { i in
            pow(endpointMeans[i] - centre, 2) * count / (count - 1) - innerVariances[i]
        }
        let visible = terms.reduce(0, +) / count
        let spreadOfTerms = terms.reduce(0) { $0 + pow($1 - visible, 2) } / (count - 1)
        return try estimate(visible: visible, visibleError: (spreadOfTerms / count).squareRoot(), energy: energy,
                            method: .monteCarlo, samples: outerSamples, timeNodes: timeNodes,
                            roundingFloor: try roundingFloor(target.covariance, schedule: schedule, from: t0, to: T, timeNodes: timeNodes))
    }

    /// The ε*² below which a score error is rounding: 10⁻²⁰ (a relative score error of 10⁻¹⁰) times the Fisher
    /// energy ∫ g² tr(Σ_t⁻¹) dt of the target's moment-matched Gaussian, Σ_t = s²Σ + γ²I.
    static func roundingFloor(_ covariance: Matrix, schedule: NoiseSchedule, from t0: Double, to T: Double,
                              timeNodes: Int) throws -> Double {
        let variances = try SymmetricEigendecomposition(covariance.symmetrised).eigenvalues
        let fisher = try ScoreErrorEnergy.quadrature(from: t0, to: T, count: timeNodes, spacing: .automatic).reduce(0.0) { sum, node in
            let s = schedule.scale(at: node.time), gamma2 = schedule.gammaSquared(at: node.time)
            let trace = variances.reduce(0) { $0 + 1 / (s * s * max(0, $1) + gamma2) }
            return sum + node.weight * schedule.diffusionSquared(at: node.time) * trace
        }
        return 1e-20 * fisher
    }

    private static func estimate(visible: Double, visibleError: Double, energy: ScoreErrorEnergy.Energy,
                                 method: DivergenceEstimate.Method, samples: Int, timeNodes: Int,
                                 roundingFloor: Double) throws -> Estimate {
        guard energy.value > roundingFloor else { throw ExactScore() }
        let value = visible / energy.value
        let relative = (visibleError / max(abs(visible), .leastNormalMagnitude), energy.standardError / energy.value)
        let error = method == .closedForm ? 0 : abs(value) * (relative.0 * relative.0 + relative.1 * relative.1).squareRoot()
        return Estimate(value: value, standardError: error, method: method, visibleVariance: visible,
                        idealEnergy: energy.value, samples: samples, timeNodes: timeNodes)
    }
}

/// ∇log p and Δlog p = tr ∇²log p of a Gaussian mixture at the rows of `points`:
/// Δlog p = Σ_k w_k(−tr Σ_k⁻¹ + ‖g_k‖²) − ‖Σ_k w_k g_k‖², g_k = −Σ_k⁻¹(x − μ_k) (the trace of
/// `GaussianMixture.hessiansOfLogDensity`, without forming the n×n Hessians).
struct ScoreAndLaplacian {
    let score: Matrix
    let laplacian: [Double]

    init(_ mixture: GaussianMixture, at points: Matrix) throws {
        let w = try mixture.responsibilities(points)
        let precisions = mixture.components.map { $0.spectrum.densePrecision() }
        let traces = precisions.map(\.trace)
        let n = mixture.dimension
        var score = Matrix(rows: points.rows, columns: n)
        var laplacian = [Double](repeating: 0, count: points.rows)
        for (k, component) in mixture.components.enumerated() {
            let gradients = -1 * Matrix.product(points.subtractingFromRows(component.mean), precisions[k])
            for i in 0..<points.rows {
                var squared = 0.0
                for c in 0..<n {
                    let g = gradients[i, c]
                    squared += g * g
                    score[i, c] += w[i, k] * g
                }
                laplacian[i] += w[i, k] * (squared - traces[k])
            }
        }
        for i in 0..<points.rows { laplacian[i] -= (0..<n).reduce(0) { $0 + score[i, $1] * score[i, $1] } }
        self.score = score
        self.laplacian = laplacian
    }
}
