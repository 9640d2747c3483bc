import Foundation

/// Per-round claims of [B] (docs/theory.md §4): KL upper bound, χ² lower and two-sided bounds.
extension TheoremRegistry {
    static let paperBSection3: [Theorem] = [klUpper, chiSquaredLower, twoSided]

    private static let roundAssumptions: [TheoremAssumption] = [
        "round i trains on q_i = α p_data + (1 − α) p̂^i and produces p̂^{i+1} by the reverse SDE from t₀ to T",
        "ε*² is the score-error energy ∫_{t₀}^T g(t)² E_{q_t}‖ŝ − ∇log q_t‖² dt along the ideal path",
    ]

    /// The fourth-order lower bound ηε*²/4 − Cε*⁴, its clean form and regime, recorded on `e`; ε*² > 1
    /// violates `TheoremAssumption.smallError`.
    private static func chiSquaredLowerBound(_ e: inout BoundEvaluation) {
        let epsilon2 = e.parameter("epsilon-star-squared"), eta = e.parameter("eta"), c = e.parameter("lower-constant")
        e.record(TheoremAssumption.smallErrorViolation(epsilonStarSquared: epsilon2))
        let lower = eta * epsilon2 / 4 - c * epsilon2 * epsilon2
        let threshold = c > 0 ? min(1, eta / (8 * c)) : 1
        e.lower = lower
        e.record("clean-threshold", "min(1, η/(8C))", threshold)
        if epsilon2 <= threshold {
            e.record("clean-lower", "ηε*²/8", eta * epsilon2 / 8)
            e.note("clean regime ε*² = \(epsilon2) ≤ min(1, η/(8C)) = \(threshold) holds: χ² ≥ ηε*²/8 = \(eta * epsilon2 / 8)")
        } else {
            e.note("clean regime requires ε*² ≤ min(1, η/(8C)) = \(threshold); not satisfied (ε*² = \(epsilon2))")
        }
        if lower <= 0 { e.note("the lower bound ηε*²/4 − Cε*⁴ = \(lower) is ≤ 0: vacuous") }
    }

    static let klUpper = Theorem(
        key: "B.prop3.1.kl-upper", title: "One-round KL upper bound",
        statement: "KL(p̂^{i+1} ‖ q_i) ≤ c·ε̂_i² + KL(p̂_T ‖ q_T) with c = ½ for the SDE convention dX = f dt + g dB; ε̂² is the learned-path energy (expectation under p̂_t), not the ideal-path ε*².",
        latex: #"\mathrm{KL}\bigl(\hat p^{\,i+1}\,\big\|\,q_i\bigr)\le c\,\hat\varepsilon_i^{2}+\mathrm{KL}\bigl(\hat p_T\,\big\|\,q_T\bigr),\qquad c=\tfrac12"#,
        assumptions: [
            "ε̂² = ∫_{t₀}^T g(t)² E_{p̂_t}‖ŝ − ∇log q_t‖² dt along the learned path: the expectation is under the learned law p̂_t (ScoreErrorEnergy, path learned)",
            "with the ideal-path ε*² (expectation under q_t) the bound is false: it fails for a variance inflation such as a KDE (proofs/B.prop3.1.kl-upper.md)",
            "the reverse SDE of the learned score starts from p̂_T; the terminal term KL(p̂_T ‖ q_T) is 0 when it starts from q_T, and small when T is large",
            "Girsanov with diffusion coefficient g: c = ½; another convention changes c",
        ],
        provenance: [.sec], citation: "[B, Prop 3.1]",
        parameters: [
            TheoremParameter(name: "epsilon-hat-squared", symbol: "ε̂²",
                             description: "learned-path score-error energy ∫ g² E_{p̂_t}‖ŝ − ∇log q_t‖² dt, expectation under the learned law (ScoreErrorEnergy, path learned)",
                             domain: .nonNegative),
            TheoremParameter(name: "terminal-kl", symbol: "KL_T", defaultValue: 0,
                             description: "KL(p̂_T ‖ q_T), the divergence of the noised laws at T (0 when the reverse SDE starts from q_T)",
                             domain: .nonNegative),
            TheoremParameter(name: "convention", symbol: "c", defaultValue: 0.5,
                             description: "the factor ½ of Girsanov's theorem for dX = f dt + g dB; depends on the SDE convention",
                             domain: .positive, uncertainty: .sec),
        ],
        side: .upper
    ) { e in
        e.upper = e.parameter("convention") * e.parameter("epsilon-hat-squared") + e.parameter("terminal-kl")
        e.note("equality at t₀ = 0 when ŝ is the exact score of p̂ (c = ½), e.g. a Gaussian mean shift or a variance inflation (see proofs/B.prop3.1.kl-upper.md)")
    }

    static let chiSquaredLower = Theorem(
        key: "B.prop3.3.chi2-lower", title: "One-round χ² lower bound",
        statement: "χ²(p̂^{i+1} ‖ q_i) ≥ η_i ε*_i²/4 − C ε*_i⁴; clean form ≥ η_i ε*_i²/8 when ε*_i² ≤ min(1, η_i/(8C)).",
        latex: #"\chi^2\bigl(\hat p^{\,i+1}\,\big\|\,q_i\bigr)\ge\frac{\eta_i\varepsilon_i^{*2}}{4}-C\varepsilon_i^{*4}\ \Bigl(\ge\frac{\eta_i\varepsilon_i^{*2}}{8}\text{ if }\varepsilon_i^{*2}\le\min\bigl(1,\tfrac{\eta_i}{8C}\bigr)\Bigr)"#,
        assumptions: roundAssumptions + TheoremAssumption.oneRound
            + ["η_i = Var(E[M_T | Y_{t₀}])/ε*_i² ∈ [0, 1] (observability)", "C is an unknown constant (an input)"],
        provenance: [.sec], citation: "[B, Prop 3.3]",
        parameters: [.epsilonStarSquared, .eta, .lowerConstant], side: .lower,
        calculator: chiSquaredLowerBound)

    static let twoSided = Theorem(
        key: "B.thm3.4.two-sided", title: "One-round two-sided χ² bound",
        statement: "η_i ε*_i²/4 − C ε*_i⁴ ≤ χ²(p̂^{i+1} ‖ q_i) ≤ 4ε*_i² + c ε*_i⁴.",
        latex: #"\frac{\eta_i\varepsilon_i^{*2}}{4}-C\varepsilon_i^{*4}\le\chi^2\bigl(\hat p^{\,i+1}\,\big\|\,q_i\bigr)\le4\varepsilon_i^{*2}+c\,\varepsilon_i^{*4}"#,
        assumptions: roundAssumptions + TheoremAssumption.oneRound
            + ["η_i ∈ [0, 1] (observability)", "C and c are unknown constants (inputs)"],
        provenance: [.sec], citation: "[B, Thm 3.4]",
        parameters: [
            .epsilonStarSquared, .eta, .lowerConstant,
            TheoremParameter(name: "upper-constant", symbol: "c",
                             description: "constant of the fourth-order term in the χ² upper bound; unknown, an input",
                             domain: .nonNegative, uncertainty: .sec),
        ],
        side: .twoSided
    ) { e in
        chiSquaredLowerBound(&e)
        let epsilon2 = e.parameter("epsilon-star-squared")
        e.upper = 4 * epsilon2 + e.parameter("upper-constant") * epsilon2 * epsilon2
    }
}
