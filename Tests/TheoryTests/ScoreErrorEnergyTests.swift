import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors
import ScoreErrors
import Theorems

/// `ScoreErrorEnergy` against closed forms under the ou schedule, where q = N(0, I) is stationary.
@Suite("Score-error energy")
struct ScoreErrorEnergyTests {
    static let mu = [0.3, -1.2, 0.5]
    static let standard = try! GaussianMixture(Gaussian(mean: [0, 0, 0], covariance: .identity(3)))

    static func shifted(_ mean: [Double]) throws -> GaussianMixture {
        GaussianMixture(try Gaussian(mean: mean, covariance: .identity(mean.count)))
    }

    @Test("B.prop3.1.kl-upper is an equality for a Gaussian mean shift under ou: ½ε̂² + e^{−T}‖μ‖²/2 = KL(N(μ,I) ‖ N(0,I))")
    func klEqualityCase() throws {
        let truth = ExactMixtureScore(data: Self.standard, schedule: .ou)
        let learned = ExactMixtureScore(data: try Self.shifted(Self.mu), schedule: .ou)
        let kl = try Divergence.evaluate(.kl, from: try Self.shifted(Self.mu), to: Self.standard)
        let normSquared = Self.mu.dot(Self.mu)
        // Uniform grid on [0, T]: the integrand ‖μ‖²e^{−t} is entire, and the Gauss–Legendre error bound
        // T^{2m+1}(m!)⁴/((2m+1)((2m)!)³)·max|f^{(2m)}| is below 1e-50 at m = 40, T = 20; what is left is
        // rounding: ŝ − ∇log q_t = e^{−t/2}μ is the difference of two O(‖x‖) scores, so each node loses
        // about ‖x‖/(e^{−t/2}‖μ‖) digits, weighted by e^{−t}: ≲ 1e-14 in total. Tolerance 1e-12 relative.
        let T = 20.0
        let energy = try ScoreErrorEnergy.estimate(estimate: learned, truth: truth, from: 0, to: T,
                                                   timeNodes: 40, samplesPerNode: 8, seed: 3)
        let bound = try #require(try TheoremRegistry.theorem("B.prop3.1.kl-upper").evaluate(["epsilon-hat-squared": energy.value]).upper)
        let total = bound + exp(-T) * normSquared / 2
        #expect(abs(total - kl.value) <= 1e-12 * kl.value, "½ε̂² + terminal = \(total), KL = \(kl.value)")
        #expect(abs(kl.value - normSquared / 2) <= 1e-15 * normSquared)
        // The score difference is constant in x: the Monte-Carlo variance is rounding only.
        #expect(energy.standardError <= 1e-12 * energy.value, "standard error \(energy.standardError)")

        // Logarithmic grid from t₀ = 1e-4, with ∫₀^{t₀} ‖μ‖²e^{−t} dt = ‖μ‖²(1 − e^{−t₀}) added exactly.
        // In u = log t the integrand ‖μ‖²e^{u − eᵘ} is analytic; 80 nodes reach rounding level (160 nodes
        // agree to 1e-15 relative when run by hand), so the same 1e-12 applies.
        let logarithmic = try ScoreErrorEnergy.estimate(estimate: learned, truth: truth, from: 1e-4, to: T,
                                                        timeNodes: 80, samplesPerNode: 4, seed: 3, spacing: .logarithmic)
        let withHead = logarithmic.value - normSquared * expm1(-1e-4)
        #expect(abs(0.5 * withHead + exp(-T) * normSquared / 2 - kl.value) <= 1e-12 * kl.value, "log grid: \(withHead)")
    }

    @Test("Score-error energy of a variance mismatch matches its closed form within Monte-Carlo error (B.prop3.1.kl-upper input)")
    func varianceMismatch() throws {
        // q = N(0, I₃), ŝ the exact score of N(0, 2I₃) under ou: p̂_t = N(0, v_t I) with v_t = 1 + e^{−t}, and
        // ŝ − ∇log q_t = x(1 − 1/v_t), so E_{q_t}‖·‖² = 3(1 − 1/v_t)² and, with w = e^{−t}, b = 1,
        // ∫ (bw/(1+bw))² dt = [log(1 + bw) + 1/(1 + bw)] from w = e^{−T} to w = e^{−t₀}.
        let truth = ExactMixtureScore(data: Self.standard, schedule: .ou)
        let learned = ExactMixtureScore(data: GaussianMixture(try Gaussian(mean: [0, 0, 0], covariance: .diagonal([2, 2, 2]))),
                                        schedule: .ou)
        let (t0, T) = (0.01, 8.0)
        func antiderivative(_ w: Double) -> Double { log1p(w) + 1 / (1 + w) }
        let exact = 3 * (antiderivative(exp(-t0)) - antiderivative(exp(-T)))
        let energy = try ScoreErrorEnergy.estimate(estimate: learned, truth: truth, from: t0, to: T,
                                                   timeNodes: 24, samplesPerNode: 4000, seed: 11)
        // Quadrature error (the automatic grid is logarithmic here): the 24-node rule applied to the exact
        // integrand 3(1 − 1/v_t)² misses the antiderivative by 1.2e-10, the 48-node rule by 2e-15 (checked
        // with numpy's leggauss), both far below the standard error ≈ 2e-3; 1e-9 covers them.
        // 5 standard errors make a false failure rarer than 1e-6.
        let finer = try ScoreErrorEnergy.estimate(estimate: learned, truth: truth, from: t0, to: T,
                                                  timeNodes: 48, samplesPerNode: 4000, seed: 11)
        #expect(energy.standardError > 0)
        #expect(abs(energy.value - exact) <= 5 * energy.standardError + 1e-9, "\(energy) vs \(exact)")
        #expect(abs(finer.value - exact) <= 5 * finer.standardError + 1e-9, "\(finer) vs \(exact)")
        // Same seed, same bits.
        let again = try ScoreErrorEnergy.estimate(estimate: learned, truth: truth, from: t0, to: T,
                                                  timeNodes: 24, samplesPerNode: 4000, seed: 11)
        #expect(again.value == energy.value && again.standardError == energy.standardError)
    }

    @Test("Score-error energy rejects a schedule mismatch, t₀ ≥ T, a log grid from 0, and one sample per node")
    func badArguments() throws {
        let truth = ExactMixtureScore(data: Self.standard, schedule: .ou)
        let other = ExactMixtureScore(data: Self.standard, schedule: .ve)
        #expect(throws: InputError.self) { try ScoreErrorEnergy.estimate(estimate: other, truth: truth, from: 0, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0) }
        #expect(throws: InputError.self) { try ScoreErrorEnergy.estimate(estimate: truth, truth: truth, from: 2, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0) }
        #expect(throws: InputError.self) { try ScoreErrorEnergy.estimate(estimate: truth, truth: truth, from: 0, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0, spacing: .logarithmic) }
        #expect(throws: InputError.self) { try ScoreErrorEnergy.estimate(estimate: truth, truth: truth, from: 0, to: 1, timeNodes: 4, samplesPerNode: 1, seed: 0) }
        #expect(try ScoreErrorEnergy.estimate(estimate: truth, truth: truth, from: 0, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0).value == 0)
    }
}
