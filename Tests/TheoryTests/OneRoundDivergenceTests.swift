import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams
import ScoreEstimators
@testable import Retraining

/// The one-round divergences of p̂^{i+1} from its training law q_i that `retrain` puts beside [B]'s bounds.
@Suite("One-round divergences χ²(p̂^{i+1}‖q_i) and KL(p̂^{i+1}‖q_i)")
struct OneRoundDivergenceTests {
    @Test("importance-sampled one-round χ² and Monte-Carlo KLs equal the closed forms when q_i is one Gaussian written as a two-component mixture")
    func importanceSamplingAgainstClosedForm() throws {
        let target = try Gaussian(mean: [0, 0], covariance: Matrix(rowArrays: [[1, 0.3], [0.3, 1.5]]))
        // p̂^i = p_data: q_i = α p_data + (1 − α) p_data has two (equal) components, so no closed-form path is taken.
        let training = try RetrainingDivergences.mixture(GaussianMixture(target), weight: 0.4, GaussianMixture(target), weight: 0.6)
        #expect(training.count == 2)
        let next = try Gaussian(mean: [0.3, -0.2], covariance: Matrix(rowArrays: [[1.2, 0.1], [0.1, 1.4]]))
        var measurement = RetrainingMeasurement()
        measurement.chiSquaredSamples = 40_000
        measurement.klSamples = 40_000
        let round = try RetrainingDivergences.oneRound(GaussianMixture(next), training: training, schedule: .ou, times: (0.02, 4),
                                                       measurement: measurement, chiSquaredSeed: 7, klStream: RandomStream(seed: 8))
        let chi2 = try GaussianDivergence.chiSquared(from: next, to: target).value
        // 4 SE: a two-sided normal band left with probability 6·10⁻⁵ by a correct estimator.
        #expect(round.chiSquaredStandardError > 0 && abs(round.chiSquared - chi2) <= 4 * round.chiSquaredStandardError,
                "χ²: \(round.chiSquared) ± \(round.chiSquaredStandardError) vs \(chi2)")
        let kl = try GaussianDivergence.kl(from: next, to: target).value
        #expect(abs(round.kl - kl) <= 4 * round.klStandardError, "KL: \(round.kl) ± \(round.klStandardError) vs \(kl)")
        for (time, value, error) in [(0.02, round.klAtStart, round.klAtStartStandardError), (4.0, round.terminalKL, round.terminalKLStandardError)] {
            let s = NoiseSchedule.ou.scale(at: time), gamma2 = NoiseSchedule.ou.gammaSquared(at: time)
            let exact = try GaussianDivergence.kl(from: next.noised(scale: s, noiseVariance: gamma2), to: target.noised(scale: s, noiseVariance: gamma2)).value
            #expect(abs(value - exact) <= 4 * error, "KL at t = \(time): \(value) ± \(error) vs \(exact)")
        }
    }

    @Test("the simulator measures one round per generation except the last, with KL both ways and H² on every generation")
    func simulatorRecordsRounds() async throws {
        let target = GaussianMixture(try Gaussian(mean: [0, 0], covariance: Matrix.identity(2)))
        var configuration = RetrainingConfiguration(target: target, mixing: try MixingConvention(freshFraction: 0.5),
                                                    trainingSize: 100, generations: 2, runs: 2, seed: 3)
        configuration.measurement.scoreError?.timeNodes = 3
        configuration.measurement.scoreError?.samplesPerNode = 32
        let result = try await RecursiveRetraining(rule: GaussianMaximumLikelihood(), configuration: configuration).run()
        #expect(result.rows.map { $0.round != nil } == [true, true, false])
        for row in result.rows {
            // Two Gaussians: both KLs and H² are closed forms, so every run's value is finite and non-negative.
            #expect(row.klReverse.mean >= 0 && row.hellinger2.mean >= 0 && row.hellinger2.mean <= 1)
        }
        // p̂⁰ = p_data: every divergence to it is 0 at generation 0.
        #expect(result.rows[0].klReverse.mean == 0 && result.rows[0].hellinger2.mean == 0)
    }
}
