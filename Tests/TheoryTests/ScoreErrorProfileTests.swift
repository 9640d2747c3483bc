import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import InputErrors
import RandomStreams
import ScoreErrors

/// `ScoreErrorProfile` against closed forms, and the 1/N rate of the Gaussian fit's score error.
@Suite("Score-error profile")
struct ScoreErrorProfileTests {
    static let standard = try! GaussianMixture(Gaussian(mean: [0, 0, 0], covariance: .identity(3)))

    @Test("core.score-error: the exact score has zero error at every time and zero path energy")
    func exactScoreHasNoError() throws {
        let mixture = try GaussianMixture(weights: [0.3, 0.7], components: [
            try Gaussian(mean: [1, -1], covariance: Matrix(rowArrays: [[2, 0.5], [0.5, 1]])),
            try Gaussian(mean: [-2, 0], basis: Matrix(rowArrays: [[1], [0]]), variances: [3], noise: 0.1),
        ])
        for schedule in NoiseSchedule.allCases {
            let truth = ExactMixtureScore(data: mixture, schedule: schedule)
            let profile = try ScoreErrorProfile.measure(estimate: truth, learnedLaw: .noised(mixture, schedule: schedule), truth: truth,
                                                        times: [0.01, 0.3, 0.9], samplesPerTime: 50, from: 0.01, to: 0.9, timeNodes: 8, seed: 5)
            #expect(profile.entries.allSatisfy { $0.meanSquaredError == 0 && $0.standardError == 0 && $0.meanSquaredScore > 0 }, "\(schedule)")
            #expect(profile.idealPath.value == 0 && profile.idealPath.standardError == 0, "\(schedule)")
            #expect(profile.learnedPath?.value == 0 && profile.learnedPath?.standardError == 0, "\(schedule)")
        }
    }

    @Test("core.score-error: ou, q = N(0, I₃), ŝ the exact score of N(μ, I₃): E‖e‖² = e^{−t}‖μ‖², E‖s‖² = 3, ε*² = ε̂² = ‖μ‖²(e^{−t₀} − e^{−T})")
    func meanShiftClosedForm() throws {
        // Under ou, q_t = N(0, I) (stationary) and p̂_t = N(e^{−t/2}μ, I), so ŝ − ∇log q_t = e^{−t/2}μ for
        // every x: E‖e‖² = e^{−t}‖μ‖² with zero variance, g² = 1, and ε² = ‖μ‖²(e^{−t₀} − e^{−T}).
        let mu = [0.3, -1.2, 0.5], normSquared = mu.dot(mu)
        let truth = ExactMixtureScore(data: Self.standard, schedule: .ou)
        let law = GaussianMixture(try Gaussian(mean: mu, covariance: .identity(3)))
        let learned = ExactMixtureScore(data: law, schedule: .ou)
        let times = [0.02, 0.5, 2, 4]
        let samples = 4_000
        let profile = try ScoreErrorProfile.measure(estimate: learned, learnedLaw: .noised(law, schedule: .ou), truth: truth, times: times,
                                                    samplesPerTime: samples, from: 0.02, to: 4, timeNodes: 40, seed: 8)
        for entry in profile.entries {
            let exact = exp(-entry.time) * normSquared
            // The error is the difference of two O(‖x‖) scores: rounding ~ 10 ε ‖x‖ per coordinate, so
            // relative 1e-12 on ‖e‖² ≥ e^{−4}·1.78 is ample.
            #expect(abs(entry.meanSquaredError - exact) <= 1e-12 * exact, "t = \(entry.time): \(entry.meanSquaredError) vs \(exact)")
            #expect(entry.standardError <= 1e-12 * exact)
            #expect(entry.diffusionSquared == 1 && entry.weightedError == entry.meanSquaredError)
            // E‖x‖² = 3 with Var ‖x‖² = 2·3 for x ∼ N(0, I₃): 5 standard errors √(6/M).
            #expect(abs(entry.meanSquaredScore - 3) <= 5 * (6 / Double(samples)).squareRoot(), "E‖s‖² = \(entry.meanSquaredScore)")
            #expect(entry.relativeError == entry.meanSquaredError / entry.meanSquaredScore)
        }
        // Gauss–Legendre in log t on [0.02, 4]: the integrand ‖μ‖²e^{u − eᵘ} is entire in u; 40 nodes reach rounding.
        let energy = normSquared * (exp(-0.02) - exp(-4))
        #expect(abs(profile.idealPath.value - energy) <= 1e-12 * energy, "ε*² = \(profile.idealPath.value) vs \(energy)")
        // The error is constant in x, so the learned path (expectation under p̂_t) gives the same energy.
        let learnedPath = try #require(profile.learnedPath)
        #expect(learnedPath.path == .learned && abs(learnedPath.value - energy) <= 1e-12 * energy, "ε̂² = \(learnedPath.value) vs \(energy)")
    }

