import Foundation
import Diffusion
import GaussianMixtures
import RandomStreams
import Retraining
import ScoreErrors

/// `retraining`: G generations of [B, §4]'s recursive training at population level, p̂⁰ = p and
/// p̂^{k+1} = estimator(q_k), q_k = αp + (1−α)p̂^k, with the estimator families of `one-round`
/// (proofs/core.scenarios.md).
///
/// The laws are exact Gaussian mixtures: `KernelDensityPopulation` for the KDE, `GaussianPopulationDynamics`
/// for the Gaussian fit (p̂¹ is the moment fit of q₀ = p, then the affine moment map), and the same
/// recursion through `RoundLaws.Estimator` for the exact, variance-scale and mean-shift estimators. Arrays
/// indexed k = 1…G: D[k] = χ²(p̂^k ‖ p), kl[k] = KL(p̂^k ‖ q_{k−1}), eps_hat2[k] and eps_star2[k] the energies
/// of round k−1 (ŝ the exact score of p̂^k against q_{k−1}), w2[k] = W₂(p̂^k, p). Closed form where the library
/// has one, Monte Carlo with a standard error otherwise (as in `one-round`).
public struct RetrainingScenario: Scenario {
    /// The Monte Carlo sizes of the quantities without a closed form.
    public let sizes: MonteCarloSizes

    public init(sizes: MonteCarloSizes = .standard) {
        self.sizes = sizes
    }

    public let name = "retraining"
    public let summary = "G generations of [B]'s recursive training at population level from p̂⁰ = p: p̂^{k+1} = estimator(αp + (1−α)p̂^k)"

    public var parameters: [ScenarioParameter] {
        [
            ScenarioParameter("dimension", .integer(1...3), "dimension n of every law"),
            ScenarioParameter("components", .integer(1...3), "components of the target p"),
            ScenarioParameter("seed", .integer(0...999_999), "seed of p, of the shift direction and of the Monte Carlo streams"),
            ScenarioParameter("alpha", .real(0.01...1, logScale: true), "fresh-data fraction α of q_k = αp + (1−α)p̂^k"),
            ScenarioParameter("G", .integer(1...8), "number of generations"),
            ScenarioParameter("estimator", .choice(RoundLaws.Estimator.allCases.map(\.rawValue)), "population estimator mapping q_k to p̂^{k+1}"),
            ScenarioParameter("h", .real(0.01...1, logScale: true), "bandwidth of the kde estimator"),
            ScenarioParameter("c", .real(0.25...4, logScale: true), "factor of the variance-scale estimator"),
            ScenarioParameter("delta", .real(0...2, logScale: false), "length of the mean-shift estimator's shift (the same δ every round)"),
            ScenarioParameter("schedule", .choice(NoiseSchedule.allCases.map(\.rawValue)), "forward noise schedule of the energies"),
            ScenarioParameter("t0", .real(0...0, logScale: false), "start t₀ of the energies' time integral"),
            ScenarioParameter("T", .real(0.1...0.98, logScale: false), "horizon T of the energies"),
        ]
    }

    public var quantities: [ScenarioQuantity] {
        [
            ScenarioQuantity("D", "D[k] = χ²(p̂^k ‖ p)", citation: "B.recursion", method: .monteCarlo, isArray: true),
            ScenarioQuantity("eps_star2", "eps_star2[k] = ε*² of round k−1: ŝ the score of p̂^k, expectation under q_{k−1,t}",
                             citation: "B.prop3.3.chi2-lower", method: .monteCarlo, isArray: true),
            ScenarioQuantity("eps_hat2", "eps_hat2[k] = ε̂² of round k−1: expectation under p̂^k_t", citation: "B.prop3.1.kl-upper",
                             method: .monteCarlo, isArray: true),
            ScenarioQuantity("kl", "kl[k] = KL(p̂^k ‖ q_{k−1})", citation: "B.prop3.1.kl-upper", method: .monteCarlo, isArray: true),
            ScenarioQuantity("w2", "w2[k] = W₂(p̂^k, p): Bures for two Gaussians, replicated empirical transport otherwise (biased upward)",
                             citation: "core.gaussian-divergences", method: .monteCarlo, isArray: true),
            ScenarioQuantity("G", "the number of generations", citation: "B.recursion", method: .exact),
            ScenarioQuantity("alpha", "α, the fresh-data fraction", citation: "B.recursion", method: .exact),
        ]
    }

