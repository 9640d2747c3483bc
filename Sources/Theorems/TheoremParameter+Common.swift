/// Parameters shared by several theorems, declared once so that the same option means the same thing
/// everywhere.
extension TheoremParameter {
    // MARK: [A]

    /// λ, the synthetic : real ratio of [A] (code).
    static let lambda = TheoremParameter(
        name: "lambda", symbol: "λ",
        description: "synthetic : real ratio; each round trains on (p_data + λ p_θ)/(1+λ) [A] (α = 1/(1+λ) in [B])",
        domain: .nonNegative)
    /// t, the number of retraining rounds.
    static let rounds = TheoremParameter(
        name: "rounds", symbol: "t", defaultValue: 1, description: "number of retraining rounds", domain: .count)
    /// ‖θ₀ − θ*‖.
    static let initialDistance = TheoremParameter(
        name: "initial-distance", symbol: "‖θ₀ − θ*‖", defaultValue: 1,
        description: "distance of the initial parameters to the fixed point θ*", domain: .nonNegative)

    // MARK: [B]

    /// α, the fresh-data fraction of [B].
    static let alpha = TheoremParameter(
        name: "alpha", symbol: "α",
        description: "fresh-data fraction: round i trains on α p_data + (1 − α) p̂^i [B] (α = 1/(1+λ))",
        domain: .fraction)
    /// η, the observability of the path error.
    static let eta = TheoremParameter(
        name: "eta", symbol: "η",
        description: "observability: fraction of the path error ε*² visible at the endpoint, Var(E[M_T | Y_{t₀}])/ε*²",
        domain: .unitInterval)
    /// ε*², the ideal-path score-error energy of one round.
    static let epsilonStarSquared = TheoremParameter(
        name: "epsilon-star-squared", symbol: "ε*²",
        description: "ideal-path score-error energy ∫ g² E_{q_t}‖ŝ − ∇log q_t‖² dt of the round, expectation under the target's noised law (ScoreErrorEnergy)",
        domain: .nonNegative)
    /// C, the unknown constant of the χ² lower bound.
    static let lowerConstant = TheoremParameter(
        name: "lower-constant", symbol: "C",
        description: "constant of the fourth-order remainder in the χ² lower bound; unknown, an input [B, Prop 3.3]",
        domain: .nonNegative, uncertainty: .sec)
}
