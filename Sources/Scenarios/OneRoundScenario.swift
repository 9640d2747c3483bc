import Foundation
import Diffusion
import GaussianMixtures
import InputErrors
import RandomStreams
import ScoreErrors

/// `one-round`: one round of [B, §3]'s recursive training at population level (proofs/core.scenarios.md).
///
/// ```
/// p       random target mixture (dimension, components, seed)              RoundLaws.target
/// p̂ⁱ      current law: p perturbed by `current` with size `perturbation`   RoundLaws.Current
/// q       = α p + (1−α) p̂ⁱ                                                 RoundLaws.training
/// p̂^{i+1} = estimator(q) with h, c, δ                                      RoundLaws.Estimator
/// ```
/// Quantities: D_prev = χ²(p̂ⁱ ‖ p), D_next = χ²(p̂^{i+1} ‖ p), chi2_next = χ²(p̂^{i+1} ‖ q),
/// kl_next = KL(p̂^{i+1} ‖ q), kl_terminal = KL(p̂_T ‖ q_T), eps_hat2 = ε̂² (expectation under p̂_t) and
/// eps_star2 = ε*² (under q_t) on [t₀, T] with ŝ the exact score of p̂^{i+1} [B, Prop 3.1, Prop 3.3], eta (η,
/// [B, Def 3.2]; `MonteCarloSizes.observability`) and alpha. Each is closed form where the library has one — χ² to a single Gaussian, KL and
/// the energies between single Gaussians, everything 0 for the `exact` estimator (p̂^{i+1} = q) — and Monte
/// Carlo with a standard error otherwise (χ² by `ChiSquaredToMixture`'s importance sampling, KL by
/// `MonteCarloDivergence`, energies by `ScoreErrorEnergy.estimate`); χ² = ∞ carries its reason.
public struct OneRoundScenario: Scenario {
    /// The Monte Carlo sizes of the quantities without a closed form.
    public let sizes: MonteCarloSizes

    /// The scenario of `closedform scenarios` and claim files uses `.standard`; the built-in checks of
    /// `closedform check`, which evaluate thousands of cases, use `.quick`.
    public init(sizes: MonteCarloSizes = .standard) {
        self.sizes = sizes
    }

    public let name = "one-round"
    public let summary = "one round of [B]'s recursive training at population level: p, p̂ⁱ = perturbed p, q = αp + (1−α)p̂ⁱ, p̂^{i+1} = estimator(q)"

    public var parameters: [ScenarioParameter] {
        [
            ScenarioParameter("dimension", .integer(1...3), "dimension n of every law"),
            ScenarioParameter("components", .integer(1...3), "components of the target p"),
            ScenarioParameter("seed", .integer(0...999_999), "seed of p, of the shift directions and of the Monte Carlo streams"),
            ScenarioParameter("alpha", .real(0.01...1, logScale: true), "fresh-data fraction α of q = αp + (1−α)p̂ⁱ"),
            ScenarioParameter("current", .choice(RoundLaws.Current.allCases.map(\.rawValue)), "how p̂ⁱ perturbs p"),
            ScenarioParameter("perturbation", .real(0...1, logScale: false),
                              "size a of p̂ⁱ's perturbation: mean shift ‖a‖, covariance × (1 + a), extra weight a/2, KDE bandwidth a"),
            ScenarioParameter("estimator", .choice(RoundLaws.Estimator.allCases.map(\.rawValue)), "population estimator mapping q to p̂^{i+1}"),
            ScenarioParameter("h", .real(0.01...1, logScale: true), "bandwidth of the kde estimator: p̂^{i+1} = q * N(0, h²I)"),
            ScenarioParameter("c", .real(0.25...4, logScale: true), "factor of the variance-scale estimator: each covariance × c"),
            ScenarioParameter("delta", .real(0...2, logScale: false), "length of the mean-shift estimator's shift δ"),
            ScenarioParameter("schedule", .choice(NoiseSchedule.allCases.map(\.rawValue)), "forward noise schedule of the energies and of p̂_T, q_T"),
            ScenarioParameter("t0", .real(0...0, logScale: false), "start t₀ of the energies' time integral"),
            ScenarioParameter("T", .real(0.1...0.98, logScale: false), "horizon T (valid for every schedule; ve and ou accept larger T)"),
        ]
    }

    public var quantities: [ScenarioQuantity] {
        [
            ScenarioQuantity("D_prev", "χ²(p̂ⁱ ‖ p)", citation: "B.recursion", method: .monteCarlo),
            ScenarioQuantity("D_next", "χ²(p̂^{i+1} ‖ p)", citation: "B.recursion", method: .monteCarlo),
            ScenarioQuantity("chi2_next", "χ²(p̂^{i+1} ‖ q)", citation: "B.prop3.3.chi2-lower", method: .monteCarlo),
            ScenarioQuantity("kl_next", "KL(p̂^{i+1} ‖ q)", citation: "B.prop3.1.kl-upper", method: .monteCarlo),
            ScenarioQuantity("kl_terminal", "KL(p̂_T ‖ q_T), both noised to time T", citation: "B.prop3.1.kl-upper", method: .monteCarlo),
            ScenarioQuantity("eps_hat2", "ε̂² = ∫_{t₀}^T g² E_{p̂_t}‖∇log p̂_t − ∇log q_t‖² dt (learned path)",
                             citation: "B.prop3.1.kl-upper", method: .monteCarlo),
            ScenarioQuantity("eps_star2", "ε*² = ∫_{t₀}^T g² E_{q_t}‖∇log p̂_t − ∇log q_t‖² dt (ideal path)",
                             citation: "B.prop3.3.chi2-lower", method: .monteCarlo),
            ScenarioQuantity("eta", "η = Var(E[M_T | Y_{t₀}]) / ε*², the observability of the round's path error",
                             citation: "B.prop3.3.chi2-lower", method: .monteCarlo),
            ScenarioQuantity("alpha", "α, the fresh-data fraction", citation: "B.recursion", method: .exact),
        ]
    }

