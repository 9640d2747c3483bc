import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
@testable import ScoreErrors
import RandomStreams

/// `Observability` (η of [B, Def 3.2]): the equality case, an independent simulation of the Girsanov martingale,
/// the nested Monte-Carlo estimator against the closed form, and η ∈ [0, 1].
@Suite("Observability η")
struct ObservabilityTests {
    static func gaussian(_ mean: [Double], _ covariance: Matrix) throws -> Gaussian {
        try Gaussian(mean: mean, covariance: covariance)
    }

    @Test("a pure mean shift under ou (error constant in x) has η = 1 − e^{−(T−t₀)}, → 1: [B]'s equality case")
    func meanShift() throws {
        let target = try Self.gaussian([0, 0, 0], .identity(3)), learned = try Self.gaussian([0.3, -1.2, 0.5], .identity(3))
        for (t0, T) in [(0.0, 40.0), (0.02, 4.0), (0.5, 3.0)] {
            let eta = try Observability.gaussianPair(learned: learned, target: target, schedule: .ou, from: t0, to: T)
            // Tolerance: the Gauss–Legendre rule (64 nodes) on the entire integrand e^{−t}·const is exact to rounding.
            #expect(abs(eta.value - (1 - exp(-(T - t0)))) < 1e-12, "t₀ = \(t0), T = \(T): η = \(eta.value)")
        }
    }

    @Test("η of two Gaussians lies in [0, 1] (random pairs, n = 1…4, every schedule)")
    func unitInterval() throws {
        let stream = RandomStream(seed: 11)
        for trial in 0..<40 {
            let n = 1 + trial % 4
            func randomCovariance() -> Matrix {
                let a = Matrix(rows: n, columns: n, elements: stream.gaussians(n * n))
                return (Matrix.product(a, a, transposeB: true) + 0.5 * Matrix.identity(n)).symmetrised
            }
            let learned = try Self.gaussian(stream.gaussians(n), randomCovariance())
            let target = try Self.gaussian(stream.gaussians(n), randomCovariance())
            let schedule = NoiseSchedule.allCases[trial % NoiseSchedule.allCases.count]
            let T = schedule == .vp || schedule == .cosine ? 0.9 : 3.0
            let eta = try Observability.gaussianPair(learned: learned, target: target, schedule: schedule, from: 0.01, to: T)
            // 1e-12: rounding of the quadrature sums; the bound itself is exact (a projection's variance).
            #expect(eta.value >= -1e-12 && eta.value <= 1 + 1e-12, "trial \(trial) (\(schedule)) n = \(n): η = \(eta.value)")
        }
    }

