import Foundation

/// [C]'s sample-complexity statement (docs/theory.md §1, proofs/C.thm2.recovery-upper.md and -lower.md): the error of the
/// recovered subspace against the number of points per subspace, above and below N_k = d. [C] states both
/// with "≲" and unknown constants; here the constants c₁, c₁′ and the form of β are uncertain parameters.
extension TheoremRegistry {
    static let paperC: [Theorem] = [recoveryUpper, recoveryLower]

    private static let recoveryAssumptions: [TheoremAssumption] = [
        "K = 1: x_i = U a_i + e_i with U ∈ ℝ^{n×d} orthonormal, a_i ~ N(0, I_d), E = [e_1 … e_N] the noise; Û is PCA (the top-d eigenvectors of Σ x_i x_iᵀ), the global optimum of the training objective",
        "K ≥ 2 (the MoLRG extension): orthogonal subspaces, equal d and N_k, Û_k from the optimal partition; the error is max_k ‖Û_kÛ_kᵀ − U_kU_kᵀ‖_F and ‖E‖_F is the largest per-subspace noise norm",
        "[C] states the rates with ≲: a statement in probability over a_i, not for every draw",
    ]

    private static let pointsParameter = TheoremParameter(name: "points", symbol: "N_k", description: "points per subspace", domain: .integers(from: 1))
    private static let rankParameter = TheoremParameter(name: "rank", symbol: "d", description: "subspace dimension", domain: .integers(from: 1))
    private static let noiseParameter = TheoremParameter(name: "noise-norm", symbol: "‖E‖_F",
                                                         description: "Frobenius norm of the noise of one subspace's points (N_k × n)", domain: .nonNegative)

    static let recoveryUpper = Theorem(
        key: "C.thm2.recovery-upper", title: "Subspace recovery error above N_k = d",
        statement: "If N_k ≥ d: ‖ÛÛᵀ − UUᵀ‖_F ≤ c₁‖E‖_F/(√N_k − √(d−1)).",
        latex: #"N_k\ge d\implies\bigl\|\hat U\hat U^{\top}-UU^{\top}\bigr\|_F\le\frac{c_1\|E\|_F}{\sqrt{N_k}-\sqrt{d-1}}"#,
        assumptions: recoveryAssumptions + [.enoughPoints],
        provenance: [.sec], provenanceDetail: "rate: sec (constants unknown); c₁ = √2: der (Wedin's sin Θ theorem with σ_d(a) ≈ √N_k − √(d−1))",
        citation: "[C, Thm 2]",
        parameters: [
            pointsParameter, rankParameter, noiseParameter,
            TheoremParameter(name: "c1", symbol: "c₁", defaultValue: 2.0.squareRoot(),
                             description: "constant of the upper rate; √2 from Wedin's theorem ‖sin Θ‖_F ≤ ‖E‖_F/σ_d(X) and ‖ÛÛᵀ − UUᵀ‖_F = √2‖sin Θ‖_F, with σ_d replaced by its typical size √N_k − √(d−1)",
                             domain: .positive, uncertainty: .der),
        ],
        side: .upper
    ) { e in
        let points = e.parameter("points"), rank = e.parameter("rank")
        guard points >= rank else {
            e.record(TheoremAssumption.enoughPoints.violated("N_k = \(Int(points)) < d = \(Int(rank))"))
            return
        }
        let denominator = points.squareRoot() - (rank - 1).squareRoot()
        e.record("denominator", "√N_k − √(d−1)", denominator)
        e.upper = e.parameter("c1") * e.parameter("noise-norm") / denominator
        e.note("the rate uses the typical smallest singular value √N_k − √(d−1) of the N_k×d coefficients; a draw with a smaller one can exceed the bound (in probability, not for every draw)")
    }

    static let recoveryLower = Theorem(
        key: "C.thm2.recovery-lower", title: "Subspace recovery error below N_k = d",
        statement: "If N_k < d: ‖ÛÛᵀ − UUᵀ‖_F ≥ β − c₁′‖E‖_F/(√d − √N_k − 1), β = b·√(2(d − N_k)).",
        latex: #"N_k<d\implies\bigl\|\hat U\hat U^{\top}-UU^{\top}\bigr\|_F\ge\beta-\frac{c_1'\|E\|_F}{\sqrt d-\sqrt{N_k}-1},\quad\beta=b\sqrt{2(d-N_k)}"#,
        assumptions: recoveryAssumptions + [.fewPoints, .lowerDenominator],
        provenance: [.sec], provenanceDetail: "statement: sec (\"recovery fails\", constants unknown); β's form and c₁′ = √2: der",
        citation: "[C, Thm 2]",
        parameters: [
            pointsParameter, rankParameter, noiseParameter,
            TheoremParameter(name: "c1-prime", symbol: "c₁′", defaultValue: 2.0.squareRoot(),
                             description: "constant of the perturbation term; √2 as for c₁",
                             domain: .positive, uncertainty: .der),
            TheoremParameter(name: "beta-scale", symbol: "b", defaultValue: 1,
                             description: "β = b·√(2(d − N_k)): b = 1 is the noiseless error when the d − N_k directions PCA cannot see are orthogonal to U (n → ∞); at finite n a random fill overlaps U by ≈ (d − N_k)/(n − N_k), so b slightly below 1 is the typical value",
                             domain: .positive, uncertainty: .der),
        ],
        side: .lower
    ) { e in
        let points = e.parameter("points"), rank = e.parameter("rank")
        guard points < rank else {
            e.record(TheoremAssumption.fewPoints.violated("N_k = \(Int(points)) ≥ d = \(Int(rank))"))
            return
        }
        let denominator = rank.squareRoot() - points.squareRoot() - 1
        e.record("denominator", "√d − √N_k − 1", denominator)
        guard denominator > 0 else {
            e.record(TheoremAssumption.lowerDenominator.violated("√d − √N_k − 1 = \(String(format: "%.4g", denominator)) ≤ 0"))
            return
        }
        let beta = e.parameter("beta-scale") * (2 * (rank - points)).squareRoot()
        e.record("beta", "β", beta)
        e.lower = beta - e.parameter("c1-prime") * e.parameter("noise-norm") / denominator
        if let lower = e.lower, lower <= 0 { e.note("the lower bound \(lower) is ≤ 0: vacuous") }
    }
}
