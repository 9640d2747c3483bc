import Retraining

/// The uncertain constants that [B]'s bounds need and no paper fixes, with their documented defaults.
/// Every table that uses them prints them in its notes.
public struct BoundConstants: Sendable, Equatable {
    /// η, the observability of the path error [B, Prop 3.3]; not computed by the simulator. Default 0.5,
    /// the value of [B]'s persistence check values (docs/theory.md §4). Tables read it only through
    /// `observability(of:)`.
    public var eta = 0.5
    /// C, the fourth-order constant of [B, Prop 3.3]; it decides the clean regime ε*² ≤ min(1, η/(8C)) and
    /// the lower bound ηε*²/4 − Cε*⁴. Default 1 (unknown; an input).
    public var lowerConstant = 1.0
    /// c, the fourth-order constant of the upper bound 4ε*² + cε*⁴ of [B, Thm 3.4]. Default 1 (unknown; an
    /// input, sec: the reproduction that quotes the theorem does not give it).
    public var upperConstant = 1.0

    public init(eta: Double = 0.5, lowerConstant: Double = 1.0, upperConstant: Double = 1.0) {
        self.eta = eta
        self.lowerConstant = lowerConstant
        self.upperConstant = upperConstant
    }

    /// The η a table uses for one row, and where it comes from.
    public struct Observability: Sendable, Equatable {
        public let value: Double
        /// "default" (the documented constant) or "computed (exact|Monte Carlo)".
        public let origin: String
    }

    /// The η of the round measured on `row` (round i, which trains on q_i and produces p̂^{i+1}): the one
    /// place where a computed η replaces the default.
    public func observability(of row: RetrainingRow) -> Observability {
        Observability(value: eta, origin: "default")
    }

    /// The note naming them.
    public var caption: String {
        "η = \(eta) (uncertain constant, default; observability is not computed), C = \(lowerConstant) (uncertain constant of [B, Prop 3.3], decides the clean regime ε*² ≤ min(1, η/(8C))), c = \(upperConstant) (uncertain constant of [B, Thm 3.4]'s upper bound 4ε*² + cε*⁴, default 1)"
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