    @Test("core.score-error: variance mismatch (ou, q = N(0, I₃), ŝ of N(0, 2I₃)) matches 3(1 − 1/v_t)² within 5 standard errors")
    func varianceMismatchWithinStandardError() throws {
        // p̂_t = N(0, v_t I), v_t = 1 + e^{−t}: e = x(1 − 1/v_t), E‖e‖² = 3(1 − 1/v_t)², Var‖e‖² = 6(1 − 1/v_t)⁴.
        let truth = ExactMixtureScore(data: Self.standard, schedule: .ou)
        let learned = ExactMixtureScore(data: GaussianMixture(try Gaussian(mean: [0, 0, 0], covariance: .diagonal([2, 2, 2]))), schedule: .ou)
        let samples = 3_000
        for (index, t) in [0.05, 0.7, 3].enumerated() {
            let entry = try ScoreErrorProfile.entry(estimate: learned, truth: truth, time: t, samples: samples,
                                                    stream: RandomStream(seed: 40 + UInt64(index)))
            let factor = 1 - 1 / (1 + exp(-t))
            let exact = 3 * factor * factor
            let standardError = (6 * pow(factor, 4) / Double(samples)).squareRoot()
            #expect(abs(entry.meanSquaredError - exact) <= 5 * standardError, "t = \(t): \(entry.meanSquaredError) vs \(exact)")
            // The reported standard error estimates the true one: within 20 % at M = 3000 (its own relative SE ≈ 3 %).
            #expect(abs(entry.standardError / standardError - 1) <= 0.2, "SE \(entry.standardError) vs \(standardError)")
        }
    }

    @Test("core.score-error: bad arguments throw InputError naming the parameter")
    func badArguments() throws {
        let truth = ExactMixtureScore(data: Self.standard, schedule: .vp)
        let stream = RandomStream(seed: 1)
        #expect(throws: InputError.self) { try ScoreErrorProfile.entry(estimate: truth, truth: truth, time: 0.5, samples: 1, stream: stream) }
        do {
            _ = try ScoreErrorProfile.entry(estimate: truth, truth: truth, time: 1.5, samples: 10, stream: stream)
            Issue.record("t = 1.5 accepted under vp")
        } catch let error as InputError {
            #expect(error.source == "time" && error.reason.contains("1.5"), "\(error)")
        }
        #expect(throws: InputError.self) {
            try ScoreErrorProfile.measure(estimate: truth, learnedLaw: nil, truth: truth, times: [0.5], samplesPerTime: 10, from: 0.5, to: 0.2,
                                          timeNodes: 4, seed: 1)
        }
    }

    @Test("Gaussian fit on Gaussian data: E‖ŝ − s‖² at t = 0.5 shrinks like 1/N (log–log slope −1 ± 3 SE, N = 100…6400)")
    func gaussianFitErrorRate() throws {
        // q = N(μ, Σ) in ℝ³; the fit's parameter error is O_P(N^{−1/2}), so the squared score error is
        // O_P(1/N): log E vs log N has slope −1. Eight seeds per N, each error a Monte-Carlo mean over
        // 2000 draws of q_t (relative SE ~ 3 %, far below the seed-to-seed spread).
        let data = GaussianMixture(try Gaussian(mean: [1, -2, 0.5], covariance: Matrix(rowArrays: [[2, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 0.5]])))
        let truth = ExactMixtureScore(data: data, schedule: .ou)
        var x: [Double] = [], y: [Double] = []
        for size in [100, 400, 1600, 6400] {
            for seed in 0..<8 {
                let samples = data.sample(count: size, stream: RandomStream(seed: UInt64(1000 * size + seed)))
                let fitted = try GaussianMaximumLikelihood().fit(samples, schedule: .ou)
                let entry = try ScoreErrorProfile.entry(estimate: fitted, truth: truth, time: 0.5, samples: 2_000,
                                                        stream: RandomStream(seed: UInt64(seed)))
                x.append(log(Double(size)))
                y.append(log(entry.meanSquaredError))
            }
        }
        // Least squares y = a + b x; SE(b) = √(RSS/(k − 2) / Σ(x − x̄)²).
        let k = Double(x.count), xBar = x.reduce(0, +) / k, yBar = y.reduce(0, +) / k
        let sxx = x.reduce(0) { $0 + ($1 - xBar) * ($1 - xBar) }
        let slope = zip(x, y).reduce(0) { $0 + ($1.0 - xBar) * ($1.1 - yBar) } / sxx
        let rss = zip(x, y).reduce(0) { $0 + pow($1.1 - yBar - slope * ($1.0 - xBar), 2) }
        let standardError = (rss / (k - 2) / sxx).squareRoot()
        print("Gaussian fit score error at t = 0.5 (ou, n = 3): log–log slope \(slope) ± \(standardError) (SE), 32 fits")
        #expect(abs(slope + 1) <= 3 * standardError, "slope \(slope) ± \(standardError)")
        #expect(slope >= -1.3 && slope <= -0.7, "slope \(slope)")
    }
}