    /// Gauss–Legendre nodes of a closed-form energy (single Gaussians): the value must be exact to far below
    /// `ClaimRatio`'s slack 1e-9; GSL tabulates 128 to full precision (see `ScoreErrorEnergy`).
    public static let closedFormTimeNodes = 128

    /// The laws of a case.
    public struct Laws: Sendable {
        public let target: GaussianMixture
        public let current: GaussianMixture
        public let training: GaussianMixture
        public let next: GaussianMixture
        public let estimatorIsExact: Bool
    }

    /// p, p̂ⁱ, q and p̂^{i+1} at `arguments`.
    public static func laws(_ arguments: [String: ScenarioArgument]) throws -> Laws {
        let seed = arguments.integer("seed")
        let p = try RoundLaws.target(dimension: arguments.integer("dimension"), components: arguments.integer("components"), seed: seed)
        guard let current = RoundLaws.Current(rawValue: arguments.choice("current")),
              let estimator = RoundLaws.Estimator(rawValue: arguments.choice("estimator")) else {
            preconditionFailure("one-round: unknown current or estimator")
        }
        let previous = try current.apply(to: p, size: arguments.real("perturbation"), seed: seed)
        let q = try RoundLaws.training(target: p, current: previous, alpha: arguments.real("alpha"))
        let next = try estimator.apply(to: q, h: arguments.real("h"), c: arguments.real("c"), delta: arguments.real("delta"), seed: seed)
        return Laws(target: p, current: previous, training: q, next: next, estimatorIsExact: estimator == .exact)
    }

    public func evaluate(_ arguments: [String: ScenarioArgument], requested: Set<String>) throws -> ScenarioCase {
        guard let schedule = NoiseSchedule(rawValue: arguments.choice("schedule")) else { preconditionFailure("one-round: unknown schedule") }
        let t0 = arguments.real("t0"), T = arguments.real("T"), seed = arguments.integer("seed")
        if let reason = Self.invalidInterval(schedule: schedule, t0: t0, T: T) { return .skipped(reason) }
        let laws = try Self.laws(arguments)
        let streams = RandomStream(seed: UInt64(seed))
        func monteCarloSeed(_ index: UInt64) -> UInt64 { streams.substream(16 + index).seed }
        let zero = ScenarioQuantityValue.scalar(MeasuredValue(0))

        var values: [String: ScenarioQuantityValue] = [:]
        for name in requested {
            switch name {
            case "alpha":
                values[name] = .scalar(MeasuredValue(arguments.real("alpha")))
            case "D_prev":
                values[name] = .scalar(try sizes.chiSquared(from: laws.current, to: laws.target, seed: monteCarloSeed(0)))
            case "D_next":
                values[name] = .scalar(try sizes.chiSquared(from: laws.next, to: laws.target, seed: monteCarloSeed(1)))
            case "chi2_next":
                values[name] = laws.estimatorIsExact ? zero
                    : .scalar(try sizes.chiSquared(from: laws.next, to: laws.training, seed: monteCarloSeed(2)))
            case "kl_next":
                values[name] = laws.estimatorIsExact ? zero
                    : .scalar(MeasuredValue(try Divergence.evaluate(.kl, from: laws.next, to: laws.training,
                                                                    samples: sizes.divergenceSamples, seed: monteCarloSeed(3))))
            case "kl_terminal":
                let s = schedule.scale(at: T), gamma2 = schedule.gammaSquared(at: T)
                values[name] = laws.estimatorIsExact ? zero
                    : .scalar(MeasuredValue(try Divergence.evaluate(.kl, from: laws.next.noised(scale: s, noiseVariance: gamma2),
                                                                    to: laws.training.noised(scale: s, noiseVariance: gamma2),
                                                                    samples: sizes.divergenceSamples, seed: monteCarloSeed(4))))
            case "eps_hat2", "eps_star2":
                let path: ScoreErrorEnergy.Path = name == "eps_hat2" ? .learned : .ideal
                values[name] = laws.estimatorIsExact ? zero
                    : .scalar(MeasuredValue(try sizes.energy(path, learned: laws.next, target: laws.training, schedule: schedule,
                                                            t0: t0, T: T, seed: monteCarloSeed(path == .learned ? 5 : 6))))
            case "eta":
                values[name] = .scalar(try sizes.observability(learned: laws.next, target: laws.training, schedule: schedule,
                                                               t0: t0, T: T, seed: monteCarloSeed(7)))
            default:
                preconditionFailure("one-round has no quantity '\(name)'")
            }
        }
        return .evaluated(values)
    }

    /// Why [t₀, T] is not a valid interval of `schedule`, or nil.
    static func invalidInterval(schedule: NoiseSchedule, t0: Double, T: Double) -> String? {
        guard t0 >= 0, T > t0 else { return "needs 0 ≤ t0 < T, got t0 = \(t0), T = \(T)" }
        do { try schedule.validate(time: T) } catch let error as InputError {
            return "T = \(T) is not a time of the \(schedule.rawValue) schedule: \(error.reason)"
        } catch { return "T = \(T): \(error)" }
        return nil
    }
}
