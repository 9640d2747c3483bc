import Foundation
import GaussianMixtures
import Retraining

/// The uncertain constants that [B]'s bounds need and no paper fixes, with their documented defaults.
/// Every table that uses them prints them in its notes.
public struct BoundConstants: Sendable, Equatable {
    /// Where η came from; the caption says it.
    public enum EtaSource: Sendable, Equatable {
        /// The default 0.5, the value of [B]'s persistence check values (docs/theory.md §4), with why η was not computed.
        case defaultValue(reason: String)
        /// Given by the user (`retrain --eta`).
        case given
        /// Computed by `PopulationObservability.floor`: closed form or Monte Carlo (with its SE), and which round.
        case computed(method: DivergenceEstimate.Method, standardError: Double, description: String)
    }

    /// η, the observability of the path error [B, Def 3.2, Prop 3.3]. Default 0.5; computed by `observed`.
    /// Tables read it only through `observability(of:)`.
    public var eta = 0.5
    /// C, the fourth-order constant of [B, Prop 3.3]; it decides the clean regime ε*² ≤ min(1, η/(8C)) and
    /// the lower bound ηε*²/4 − Cε*⁴. Default 1 (unknown; an input).
    public var lowerConstant = 1.0
    /// Where `eta` came from.
    public var etaSource: EtaSource

    /// c, the fourth-order constant of the upper bound 4ε*² + cε*⁴ of [B, Thm 3.4]. Default 1 (unknown; an
    /// input, sec: the reproduction that quotes the theorem does not give it).
    public var upperConstant = 1.0

    public init(eta: Double = 0.5, lowerConstant: Double = 1.0, upperConstant: Double = 1.0,
                etaSource: EtaSource = .defaultValue(reason: "observability not computed")) {
        self.eta = eta
        self.lowerConstant = lowerConstant
        self.upperConstant = upperConstant
        self.etaSource = etaSource
    }

    /// The constants with η computed from the exact populations of retraining runs (one per α) where the laws
    /// allow (`PopulationObservability.floor`, the smallest over runs), else η = 0.5 default with the reason.
    public static func observed(populations: [(laws: [GaussianMixture], mixing: MixingConvention)], target: GaussianMixture,
                                t0: Double, T: Double, lowerConstant: Double = 1, upperConstant: Double = 1, seed: UInt64) throws -> BoundConstants {
        var found: PopulationObservability.Floor?
        var foundAlpha = 0.0
        for (laws, mixing) in populations {
            guard let floor = try PopulationObservability.floor(population: laws, target: target, mixing: mixing,
                                                                schedule: .ou, from: t0, to: T, seed: seed) else { continue }
            if found == nil || floor.estimate.value < found!.estimate.value { (found, foundAlpha) = (floor, mixing.freshFraction) }
        }
        guard let floor = found else {
            return BoundConstants(lowerConstant: lowerConstant, upperConstant: upperConstant,
                                  etaSource: .defaultValue(reason: "the population fit has no score error (ε*² = 0), so its observability is 0/0"))
        }
        let estimate = floor.estimate
        let description = "smallest over rounds i ∈ {\(floor.rounds.map(String.init).joined(separator: ", "))} of the observability of the population fit p̂^{i+1} against q_i (at i = \(floor.round)\(populations.count > 1 ? ", α = \(foundAlpha)" : "")), ou over [\(t0), \(T)]"
        return BoundConstants(eta: min(1, max(0, estimate.value)), lowerConstant: lowerConstant, upperConstant: upperConstant,
                              etaSource: .computed(method: estimate.method, standardError: estimate.standardError, description: description))
    }

    /// The η a table uses for one row, and where it comes from.
    public struct Observability: Sendable, Equatable {
        public let value: Double
        /// "default", "given" or "computed (exact|Monte Carlo)".
        public let origin: String
    }

    /// The η of the round measured on `row` (round i, which trains on q_i and produces p̂^{i+1}): the one
    /// place where a computed η replaces the default.
    public func observability(of row: RetrainingRow) -> Observability {
        switch etaSource {
        case .defaultValue: return Observability(value: eta, origin: "default")
        case .given: return Observability(value: eta, origin: "given")
        case .computed(let method, _, _): return Observability(value: eta, origin: method == .closedForm ? "computed (exact)" : "computed (Monte Carlo)")
        }
    }

    /// The note naming them.
    public var caption: String {
        let etaText: String
        switch etaSource {
        case .defaultValue(let reason):
            etaText = "η = \(eta) default (uncertain constant; \(reason))"
        case .given:
            etaText = "η = \(eta) (given)"
        case .computed(let method, let standardError, let description):
            let value = String(format: "%.3g", eta)
            etaText = method == .closedForm
                ? "η = \(value) computed (exact; \(description))"
                : "η = \(value) ± \(String(format: "%.2g", standardError)) computed (Monte Carlo; \(description))"
        }
        return "\(etaText), C = \(lowerConstant) (uncertain constant of [B, Prop 3.3], decides the clean regime ε*² ≤ min(1, η/(8C))), c = \(upperConstant) (uncertain constant of [B, Thm 3.4]'s upper bound 4ε*² + cε*⁴, default 1)"
    }

    /// min(1, η/(8C)), the end of [B, Prop 3.3]'s clean regime.
    public func cleanThreshold(eta: Double) -> Double {
        min(1, eta / (8 * lowerConstant))
    }

    /// Whether ε*² is in [B, Prop 3.3]'s clean regime.
    public func isClean(_ epsilonSquared: Double) -> Bool {
        epsilonSquared <= cleanThreshold(eta: eta)
    }
}
