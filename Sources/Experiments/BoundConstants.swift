/// The uncertain constants that [B]'s bounds need and no paper fixes, with their documented defaults.
/// Every table that uses them prints them in its caption.
public struct BoundConstants: Sendable, Equatable {
    /// η, the observability of the path error [B, Prop 3.3]; not computed by the simulator. Default 0.5,
    /// the value of [B]'s persistence check values (docs/theory.md §4).
    public var eta = 0.5
    /// C, the fourth-order constant of [B, Prop 3.3]; it only decides the clean regime ε*² ≤ min(1, η/(8C)).
    /// Default 1 (unknown; an input).
    public var lowerConstant = 1.0

    public init(eta: Double = 0.5, lowerConstant: Double = 1.0) {
        self.eta = eta
        self.lowerConstant = lowerConstant
    }

    /// The caption fragment naming them.
    public var caption: String {
        "η = \(eta) (uncertain constant, default; observability is not computed), C = \(lowerConstant) (uncertain constant of [B, Prop 3.3], decides the clean regime ε*² ≤ min(1, η/(8C)))"
    }

    /// Whether ε*² is in [B, Prop 3.3]'s clean regime.
    public func isClean(_ epsilonSquared: Double) -> Bool {
        epsilonSquared <= min(1, eta / (8 * lowerConstant))
    }
}
