import Foundation
import Testing
import PropertyBased
import GaussianMixtures
import LinearAlgebra
import RandomStreams
@testable import Retraining

@Suite("Population dynamics (exact, N = ∞)")
struct PopulationClosureTests {
    typealias S = PopulationSupport

    @Test("B.kde.closure: v₂₀ = 3.522 for α = 0.1, σ = h = 0.6, read off the closed mixture p̂²⁰")
    func withinModeVariance() throws {
        let sigma = 0.6, h = 0.6
        let target = try S.paperTarget(sigma: sigma)
        let mixing = try MixingConvention(freshFraction: 0.1)
        let law = try KernelDensityPopulation.laws(data: target, bandwidth: h, mixing: mixing, generations: 20)[20]
        // p̂⁰ = p_data merges the last two terms: 20 variance levels per mode, 5 modes.
        #expect(law.count == 100, "components: \(law.count)")
        // Within-mode variance of mode 0 (mean at the origin): its components' weighted covariance[0][0].
        var mass = 0.0, weighted = 0.0
        for (weight, component) in zip(law.weights, law.components) where component.mean.euclideanNorm == 0 {
            mass += weight
            weighted += weight * component.covariance[0, 0]
        }
        let v20 = weighted / mass
        print("B.kde.closure: v₂₀ from the mixture = \(v20)")
        // docs/theory.md quotes 3.522 to 4 significant digits: |v − 3.522| ≤ 5e-4 is the rounding of the quote.
        #expect(abs(v20 - 3.522) <= 5e-4)
        // The formula σ² + h²(1 − (1−α)ⁿ)/α agrees to rounding of 100 weighted terms (≈ 100 ε·v).
        let formula = KernelDensityPopulation.withinModeVariance(componentVariance: sigma * sigma, bandwidth: h, mixing: mixing, generation: 20)
        #expect(abs(v20 - formula) <= 1e-12 * formula)
        #expect(abs(mass - 0.2) <= 1e-14, "mode weight \(mass): every level carries the mode's weight 1/5")
    }

    @Test("B.population-closure: the closed mixture equals the direct recursion p̂^{i+1} = (αp + (1−α)p̂^i) * N(0, h²I)",
          arguments: [(0.1, 0.6, 0.6), (0.5, 1.0, 0.3), (0.9, 0.6, 0.6), (1.0, 0.5, 0.4)])
    func directRecursion(alpha: Double, sigma: Double, h: Double) throws {
        let target = try S.paperTarget(dimension: 3, sigma: sigma)
        let mixing = try MixingConvention(freshFraction: alpha)
        let closed = try KernelDensityPopulation.laws(data: target, bandwidth: h, mixing: mixing, generations: 8)
        // Independent computation: keep every term of the recursion unmerged, widen by h each round.
        var direct = target
        let points = target.noised(scale: 1, sigma: 1.5).sample(count: 200, stream: RandomStream(seed: 9))
        for i in 0...8 {
            let a = try closed[i].logDensity(points), b = try direct.logDensity(points)
            // Same mixture, different summation order and variances Σ + h² + … + h² vs Σ + k h²: agreement to a
            // few hundred ε relative in the log-density (|log p| ≲ 30 here).
            let worst = zip(a, b).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
            #expect(worst <= 1e-12, "α = \(alpha), generation \(i): max relative difference \(worst)")
            let mixed = alpha == 1 ? target : try S.combine(target, alpha, direct, 1 - alpha)
            direct = mixed.noised(scale: 1, sigma: h)
        }
    }

    @Test("B.population-closure: fully synthetic α = 0 gives p_data * N(0, n h²I)")
    func fullySynthetic() throws {
        let target = try S.paperTarget(dimension: 2, sigma: 0.5)
        let laws = try KernelDensityPopulation.laws(data: target, bandwidth: 0.3, mixing: .fullySynthetic, generations: 5)
        let expected = target.noised(scale: 1, sigma: (5 * 0.09).squareRoot())
        let points = expected.sample(count: 100, stream: RandomStream(seed: 3))
        let a = try laws[5].logDensity(points), b = try expected.logDensity(points)
        // Σ + 5h² vs Σ + (√(5h²))²: one rounding apart.
        let worst = zip(a, b).map { (x: Double, y: Double) -> Double in abs(x - y) / (1 + abs(y)) }.max() ?? 0
        #expect(worst <= 1e-12)
        #expect(laws[5].count == target.count)
    }

    @Test("A.exact.gaussian-contraction: the Gaussian family's moment map contracts the mean and second-moment errors by exactly λ/(1+λ)",
          arguments: [0.0, 0.25, 1.0, 4.0])
    func gaussianContraction(lambda: Double) throws {
        let mixing = try MixingConvention(syntheticRatio: lambda)
        let data = try GaussianMixture(weights: [1, 2],
                                       components: [S.isotropic([0, 1], variance: 0.5), S.isotropic([2, -1], variance: 1.5)])
        let initial = try Gaussian(mean: [3, 3], covariance: Matrix(rowArrays: [[2, 0.5], [0.5, 1]]))
        let laws = try GaussianPopulationDynamics.laws(data: data, initial: initial, mixing: mixing, generations: 12)
        let rho = lambda / (1 + lambda)
        let dataMean = data.mean
        let dataSecond = GaussianPopulationDynamics.secondMoment(mean: dataMean, covariance: data.covariance)
        let error0 = initial.mean - dataMean
        let second0 = GaussianPopulationDynamics.secondMoment(mean: initial.mean, covariance: initial.covariance) - dataSecond
        for (t, law) in laws.enumerated() {
            let factor = pow(rho, Double(t))
            let meanError = law.mean - dataMean
            let secondError = GaussianPopulationDynamics.secondMoment(mean: law.mean, covariance: law.covariance) - dataSecond
            // t affine updates of O(1) numbers: each adds a few ε; 1e-13 absolute covers 12 rounds.
            let meanWorst = zip(meanError, error0).map { (x: Double, y: Double) -> Double in abs(x - factor * y) }.max() ?? 0
            let secondWorst = zip(secondError.elements, second0.elements).map { (x: Double, y: Double) -> Double in abs(x - factor * y) }.max() ?? 0
            #expect(meanWorst <= 1e-13, "λ = \(lambda), t = \(t)")
            #expect(secondWorst <= 1e-12, "λ = \(lambda), t = \(t)")
        }
    }
}
