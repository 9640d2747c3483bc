import Foundation
import Retraining

/// Claims of [A] (iterative retraining stability, docs/theory.md §3) and the exact checks derived for them.
extension TheoremRegistry {
    static let paperA: [Theorem] = [stability, finiteSample, collapse, gaussianContraction, alphaLambda]

    /// Parameters of Theorem 1: λ, L, α (strong concavity), ε, κ, t, ‖θ₀ − θ*‖.
    private static let stabilityParameters: [TheoremParameter] = [
        .lambda,
        TheoremParameter(name: "lipschitz", symbol: "L", description: "Lipschitz constant of θ ↦ ∇²_θ log p_θ(x)",
                         domain: .nonNegative),
        TheoremParameter(name: "concavity", symbol: "α",
                         description: "strong-concavity modulus of θ ↦ E_data[log p_θ] at θ* (not [B]'s α)",
                         domain: .positive),
        TheoremParameter(name: "epsilon", symbol: "ε", description: "W₁(p_θ*, p_data) ≤ ε", domain: .nonNegative),
        TheoremParameter(name: "kappa", symbol: "κ", defaultValue: 0.5,
                         description: "right side of the condition λ(1 + Lε/α) < κ; three secondary sources give 1/2, some summaries 1",
                         domain: .positive, uncertainty: .sec),
        .rounds, .initialDistance,
    ]

    private static let stabilityAssumptions: [TheoremAssumption] = [
        "θ ↦ ∇²_θ log p_θ(x) is L-Lipschitz",
        "θ ↦ E_data[log p_θ] is α-strongly concave at θ*",
        "W₁(p_θ*, p_data) ≤ ε",
        "θ₀ close enough to θ* (a local statement)",
        "each round maximises the likelihood of (p_data + λ p_θ)/(1+λ)",
    ]

    /// Records λ(1 + Lε/α) and ρ, sets `conditionHolds`, and returns ρ when the condition holds.
    private static func stabilityRate(_ e: inout BoundEvaluation) -> Double? {
        let lambda = e.parameter("lambda"), lipschitz = e.parameter("lipschitz")
        let concavity = e.parameter("concavity"), epsilon = e.parameter("epsilon"), kappa = e.parameter("kappa")
        let left = lambda * (1 + lipschitz * epsilon / concavity)
        let x = lambda * (concavity + epsilon * lipschitz)
        let rho = x < concavity ? x / (concavity - x) : Double.infinity
        e.record("condition", "λ(1 + Lε/α)", left)
        e.record("rho", "ρ", rho)
        e.conditionHolds = left < kappa
        guard left < kappa else {
            e.note("condition λ(1 + Lε/α) = \(left) < κ = \(kappa) is not satisfied: the theorem gives no bound")
            return nil
        }
        e.note("the rate ρ = λ(α + εL)/(α − λ(α + εL)) is recalled (rec), unverified")
        if rho >= 1 { e.note("ρ = \(rho) ≥ 1: the bound does not contract (possible only for κ > 1/2)") }
        return rho
    }

    static let stability = Theorem(
        key: "A.thm1.stability", title: "Stability of iterative retraining (infinite samples)",
        statement: "If λ(1 + Lε/α) < κ (κ = 1/2), then near θ*: ‖θ_t − θ*‖ ≤ ρ^t ‖θ₀ − θ*‖ with ρ = λ(α + εL)/(α − λ(α + εL)).",
        latex: #"\lambda\bigl(1+\tfrac{L\varepsilon}{\alpha}\bigr)<\kappa \implies \|\theta_t-\theta^*\|\le\rho^t\|\theta_0-\theta^*\|,\quad \rho=\frac{\lambda(\alpha+\varepsilon L)}{\alpha-\lambda(\alpha+\varepsilon L)}"#,
        assumptions: stabilityAssumptions,
        provenance: [.sec, .rec], provenanceDetail: "condition: sec (three sources); rate ρ: rec",
        citation: "[A, Thm 1]", parameters: stabilityParameters, side: .upper
    ) { e in
        guard let rho = stabilityRate(&e) else { return }
        e.upper = pow(rho, e.parameter("rounds")) * e.parameter("initial-distance")
    }