    /// p̂⁰ = p, p̂¹, …, p̂^G at `arguments`, and the target p.
    public static func laws(_ arguments: [String: ScenarioArgument]) throws -> (target: GaussianMixture, generations: [GaussianMixture]) {
        let seed = arguments.integer("seed"), G = arguments.integer("G"), alpha = arguments.real("alpha")
        let p = try RoundLaws.target(dimension: arguments.integer("dimension"), components: arguments.integer("components"), seed: seed)
        guard let estimator = RoundLaws.Estimator(rawValue: arguments.choice("estimator")) else { preconditionFailure("retraining: unknown estimator") }
        let mixing = try MixingConvention(freshFraction: alpha)
        switch estimator {
        case .kde:
            return (p, try KernelDensityPopulation.laws(data: p, bandwidth: arguments.real("h"), mixing: mixing, generations: G))
        case .gaussianFit:
            let fit = try Gaussian(mean: p.mean, covariance: p.covariance.symmetrised)
            return (p, [p] + (try GaussianPopulationDynamics.laws(data: p, initial: fit, mixing: mixing, generations: G - 1)).map { GaussianMixture($0) })
        case .exact, .varianceScale, .meanShift:
            var laws = [p]
            for _ in 0..<G {
                let q = try RoundLaws.training(target: p, current: laws.last!, alpha: alpha)
                laws.append(try estimator.apply(to: q, h: arguments.real("h"), c: arguments.real("c"), delta: arguments.real("delta"), seed: seed))
            }
            return (p, laws)
        }
    }

    public func evaluate(_ arguments: [String: ScenarioArgument], requested: Set<String>) throws -> ScenarioCase {
        guard let schedule = NoiseSchedule(rawValue: arguments.choice("schedule")) else { preconditionFailure("retraining: unknown schedule") }
        let t0 = arguments.real("t0"), T = arguments.real("T"), seed = arguments.integer("seed"), alpha = arguments.real("alpha")
        if let reason = OneRoundScenario.invalidInterval(schedule: schedule, t0: t0, T: T) { return .skipped(reason) }
        let (p, laws) = try Self.laws(arguments)
        let G = laws.count - 1
        let streams = RandomStream(seed: UInt64(seed))
        /// Stream of quantity `index` at generation k.
        func monteCarloSeed(_ index: UInt64, _ k: Int) -> UInt64 { streams.substream(16 + index).substream(UInt64(k)).seed }
        func training(_ k: Int) throws -> GaussianMixture { try RoundLaws.training(target: p, current: laws[k - 1], alpha: alpha) }

        var values: [String: ScenarioQuantityValue] = [:]
        for name in requested {
            switch name {
            case "G": values[name] = .scalar(MeasuredValue(Double(G)))
            case "alpha": values[name] = .scalar(MeasuredValue(alpha))
            case "D":
                values[name] = .array(try (1...G).map { try sizes.chiSquared(from: laws[$0], to: p, seed: monteCarloSeed(0, $0)) })
            case "kl":
                values[name] = .array(try (1...G).map {
                    MeasuredValue(try Divergence.evaluate(.kl, from: laws[$0], to: try training($0),
                                                          samples: sizes.divergenceSamples, seed: monteCarloSeed(1, $0)))
                })
            case "eps_hat2", "eps_star2":
                let path: ScoreErrorEnergy.Path = name == "eps_hat2" ? .learned : .ideal
                values[name] = .array(try (1...G).map {
                    MeasuredValue(try sizes.energy(path, learned: laws[$0], target: try training($0), schedule: schedule, t0: t0, T: T,
                                                              seed: monteCarloSeed(path == .learned ? 2 : 3, $0)))
                })
            case "w2":
                values[name] = .array(try (1...G).map {
                    MeasuredValue(try Divergence.evaluate(.w2, from: laws[$0], to: p, samples: sizes.divergenceSamples,
                                                          seed: monteCarloSeed(4, $0)))
                })
            default:
                preconditionFailure("retraining has no quantity '\(name)'")
            }
        }
        return .evaluated(values)
    }
}
