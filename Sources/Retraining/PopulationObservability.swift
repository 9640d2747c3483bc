import Foundation
import Diffusion
import GaussianMixtures
import ScoreErrors

/// The observability η of [B, Def 3.2] along the exact population (N = ∞) of recursive retraining: for round i
/// the learned law is the population fit p̂^{i+1} and the ideal path is that of its training law
/// q_i = α p_data + (1 − α) p̂ⁱ (`Observability`, exact when both are single Gaussians, nested Monte Carlo
/// otherwise). The bound tables take the smallest η over the rounds evaluated: [B]'s bounds on D grow with η, so
/// the smallest is the conservative choice, and [B, Prop 4.1, Thm 4.2] assume an η floor.
public enum PopulationObservability {
    /// The result: the smallest η over the evaluated rounds, with its round and how it was obtained.
    public struct Floor: Sendable, Equatable {
        public let estimate: Observability.Estimate
        /// The round i whose pair (p̂^{i+1}, q_i) gave the smallest η.
        public let round: Int
        /// The rounds evaluated.
        public let rounds: [Int]
    }

    /// Outer draws, inner draws and Gauss–Legendre nodes of the nested Monte-Carlo η per round (the bound tables
    /// need its first digit, not more; a KDE population in ℝ¹⁰ has up to 100 components per law).
    public static let outerSamples = 400
    public static let innerSamples = 2
    public static let timeNodes = 16
    /// Rounds evaluated when there are more: the first, the middle and the last (η changes slowly with i).
    public static let maximumRounds = 3

    /// The smallest η over rounds i ∈ {0, ⌊(G−1)/2⌋, G − 1} (all rounds when G ≤ 3) whose fit has a score
    /// error (ε*² > 0); nil when no round has one (e.g. a Gaussian fit to Gaussian data: η is 0/0).
    /// - Parameters:
    ///   - population: p̂⁰ … p̂^G (`KernelDensityPopulation.laws`, `GaussianPopulationDynamics.laws`).
    ///   - target: p_data.
    ///   - schedule, t0, T: the path of the round errors.
    /// - Throws: whatever `Observability.between` throws other than ε*² = 0.
    public static func floor(population: [GaussianMixture], target: GaussianMixture, mixing: MixingConvention,
                             schedule: NoiseSchedule, from t0: Double, to T: Double, seed: UInt64) throws -> Floor? {
        let generations = population.count - 1
        guard generations >= 1 else { return nil }
        let rounds = generations <= maximumRounds ? Array(0..<generations) : [0, (generations - 1) / 2, generations - 1]
        var best: Floor?
        for round in rounds {
            let alpha = mixing.freshFraction
            let previous = population[round]
            let training: GaussianMixture
            if alpha >= 1 {
                training = target
            } else if alpha <= 0 {
                training = previous
            } else {
                training = try GaussianMixture(weights: target.weights.map { alpha * $0 } + previous.weights.map { (1 - alpha) * $0 },
                                               components: target.components + previous.components)
            }
            let learned = population[round + 1]
            let estimate: Observability.Estimate
            do {
                estimate = try Observability.between(learned: learned, target: training, schedule: schedule, from: t0, to: T,
                                                     timeNodes: timeNodes, outerSamples: outerSamples, innerSamples: innerSamples,
                                                     seed: seed &+ UInt64(round))
            } catch is Observability.ExactScore {
                continue
            }
            if best == nil || estimate.value < best!.estimate.value { best = Floor(estimate: estimate, round: round, rounds: rounds) }
        }
        return best
    }
}