    static let finiteSample = Theorem(
        key: "A.thm2.finite-sample", title: "Stability of iterative retraining (finite samples)",
        statement: "Under Theorem 1's condition, with probability ≥ (1 − δ)^t: ‖θ_t − θ*‖ ≤ (ε_opt + a(δ)/√n)/(1 − ρ) + ρ^t ‖θ₀ − θ*‖.",
        latex: #"\Pr\Bigl[\|\theta_t-\theta^*\|\le\frac{\varepsilon_{\mathrm{opt}}+a(\delta)/\sqrt{n}}{1-\rho}+\rho^t\|\theta_0-\theta^*\|\Bigr]\ge(1-\delta)^t"#,
        assumptions: stabilityAssumptions + [
            "each round fits on n samples up to optimisation error ε_opt",
            "a(δ) is the sample-complexity constant at confidence 1 − δ (no closed form; an input)",
        ],
        provenance: [.rec], citation: "[A, Thm 2]",
        parameters: stabilityParameters + [
            TheoremParameter(name: "samples", symbol: "n", description: "samples per round", domain: .integers(from: 1)),
            TheoremParameter(name: "optimisation-error", symbol: "ε_opt", defaultValue: 0,
                             description: "optimisation error of each round's fit", domain: .nonNegative),
            TheoremParameter(name: "a-delta", symbol: "a(δ)",
                             description: "sample-complexity constant at confidence 1 − δ; not known in closed form",
                             domain: .nonNegative, uncertainty: .rec),
            TheoremParameter(name: "delta", symbol: "δ", defaultValue: 0.05,
                             description: "failure probability per round", domain: .openUnitInterval),
        ],
        side: .upper
    ) { e in
        guard let rho = stabilityRate(&e) else { return }
        let t = e.parameter("rounds")
        e.record("probability", "(1 − δ)^t", pow(1 - e.parameter("delta"), t))
        guard rho < 1 else { return }
        let statistical = e.parameter("optimisation-error") + e.parameter("a-delta") / e.parameter("samples").squareRoot()
        e.upper = statistical / (1 - rho) + pow(rho, t) * e.parameter("initial-distance")
    }

    static let collapse = Theorem(
        key: "A.prop.collapse", title: "Collapse of a Gaussian refitted on its own samples (λ = ∞)",
        statement: "A Gaussian refitted by maximum likelihood on n of its own samples: E[Σ_{t+1} | Σ_t] = ((n−1)/n) Σ_t, so E Σ_t = ((n−1)/n)^t Σ₀ → 0.",
        latex: #"\mathbb{E}\,\Sigma_t=\Bigl(\frac{n-1}{n}\Bigr)^{t}\Sigma_0\xrightarrow[t\to\infty]{}0"#,
        assumptions: [
            "fully synthetic retraining (λ = ∞, α = 0)",
            "maximum-likelihood (biased) covariance estimate Σ̂ = (1/n) Σ (x − x̄)(x − x̄)ᵀ from n ≥ 2 samples",
        ],
        provenance: [.der], citation: "[A]",
        parameters: [
            TheoremParameter(name: "samples", symbol: "n", description: "samples per round", domain: .integers(from: 2)),
            .rounds,
            TheoremParameter(name: "initial-variance", symbol: "Σ₀", defaultValue: 1,
                             description: "initial covariance (any entry, or a variance)", domain: .positive),
        ],
        side: .exact
    ) { e in
        let n = e.parameter("samples")
        let factor = (n - 1) / n
        e.record("factor", "(n − 1)/n", factor)
        e.value = pow(factor, e.parameter("rounds")) * e.parameter("initial-variance")
        e.note("with the unbiased estimator E Σ_t = Σ₀, but log σ_t² is a random walk with negative drift and σ_t → 0 almost surely")
    }

    static let gaussianContraction = Theorem(
        key: "A.exact.gaussian-contraction", title: "Exact contraction of the Gaussian family (infinite samples)",
        statement: "For the Gaussian family with infinite samples, μ_{t+1} = (μ_d + λμ_t)/(1+λ) and likewise the second moment: the contraction factor is exactly λ/(1+λ) = 1 − α.",
        latex: #"\mu_{t+1}-\mu_d=\frac{\lambda}{1+\lambda}\,(\mu_t-\mu_d)"#,
        assumptions: ["Gaussian model family refitted by maximum likelihood (moment matching)", "infinitely many samples per round"],
        provenance: [.der], citation: "[A]",
        parameters: [.lambda, .rounds, .initialDistance],
        side: .exact
    ) { e in
        let factor = try MixingConvention(syntheticRatio: e.parameter("lambda")).contractionFactor
        e.value = factor
        e.record("distance", "(λ/(1+λ))^t ‖θ₀ − θ*‖", pow(factor, e.parameter("rounds")) * e.parameter("initial-distance"))
        e.note("contracts for every λ ≥ 0, whereas [A, Thm 1]'s condition with L = 0 requires λ < κ: the condition is sufficient, not necessary")
    }

    static let alphaLambda = Theorem(
        key: "A.link.alpha-lambda", title: "Fresh-data fraction from the synthetic : real ratio",
        statement: "Training on all real data plus λ·N generated samples is training on α p_data + (1 − α) p_θ with α = 1/(1+λ).",
        latex: #"\alpha=\frac{1}{1+\lambda},\qquad \lambda=\frac{1-\alpha}{\alpha}"#,
        assumptions: ["the real and generated samples are pooled and weighted equally"],
        provenance: [.code], citation: "[A, §3]",
        parameters: [.lambda], side: .exact
    ) { e in
        e.value = try MixingConvention(syntheticRatio: e.parameter("lambda")).freshFraction
    }
}