    /// Euler–Maruyama of the ideal reverse SDE in 1-D with the martingale M = Σ g δ(Y, t) ΔB̄ accumulated along it.
    @Test("the closed-form endpoint projection matches a simulation of the path martingale: E[M·h(Y_{t₀})] = Var h within 4 SE (1-D)")
    func pathSimulation() throws {
        let schedule = NoiseSchedule.ou, t0 = 0.05, T = 2.0
        let learned = try Self.gaussian([-0.2], Matrix(rows: 1, columns: 1, elements: [1.5]))
        let target = try Self.gaussian([0.3], Matrix(rows: 1, columns: 1, elements: [0.8]))
        let projection = try Observability.endpointProjection(learned: learned, target: target, schedule: schedule, from: t0, to: T, timeNodes: 64)
        let eta = try Observability.gaussianPair(learned: learned, target: target, schedule: schedule, from: t0, to: T)
        let start = target.noised(scale: schedule.scale(at: t0), noiseVariance: schedule.gammaSquared(at: t0))
        let endMean = start.mean[0], endVariance = start.covariance[0, 0]
        let kq = projection.quadratic[0, 0], kl = projection.linear[0]
        let centre = kq * (endVariance + endMean * endMean) + kl * endMean
        func h(_ y: Double) -> Double { kq * y * y + kl * y - centre }

        let paths = 20_000, steps = 2_000
        let dt = (T - t0) / Double(steps)
        let stream = RandomStream(seed: 5)
        let terminal = target.noised(scale: schedule.scale(at: T), noiseVariance: schedule.gammaSquared(at: T))
        var y = stream.gaussians(paths).map { terminal.mean[0] + terminal.covariance[0, 0].squareRoot() * $0 }
        var m = [Double](repeating: 0, count: paths)
        for step in 0..<steps {
            let t = T - Double(step) * dt
            let s = schedule.scale(at: t), gamma2 = schedule.gammaSquared(at: t)
            let (qMean, qVariance) = (s * 0.3, s * s * 0.8 + gamma2)
            let (pMean, pVariance) = (s * -0.2, s * s * 1.5 + gamma2)
            let f = schedule.drift(at: t), g2 = schedule.diffusionSquared(at: t), g = g2.squareRoot()
            let noise = stream.gaussians(paths)
            for i in 0..<paths {
                let qScore = -(y[i] - qMean) / qVariance, pScore = -(y[i] - pMean) / pVariance
                let increment = dt.squareRoot() * noise[i]
                m[i] += g * (pScore - qScore) * increment
                y[i] += (-f * y[i] + g2 * qScore) * dt + g * increment
            }
        }
        let products = (0..<paths).map { m[$0] * h(y[$0]) }
        let mean = products.reduce(0, +) / Double(paths)
        let sd = (products.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(paths - 1)).squareRoot()
        let standardError = sd / Double(paths).squareRoot()
        // Euler's O(dt) bias (dt ≈ 1e-3) is far below the Monte-Carlo SE (≈ 2 % of the value).
        #expect(abs(mean - eta.visibleVariance) <= 4 * standardError,
                "simulated E[M h] = \(mean) ± \(standardError), closed-form Var h = \(eta.visibleVariance) (η = \(eta.value))")
        // And the martingale's variance is ε*² (Itô isometry), the denominator of η.
        let mMean = m.reduce(0, +) / Double(paths)
        let squares = m.map { ($0 - mMean) * ($0 - mMean) }
        let variance = squares.reduce(0, +) / Double(paths - 1)
        let varianceError = (squares.reduce(0) { $0 + ($1 - variance) * ($1 - variance) } / Double(paths - 1) / Double(paths)).squareRoot()
        #expect(abs(variance - eta.idealEnergy) <= 4 * varianceError, "Var M = \(variance) ± \(varianceError), ε*² = \(eta.idealEnergy)")
    }

    @Test("the nested Monte-Carlo η agrees with the closed form within 4 SE on Gaussian pairs (n = 1, 2; the 2-D precisions do not commute)")
    func monteCarloAgainstClosedForm() throws {
        let cases: [(Gaussian, Gaussian)] = [
            (try Self.gaussian([0], Matrix(rows: 1, columns: 1, elements: [2])), try Self.gaussian([0], Matrix(rows: 1, columns: 1, elements: [1]))),
            (try Self.gaussian([0.5, -0.3], Matrix(rows: 2, columns: 2, elements: [1.4, 0.3, 0.3, 0.7])), try Self.gaussian([0.2, 0], Matrix(rows: 2, columns: 2, elements: [0.6, -0.2, -0.2, 1.3]))),
        ]
        for (index, (learned, target)) in cases.enumerated() {
            let exact = try Observability.gaussianPair(learned: learned, target: target, schedule: .ou, from: 0.02, to: 4, timeNodes: 32)
            let estimate = try Observability.monteCarlo(learned: GaussianMixture(learned), target: GaussianMixture(target), schedule: .ou,
                                                        from: 0.02, to: 4, outerSamples: 4_000, seed: UInt64(index))
            #expect(estimate.method == .monteCarlo && estimate.standardError > 0)
            #expect(abs(estimate.value - exact.value) <= 4 * estimate.standardError,
                    "case \(index): Monte Carlo \(estimate.value) ± \(estimate.standardError), closed form \(exact.value)")
        }
    }

    @Test("η of mixtures (Monte Carlo) lies in [0, 1] within 4 SE")
    func mixturesUnitInterval() throws {
        let target = try GaussianMixture(weights: [0.5, 0.5], components: [
            try Self.gaussian([-1, 0], .identity(2)), try Self.gaussian([1, 0], .identity(2))])
        let learned = try GaussianMixture(weights: [0.3, 0.7], components: [
            try Self.gaussian([-1.3, 0.2], 1.5 * Matrix.identity(2)), try Self.gaussian([0.8, -0.1], 0.7 * Matrix.identity(2))])
        let eta = try Observability.between(learned: learned, target: target, schedule: .ou, from: 0.02, to: 4, seed: 3)
        #expect(eta.method == .monteCarlo)
        #expect(eta.value >= -4 * eta.standardError && eta.value <= 1 + 4 * eta.standardError, "η = \(eta.value) ± \(eta.standardError)")
    }
}
